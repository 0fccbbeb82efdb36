/**
 * Hex digests of short texts. Node's one-shot `crypto.hash` (20.12+) takes half the time of a
 * Hash object for the few hundred bytes hashed per write; older Node 20 releases get the Hash.
 */
import * as crypto from 'node:crypto';

type OneShot = (algorithm: string, data: string, encoding: 'hex') => string;

const oneShot = (crypto as unknown as { hash?: OneShot }).hash;

/** The `algorithm` ('sha1', 'sha256') digest of `text`'s UTF-8 bytes, in lower-case hex. */
export const hexDigest: (algorithm: string, text: string) => string =
  typeof oneShot === 'function' ? (algorithm, text) => oneShot(algorithm, text, 'hex') : (algorithm, text) => crypto.createHash(algorithm).update(text, 'utf8').digest('hex');
