import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executePrepared, preparedStatement, sqlState } from '../src/db/prepared.server';
import { createTestDb, testEngine, type TestDatabase } from './helpers/db';

// drizzle's execute() returns { rows } on both drivers' result objects.
const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

// Many callers at once: on PGlite they share one pipeline (one call into the engine), on PostgreSQL the
// pool. Each statement must still be its own transaction with its own answer.
describe(`prepared statements on ${testEngine}`, () => {
  let t: TestDatabase;
  const insert = preparedStatement(
    'test_prepared_insert_v1',
    'insert into prepared_probe (k, n) values ($1::text, 10 / $2::int) returning k, n',
  );
  beforeAll(async () => {
    t = await createTestDb();
    await t.db.execute(sql`create table prepared_probe (k text primary key, n int not null)`);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers each of many concurrent statements with its own rows', async () => {
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        executePrepared<{ k: string; n: string | number }>(t.db, insert, [`a${i}`, 1 + (i % 5)]),
      ),
    );
    results.forEach((rows, i) => {
      expect(rows).toHaveLength(1);
      expect(rows[0]!.k).toBe(`a${i}`);
      expect(Number(rows[0]!.n)).toBe(Math.floor(10 / (1 + (i % 5))));
    });
  });

  it('fails only the statements that fail, and keeps everything the others wrote', async () => {
    const settled = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) =>
        // every third divides by zero, every fifth repeats a key of the first test
        executePrepared(t.db, insert, [i % 5 === 0 ? 'a0' : `b${i}`, i % 3 === 0 ? 0 : 2]),
      ),
    );
    settled.forEach((s, i) => {
      const shouldFail = i % 3 === 0 || i % 5 === 0;
      expect(s.status, `statement ${i}`).toBe(shouldFail ? 'rejected' : 'fulfilled');
      if (s.status === 'rejected') {
        expect(sqlState(s.reason)).toBe(i % 3 === 0 ? '22012' : '23505');
      }
    });
    const stored = await t.db.execute(sql`select k from prepared_probe where k like 'b%' order by k`);
    const keys = rowsOf<{ k: string }>(stored).map((r) => r.k);
    const expected = Array.from({ length: 30 }, (_, i) => i)
      .filter((i) => i % 3 !== 0 && i % 5 !== 0)
      .map((i) => `b${i}`)
      .sort();
    expect(keys).toEqual(expected);
  });

  it('runs inside a transaction and is rolled back with it', async () => {
    await expect(
      t.db.transaction(async (tx) => {
        await executePrepared(tx, insert, ['c1', 1]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    const stored = await t.db.execute(sql`select k from prepared_probe where k = 'c1'`);
    expect(rowsOf(stored)).toHaveLength(0);
  });
});
