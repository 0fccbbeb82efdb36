/**
 * Placeholders of one DynamoDB request. Names become `#n0`, `#n1`…, values `:v0`, `:v1`…; every
 * expression of the request (condition, update, projection) draws from the same builder, so
 * placeholders never clash and nothing depends on names another library chose.
 */

/** An attribute path: a top-level name, or the names leading into a map (`['progress', 'processed']`). */
export type AttributePath = string | readonly string[];

/** Placeholders spelt once per process: a request asks for a handful of them, every write. */
const SPELT = 64;
const NAME_PLACEHOLDERS = Array.from({ length: SPELT }, (_, i) => `#n${i}`);
const VALUE_PLACEHOLDERS = Array.from({ length: SPELT }, (_, i) => `:v${i}`);

export class ExpressionBuilder {
  /** Names in placeholder order: a request names a few attributes, so a scan beats a Map here. */
  readonly #names: string[] = [];
  /** The same names by placeholder, as the request carries them. */
  readonly #byPlaceholder: Record<string, string> = {};
  readonly #values: Record<string, unknown> = {};
  #valueCount = 0;

  /** The placeholder of a path (`#n0.#n1` for a nested one). */
  path(path: AttributePath): string {
    if (typeof path === 'string') return this.#name(path);
    let text = '';
    for (const name of path) text = text === '' ? this.#name(name) : `${text}.${this.#name(name)}`;
    return text;
  }

  #name(name: string): string {
    const names = this.#names;
    const index = names.indexOf(name);
    if (index >= 0) return NAME_PLACEHOLDERS[index] ?? `#n${index}`;
    const placeholder = NAME_PLACEHOLDERS[names.length] ?? `#n${names.length}`;
    names.push(name);
    this.#byPlaceholder[placeholder] = name;
    return placeholder;
  }

  /** A new value placeholder. */
  value(value: unknown): string {
    const count = this.#valueCount;
    const placeholder = VALUE_PLACEHOLDERS[count] ?? `:v${count}`;
    this.#valueCount = count + 1;
    this.#values[placeholder] = value;
    return placeholder;
  }

  /**
   * The request's `ExpressionAttributeNames` / `ExpressionAttributeValues` (absent when empty).
   * The builder's own records, not copies: ask for them once, when the request's expressions are done.
   */
  attributes(): { ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, unknown> } {
    const attributes: { ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, unknown> } = {};
    if (this.#names.length > 0) attributes.ExpressionAttributeNames = this.#byPlaceholder;
    if (this.#valueCount > 0) attributes.ExpressionAttributeValues = this.#values;
    return attributes;
  }
}
