/**
 * Assembling plan actions of one logical write into one {@link WritePlan} and handing it to
 * `store/`. Parts built separately (a ticket and its links, a sync and its connection) are merged
 * here: checks of the same item become one check, and a check of an item the same plan creates is
 * decided locally against the new item (a link's check of the ticket created with it) — a
 * transaction may not touch one item twice.
 */
import { randomUUID } from 'node:crypto';
import { DataAccessError } from '../errors/index.js';
import { holds } from '../store/condition.js';
import type { StoreContext } from '../store/context.js';
import { executePlan } from '../store/execute-plan.js';
import { withWriteToken } from '../store/storage-attributes.js';
import type { PlanAction, PlanResult, WritePlan } from '../store/write-plan.js';

const keyOf = (action: PlanAction) => `${action.key.pk}\u0000${action.key.sk}`;

/** The actions with checks merged per item and checks of items created in the same plan decided locally. */
export function mergeActions(operation: string, actions: readonly PlanAction[]): PlanAction[] {
  const written = new Map<string, PlanAction>();
  for (const action of actions) {
    if (action.type === 'check') continue;
    const key = keyOf(action);
    if (written.has(key)) throw new DataAccessError('UNSUPPORTED', `${operation}: one write cannot change the same item twice`);
    written.set(key, action);
  }
  const checks = new Map<string, PlanAction>();
  const merged: PlanAction[] = [];
  for (const action of actions) {
    if (action.type !== 'check') {
      merged.push(action);
      continue;
    }
    const key = keyOf(action);
    const target = written.get(key);
    if (target) {
      if (target.type !== 'put') throw new DataAccessError('UNSUPPORTED', `${operation}: one write cannot check an item it changes`);
      // The item is created by this very plan: its requirements are decided on the new item now.
      const failed = action.requirements.find((requirement) => !holds(requirement.condition, target.item));
      const outcome = failed?.failure(target.item);
      if (outcome?.kind === 'error') throw outcome.error;
      continue;
    }
    const earlier = checks.get(key);
    if (!earlier) {
      checks.set(key, action);
      merged.push(action);
      continue;
    }
    const seen = new Set(earlier.requirements.map((requirement) => JSON.stringify(requirement.condition)));
    const more = action.requirements.filter((requirement) => !seen.has(JSON.stringify(requirement.condition)));
    const combined: PlanAction = Object.assign({}, earlier, { requirements: [...earlier.requirements, ...more], rank: Math.min(earlier.rank ?? 100, action.rank ?? 100) });
    checks.set(key, combined);
    merged[merged.indexOf(earlier)] = combined;
  }
  return merged;
}

/** Options of {@link runPlan}. */
export interface RunOptions {
  /** Resolve the owner's item as stored after the write. */
  readonly readBack?: boolean;
  /** Resolve no item at all (see WritePlan.discardItem); ignored with readBack. */
  readonly discardItem?: boolean;
}

/** The plan of `actions` (merged), with a fresh token. */
export function planOf(operation: string, actions: readonly PlanAction[], options: RunOptions = {}): WritePlan {
  const returned = options.readBack ? { readBack: true } : options.discardItem ? { discardItem: true } : {};
  return { operation, actions: mergeActions(operation, actions), token: randomUUID(), ...returned };
}

/** Merges and executes the actions of one logical write; resolves what it did and the token its owner carries. */
export async function runPlan(context: StoreContext, operation: string, actions: readonly PlanAction[], options: RunOptions = {}): Promise<PlanResult & { token: string }> {
  const plan = planOf(operation, actions, options);
  return Object.assign(await executePlan(context, plan), { token: plan.token });
}

/** The stored form of a record a plan created: its item with the plan's write token. */
export function createdItem(item: Readonly<Record<string, unknown>>, token: string): Record<string, unknown> {
  return withWriteToken(item, token);
}
