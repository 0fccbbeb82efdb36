/**
 * Encryption of secrets at rest. The library ships an AES-256-GCM keyring; anything
 * implementing {@link EncryptionProvider} (a KMS client, for example) can replace it.
 */

/** What a value is bound to: decrypting it under another context fails. */
export interface EncryptionContext {
  /** The record the value belongs to (the connection id for OAuth tokens). */
  readonly recordId: string;
  /** The field inside that record (`accessToken`, `refreshToken`). */
  readonly field: string;
  /**
   * The record's version (OAuthTokenState's compare-and-swap counter). Bind it too, so an older
   * ciphertext copied back into the record fails to open.
   */
  readonly version?: number;
}

/** A ciphertext and the id of the key that sealed it (stored beside it). */
export interface SealedValue {
  readonly keyId: string;
  readonly ciphertext: string;
}

/** The context of a decryption: the encryption context plus the id of the key recorded beside the ciphertext. */
export interface DecryptionContext extends EncryptionContext {
  readonly keyId: string;
}

/**
 * Seals and opens secrets at rest (OAuth tokens). Give one as `encryption` to
 * {@link createDataAccess} to use a KMS or another key store instead of the built-in
 * {@link AesGcmKeyring}; methods may be synchronous or return promises. A value that
 * cannot be opened should throw `DataAccessError` with code 'DECRYPTION': `reencryptAll` then
 * lists that record in `failed` and goes on, where any other error stops it.
 *
 * @example
 * ```ts
 * const kmsProvider: EncryptionProvider = {
 *   activeKeyId: keyArn,
 *   async encrypt(plaintext, context) {
 *     const ciphertext = await kmsEncrypt(keyArn, plaintext, { ...context }); // your KMS call, context as encryption context
 *     return { keyId: keyArn, ciphertext };
 *   },
 *   async decrypt(ciphertext, context) {
 *     return kmsDecrypt(context.keyId, ciphertext, { recordId: context.recordId, field: context.field });
 *   },
 * };
 * ```
 */
export interface EncryptionProvider {
  /**
   * Seals `plaintext` under the active key, bound to `context`. Returns the ciphertext, or
   * `{ keyId, ciphertext }` to record which key sealed it (a plain string is recorded under
   * `activeKeyId`, or `'external'`).
   */
  encrypt(plaintext: string, context: EncryptionContext): Promise<string | SealedValue> | string | SealedValue;
  /** Opens a ciphertext (`context.keyId` is the key recorded beside it); throws when it was tampered with or sealed under another context. */
  decrypt(ciphertext: string, context: DecryptionContext): Promise<string> | string;
  /**
   * The key new values are sealed with; values under other keys are moved by `reencryptAll`.
   * Without it, `reencryptAll` re-seals every value.
   */
  readonly activeKeyId?: string;
  /**
   * True for a ciphertext sealed in an older format of this provider, which `reencryptAll`
   * should re-seal even when it is under the active key. Optional.
   */
  isOutdated?(ciphertext: string): boolean;
}
