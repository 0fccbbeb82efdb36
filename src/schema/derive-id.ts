/**
 * Ids derived from values (RFC 4122 version 5 layout over SHA-1): the same values always give
 * the same id, so "one item per value" is enforced by the item's own key.
 */
import { hexDigest } from './digest.js';

/** The variant digit of byte 8 (`10xx` in its high bits) for each value of its first hex digit's low two bits. */
const VARIANT = '89ab';

export function deriveId(scope: string, values: readonly unknown[]): string {
  const hex = hexDigest('sha1', `${scope}\u0000${values.map((value) => String(value)).join('\u0000')}`);
  // Byte 6's high nibble is the version (5), byte 8's two high bits the variant (10).
  const variant = VARIANT[Number.parseInt(hex.charAt(16), 16) & 0x3] as string;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
