/**
 * Ids derived from values (RFC 4122 version 5 layout over SHA-1): the same values always give
 * the same id, so "one item per value" is enforced by the item's own key.
 */
import { createHash } from 'node:crypto';

export function deriveId(scope: string, values: readonly unknown[]): string {
  const digest = createHash('sha1')
    .update(`${scope}\u0000${values.map((value) => String(value)).join('\u0000')}`)
    .digest();
  digest[6] = ((digest[6] as number) & 0x0f) | 0x50;
  digest[8] = ((digest[8] as number) & 0x3f) | 0x80;
  const hex = digest.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
