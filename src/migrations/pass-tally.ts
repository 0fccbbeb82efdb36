/** Counts of a pass (or of one run's share of it): records scanned, changed, failed, and the conflicts found. */
import type { ItemKey } from '../store/keys.js';
import type { PassProgress } from './ledger.js';
import type { RecordOutcome } from './record-change.js';
import type { ActiveProviderConflict } from './types.js';

/** Conflicts kept in a ledger and a result (an item holds at most 400 KB); more are still counted in `failed`. */
export const MAX_CONFLICTS = 100;

const conflictKey = (conflict: ActiveProviderConflict) => `${conflict.organizationId}\u0000${conflict.provider}`;

export class PassTally {
  cursor: ItemKey | undefined;
  scanned: number;
  changed: number;
  failed: number;
  /** By organization and provider: each connection of a conflict finds it again. */
  readonly #conflicts = new Map<string, ActiveProviderConflict>();

  constructor(start: PassProgress = { cursor: undefined, scanned: 0, changed: 0, failed: 0, conflicts: [] }) {
    this.cursor = start.cursor;
    this.scanned = start.scanned;
    this.changed = start.changed;
    this.failed = start.failed;
    for (const conflict of start.conflicts) this.#addConflict(conflict);
  }

  #addConflict(conflict: ActiveProviderConflict): void {
    const key = conflictKey(conflict);
    const known = this.#conflicts.get(key);
    if (!known && this.#conflicts.size >= MAX_CONFLICTS) return;
    const ids = new Set([...(known?.connectionIds ?? []), ...conflict.connectionIds]);
    this.#conflicts.set(key, { organizationId: conflict.organizationId, provider: conflict.provider, connectionIds: [...ids].sort() });
  }

  /** Counts one record's outcome. */
  add(outcome: RecordOutcome): void {
    if (outcome.kind === 'changed') this.changed += 1;
    else if (outcome.kind === 'failed') {
      this.failed += 1;
      if (outcome.conflict) this.#addConflict(outcome.conflict);
    }
  }

  get conflicts(): ActiveProviderConflict[] {
    return [...this.#conflicts.values()];
  }

  /** The pass as a checkpoint writes it. */
  progress(): PassProgress {
    return { cursor: this.cursor, scanned: this.scanned, changed: this.changed, failed: this.failed, conflicts: this.conflicts };
  }
}
