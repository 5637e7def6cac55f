// Limits that must hold across every app instance on one database (decision 0017): rate limits on
// credentials and the questionnaire, login attempts for addresses without an account, survey integrity
// windows, single-use form tokens. One upsert per hit, the same SQL on PGlite and PostgreSQL.
//
// Reusable: any room that needs "how many times did this key happen in the last N minutes, on all
// instances" uses `SharedWindowCounter.hit`, and "was this value used before" uses `consumeOnce`.
import { createHash, randomInt } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/index.server';

export type WindowHit = {
  /** Hits in the current fixed window, this one included. */
  count: number;
  /**
   * Sliding-window estimate over the last `windowMs`: this window's hits plus the previous window's,
   * weighted by how much of it still overlaps. Good to a few per cent for bursts.
   */
  sliding: number;
  /** When the current fixed window ends. */
  resetAt: Date;
};

/** "How many times did `key` happen within `windowMs`", counted on every instance. */
export interface WindowCounter {
  hit(key: string, windowMs: number, now?: number): Promise<WindowHit>;
}

function rows<T>(result: unknown): T[] {
  return ((result as { rows?: T[] }).rows ?? (result as T[])) as T[];
}

/** Counters in the `shared_counters` table: the one to use in the server. */
export class SharedWindowCounter implements WindowCounter {
  constructor(private readonly db: Db | Tx) {}

  async hit(key: string, windowMs: number, now = Date.now()): Promise<WindowHit> {
    const bucket = Math.floor(now / windowMs);
    const fullKey = `${windowMs}:${key}`;
    const expiresAt = new Date((bucket + 2) * windowMs);
    const [row] = rows<{ hits: number | string; previous: number | string | null }>(
      await this.db.execute(sql`with up as (
          insert into shared_counters (key, bucket, hits, expires_at) values (${fullKey}, ${bucket}, 1, ${expiresAt.toISOString()}::timestamptz)
          on conflict (key, bucket) do update set hits = shared_counters.hits + 1
          returning hits)
        select (select hits from up) as hits,
          (select hits from shared_counters where key = ${fullKey} and bucket = ${bucket - 1}) as previous`),
    );
    // Expired rows are cleared now and then by whoever happens to count: no timer, no job.
    if (randomInt(500) === 0) await this.sweep();
    const count = Number(row?.hits ?? 1);
    const previous = Number(row?.previous ?? 0);
    const overlap = 1 - (now - bucket * windowMs) / windowMs;
    return { count, sliding: count + Math.floor(previous * overlap), resetAt: new Date((bucket + 1) * windowMs) };
  }

  async reset(key: string, windowMs: number): Promise<void> {
    await this.db.execute(sql`delete from shared_counters where key = ${`${windowMs}:${key}`}`);
  }

  async sweep(): Promise<void> {
    await this.db.execute(sql`delete from shared_counters where expires_at < now()`);
    await this.db.execute(sql`delete from used_once where expires_at < now()`);
  }
}

/** The same counting in process memory: for tests and tools that have no database. */
export class MemoryWindowCounter implements WindowCounter {
  private readonly buckets = new Map<string, number>();

  async hit(key: string, windowMs: number, now = Date.now()): Promise<WindowHit> {
    const bucket = Math.floor(now / windowMs);
    const k = `${windowMs}:${key}:${bucket}`;
    const count = (this.buckets.get(k) ?? 0) + 1;
    this.buckets.set(k, count);
    if (this.buckets.size > 100_000) this.buckets.clear();
    const previous = this.buckets.get(`${windowMs}:${key}:${bucket - 1}`) ?? 0;
    const overlap = 1 - (now - bucket * windowMs) / windowMs;
    return { count, sliding: count + Math.floor(previous * overlap), resetAt: new Date((bucket + 1) * windowMs) };
  }
}

/**
 * Marks `value` as used for `purpose`; true the first time, false on every later call (on any instance).
 * Only a hash of the value is stored, and only until `ttlMs` has passed.
 */
export async function consumeOnce(
  db: Db | Tx,
  purpose: string,
  value: string,
  ttlMs: number,
  now = Date.now(),
): Promise<boolean> {
  const hash = createHash('sha256').update(`${purpose}:${value}`).digest('base64url');
  const inserted = rows(
    await db.execute(sql`insert into used_once (hash, expires_at) values (${hash}, ${new Date(now + ttlMs).toISOString()}::timestamptz)
      on conflict (hash) do nothing returning 1`),
  );
  return inserted.length === 1;
}

/** A key for counters that must not carry an address or an e-mail in clear. */
export function counterKey(purpose: string, value: string): string {
  return `${purpose}:${createHash('sha256').update(value).digest('base64url').slice(0, 32)}`;
}
