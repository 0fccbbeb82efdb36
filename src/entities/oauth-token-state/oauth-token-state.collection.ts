/**
 * get / put / rotate / reencryptAll of a connection's provider tokens. Tokens are sealed with
 * the configured EncryptionProvider (the connection id and the field name as associated data)
 * before anything is sent; `rotate` is a compare-and-swap on `version` inside the write, so
 * of two refreshers racing with the same expected version exactly one wins.
 */
import { ConcurrentModificationError, DataAccessError, NotFoundError, ValidationError } from '../../errors/index.js';
import type { ValidationIssue } from '../../errors/index.js';
import type { EncryptionProvider } from '../../model/index.js';
import { EntityCollection, commit, mapWithConcurrency, readStored, scanStored, updatePart, when } from '../../model/index.js';
import type { Finders } from '../../model/index.js';
import type { AttributesOf, IndexesOf } from '../../schema/index.js';
import type { OAuthTokenStateSchema } from './oauth-token-state.schema.js';
import { checkUuid, identityOf } from '../../schema/index.js';
import type { OAuthTokenState } from './oauth-token-state.model.js';
import type { OAuthTokens } from './token-input.js';
import { readTokenInput, versionIssues } from './token-input.js';

/** Decrypted tokens with the record's version. */
export interface StoredOAuthTokens {
  accessToken: string;
  refreshToken: string;
  expiresAt: string | null;
  scopes: string[];
  version: number;
}

type Sealed = { accessToken: string; refreshToken: string; keyId: string };

/** The key id recorded for a custom provider that returns bare ciphertexts and names no active key. */
const EXTERNAL_KEY_ID = 'external';

/**
 * The provider's `activeKeyId`, read once per call: undefined, or a non-empty string. Anything
 * else would be stored as the record's key id (a provider is the caller's object: a getter may
 * throw, a field may hold anything), so it is refused before any request.
 */
function activeKeyIdOf(provider: EncryptionProvider): string | undefined {
  let keyId: unknown;
  try {
    keyId = provider.activeKeyId;
  } catch (error) {
    throw new DataAccessError('ENCRYPTION', "the encryption provider's activeKeyId could not be read", { cause: error });
  }
  if (keyId === undefined || (typeof keyId === 'string' && keyId !== '')) return keyId;
  throw new DataAccessError('CONFIGURATION', "the encryption provider's activeKeyId must be a non-empty string when given");
}

/** The provider's `isOutdated(ciphertext)` when it has one; what it throws is an ENCRYPTION error, never raw. */
function reportsOutdated(provider: EncryptionProvider, ciphertext: string): boolean {
  try {
    return provider.isOutdated?.(ciphertext) === true;
  } catch (error) {
    throw new DataAccessError('ENCRYPTION', 'the encryption provider failed to tell whether a value is sealed in an older format', { cause: error });
  }
}
type StoredRecord = Record<string, unknown>;

/**
 * Writes reencryptAll tries per record. Each lost attempt means someone else wrote the record
 * after it was read; a record that keeps changing is listed in `failed` rather than chased.
 */
const REENCRYPT_ATTEMPTS = 4;

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- finders are generated on the prototype
export interface OAuthTokenStateCollection extends Finders<AttributesOf<OAuthTokenStateSchema>, IndexesOf<OAuthTokenStateSchema>, OAuthTokenState> {}

/**
 * A connection's OAuth tokens (`da.OAuthTokenState`), one record per connection. Tokens are
 * sealed with the configured encryption before any request is sent and opened on read, so the
 * table only ever holds ciphertext; `get`, `put`, `rotate` and `reencryptAll` need `encryption` in
 * the configuration (DataAccessError 'CONFIGURATION' otherwise).
 *
 * @example
 * ```ts
 * await da.OAuthTokenState.put(connectionId, { accessToken, refreshToken, expiresAt, scopes });
 * const stored = await da.OAuthTokenState.get(connectionId); // { accessToken, refreshToken, …, version: 1 }
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface above
export class OAuthTokenStateCollection extends EntityCollection<OAuthTokenState> {
  private sealer(): EncryptionProvider {
    const provider = this.encryption;
    if (!provider) throw new DataAccessError('CONFIGURATION', 'OAuthTokenState needs createDataAccess({ encryption }) (a keyring or an { encrypt, decrypt } provider)');
    return provider;
  }

  /**
   * The connection id in canonical form (lower case); ValidationError before any request. The
   * issues of the call's other arguments (`others`) are listed in the same error, so one error
   * names every bad field.
   */
  private checkConnectionId(id: unknown, others: readonly ValidationIssue[] = []): string {
    const issues = typeof id !== 'string' || checkUuid(id) ? [{ path: 'taskManagementConnectionId', message: 'must be a UUID' }, ...others] : others;
    if (issues.length > 0) throw new ValidationError(issues, this.entityName);
    return (id as string).toLowerCase();
  }

  private idOf(taskManagementConnectionId: string): string {
    return identityOf(this.schema, { taskManagementConnectionId });
  }

  private async seal(connectionId: string, version: number, tokens: Pick<OAuthTokens, 'accessToken' | 'refreshToken'>): Promise<Sealed> {
    const provider = this.sealer();
    const activeKeyId = activeKeyIdOf(provider);
    const seal = async (plaintext: string, field: string): Promise<{ keyId: string; ciphertext: string }> => {
      let sealed: string | { keyId: string; ciphertext: string };
      try {
        sealed = await provider.encrypt(plaintext, { recordId: connectionId, field, version });
      } catch (error) {
        throw error instanceof DataAccessError ? error : new DataAccessError('ENCRYPTION', 'the encryption provider failed to seal a value', { cause: error });
      }
      // A provider may return the bare ciphertext: it is recorded under its active key id.
      if (typeof sealed === 'string') return { keyId: activeKeyId ?? EXTERNAL_KEY_ID, ciphertext: sealed };
      if (typeof sealed?.ciphertext !== 'string' || typeof sealed.keyId !== 'string') {
        throw new DataAccessError('ENCRYPTION', 'the encryption provider returned neither a string nor { keyId, ciphertext }');
      }
      return sealed;
    };
    const [access, refresh] = await Promise.all([seal(tokens.accessToken, 'accessToken'), seal(tokens.refreshToken, 'refreshToken')]);
    if (access.keyId !== refresh.keyId) throw new DataAccessError('CONFIGURATION', 'the encryption provider sealed one record under two keys');
    return { accessToken: access.ciphertext, refreshToken: refresh.ciphertext, keyId: access.keyId };
  }

  private async open(record: StoredRecord): Promise<StoredOAuthTokens> {
    const provider = this.sealer();
    const connectionId = record.taskManagementConnectionId as string;
    const keyId = record.keyId as string;
    const open = async (field: 'accessToken' | 'refreshToken'): Promise<string> => {
      try {
        const plaintext = await provider.decrypt(record[field] as string, { recordId: connectionId, field, keyId, version: record.version as number });
        if (typeof plaintext !== 'string') throw new TypeError('the provider did not return a string');
        return plaintext;
      } catch (error) {
        // Whatever the provider throws, the caller sees DECRYPTION — never the ciphertext or a token.
        throw error instanceof DataAccessError ? error : new DataAccessError('DECRYPTION', 'a stored token could not be decrypted', { cause: error });
      }
    };
    const [accessToken, refreshToken] = await Promise.all([open('accessToken'), open('refreshToken')]);
    return {
      accessToken,
      refreshToken,
      expiresAt: (record.expiresAt as string | null | undefined) ?? null,
      scopes: (record.scopes as string[] | undefined) ?? [],
      version: record.version as number,
    };
  }

  /** The connection's tokens, decrypted, or null when none are stored. */
  async get(taskManagementConnectionId: string): Promise<StoredOAuthTokens | null> {
    const connectionId = this.checkConnectionId(taskManagementConnectionId);
    this.sealer();
    const record = await readStored(this, this.idOf(connectionId));
    return record ? this.open(record) : null;
  }

  /**
   * Stores a connection's first tokens (version 1). ConflictError 'token-state' if tokens are
   * already stored (use rotate), NotFoundError if the connection does not exist (or is being removed).
   */
  async put(taskManagementConnectionId: string, tokens: OAuthTokens): Promise<{ version: number }> {
    const read = readTokenInput(tokens);
    const connectionId = this.checkConnectionId(taskManagementConnectionId, read.issues);
    // The copy the checks passed, never the caller's object again (it may answer differently, or throw).
    const checked = read.tokens as OAuthTokens;
    const sealed = await this.seal(connectionId, 1, checked);
    await this.insert({ taskManagementConnectionId: connectionId }, Object.assign({}, sealed, { expiresAt: checked.expiresAt ?? null, scopes: checked.scopes ?? [], version: 1 }));
    return { version: 1 };
  }

  /**
   * Replaces the tokens if the stored version is still `expectedVersion` (compare-and-swap in
   * the write). ConcurrentModificationError when another refresher rotated first: re-read with
   * get() and use its tokens. NotFoundError when nothing is stored.
   *
   * @example
   * ```ts
   * const current = await da.OAuthTokenState.get(connectionId);
   * if (!current) throw new Error('not connected');
   * const fresh = await refreshAtProvider(current.refreshToken); // your call to the tracker
   * try {
   *   await da.OAuthTokenState.rotate(connectionId, current.version, fresh);
   * } catch (error) {
   *   if (!(error instanceof ConcurrentModificationError)) throw error;
   *   // another worker refreshed first: its tokens are the valid ones
   *   const winner = await da.OAuthTokenState.get(connectionId);
   * }
   * ```
   */
  async rotate(taskManagementConnectionId: string, expectedVersion: number, tokens: OAuthTokens): Promise<{ version: number }> {
    const read = readTokenInput(tokens);
    const connectionId = this.checkConnectionId(taskManagementConnectionId, [...versionIssues(expectedVersion), ...read.issues]);
    const checked = read.tokens as OAuthTokens;
    const version = expectedVersion + 1;
    const sealed = await this.seal(connectionId, version, checked);
    await this.update(connectionId, Object.assign({}, sealed, { expiresAt: checked.expiresAt ?? null, scopes: checked.scopes ?? [], version }), { version: expectedVersion }, 'OAuthTokenState.rotate');
    return { version };
  }

  /** Removes the connection's tokens (nothing happens when none are stored). */
  async remove(taskManagementConnectionId: string): Promise<void> {
    const connectionId = this.checkConnectionId(taskManagementConnectionId);
    await this.removeByIds([this.idOf(connectionId)]);
  }

  /** A compare-and-swap write of the record: it must still hold every value of `expected`. */
  private async update(connectionId: string, set: StoredRecord, expected: Readonly<Record<string, string | number>>, operation: string): Promise<void> {
    const id = this.idOf(connectionId);
    const changed = () => new ConcurrentModificationError(this.entityName, id);
    const expect = Object.entries(expected).map(([name, value]) => ({ condition: when.eq(name, value), error: changed }));
    await commit(this, operation, [updatePart(this, id, { set, expect }, { owner: true })]);
  }

  /**
   * Re-seals every record that is not under the provider's active key (all records when the
   * provider names none), and every record the provider reports as sealed in an older format.
   * Scans the table's token records: a maintenance operation, not for request paths. Records
   * that cannot be opened (tampered, or under a key no longer in the ring) are left as they are
   * and listed in `failed` (DECRYPTION); the others are still moved. A record that changed before
   * each of its writes is listed too (CONCURRENT_MODIFICATION): run reencryptAll again.
   * `reencrypted` counts the records this call moved.
   */
  async reencryptAll(): Promise<{ reencrypted: number; failed: { taskManagementConnectionId: string; error: DataAccessError }[] }> {
    const provider = this.sealer();
    const activeKeyId = activeKeyIdOf(provider);
    let reencrypted = 0;
    const failed: { taskManagementConnectionId: string; error: DataAccessError }[] = [];
    const outdated = (item: StoredRecord) =>
      activeKeyId === undefined ||
      item.keyId !== activeKeyId ||
      reportsOutdated(provider, item.accessToken as string) ||
      reportsOutdated(provider, item.refreshToken as string);
    await scanStored(this, async (items) => {
      await mapWithConcurrency(items.filter(outdated), this.concurrency, async (item) => {
        try {
          if (await this.reencryptOne(item, outdated)) reencrypted += 1;
        } catch (error) {
          if (error instanceof ConcurrentModificationError || (error instanceof DataAccessError && error.code === 'DECRYPTION')) {
            failed.push({ taskManagementConnectionId: item.taskManagementConnectionId as string, error });
          } else throw error;
        }
      });
    });
    return { reencrypted, failed };
  }

  /**
   * Moves one record to the active key: true when this call wrote it, false when it needs no
   * move (any more). The write is conditioned on the version and key that were read. When it
   * loses, the record is read again: whoever wrote in between may be a process still running
   * the old key ring (a rolling deploy), whose rotation left the record under an old key.
   */
  private async reencryptOne(scanned: StoredRecord, outdated: (item: StoredRecord) => boolean): Promise<boolean> {
    const connectionId = scanned.taskManagementConnectionId as string;
    let record: StoredRecord | undefined = scanned;
    let lost: ConcurrentModificationError | undefined;
    for (let attempt = 0; record !== undefined && outdated(record); attempt += 1) {
      // Changed before every attempt: reencryptAll lists it in `failed` (the message names no id).
      if (lost !== undefined && attempt === REENCRYPT_ATTEMPTS) throw lost;
      try {
        const version = record.version as number;
        const sealed = await this.seal(connectionId, version, await this.open(record));
        await this.update(connectionId, sealed, { version, keyId: record.keyId as string }, 'OAuthTokenState.reencryptAll');
        return true;
      } catch (error) {
        // Removed meanwhile (or being removed with its connection): nothing is left to move.
        if (error instanceof NotFoundError) return false;
        if (!(error instanceof ConcurrentModificationError)) throw error;
        lost = error;
      }
      record = await readStored(this, this.idOf(connectionId), { consistent: true });
    }
    return false;
  }
}

/**
 * The OAuthTokenState collection as `DataAccess` exposes it. It has no generic create/createMany
 * (an EntityCollection: neither in its type nor on its prototype chain), so no record without
 * ciphertext can exist.
 */
export type OAuthTokenStateApi = OAuthTokenStateCollection;
