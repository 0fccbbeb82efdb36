/**
 * The one place a DynamoDB request leaves the library. Everything in `store/` sends through
 * {@link send}, so what every request costs (attempts, consumed capacity) is seen in one place.
 */
import type { StoreContext } from './context.js';

/** A command of the DocumentClient (lib-dynamodb) or of the low-level client. */
export interface SendableCommand {
  readonly input: object;
}

/** Sends `command` on the context's client; an operation's context counts it into the operation. */
export async function send<T>(context: StoreContext, command: SendableCommand): Promise<T> {
  const observer = context.observer;
  if (observer === undefined) {
    context.operations?.outsideOperation();
    return (await context.doc.send(command as never)) as T;
  }
  observer.beforeRequest(command);
  try {
    const output = (await context.doc.send(command as never)) as T;
    observer.afterRequest(command, output, undefined);
    return output;
  } catch (error) {
    observer.afterRequest(command, undefined, error);
    throw error;
  }
}
