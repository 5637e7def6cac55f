// Hot-path statements whose SQL text is built once at module load. Going through the drizzle session
// keeps them usable inside transactions on both engines: on PostgreSQL the statement is NAMED, so every
// pooled connection parses and analyses it once and afterwards only binds parameters (the wide survey
// insert spent more time in drizzle's SQL builder and in PostgreSQL's parser than in execution); on PGlite
// it is `query(text, params)`.
import type { Tx } from './index';

export type PreparedStatement = { readonly name: string; readonly text: string };

/** `name` must be unique per distinct `text` (node-postgres refuses one name with two texts on a connection). */
export function preparedStatement(name: string, text: string): PreparedStatement {
  return { name, text };
}

export async function executePrepared<T>(tx: Tx, statement: PreparedStatement, params: unknown[]): Promise<T[]> {
  const result: unknown = await tx._.session.prepareQuery({ sql: statement.text, params }, undefined, statement.name, false).execute();
  return ((result as { rows?: T[] }).rows ?? (result as T[])) as T[];
}
