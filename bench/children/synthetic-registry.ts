/**
 * A synthetic registry of `n` entities declared with the library's SchemaBuilder: each has six
 * attributes of different kinds, an index of its own, and belongs to the previous one (which has
 * many of it; the first belongs to the last, closing a ring), so reference checks and accessor
 * generation scale with `n` too.
 */
import { attr, BaseCollection, BaseModel, defineEntity, EntityRegistry, SchemaBuilder } from '../../src/index.js';
import type { EntityDefinition } from '../../src/index.js';

const STATES = ['draft', 'live', 'archived'] as const;

export function syntheticRegistry(n: number): EntityRegistry {
  const definitions: Record<string, EntityDefinition> = {};
  for (let i = 0; i < n; i += 1) {
    const name = `Synthetic${i}`;
    const schema = new SchemaBuilder(name)
      .addAttribute('ownerId', attr.uuid({ required: true, readOnly: true }))
      .addAttribute('title', attr.string({ required: true, minLength: 1, maxLength: 200 }))
      .addAttribute('state', attr.enum(STATES, { default: 'draft' }))
      .addAttribute('rank', attr.number({ integer: true, min: 0, default: 0 }))
      .addAttribute('link', attr.httpsUrl())
      .addAttribute('enabled', attr.boolean({ default: true }))
      .addIndex('byOwner', { gsi: 1 + (i % 10), pk: ['ownerId'], sk: ['state', 'rank'] })
      .belongsTo(`Synthetic${(i + n - 1) % n}`, { gsi: 11 + (i % 10) })
      .hasMany(`Synthetic${(i + 1) % n}`, { removeDependents: true })
      .build();
    class Model extends BaseModel {}
    class Collection extends BaseCollection {}
    definitions[name] = defineEntity({ schema, Model, Collection });
  }
  return new EntityRegistry(definitions);
}
