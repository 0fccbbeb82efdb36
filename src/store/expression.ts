/**
 * Placeholders of one DynamoDB request. Names become `#n0`, `#n1`…, values `:v0`, `:v1`…; every
 * expression of the request (condition, update, projection) draws from the same builder, so
 * placeholders never clash and nothing depends on names another library chose.
 */

/** An attribute path: a top-level name, or the names leading into a map (`['progress', 'processed']`). */
export type AttributePath = string | readonly string[];

export class ExpressionBuilder {
  readonly #names = new Map<string, string>();
  /** The same names by placeholder, as the request carries them (kept as they are made: no copy per request). */
  readonly #byPlaceholder: Record<string, string> = {};
  readonly #values: Record<string, unknown> = {};
  #valueCount = 0;

  /** The placeholder of a path (`#n0.#n1` for a nested one). */
  path(path: AttributePath): string {
    if (typeof path === 'string') return this.#name(path);
    return path.map((name) => this.#name(name)).join('.');
  }

  #name(name: string): string {
    let placeholder = this.#names.get(name);
    if (placeholder === undefined) {
      placeholder = `#n${this.#names.size}`;
      this.#names.set(name, placeholder);
      this.#byPlaceholder[placeholder] = name;
    }
    return placeholder;
  }

  /** A new value placeholder. */
  value(value: unknown): string {
    const placeholder = `:v${this.#valueCount}`;
    this.#valueCount += 1;
    this.#values[placeholder] = value;
    return placeholder;
  }

  /** The request's `ExpressionAttributeNames` / `ExpressionAttributeValues` (absent when empty; copies, so the builder can go on). */
  attributes(): { ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, unknown> } {
    const attributes: { ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, unknown> } = {};
    if (this.#names.size > 0) attributes.ExpressionAttributeNames = { ...this.#byPlaceholder };
    if (this.#valueCount > 0) attributes.ExpressionAttributeValues = { ...this.#values };
    return attributes;
  }
}
