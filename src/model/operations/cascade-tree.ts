/**
 * The shape of a removal's tree, read from the schemas: which entities go with a record, which
 * levels need a fence of their own, and which grandchildren one query per ancestor can find.
 */
import { migrationDone } from '../../store/migration-ledger.js';
import type { EntityBinding } from '../binding.js';

/** The entities whose items are removed with an item of `binding`. */
export function dependentsOf(binding: EntityBinding): EntityBinding[] {
  return binding.schema.references.filter((r) => r.kind !== 'belongs_to' && r.removeDependents).map((r) => binding.resolve(r.target));
}

/**
 * True when every descendant of `binding` carries the id of one of the `fenced` entities: their
 * creates already check that fence, so `binding`'s own records need none.
 */
export function coveredByFence(binding: EntityBinding, fenced: ReadonlySet<string>): boolean {
  return dependentsOf(binding).every(
    (child) => [...fenced].some((name) => child.schema.attribute(child.resolve(name).schema.idAttribute) !== undefined) && coveredByFence(child, fenced),
  );
}

/**
 * Grandchildren that carry the ancestor's id in an index of their own (`by<Ancestor>Id`) and
 * have no dependents: they can be found with one query per ancestor instead of one per child.
 */
export function shortcutsFrom(ancestor: EntityBinding, child: EntityBinding): EntityBinding[] {
  const { entityName, idAttribute } = ancestor.schema;
  return dependentsOf(child).filter((grandchild) => {
    const index = grandchild.schema.indexes[`by${entityName}Id`];
    return index?.pk.length === 1 && index.pk[0] === idAttribute && dependentsOf(grandchild).length === 0;
  });
}

/**
 * The shortcuts whose index lists every grandchild. One a data migration still has to backfill
 * (`backfilledBy`, its ledger not done) misses items stored before the index existed: those are
 * then also looked for through their parent, level by level, like any other dependent.
 */
export async function completeShortcuts(ancestor: EntityBinding, shortcuts: readonly EntityBinding[]): Promise<EntityBinding[]> {
  const indexName = `by${ancestor.schema.entityName}Id`;
  const complete = await Promise.all(
    shortcuts.map((grandchild) => {
      const migration = grandchild.schema.indexes[indexName]?.backfilledBy;
      return migration === undefined ? Promise.resolve(true) : migrationDone(grandchild.context, migration);
    }),
  );
  return shortcuts.filter((_, i) => complete[i]);
}
