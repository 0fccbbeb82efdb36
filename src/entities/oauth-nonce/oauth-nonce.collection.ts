/**
 * issue / consume. `consume` is one conditional DeleteItem: the record comes back exactly once;
 * an unknown, consumed or expired nonce gives null.
 */
import { createHash, randomBytes } from 'node:crypto';
import { DataAccessError, NotFoundError, ValidationError } from '../../errors/index.js';
import type { ValidationIssue } from '../../errors/index.js';
import type { Finders } from '../../model/index.js';
import { BaseCollection, commit, deletePart, hydrateStored, updatePart, when } from '../../model/index.js';
import type { AttributesOf, IndexesOf } from '../../schema/index.js';
import type { OAuthNonceSchema } from './oauth-nonce.schema.js';
import { buildRecordForCreate, readAll, UNREAD, UNREADABLE } from '../../schema/index.js';
import type { Provider } from '../task-management-connection/constants.js';
import type { OAuthNonce } from './oauth-nonce.model.js';

/** What {@link OAuthNonceCollection.issue} stores with a new nonce, to hand back when it is consumed. */
export interface IssueNonceInput {
  /** The organization that starts the OAuth flow (a UUID). */
  organizationId: string;
  /** The tracker the flow is for: a `PROVIDERS` value (checked at run time too). */
  provider: Provider;
  /** Who started the flow (1–255 characters). */
  createdBy: string;
  /** PKCE code verifier (43–128 of `A–Z a–z 0–9 . _ ~ -`); hidden from `toJSON()`. */
  codeVerifier?: string;
  /** The `https:` redirect URI of the flow, if the token exchange needs it again. */
  redirectUri?: string;
  /** Lifetime in seconds: 60–3600, default 600. */
  ttlSeconds?: number;
}

/**
 * Storage attribute set by the one consume() that wins (not a record attribute: the claim is
 * bookkeeping, no change of the nonce); a claimed nonce is never handed out again.
 */
const CLAIM_ATTRIBUTE = '__claim';

/** 32 random bytes: 256 bits, 43 base64url characters. */
const NONCE_BYTES = 32;
const DEFAULT_TTL_SECONDS = 600;
const MIN_TTL_SECONDS = 60;
const MAX_TTL_SECONDS = 3600;
const MAX_NONCE_LENGTH = 512;
/** A well-formed nonce id (a SHA-256 digest in hex) that stands in for the library's own while a payload is checked. */
const STAND_IN_ID = '0'.repeat(64);

function digestOf(nonce: string): string {
  return createHash('sha256').update(nonce, 'utf8').digest('hex');
}

type A = AttributesOf<OAuthNonceSchema>;
type I = IndexesOf<OAuthNonceSchema>;

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- finders are generated on the prototype
export interface OAuthNonceCollection extends Finders<A, I, OAuthNonce> {}

/**
 * The single-use OAuth `state` values of one table (`da.OAuthNonce`): issue one before
 * redirecting to the tracker, consume it in the callback. Only the nonce's SHA-256 digest is
 * stored, so the table never holds a usable `state`.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface above
export class OAuthNonceCollection extends BaseCollection<OAuthNonce> {
  /**
   * Issues a nonce: stores its digest with the payload and returns the nonce itself, once. It
   * expires after `ttlSeconds` (60–3600, default 600).
   *
   * @example
   * ```ts
   * const { nonce, expiresAt } = await da.OAuthNonce.issue({ organizationId, provider: 'jira_cloud', createdBy: userId, codeVerifier });
   * // redirect the user to the tracker's authorize URL with state=nonce
   * ```
   */
  async issue(input: IssueNonceInput): Promise<{ nonce: string; expiresAt: string }> {
    // Read once, into this call's own copy: a field that could not be read is UNREAD in it, which
    // the payload's validation reports as that field's one issue.
    const payload = readAll(input);
    if (payload === UNREAD) throw new ValidationError([{ path: '', message: UNREADABLE }], this.entityName);
    if (payload === null) throw new ValidationError([{ path: '', message: 'expected a plain object' }], this.entityName);
    // Absent or undefined: the default (null is a bad value, as it always was).
    const ttlSeconds = payload.ttlSeconds === undefined ? DEFAULT_TTL_SECONDS : payload.ttlSeconds;
    delete payload.ttlSeconds;
    const issues: ValidationIssue[] = [];
    if (ttlSeconds === UNREAD) issues.push({ path: 'ttlSeconds', message: UNREADABLE });
    else if (typeof ttlSeconds !== 'number' || !Number.isInteger(ttlSeconds) || ttlSeconds < MIN_TTL_SECONDS || ttlSeconds > MAX_TTL_SECONDS) {
      issues.push({ path: 'ttlSeconds', message: `must be an integer from ${MIN_TTL_SECONDS} to ${MAX_TTL_SECONDS}` });
    }
    if (Object.hasOwn(payload, 'oAuthNonceId')) issues.push({ path: 'oAuthNonceId', message: 'is set by the library' });
    // One error lists every bad field: the payload's own issues join these (checked with a
    // stand-in id, the one field the library sets). Only on this path: a valid call is checked once, by insert().
    if (issues.length > 0) throw new ValidationError([...issues, ...this.payloadIssues(payload)], this.entityName);
    const nonce = randomBytes(NONCE_BYTES).toString('base64url');
    // Checked above: an integer from 60 to 3600.
    const expiresAtMs = Date.now() + (ttlSeconds as number) * 1000;
    const expiresAt = new Date(expiresAtMs).toISOString();
    // `payload` is this call's own copy (the rest of `input`): the id joins it, no further copy.
    payload.oAuthNonceId = digestOf(nonce);
    await this.insert(payload, { expiresAt, ttl: Math.ceil(expiresAtMs / 1000) });
    return { nonce, expiresAt };
  }

  /** The schema's issues of an issue() payload, its id (set by the library) replaced by a stand-in. */
  private payloadIssues(payload: Record<string, unknown>): ValidationIssue[] {
    try {
      // A spread (an own __proto__ key of junk input stays a key, as in insert()); the error path only.
      buildRecordForCreate(this.schema, { ...payload, oAuthNonceId: STAND_IN_ID });
      return [];
    } catch (error) {
      if (error instanceof ValidationError) return error.issues;
      throw error;
    }
  }

  /**
   * Returns the nonce's record exactly once and removes it; null if unknown, already consumed or
   * expired (expiry is part of the condition: TTL sweeps late).
   *
   * One conditional write decides who consumes it: a claim that only an unexpired, unclaimed
   * nonce accepts. The claim carries a token of this call, so if its response is lost the retry
   * recognises its own claim instead of reading "already consumed" — a single conditional
   * delete would lose the record then. The claimed item is deleted next; should that delete
   * fail, the claim alone already makes the nonce unusable and TTL removes it.
   *
   * @example
   * ```ts
   * // in the OAuth callback, with the `state` the tracker sent back
   * const record = await da.OAuthNonce.consume(state);
   * if (!record) throw new Error('unknown, replayed or expired state');
   * const verifier = record.getCodeVerifier(); // for the PKCE token exchange
   * ```
   */
  async consume(nonce: string): Promise<OAuthNonce | null> {
    if (typeof nonce !== 'string' || nonce.length === 0 || nonce.length > MAX_NONCE_LENGTH) {
      throw new ValidationError([{ path: 'nonce', message: `must be a string of 1–${MAX_NONCE_LENGTH} characters` }], this.entityName);
    }
    const id = digestOf(nonce);
    const now = new Date().toISOString();
    const unusable = () => new NotFoundError(this.entityName, id);
    let claimed: Record<string, unknown> | undefined;
    try {
      // The claim is this write's own: if its response is lost, the retry recognises its token
      // and gets the record back instead of reading "already consumed".
      const claim = updatePart(
        this,
        id,
        {
          nested: [{ path: CLAIM_ATTRIBUTE, value: now }],
          stamp: false,
          expect: [
            { condition: when.gt('expiresAt', now), error: unusable },
            { condition: when.lacks(CLAIM_ATTRIBUTE), error: unusable },
          ],
        },
        { owner: true },
      );
      claimed = (await commit(this, 'OAuthNonce.consume', [claim], { readBack: true })).item;
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
    if (claimed === undefined) return null;
    try {
      await commit(this, 'OAuthNonce.consume', [deletePart(this, id)]);
    } catch (error) {
      const code = error instanceof DataAccessError ? error.code : 'DATASTORE';
      this.logger.warn('a consumed nonce could not be deleted; its claim keeps it unusable until TTL removes it', { code });
    }
    return hydrateStored<OAuthNonce>(this, claimed);
  }
}
