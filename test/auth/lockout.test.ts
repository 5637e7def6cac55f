import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCKOUT_THRESHOLD, login } from '../../src/auth/login.server';
import { users } from '../../src/db/schema/auth';
import { createTestDb, testEngine, type TestDatabase } from '../helpers/db';
import { seedPeople, seedWorld } from './fixtures';

describe(`login lockout under parallel guesses (${testEngine})`, () => {
  let t: TestDatabase;
  let people: Awaited<ReturnType<typeof seedPeople>>['people'];
  let password: string;
  beforeAll(async () => {
    t = await createTestDb();
    ({ people, password } = await seedPeople(t.db, await seedWorld(t.db)));
  }, 60_000);
  afterAll(async () => t?.close());

  it('counts attempts atomically: of 15 parallel wrong passwords at most 4 are answered «invalid», the rest are locked out', async () => {
    const results = await Promise.all(
      Array.from({ length: 15 }, (_, i) => login(t.db, people.operator.email, `неверный пароль ${i}`)),
    );
    const invalid = results.filter((r) => !r.ok && r.reason === 'invalid').length;
    expect(invalid).toBeLessThanOrEqual(LOCKOUT_THRESHOLD - 1);
    expect(results.filter((r) => !r.ok && r.reason === 'locked').length).toBe(15 - invalid);
    const [row] = await t.db.select().from(users).where(eq(users.id, people.operator.user.id));
    expect(row!.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
    // Even the right password is refused while locked.
    expect(await login(t.db, people.operator.email, password)).toMatchObject({ ok: false, reason: 'locked' });
  }, 60_000);

  it('a locked real account costs a password hash like a locked unknown address (no timing tell)', async () => {
    for (let i = 0; i < LOCKOUT_THRESHOLD; i++) await login(t.db, 'nobody-here@example.ru', 'x'.repeat(12));
    for (let i = 0; i < LOCKOUT_THRESHOLD; i++) await login(t.db, people.member.email, 'x'.repeat(12));
    const median = async (email: string) => {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        expect(await login(t.db, email, 'x'.repeat(12))).toMatchObject({ reason: 'locked' });
        times.push(performance.now() - started);
      }
      return times.sort((a, b) => a - b)[2]!;
    };
    // At the suite's cheap scrypt cost (decision 0062) a hash takes about a millisecond, so the database
    // round trips of parallel test files decide the ratio; at the production cost the hash dominates, as in
    // production, and the comparison measures what it claims to.
    const cheap = process.env.NOKO_TEST_SCRYPT_LOG2N;
    delete process.env.NOKO_TEST_SCRYPT_LOG2N;
    let real: number;
    let unknown: number;
    try {
      real = await median(people.member.email);
      unknown = await median('nobody-here@example.ru');
    } finally {
      if (cheap !== undefined) process.env.NOKO_TEST_SCRYPT_LOG2N = cheap;
    }
    // Both are dominated by one scrypt hash; before the fix the real account answered ~10× faster.
    expect(real / unknown).toBeGreaterThan(0.5);
    expect(unknown / real).toBeGreaterThan(0.5);
  }, 60_000);
});
