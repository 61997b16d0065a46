// The shape of one cache schema migration and a helper the migrations share.

/** One migration: applied once, in version order, inside the runner's transaction. */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

/** Statements joined into one script, each ended with `;`. */
export const sqlOf = (items: readonly { sql: string }[]) => items.map((i) => `${i.sql};`).join('\n');
