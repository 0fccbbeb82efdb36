/**
 * claim / findActiveKey. A claim is ONE conditional write, no read before it: the key's item is
 * put — under a fresh claim token and lease — when no item is stored, when the stored one has
 * expired, or when it is the same request and it failed or its holder's lease ran out. Otherwise
 * DynamoDB hands the stored item back and it answers the caller: the stored response (completed),
 * how long to wait (in progress), or ConflictError('idempotency-request') for another request.
 */
import { randomUUID } from 'node:crypto';
import { ConflictError, DataAccessError, ValidationError } from '../../errors/index.js';
import type { ValidationIssue } from '../../errors/index.js';
import type { Finders } from '../../model/index.js';
import { EntityCollection, hydrateStored, readStored, when } from '../../model/index.js';
import type { AttributesOf, IndexesOf } from '../../schema/index.js';
import { checkUuid, identityOf, plainObjectKeys, readOwn, UNREAD, UNREADABLE } from '../../schema/index.js';
import { canonicalJson, requestHashOf } from './canonical-json.js';
import {
  DEFAULT_LEASE_SECONDS,
  DEFAULT_TTL_SECONDS,
  KEY_PATTERN,
  MAX_LEASE_SECONDS,
  MAX_TTL_SECONDS,
  MIN_LEASE_SECONDS,
  MIN_TTL_SECONDS,
} from './constants.js';
import type { IdempotencyClaim } from './idempotency-claim.js';
import { HeldClaim } from './idempotency-claim.js';
import type { IdempotencyKey } from './idempotency-key.model.js';
import type { IdempotencyKeySchema } from './idempotency-key.schema.js';
import { responseOf } from './stored-response.js';

type A = AttributesOf<IdempotencyKeySchema>;
type I = IndexesOf<IdempotencyKeySchema>;
type Stored = Readonly<Record<string, unknown>>;

/** What {@link IdempotencyKeyCollection.claim} takes. */
export interface ClaimInput {
  /** The client's `Idempotency-Key` (1–255 printable characters). */
  key: string;
  /** The organization the request is made for (a UUID). */
  organizationId: string;
  /** What the key is used for, e.g. `'POST /tickets'` (1–255 characters). */
  endpoint: string;
  /** The request (any JSON value): only its SHA-256 is stored, to tell a retry from another request. */
  request: unknown;
  /** How long the key is remembered: 60–604800 s, default 86400. */
  ttlSeconds?: number;
  /** How long this claim holds the key without renew(): 5–3600 s, default 60. */
  leaseSeconds?: number;
}

/** What a claim finds: run the request, answer with the stored response, or wait. */
export type ClaimResult =
  | { state: 'claimed'; claim: IdempotencyClaim }
  | { state: 'completed'; response: unknown; completedAt: string }
  | { state: 'in_progress'; retryAfterMs: number };

const CLAIM_KEYS = ['key', 'organizationId', 'endpoint', 'request', 'ttlSeconds', 'leaseSeconds'] as const;
type ClaimKey = (typeof CLAIM_KEYS)[number];

const INPUT_SHAPE = 'expected { key, organizationId, endpoint, request, ttlSeconds?, leaseSeconds? }';

/** The stored key answers the claim (it completed, or another claim holds it); never escapes claim(). */
class Answered extends DataAccessError {
  constructor(readonly stored: Stored) {
    super('CONFLICT', 'IdempotencyKey: the key is in use');
  }
}

function secondsIssue(value: unknown, min: number, max: number): string | undefined {
  return value === undefined || (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) ? undefined : `must be an integer from ${min} to ${max}`;
}

/** What is wrong with each claim() field's value (undefined: it is fine). */
const FIELD_CHECKS: Readonly<Record<ClaimKey, (value: unknown) => string | undefined>> = {
  key: (value) => (typeof value === 'string' && KEY_PATTERN.test(value) ? undefined : 'must be 1–255 printable characters without surrounding spaces'),
  organizationId: (value) => (typeof value === 'string' && checkUuid(value) === undefined ? undefined : 'must be a UUID'),
  endpoint: (value) => (typeof value === 'string' && value.trim().length > 0 && value.length <= 255 ? undefined : 'must be a string of 1–255 characters'),
  // Whether it is a JSON value is the request hash's to say (canonicalJson): one issue per field.
  request: (value) => (value === undefined ? 'is required (any JSON value)' : undefined),
  ttlSeconds: (value) => secondsIssue(value, MIN_TTL_SECONDS, MAX_TTL_SECONDS),
  leaseSeconds: (value) => secondsIssue(value, MIN_LEASE_SECONDS, MAX_LEASE_SECONDS),
};

function fieldIssues(fields: Partial<Record<ClaimKey, unknown>>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const name of Object.keys(fields) as ClaimKey[]) {
    const problem = FIELD_CHECKS[name](fields[name]);
    if (problem !== undefined) issues.push({ path: name, message: problem });
  }
  return issues;
}

/**
 * The claim() input, each field read once (what is checked is what is used), with the issues of
 * every bad field. Reading the caller's object may throw — a getter, a Proxy trap, a revoked Proxy:
 * as parseStreamRecord does with a record it cannot read, that is bad input like any other,
 * reported at the field that could not be read, without the caller's error (its message may hold
 * values; ValidationError keeps no cause).
 */
function readClaimInput(input: unknown): { fields: Record<ClaimKey, unknown>; issues: ValidationIssue[] } {
  const names = plainObjectKeys(input);
  if (names === UNREAD) return { fields: {} as Record<ClaimKey, unknown>, issues: [{ path: '', message: UNREADABLE }] };
  if (names === null) return { fields: {} as Record<ClaimKey, unknown>, issues: [{ path: '', message: INPUT_SHAPE }] };
  const issues: ValidationIssue[] = names.filter((name) => !(CLAIM_KEYS as readonly string[]).includes(name)).map((name) => ({ path: name, message: 'is not a claim() option' }));
  const fields = {} as Record<ClaimKey, unknown>;
  for (const name of CLAIM_KEYS) {
    const value = readOwn(input as object, name);
    // Left out of `fields`: this field's one issue is that it could not be read.
    if (value === UNREAD) issues.push({ path: name, message: UNREADABLE });
    else fields[name] = value;
  }
  issues.push(...fieldIssues(fields));
  return { fields, issues };
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- finders are generated on the prototype
export interface IdempotencyKeyCollection extends Finders<A, I, IdempotencyKey> {}

/**
 * The idempotency keys of one table (`da.IdempotencyKey`): a retried "create a ticket" request
 * gets the first answer, not a second Jira issue.
 *
 * @example
 * ```ts
 * const found = await da.IdempotencyKey.claim({ key: header, organizationId, endpoint: 'POST /tickets', request: body });
 * if (found.state === 'completed') return reply(200, found.response);
 * if (found.state === 'in_progress') return reply(409, { retryAfterMs: found.retryAfterMs });
 * const issue = await jira.createIssue(body);              // your call to the tracker
 * const created = await da.Ticket.createWithSuggestions(ticketOf(issue), links, { idempotency: found.claim });
 * return reply(201, { ticket: created.ticket.toJSON(), links: created.links.map((l) => l.toJSON()) });
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface above
export class IdempotencyKeyCollection extends EntityCollection<IdempotencyKey> {
  /**
   * Claims `key` for this request, in one conditional write: `claimed` for exactly one of any
   * number of concurrent callers; `completed` with the stored response for a retry after success;
   * `in_progress` with `retryAfterMs` while another attempt holds the lease. A key whose lease ran
   * out (its holder died) or that failed is claimed again in the same write; a key past its
   * ttlSeconds is as if it never existed. ConflictError 'idempotency-request' when the key was used
   * for another request body or endpoint.
   */
  async claim(input: ClaimInput): Promise<ClaimResult> {
    const { fields, issues } = readClaimInput(input);
    // Hashed only when present: a missing request is one issue (is required), not two.
    const canonical = fields.request === undefined ? undefined : canonicalJson(fields.request);
    if (canonical !== undefined && 'issues' in canonical) issues.push(...canonical.issues);
    if (issues.length > 0 || canonical === undefined || 'issues' in canonical) throw new ValidationError(issues, this.entityName);
    const requestHash = requestHashOf(canonical.json);
    // Checked above: the fields read from the input have the types of ClaimInput.
    const { key, endpoint } = fields as unknown as ClaimInput;
    const organizationId = (fields.organizationId as string).toLowerCase();
    const now = Date.now();
    const nowIso = new Date(now).toISOString();
    const ttlSeconds = (fields.ttlSeconds as number | undefined) ?? DEFAULT_TTL_SECONDS;
    const leaseSeconds = (fields.leaseSeconds as number | undefined) ?? DEFAULT_LEASE_SECONDS;
    const token = randomUUID();
    // The stored key may be replaced when it expired, or when it is this request and free again.
    const free = when.or(
      when.le('expiresAt', nowIso),
      when.and(when.eq('requestHash', requestHash), when.eq('endpoint', endpoint), when.or(when.eq('status', 'failed'), when.and(when.eq('status', 'processing'), when.le('leaseExpiresAt', nowIso)))),
    );
    const taken = (stored: Stored): DataAccessError =>
      stored.requestHash !== requestHash || stored.endpoint !== endpoint
        ? new ConflictError('idempotency-request', 'IdempotencyKey: the key was used for another request (body or endpoint)', [key])
        : new Answered(stored);
    let id: string;
    try {
      const created = await this.insert(
        { organizationId, key, endpoint },
        {
          requestHash,
          status: 'processing',
          claimToken: token,
          leaseSeconds,
          leaseExpiresAt: new Date(now + leaseSeconds * 1000).toISOString(),
          expiresAt: new Date(now + ttlSeconds * 1000).toISOString(),
          ttl: Math.ceil(now / 1000) + ttlSeconds,
        },
        [],
        { overwrite: { condition: free, error: taken } },
      );
      id = created.getId();
    } catch (error) {
      if (!(error instanceof Answered)) throw error;
      const { stored } = error;
      if (stored.status === 'completed') return { state: 'completed', response: responseOf(stored), completedAt: String(stored.completedAt) };
      return { state: 'in_progress', retryAfterMs: Math.max(1, Date.parse(String(stored.leaseExpiresAt)) - Date.now()) };
    }
    return { state: 'claimed', claim: new HeldClaim(this, { id, key, organizationId, token, leaseSeconds }) };
  }

  /** The organization's key, unless it expired; null when none (parity with the predecessor's lookup). */
  async findActiveKey(key: string, organizationId: string): Promise<IdempotencyKey | null> {
    const issues = fieldIssues({ key, organizationId });
    if (issues.length > 0) throw new ValidationError(issues, this.entityName);
    const stored = await readStored(this, identityOf(this.schema, { organizationId: organizationId.toLowerCase(), key }));
    if (!stored) return null;
    const model = hydrateStored<IdempotencyKey>(this, stored);
    return model.isExpired() ? null : model;
  }
}

/** The IdempotencyKey collection as `DataAccess` exposes it: keys are written through claim() only (an EntityCollection, no generic create/createMany). */
export type IdempotencyKeyApi = IdempotencyKeyCollection;
