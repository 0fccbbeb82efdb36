/**
 * A claim of an idempotency key: the right, while its lease holds, to run the request and store
 * its response. complete / fail / renew are each conditioned on the claim still holding the key —
 * a claim whose lease ran out and was taken over gets ConcurrentModificationError and changes nothing.
 */
import { ConcurrentModificationError, ValidationError } from '../../errors/index.js';
import type { EntityCollection, Expectation, WritePart } from '../../model/index.js';
import { commit, updatePart, when } from '../../model/index.js';
import { observeCall } from '../../model/observe/install-observers.js';
import { jsonValueIssues } from './canonical-json.js';
import { MAX_RESPONSE_BYTES } from './constants.js';
import { RESPONSE_TEXT } from './stored-response.js';
import { UNREADABLE } from '../../schema/index.js';

/** Builds the write that completes a claim, for a transaction that commits it with its effect. */
export const COMPLETION = Symbol('completion');

/**
 * The response a completed key hands back (a JSON value of at most 300 KB), checked; returns its
 * JSON text, what is stored (see stored-response.ts). The caller's value is read by the check's
 * walk and once more for its text, so what is stored is the JSON that was measured, never the
 * caller's object read a third time (a getter may answer differently, or throw: a text that cannot
 * be made is 'could not be read', not the caller's own error).
 */
export function checkResponse(response: unknown): string {
  if (response === undefined) throw new ValidationError([{ path: 'response', message: 'is required (any JSON value)' }], 'IdempotencyKey');
  const issues = jsonValueIssues(response, 'response');
  if (issues.length > 0) throw new ValidationError(issues, 'IdempotencyKey');
  let text: string;
  try {
    text = JSON.stringify(response);
  } catch {
    throw new ValidationError([{ path: 'response', message: UNREADABLE }], 'IdempotencyKey');
  }
  // A JSON value's text has the same length in any key order: no need for the canonical one.
  if (Buffer.byteLength(text, 'utf8') > MAX_RESPONSE_BYTES) {
    throw new ValidationError([{ path: 'response', message: `must be at most ${MAX_RESPONSE_BYTES} bytes of JSON` }], 'IdempotencyKey');
  }
  return text;
}

/** The operation events of a claim's methods: `IdempotencyClaim.complete`, `.fail`, `.renew`. */
const CLAIM = 'IdempotencyClaim';

/**
 * A claim of an idempotency key, as callers see it (API.md): an interface, so that a caller's own
 * code can take one and its tests can stand one in. Only a claim `IdempotencyKey.claim()` made can
 * complete a ticket's transaction: `createWithSuggestions` refuses anything else (ValidationError).
 */
export interface IdempotencyClaim {
  /** The client's key. */
  readonly key: string;
  /** The organization the key belongs to (canonical: lower case). */
  readonly organizationId: string;
  /** Stores the response (any JSON value, ≤ 300 KB); ConcurrentModificationError if the lease was lost. */
  complete(response: unknown): Promise<void>;
  /** Releases the key for a new claim. */
  fail(): Promise<void>;
  /** Extends the lease. */
  renew(): Promise<void>;
}

/** The claim `IdempotencyKey.claim()` hands out: it alone holds what completing it needs. */
export class HeldClaim implements IdempotencyClaim {
  /** The client's key. */
  readonly key: string;
  /** The organization the key belongs to (canonical: lower case). */
  readonly organizationId: string;
  readonly #collection: EntityCollection;
  readonly #id: string;
  readonly #token: string;
  readonly #leaseSeconds: number;

  /** @internal Made by `IdempotencyKeyCollection.claim`. */
  constructor(collection: EntityCollection, fields: { id: string; key: string; organizationId: string; token: string; leaseSeconds: number }) {
    this.#collection = collection;
    this.#id = fields.id;
    this.key = fields.key;
    this.organizationId = fields.organizationId;
    this.#token = fields.token;
    this.#leaseSeconds = fields.leaseSeconds;
    Object.freeze(this);
  }

  /** A claim whose key was taken over, completed, failed or is gone (expired, its organization removed): it lost the lease. */
  readonly #lost = (): ConcurrentModificationError => new ConcurrentModificationError('IdempotencyKey', this.#id);

  /**
   * The stored key is still this claim's: processing, under this claim's token. Every write of
   * the claim sends these with `missing: lost`.
   */
  #holds(): Expectation[] {
    return [
      { condition: when.eq('claimToken', this.#token), error: this.#lost },
      { condition: when.eq('status', 'processing'), error: this.#lost },
    ];
  }

  /** @internal The write that completes the claim with `response` (its JSON text when checked already), as a part of another write. */
  [COMPLETION](response: unknown, options: { owner?: boolean; checked?: boolean } = {}): WritePart {
    const text = options.checked ? (response as string) : checkResponse(response);
    return updatePart(
      this.#collection,
      this.#id,
      { set: { status: 'completed', [RESPONSE_TEXT]: text, completedAt: new Date().toISOString() }, remove: ['claimToken', 'leaseExpiresAt'], expect: this.#holds(), missing: this.#lost },
      { owner: options.owner, decisive: true },
    );
  }

  /**
   * Stores the response (any JSON value, ≤ 300 KB): every later claim of the key gets it back.
   * ConcurrentModificationError if this claim lost the key (its lease ran out and another took it).
   */
  complete(response: unknown): Promise<void> {
    return observeCall(this.#collection, 'complete', async () => {
      const text = checkResponse(response);
      await commit(this.#collection, 'IdempotencyKey.complete', [this[COMPLETION](text, { owner: true, checked: true })]);
    }, CLAIM);
  }

  /** Releases the key: the next claim of the same request runs it again. ConcurrentModificationError if this claim lost the key. */
  fail(): Promise<void> {
    return observeCall(this.#collection, 'fail', async () => {
      await commit(this.#collection, 'IdempotencyKey.fail', [updatePart(this.#collection, this.#id, { set: { status: 'failed' }, remove: ['claimToken', 'leaseExpiresAt'], expect: this.#holds(), missing: this.#lost }, { owner: true })]);
    }, CLAIM);
  }

  /** Extends the lease (now + leaseSeconds) for a request that takes longer. ConcurrentModificationError if this claim lost the key. */
  renew(): Promise<void> {
    return observeCall(this.#collection, 'renew', async () => {
      const leaseExpiresAt = new Date(Date.now() + this.#leaseSeconds * 1000).toISOString();
      await commit(this.#collection, 'IdempotencyKey.renew', [updatePart(this.#collection, this.#id, { set: { leaseExpiresAt }, stamp: false, expect: this.#holds(), missing: this.#lost }, { owner: true })]);
    }, CLAIM);
  }
}
