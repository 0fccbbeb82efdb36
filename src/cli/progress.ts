/**
 * Progress on a stream (stderr for the CLI, so stdout stays clean for pipes): on a terminal a
 * spinner or bar redrawn in place; elsewhere (CI logs, files) plain lines at start, at each
 * quarter of a bar and at the end.
 */
import type { OutputStream } from './io.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const TICK_MS = 100;
const CLEAR_LINE = '\r\x1b[2K';

/** `1.2 s` */
export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** `[██████░░░░]  60%` for `done` of `total` (an empty total counts as complete). */
export function renderBar(done: number, total: number, width = 30): string {
  const fraction = total <= 0 ? 1 : Math.min(1, Math.max(0, done / total));
  const filled = Math.round(fraction * width);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}%`;
}

/** A spinner with elapsed time for work of unknown length. */
export class Spinner {
  readonly #stream: OutputStream;
  readonly #label: string;
  readonly #started: number;
  readonly #now: () => number;
  #frame = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(stream: OutputStream, label: string, now: () => number = Date.now) {
    this.#stream = stream;
    this.#label = label;
    this.#now = now;
    this.#started = now();
    if (stream.isTTY) {
      this.#draw();
      this.#timer = setInterval(() => this.#draw(), TICK_MS);
      this.#timer.unref();
    } else {
      stream.write(`${label}…\n`);
    }
  }

  /** Milliseconds since the spinner started. */
  get elapsedMs(): number {
    return this.#now() - this.#started;
  }

  #draw(): void {
    const frame = FRAMES[this.#frame % FRAMES.length] as string;
    this.#frame += 1;
    this.#stream.write(`${CLEAR_LINE}${frame} ${this.#label} ${formatSeconds(this.elapsedMs)}`);
  }

  #end(mark: string, message: string): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#stream.write(`${this.#stream.isTTY ? CLEAR_LINE : ''}${mark} ${message} (${formatSeconds(this.elapsedMs)})\n`);
  }

  succeed(message: string): void {
    this.#end('✓', message);
  }

  fail(message: string): void {
    this.#end('✗', message);
  }

  /** Ends without a verdict: the caller reports the outcome itself (a terminal's line is cleared). */
  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    if (this.#stream.isTTY) this.#stream.write(CLEAR_LINE);
  }
}

/**
 * Runs `work` behind a spinner; the spinner fails with the error's message if `work` throws.
 * When `done` gives no message the spinner just stops: the caller reports that outcome once.
 */
export async function withSpinner<T>(stream: OutputStream, label: string, work: () => Promise<T>, done: (result: T) => string | undefined): Promise<T> {
  const spinner = new Spinner(stream, label);
  try {
    const result = await work();
    const message = done(result);
    if (message === undefined) spinner.stop();
    else spinner.succeed(message);
    return result;
  } catch (error) {
    spinner.fail(`${label}: failed`);
    throw error;
  }
}

/** A bar for work of known size: `update(done, total, note)`. */
export class ProgressBar {
  readonly #stream: OutputStream;
  readonly #label: string;
  #lastQuarter = -1;

  constructor(stream: OutputStream, label: string) {
    this.#stream = stream;
    this.#label = label;
  }

  update(done: number, total: number, note = ''): void {
    const line = `${this.#label} ${renderBar(done, total)} ${done}/${total}${note ? ` ${note}` : ''}`;
    if (this.#stream.isTTY) {
      this.#stream.write(`${CLEAR_LINE}${line}`);
      return;
    }
    const quarter = total <= 0 ? 4 : Math.floor((Math.min(done, total) / total) * 4);
    if (quarter > this.#lastQuarter) {
      this.#lastQuarter = quarter;
      this.#stream.write(`${line}\n`);
    }
  }

  /** Ends the bar's line on a terminal. */
  finish(): void {
    if (this.#stream.isTTY) this.#stream.write('\n');
  }
}
