import { and, eq, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../db/index.server';
import { recordAudit } from '../db/audit.server';
import { users } from '../db/schema/auth';
import { normaliseEmail, toSessionUser } from './accounts.server';
import { hashPassword, needsRehash, verifyPassword } from './password.server';
import type { SessionUser } from './policy';
import { accountTerritoryId } from './scope.server';
import { createSession } from './sessions.server';
import { counterKey, SharedWindowCounter } from '../security/shared-limits.server';

export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;

/** One message for an unknown address, a wrong password, a deactivated account: nothing tells them apart. */
export const LOGIN_INVALID = 'Неверный адрес электронной почты или пароль.';
export const LOGIN_LOCKED =
  'Слишком много неудачных попыток входа. Вход временно заблокирован на 15 минут — попробуйте позже или попросите администратора выдать ссылку для смены пароля.';

export type LoginResult =
  | { ok: true; user: SessionUser; session: { token: string; expiresAt: Date } }
  | { ok: false; reason: 'invalid' | 'locked'; message: string };

/**
 * Addresses that have no account get the same lockout as real ones, so that the lockout message does not
 * reveal which addresses exist. Counted in the database (shared_counters, keyed by a hash of the address),
 * so every instance sees the same count.
 */
async function phantomFailure(db: Db, email: string, now: Date): Promise<boolean> {
  const hit = await new SharedWindowCounter(db).hit(counterKey('login-unknown', email), LOCKOUT_MS, now.getTime());
  return hit.count >= LOCKOUT_THRESHOLD;
}

const invalid = (): LoginResult => ({ ok: false, reason: 'invalid', message: LOGIN_INVALID });
const locked = (): LoginResult => ({ ok: false, reason: 'locked', message: LOGIN_LOCKED });

/**
 * Checks the credentials, counts failures, locks the account after LOCKOUT_THRESHOLD, and opens a session
 * on success. The attempt is counted BEFORE the password is checked, in one atomic update: parallel
 * guesses each take a number, and those past the threshold are refused without being checked at all.
 * Every refusal costs one password hash, so a locked account answers as slowly as an unknown address.
 */
export async function login(db: Db, emailInput: string, password: string, now = new Date()): Promise<LoginResult> {
  const email = normaliseEmail(emailInput ?? '');
  const [user] = email ? await db.select().from(users).where(eq(users.email, email)).limit(1) : [];

  if (!user || !user.active || !user.passwordHash) {
    await verifyPassword(password ?? '', null); // same cost as a real check
    return (await phantomFailure(db, email, now)) ? locked() : invalid();
  }

  const [attempt] = await db
    .update(users)
    .set({ failedLogins: sql`${users.failedLogins} + 1` })
    .where(and(eq(users.id, user.id), or(isNull(users.lockedUntil), lte(users.lockedUntil, now))))
    .returning({ failures: users.failedLogins });
  if (!attempt) {
    await verifyPassword(password ?? '', null);
    return locked();
  }
  if (attempt.failures > LOCKOUT_THRESHOLD) {
    // Beyond the threshold (a parallel burst): not checked, and the account is locked if nobody did yet.
    await verifyPassword(password ?? '', null);
    await lockAccount(db, user, now, attempt.failures);
    return locked();
  }

  if (!(await verifyPassword(password ?? '', user.passwordHash))) {
    if (attempt.failures >= LOCKOUT_THRESHOLD) {
      await lockAccount(db, user, now, attempt.failures);
      return locked();
    }
    return invalid();
  }

  const changes: Partial<typeof users.$inferInsert> = { failedLogins: 0, lockedUntil: null };
  if (needsRehash(user.passwordHash)) changes.passwordHash = await hashPassword(password);
  const session = await db.transaction(async (tx) => {
    await tx.update(users).set(changes).where(eq(users.id, user.id));
    return createSession(tx, user.id, now);
  });
  return { ok: true, user: toSessionUser(user), session };
}

/** Locks the account unless it is locked already; only the request that locks it writes the audit entry. */
async function lockAccount(db: Db, user: typeof users.$inferSelect, now: Date, failures: number): Promise<void> {
  const lockedUntil = new Date(now.getTime() + LOCKOUT_MS);
  await db.transaction(async (tx) => {
    const [done] = await tx
      .update(users)
      .set({ failedLogins: 0, lockedUntil })
      .where(and(eq(users.id, user.id), or(isNull(users.lockedUntil), lte(users.lockedUntil, now))))
      .returning({ id: users.id });
    if (!done) return;
    await recordAudit(tx, {
      actor: null,
      action: 'account.locked',
      entity: 'user',
      entityId: user.id,
      // Only the locking failure pays for this lookup; successful sign-ins are not audited.
      territoryId: await accountTerritoryId(tx, user),
      after: { lockedUntil: lockedUntil.toISOString(), failures: Math.min(failures, LOCKOUT_THRESHOLD) },
    });
  });
}

/** For tests: the counters of addresses without an account live in the database now; nothing to forget here. */
export function resetPhantomLockouts(): void {}
