/** Timestamps of the library: ISO-8601 UTC with milliseconds. */

export function nowIso(): string {
  return new Date().toISOString();
}

/**
 * The `updatedAt` of a write that follows one made at `previous`: now, but always later than
 * `previous`, so every write changes the value the optimistic check compares (two writes in the
 * same millisecond must not look like none).
 */
export function nextUpdatedAt(previous: unknown): string {
  const now = Date.now();
  const before = typeof previous === 'string' ? Date.parse(previous) : Number.NaN;
  return new Date(Number.isNaN(before) || now > before ? now : before + 1).toISOString();
}
