/**
 * A caller's callback (an onEvent listener, an onProgress) runs inside the library's work, but
 * its failures are the caller's: a throw, or a returned promise that rejects, must neither break
 * that work nor surface as an unhandled rejection that ends the process.
 */

export function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** Calls `callback(arg)` when there is one; what it throws or rejects with goes to `onFailure`, never further. */
export function callSafely<A>(callback: ((arg: A) => unknown) | undefined, arg: A, onFailure: (reason: unknown) => void): void {
  if (callback === undefined) return;
  try {
    const returned: unknown = callback(arg);
    if ((typeof returned !== 'object' && typeof returned !== 'function') || returned === null) return;
    // `then` read once: a getter may answer differently (or throw, which the catch takes) a second time.
    const then: unknown = (returned as { then?: unknown }).then;
    if (typeof then === 'function') (then as PromiseLike<unknown>['then']).call(returned, undefined, onFailure);
  } catch (reason) {
    onFailure(reason);
  }
}

/** A callback's failure described without its message (which may hold anything of the caller's): its class name. */
export function failureName(reason: unknown): string {
  // Read defensively: down to a `name` getter that throws.
  try {
    return reason instanceof Error ? String(reason.name) : typeof reason;
  } catch {
    return 'unknown';
  }
}
