/**
 * Where a data migration's ledger item lives (`pk = $migration#<id>`, `sk = $migration`), and
 * whether it says the migration is done. The store reads it for code below the migrations that
 * must not rely on what a migration still has to backfill (a connection's cascade and the links
 * an index does not list until `2026-12-link-connection-id` has run).
 */
import type { StoreContext } from './context.js';
import { getItem } from './get-item.js';
import type { ItemKey } from './keys.js';

export const LEDGER_PREFIX = '$migration#';
export const LEDGER_SORT_KEY = '$migration';

/** The ledger item's key. */
export function ledgerKey(id: string): ItemKey {
  return { pk: `${LEDGER_PREFIX}${id}`, sk: LEDGER_SORT_KEY };
}

/** Migrations seen done, per client and table: a finished migration never runs again, so the answer never changes back. */
const seenDone = new WeakMap<object, Set<string>>();

/**
 * True when the ledger of migration `id` says `done` (read once per client and table after it
 * does). No ledger, another state or a failed read: false — the caller takes the way that does
 * not depend on the migration.
 */
export async function migrationDone(context: StoreContext, id: string): Promise<boolean> {
  const key = `${context.tableName}\u0000${id}`;
  if (seenDone.get(context.doc)?.has(key)) return true;
  let item: Record<string, unknown> | undefined;
  try {
    item = await getItem(context, ledgerKey(id), { attributes: ['state'] });
  } catch {
    return false;
  }
  if (item?.state !== 'done') return false;
  let known = seenDone.get(context.doc);
  if (!known) seenDone.set(context.doc, (known = new Set()));
  known.add(key);
  return true;
}
