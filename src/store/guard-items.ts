/**
 * Guard items: one item per claimed unique value, `pk = $unique#<entity>#<constraint>#<values>`,
 * written and removed in the same transaction as their owner. `ownerId` lets a later write tell
 * "held by me" (free to release) from "held by someone else" (never touch).
 */
import { createHash } from 'node:crypto';
import type { ConflictError } from '../errors/index.js';
import { when } from './condition.js';
import type { PlanAction } from './write-plan.js';
import { DROP, refuse } from './write-plan.js';

export const GUARD_SORT_KEY = '$unique';
/** Every guard's partition key starts with this. */
export const GUARD_PREFIX = '$unique#';
const MAX_KEY_LENGTH = 1024;

export interface GuardKey {
  readonly pk: string;
  readonly sk: string;
}

/**
 * URI-encoding keeps `#` out of values; a string that is not well-formed UTF-16 (a lone
 * surrogate, which encodeURIComponent refuses) is hex-encoded behind a `$`, which URI encoding
 * never produces, so the two forms cannot collide.
 */
function encodeValue(value: unknown): string {
  const text = String(value);
  try {
    return encodeURIComponent(text);
  } catch {
    return `$${Buffer.from(text, 'utf16le').toString('hex')}`;
  }
}

/** The guard's key. Values are URI-encoded so `#` inside a value cannot forge another key. */
export function guardKey(entity: string, constraint: string, values: readonly unknown[]): GuardKey {
  const encoded = values.map(encodeValue).join('#');
  let pk = `${GUARD_PREFIX}${entity}#${constraint}#${encoded}`;
  if (pk.length > MAX_KEY_LENGTH) {
    pk = `${GUARD_PREFIX}${entity}#${constraint}#sha256:${createHash('sha256').update(encoded).digest('base64url')}`;
  }
  return { pk, sk: GUARD_SORT_KEY };
}

/**
 * Claims the guard for `ownerId`. Taken by another owner: `conflict()`. Already held by this
 * owner (the stored record holds it already): nothing to claim, the action is dropped. With
 * `from`, the guard is taken over from that owner instead (it must hold it now).
 */
export function claimGuardAction(
  key: GuardKey,
  ownerId: string,
  constraint: string,
  entity: string,
  conflict: () => ConflictError,
  group?: string,
  from?: string,
): PlanAction {
  const free = from === undefined ? when.absent() : when.eq('ownerId', from);
  return {
    type: 'put',
    slot: `guard:${constraint}`,
    key,
    item: { pk: key.pk, sk: key.sk, ownerId, constraint, entity },
    requirements: [{ condition: free, failure: (item) => (item?.ownerId === ownerId ? DROP : refuse(conflict())) }],
    rank: 20,
    ...(group === undefined ? {} : { group }),
  };
}

/**
 * Releases the guard if `ownerId` holds it (or it is already gone). Held by another owner now:
 * the release is dropped — another owner's guard is never touched. `ownerId` null: released
 * whoever holds it, for a removal whose fence leaves no owner outside the removed tree.
 */
export function releaseGuardAction(key: GuardKey, ownerId: string | null, constraint: string, group?: string): PlanAction {
  return {
    type: 'delete',
    slot: `release:${constraint}`,
    key,
    requirements: ownerId === null ? [] : [{ condition: when.or(when.absent(), when.eq('ownerId', ownerId)), failure: () => DROP }],
    rank: 90,
    ...(group === undefined ? {} : { group }),
  };
}

/** True for a guard item (for scans and change feeds that must skip them). */
export function isGuardItem(item: Readonly<Record<string, unknown>>): boolean {
  return typeof item.pk === 'string' && item.pk.startsWith(GUARD_PREFIX) && item.sk === GUARD_SORT_KEY;
}
