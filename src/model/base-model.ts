/**
 * BaseModel: an EntityModel with the generic `save()` — the base of every model whose setter
 * changes a caller may write.
 */
import { DataAccessError } from '../errors/index.js';
import type { AnySchema } from '../schema/index.js';
import { BOUND } from './binding.js';
import { EntityModel } from './entity-model.js';

/**
 * The base class of a model whose changes a caller saves: one instance per stored item, with the
 * generated `get…`/`set…` accessors of schema `S`, change tracking, `save()`, `remove()` and
 * `toJSON()`.
 *
 * Setters validate at once (ValidationError, InvalidTransitionError) and change only this copy;
 * `save()` then writes just the changed attributes, conditioned on the `updatedAt` that was read,
 * so a change made elsewhere meanwhile is reported (ConcurrentModificationError) instead of being
 * overwritten. Entity classes extend it and declare a merged interface for the accessors.
 *
 * @example
 * ```ts
 * const noteSchema = new SchemaBuilder('Note')
 *   .addAttribute('authorId', attr.uuid({ required: true, readOnly: true }))
 *   .addAttribute('body', attr.string({ required: true, maxLength: 5000 }))
 *   .addIndex('byAuthor', { gsi: 1, pk: ['authorId'], sk: ['createdAt'] })
 *   .build();
 * type NoteSchema = typeof noteSchema;
 *
 * // The interface types the accessors that the registry installs on the prototype.
 * export interface Note extends ModelAccessors<AttributesOf<NoteSchema>, ReferencesOf<NoteSchema>, Note> {}
 * export class Note extends BaseModel<NoteSchema> {
 *   isLong(): boolean {
 *     return this.getBody().length > 1000;
 *   }
 * }
 * ```
 */
export abstract class BaseModel<S extends AnySchema = AnySchema> extends EntityModel<S> {
  /** Writes the changed attributes; ConcurrentModificationError if the item changed meanwhile. */
  async save(): Promise<this> {
    const { schema } = this[BOUND];
    if (!schema.updatable) throw new DataAccessError('UNSUPPORTED', `${schema.entityName} is immutable: it cannot be saved`);
    return this.write({ optimistic: true, operation: `${schema.entityName}.save` });
  }
}
