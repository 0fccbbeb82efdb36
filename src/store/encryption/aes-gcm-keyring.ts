/**
 * AES-256-GCM with a keyring: a fresh 96-bit IV per value, the context as associated data,
 * the key id stored beside the ciphertext. Records under an old key stay readable while that
 * key is in the ring; `reencryptAll` moves them to the active key.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DataAccessError } from '../../errors/index.js';
import { readAll, readFields, UNREAD, UNREADABLE } from '../../schema/unreadable.js';
import type { DecryptionContext, EncryptionContext, EncryptionProvider, SealedValue } from './encryption-provider.js';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/**
 * Format marker inside the ciphertext. Format 2 binds the record's version into the associated
 * data; format 1 (before it) is still opened, and `reencryptAll` re-seals it (see isOutdated).
 */
const FORMAT = 2;
const LEGACY_FORMAT = 1;

/**
 * The keys of an {@link AesGcmKeyring}: every key that may still have sealed a stored value, and
 * which one seals new values. Keep a retired key in `keys` until `reencryptAll` has moved its
 * values to the active one.
 */
export interface KeyringConfig {
  /** Key id (1–128 of `A–Z a–z 0–9 . _ : -`) → 32-byte key. */
  readonly keys: Readonly<Record<string, Uint8Array>>;
  /** The key new values are sealed with; must be one of `keys`. */
  readonly activeKeyId: string;
}

function associatedData(context: EncryptionContext, format: number): Buffer {
  const parts = [`v${format}`, context.recordId, context.field];
  if (format >= 2) parts.push(String(context.version ?? ''));
  return Buffer.from(parts.join('\u0000'), 'utf8');
}

function configError(message: string): DataAccessError {
  return new DataAccessError('CONFIGURATION', `encryption: ${message}`);
}

/**
 * A copy of the key `keyId` (read by readAll), checked: a Uint8Array of KEY_BYTES. Asking a
 * Proxy for its prototype, and copying it, may throw: then the key cannot be read.
 */
function keyBytes(keyId: string, key: unknown): Buffer {
  if (key === UNREAD) throw configError(`key '${keyId}' ${UNREADABLE}`);
  let copy: Buffer | undefined;
  try {
    if (key instanceof Uint8Array) copy = Buffer.from(key);
  } catch {
    throw configError(`key '${keyId}' ${UNREADABLE}`);
  }
  // The copy's length: a Proxy could answer `length` apart from what was copied.
  if (copy?.length !== KEY_BYTES) throw configError(`key '${keyId}' must be a Uint8Array of ${KEY_BYTES} bytes`);
  return copy;
}

/**
 * The built-in {@link EncryptionProvider}: AES-256-GCM with a keyring, a fresh 96-bit IV per value
 * and the record id and field as associated data, so a ciphertext copied to another record or
 * field fails to decrypt. `createDataAccess({ encryption: keyringConfig })` builds one for you.
 *
 * @example
 * ```ts
 * const keyring = new AesGcmKeyring({ keys: { '2026-01': key2026, '2025-01': key2025 }, activeKeyId: '2026-01' });
 * const da = createDataAccess({ tableName: 'task-management', region: 'eu-west-1', encryption: keyring });
 * await da.OAuthTokenState.reencryptAll(); // moves values sealed under '2025-01' to '2026-01'
 * ```
 */
export class AesGcmKeyring implements EncryptionProvider {
  readonly activeKeyId: string;
  readonly #keys: ReadonlyMap<string, Buffer>;

  /**
   * Checks the keyring at construction: every key 32 bytes, the active one present (DataAccessError
   * 'CONFIGURATION'). The configuration, its key map and each key are read once (unreadable.ts),
   * the keys copied: a getter or a Proxy trap that throws is a part that cannot be read, named,
   * never the caller's own error (its message may hold key material or other secrets).
   */
  constructor(config: KeyringConfig) {
    const read = readFields(config, ['keys', 'activeKeyId'], { plainOnly: false });
    if (read === UNREAD) throw configError(`the keyring configuration ${UNREADABLE}`);
    const given = read === null ? null : readAll(read.values.keys, { plainOnly: false });
    if (read === null || given === null) throw configError('expected { keys: { [keyId]: 32-byte Uint8Array }, activeKeyId }');
    if (given === UNREAD) throw configError(`keys ${UNREADABLE}`);
    const keys = new Map<string, Buffer>();
    for (const [keyId, key] of Object.entries(given)) {
      if (!/^[A-Za-z0-9._:-]{1,128}$/.test(keyId)) throw configError(`key id '${keyId}' must be 1–128 of A–Z a–z 0–9 . _ : -`);
      keys.set(keyId, keyBytes(keyId, key));
    }
    const { activeKeyId } = read.values;
    if (activeKeyId === UNREAD) throw configError(`activeKeyId ${UNREADABLE}`);
    if (typeof activeKeyId !== 'string' || !keys.has(activeKeyId)) {
      throw configError(`activeKeyId must name one of the keys (${[...keys.keys()].join(', ') || 'none given'})`);
    }
    this.#keys = keys;
    this.activeKeyId = activeKeyId;
  }

  encrypt(plaintext: string, context: EncryptionContext): SealedValue {
    const key = this.#keys.get(this.activeKeyId) as Buffer;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(context, FORMAT));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const sealed = Buffer.concat([Buffer.from([FORMAT]), iv, body, cipher.getAuthTag()]);
    return { keyId: this.activeKeyId, ciphertext: sealed.toString('base64') };
  }

  /** A value sealed in format 1, which did not bind the record's version yet. */
  isOutdated(ciphertext: string): boolean {
    return Buffer.from(ciphertext.slice(0, 4), 'base64')[0] === LEGACY_FORMAT;
  }

  decrypt(ciphertext: string, context: DecryptionContext): string {
    const key = this.#keys.get(context.keyId);
    if (!key) throw new DataAccessError('DECRYPTION', `no key '${context.keyId}' in the keyring`);
    const data = Buffer.from(ciphertext, 'base64');
    const format = data[0];
    if (data.length < 1 + IV_BYTES + TAG_BYTES || (format !== FORMAT && format !== LEGACY_FORMAT)) throw new DataAccessError('DECRYPTION', 'the ciphertext is malformed');
    const iv = data.subarray(1, 1 + IV_BYTES);
    const tag = data.subarray(data.length - TAG_BYTES);
    const body = data.subarray(1 + IV_BYTES, data.length - TAG_BYTES);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(associatedData(context, format));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch (error) {
      // Never include the ciphertext or the plaintext: only that authentication failed.
      throw new DataAccessError('DECRYPTION', 'the ciphertext does not authenticate (tampered, or sealed for another record)', { cause: error });
    }
  }
}

/** True when `value` looks like a custom provider rather than a keyring configuration. */
export function isEncryptionProvider(value: unknown): value is EncryptionProvider {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as EncryptionProvider).encrypt === 'function' &&
    typeof (value as EncryptionProvider).decrypt === 'function'
  );
}
