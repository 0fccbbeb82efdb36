/**
 * Runs `run` and fails if any promise rejection went unhandled meanwhile (a caller's callback
 * whose rejection the library left alone would end a real process under Node's default).
 */
import { expect } from 'chai';

export async function withoutUnhandledRejections(run: () => Promise<void>): Promise<void> {
  const unhandled: unknown[] = [];
  const record = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', record);
  try {
    await run();
    // Unhandled rejections are reported after the microtask queue drains: give them a macrotask.
    await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    process.off('unhandledRejection', record);
  }
  expect(unhandled, 'unhandled rejections').to.deep.equal([]);
}
