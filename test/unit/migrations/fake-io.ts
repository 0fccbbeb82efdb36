/**
 * A fake CliIo for the migrate and organization CLI tests (unit and DynamoDB Local): streams that
 * record what was written and, with `answers`, a terminal on which the user types them, one per
 * question asked.
 */
import type { CliIo } from '../../../src/cli/io.js';

export interface RecordedStream {
  text: string;
  readonly isTTY: boolean;
  write(chunk: string): boolean;
}

export function recorder(isTTY = false): RecordedStream {
  return {
    text: '',
    isTTY,
    write(chunk: string) {
      this.text += chunk;
      return true;
    },
  };
}

export interface FakeIo {
  readonly io: CliIo;
  readonly stdout: RecordedStream;
  readonly stderr: RecordedStream;
  /** The questions asked on the fake terminal. */
  readonly questions: string[];
}

export function fakeIo(answers?: string[]): FakeIo {
  const stdout = recorder();
  const stderr = recorder();
  const questions: string[] = [];
  const prompt = (question: string) => {
    questions.push(question);
    return Promise.resolve(answers?.shift() ?? '');
  };
  const io: CliIo = { stdout, stderr, env: {}, listenForStop: () => ({ signal: new AbortController().signal, dispose: () => undefined }), ...(answers ? { prompt } : {}) };
  return { io, stdout, stderr, questions };
}
