/**
 * Bench-only entities declared with the library's public API: BenchNote, an entity without
 * guards or parent checks (createMany sends it through BatchWriteItem), and in-process hydration
 * of stored Ticket items.
 */
import type { AttributesOf, Finders, IndexesOf, ModelAccessors, ReferencesOf } from '../src/index.js';
import type { Ticket, TicketCollection } from '../src/index.js';
import { attr, BaseCollection, BaseModel, defineEntity, EntityRegistry, SchemaBuilder } from '../src/index.js';

export const benchNoteSchema = new SchemaBuilder('BenchNote')
  .addAttribute('groupId', attr.uuid({ required: true, readOnly: true }))
  .addAttribute('title', attr.string({ required: true, minLength: 1, maxLength: 200 }))
  .addAttribute('body', attr.string({ required: true, maxLength: 4000 }))
  .addAttribute('position', attr.number({ required: true, integer: true, min: 0 }))
  .addIndex('byGroup', { gsi: 1, pk: ['groupId'], sk: ['position'] })
  .build();

type NS = typeof benchNoteSchema;

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- accessors are generated on the prototype
export interface BenchNote extends ModelAccessors<AttributesOf<NS>, ReferencesOf<NS>, BenchNote> {}
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see above
export class BenchNote extends BaseModel<NS> {}
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- finders are generated on the prototype
export interface BenchNoteCollection extends Finders<AttributesOf<NS>, IndexesOf<NS>, BenchNote> {}
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see above
export class BenchNoteCollection extends BaseCollection<BenchNote> {}

declare module '../src/model/accessors.js' {
  interface EntityModels {
    BenchNote: BenchNote;
  }
}

export function benchNoteRegistry() {
  return new EntityRegistry({ BenchNote: defineEntity({ schema: benchNoteSchema, Model: BenchNote, Collection: BenchNoteCollection }) });
}

export type BenchNoteInput = { groupId: string; title: string; body: string; position: number };

/**
 * What every read does after its request: wraps stored items in models (BaseCollection's
 * protected `hydrate`, the call `findById`, `allBy…` and `page` make). Reached through a cast so
 * that the bench can time it without a store round trip.
 */
export function ticketHydrator(tickets: TicketCollection): (items: readonly Record<string, unknown>[]) => Ticket[] {
  const collection = tickets as unknown as { hydrate(item: Record<string, unknown>): Ticket };
  return (items) => items.map((item) => collection.hydrate(item));
}
