/** The primary key of every item in the table (entities and guard items alike). */
export type ItemKey = { readonly pk: string; readonly sk: string };
