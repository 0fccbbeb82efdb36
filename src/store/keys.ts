/** The primary key of every item in the table (entities and guard items alike). */
export type ItemKey = { readonly pk: string; readonly sk: string };

/** `value` as a primary key when it is one (a page's LastEvaluatedKey, a stored cursor); otherwise undefined. */
export function itemKeyOf(value: unknown): ItemKey | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { pk, sk } = value as Record<string, unknown>;
  return typeof pk === 'string' && typeof sk === 'string' ? { pk, sk } : undefined;
}

/** The primary key of an item (or of an ItemKey) as one string, to look items up by key in a Map or Set. */
export function keyText(item: Readonly<Record<string, unknown>> | ItemKey): string {
  return `${String(item.pk)}\u0000${String(item.sk)}`;
}
