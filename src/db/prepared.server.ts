// Hot-path statements whose SQL text is built once at module load and prepared once per connection.
// - PostgreSQL (node-postgres): a NAMED statement through the drizzle session (works inside transactions
//   too): every pooled connection parses and analyses it once, afterwards only Bind/Execute are sent.
// - PGlite, outside a transaction: PGlite's own `query(text, params)` parses, describes and plans the text on
//   every call (six protocol round trips into the WASM engine), which made the survey insert cost ≈ 1.9 ms;
//   a named statement bound through PGlite's public `execProtocol` API costs ≈ 0.9 ms, and concurrent callers
//   share one pipelined call (below). It takes the same two locks as PGlite's `query()` (transaction, then
//   query), so it never runs inside another caller's open transaction. Inside a drizzle transaction PGlite
//   already holds them: the session path is used there.
import { PGlite } from '@electric-sql/pglite';
import type { Tx } from './index.server';

/**
 * The SQLSTATE of a database error (e.g. '23505' for a unique violation), wherever the driver put it: PGlite
 * throws the database error itself, drizzle on node-postgres wraps it as the `cause`.
 */
export function sqlState(err: unknown): string | undefined {
  for (
    let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 4;
    e = e.cause as typeof e, depth++
  ) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  }
  return undefined;
}

export type PreparedStatement = { readonly name: string; readonly text: string };

/** `name` must be unique per distinct `text` (a connection refuses one name with two texts). */
export function preparedStatement(name: string, text: string): PreparedStatement {
  return { name, text };
}

/**
 * Runs a prepared statement with positional parameters ($1 … in `text`; cast every parameter in the text,
 * no types are sent). Parameters: string, number, boolean or null. Returns the rows as objects.
 */
export async function executePrepared<T>(tx: Tx, statement: PreparedStatement, params: unknown[]): Promise<T[]> {
  const client = (tx as { $client?: unknown }).$client;
  if (client instanceof PGlite) return executeOnPglite<T>(client, statement, params);
  const result: unknown = await tx._.session
    .prepareQuery({ sql: statement.text, params }, undefined, statement.name, false)
    .execute();
  return ((result as { rows?: T[] }).rows ?? (result as T[])) as T[];
}

// Column names of each statement prepared on each PGlite instance.
const preparedOn = new WeakMap<PGlite, Map<string, Promise<string[]>>>();

/** Like PGlite's `query()`: wait for any open transaction to finish, then for the query lock. */
function exclusive<T>(db: PGlite, fn: () => Promise<T>): Promise<T> {
  return db._runExclusiveTransaction(() => db.runExclusive(fn));
}

async function executeOnPglite<T>(db: PGlite, statement: PreparedStatement, params: unknown[]): Promise<T[]> {
  let statements = preparedOn.get(db);
  if (!statements) preparedOn.set(db, (statements = new Map()));
  let columns = statements.get(statement.name);
  if (!columns) {
    const describe = concat([message('D', [Uint8Array.of(83), cstring(statement.name)]), SYNC]);
    const prepare = concat([message('P', [cstring(statement.name), cstring(statement.text), int16(0)]), describe]);
    const columnsOf = ({ messages }: { messages: { name: string }[] }) => {
      const description = messages.find((m) => m.name === 'rowDescription') as
        { fields?: { name: string }[] } | undefined;
      return (description?.fields ?? []).map((f) => f.name);
    };
    columns = exclusive(db, () => db.execProtocol(prepare))
      .catch((err: unknown) => {
        // Already prepared on this instance by another copy of this module (the React Router build bundles
        // its own): the name is versioned with the text, so only the columns are missing.
        if (sqlState(err) !== '42P05') throw err;
        return exclusive(db, () => db.execProtocol(describe));
      })
      .then(columnsOf);
    statements.set(statement.name, columns);
    // A failed prepare (e.g. before migrations) is retried on the next call.
    columns.catch(() => statements.delete(statement.name));
  }
  const names = await columns;
  return new Promise<T[]>((resolve, reject) => {
    let queue = pipelines.get(db);
    if (!queue) pipelines.set(db, (queue = []));
    queue.push({
      message: bindExecute(statement.name, params),
      names,
      resolve: resolve as (rows: unknown[]) => void,
      reject,
    });
    if (queue.length === 1) void exclusive(db, () => flushPipeline(db));
  });
}

type Pending = {
  message: Uint8Array;
  names: string[];
  resolve: (rows: unknown[]) => void;
  reject: (err: unknown) => void;
};

// Statements waiting for PGlite, per instance. What queued up while PGlite was busy goes in as one pipeline:
// Bind/Execute/Sync per statement, so each statement is still its own transaction (committed at its Sync,
// an error aborts only that one) and its caller is answered only after that commit. One lock hand-off, one
// event-loop turn and one call into the WASM engine per batch instead of per statement.
// The batch is capped because the engine blocks the thread while it runs, and libuv accepts only one new
// TCP connection per event-loop turn: with batches of ~25 statements (≈ 15 ms) new connections queued in
// the kernel for ≈ 200 ms. Measured at 50 clients (docs/decisions/0032): 4 → 1 155 req/s, 8 → 1 525 req/s
// with p99 71 ms, 16 → 1 594 req/s but new connections' p99 > 200 ms.
const pipelines = new WeakMap<PGlite, Pending[]>();
const MAX_PIPELINE = 8;

async function flushPipeline(db: PGlite): Promise<void> {
  // PGlite runs on this thread and hands its lock to the next waiter in a microtask, so while statements
  // are queued the event loop would never reach the poll phase: new connections were not even accepted.
  // One macrotask turn per batch lets pending I/O in (and lets the batch grow).
  await new Promise<void>((resolve) => setImmediate(resolve));
  const queue = pipelines.get(db) ?? [];
  const batch = queue.splice(0, MAX_PIPELINE);
  if (queue.length === 0) pipelines.delete(db);
  else void exclusive(db, () => flushPipeline(db));
  if (batch.length === 0) return;
  let messages: { name: string }[];
  try {
    ({ messages } = await db.execProtocol(concat(batch.map((p) => p.message)), { throwOnError: false }));
  } catch (err) {
    for (const p of batch) p.reject(err);
    return;
  }
  // The replies come in order, each statement's ending with ReadyForQuery.
  let i = 0;
  let rows: unknown[] = [];
  let error: unknown = null;
  for (const m of messages) {
    if (m.name === 'dataRow') {
      const fields = (m as unknown as { fields: (string | null)[] }).fields;
      const row: Record<string, string | null> = {};
      batch[i]?.names.forEach((n, k) => (row[n] = fields[k] ?? null));
      rows.push(row);
    } else if (m.name === 'error') {
      error = m;
    } else if (m.name === 'readyForQuery') {
      const p = batch[i++];
      if (error) p?.reject(error);
      else p?.resolve(rows);
      rows = [];
      error = null;
    }
  }
  const lost = new Error('PGlite answered fewer statements than it was sent');
  for (; i < batch.length; i++) batch[i]!.reject(lost);
}

const encoder = new TextEncoder();
const SYNC = message('S', []);

function bindExecute(name: string, params: unknown[]): Uint8Array {
  const parts: Uint8Array[] = [cstring(''), cstring(name), int16(0), int16(params.length)];
  for (const p of params) {
    if (p === null || p === undefined) {
      parts.push(int32(-1));
      continue;
    }
    const bytes = encoder.encode(typeof p === 'boolean' ? (p ? 't' : 'f') : String(p));
    parts.push(int32(bytes.byteLength), bytes);
  }
  parts.push(int16(0));
  return concat([message('B', parts), message('E', [cstring(''), int32(0)]), SYNC]);
}

function message(type: string, parts: Uint8Array[]): Uint8Array {
  const body = concat(parts);
  const out = new Uint8Array(5 + body.byteLength);
  out[0] = type.charCodeAt(0);
  new DataView(out.buffer).setInt32(1, 4 + body.byteLength);
  out.set(body, 5);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  let size = 0;
  for (const p of parts) size += p.byteLength;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.byteLength;
  }
  return out;
}

function cstring(s: string): Uint8Array {
  const bytes = encoder.encode(s);
  const out = new Uint8Array(bytes.byteLength + 1);
  out.set(bytes);
  return out;
}

function int16(n: number): Uint8Array {
  const out = new Uint8Array(2);
  new DataView(out.buffer).setInt16(0, n);
  return out;
}

function int32(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setInt32(0, n);
  return out;
}
