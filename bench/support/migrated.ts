/**
 * Trees the removal scenarios copy come from a table whose data migrations are done, as a
 * deployed table's are once `migrate run` ran after an upgrade: until then a connection's
 * cascade also looks for links ticket by ticket (links stored before they carried the
 * connection id are not in its index). The migrations' ledger items are copied with the tree
 * and stay behind after a removal, like in the table they came from.
 */
import type { DataAccess } from '../../src/index.js';
import { check } from '../scenario.js';

type Item = Record<string, unknown>;

/** Runs every data migration on `da`'s table (a fresh one: each finds nothing to do) and checks they are done. */
export async function runMigrations(da: DataAccess): Promise<void> {
  const results = await da.migrations.run();
  check(results.every((result) => result.outcome === 'done'), `the migrations ended ${results.map((result) => result.outcome).join(', ')}`);
}

/** True for a migration's ledger item. */
export function isLedger(item: Item): boolean {
  return String(item.pk).startsWith('$migration#');
}
