/**
 * BaseCollection: an EntityCollection with the generic create and createMany — the base of every
 * collection whose records a caller may create from plain input.
 */
import type { BaseModel } from './base-model.js';
import type { EntityModel } from './entity-model.js';
import type { CreateInputOfModel } from './entity-collection.js';
import { EntityCollection } from './entity-collection.js';
import type { CreateManyResult } from './operations/create-many.js';

/**
 * The base class of a collection whose records are created from plain input: the entry point for
 * one entity in one DataAccess, with create, createMany, reads by id, paging, removal and the
 * generated `allBy…`/`findBy…` finders of its schema's indexes. Entity collections extend it with
 * their own queries.
 *
 * @example
 * ```ts
 * // noteSchema, NoteSchema and Note as in the BaseModel example
 * export interface NoteCollection extends Finders<AttributesOf<NoteSchema>, IndexesOf<NoteSchema>, Note> {}
 * export class NoteCollection extends BaseCollection<Note> {
 *   async latest(authorId: string): Promise<Note[]> {
 *     return this.allByAuthorId(authorId, { order: 'desc', limit: 10 });
 *   }
 * }
 * ```
 */
export class BaseCollection<M extends EntityModel = BaseModel> extends EntityCollection<M> {
  /** Validates `data`, then writes it with its guards and parent checks in one request. */
  create(data: CreateInputOfModel<M>): Promise<M> {
    return this.insert(data);
  }

  /** Creates any number of items; each one ends in `created` or in `failed`, never nowhere. */
  createMany(items: readonly CreateInputOfModel<M>[]): Promise<CreateManyResult<M, CreateInputOfModel<M>>> {
    return this.insertMany(items);
  }
}
