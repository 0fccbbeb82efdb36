/** The CLI's own failures: a usage error (exit code 2) and a runtime error with a clear message (exit code 1). */

/** Wrong command line: unknown command or option, missing or bad value. Exit code 2. */
export class UsageError extends Error {
  /** Lines printed under the message: the options of the command, the commands, a "did you mean". */
  readonly details: readonly string[];

  constructor(message: string, details: readonly string[] = []) {
    super(message);
    this.name = 'UsageError';
    this.details = details;
  }
}

/** A failure the CLI explains itself (no stack trace). Exit code 1. */
export class CliError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CliError';
  }
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
