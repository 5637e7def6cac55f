import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/index.server';
import { recordAudit } from '../db/audit.server';
import { users } from '../db/schema/registry';
import { normaliseEmail, toSessionUser } from './accounts.server';
import { hashPassword, needsRehash, verifyPassword } from './password.server';
import type { SessionUser } from './policy';
import { accountTerritoryId } from './scope.server';
import { createSession } from './sessions.server';

export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;

/** One message for an unknown address, a wrong password, a deactivated account: nothing tells them apart. */
export const LOGIN_INVALID = 'Неверный адрес электронной почты или пароль.';
export const LOGIN_LOCKED = 'Слишком много неудачных попыток входа. Вход временно заблокирован на 15 минут — попробуйте позже или попросите администратора выдать ссылку для смены пароля.';

export type LoginResult =
  | { ok: true; user: SessionUser; session: { token: string; expiresAt: Date } }
  | { ok: false; reason: 'invalid' | 'locked'; message: string };

/**
 * Addresses that have no account get the same lockout as real ones, counted in memory, so that the lockout
 * message does not reveal which addresses exist. Bounded: a flood of random addresses just resets it.
 */
const phantom = new Map<string, { failures: number; lockedUntil: number }>();
const PHANTOM_MAX = 10_000;

function phantomFailure(email: string, now: number): boolean {
  if (phantom.size > PHANTOM_MAX) phantom.clear();
  const entry = phantom.get(email) ?? { failures: 0, lockedUntil: 0 };
  if (entry.lockedUntil > now) return true;
  entry.failures += 1;
  if (entry.failures >= LOCKOUT_THRESHOLD) {
    entry.failures = 0;
    entry.lockedUntil = now + LOCKOUT_MS;
  }
  phantom.set(email, entry);
  return false;
}

/** Checks the credentials, counts failures, locks the account after LOCKOUT_THRESHOLD, and opens a session on success. */
export async function login(db: Db, emailInput: string, password: string, now = new Date()): Promise<LoginResult> {
  const email = normaliseEmail(emailInput ?? '');
  const [user] = email ? await db.select().from(users).where(eq(users.email, email)).limit(1) : [];

  if (!user || !user.active || !user.passwordHash) {
    await verifyPassword(password ?? '', null); // same cost as a real check
    const locked = phantomFailure(email, now.getTime());
    return locked ? { ok: false, reason: 'locked', message: LOGIN_LOCKED } : { ok: false, reason: 'invalid', message: LOGIN_INVALID };
  }
  if (user.lockedUntil && user.lockedUntil > now) return { ok: false, reason: 'locked', message: LOGIN_LOCKED };

  if (!(await verifyPassword(password ?? '', user.passwordHash))) {
    // Counted in the database, atomically, so parallel guesses cannot slip past the threshold.
    const [counted] = await db
      .update(users)
      .set({ failedLogins: sql`${users.failedLogins} + 1` })
      .where(eq(users.id, user.id))
      .returning({ failures: users.failedLogins });
    const failures = counted?.failures ?? LOCKOUT_THRESHOLD;
    if (failures >= LOCKOUT_THRESHOLD) {
      const lockedUntil = new Date(now.getTime() + LOCKOUT_MS);
      await db.transaction(async (tx) => {
        await tx.update(users).set({ failedLogins: 0, lockedUntil }).where(eq(users.id, user.id));
        await recordAudit(tx, {
          actor: null,
          action: 'account.locked',
          entity: 'user',
          entityId: user.id,
          // Only the locking failure pays for this lookup; successful sign-ins are not audited.
          territoryId: await accountTerritoryId(tx, user),
          after: { lockedUntil: lockedUntil.toISOString(), failures },
        });
      });
      return { ok: false, reason: 'locked', message: LOGIN_LOCKED };
    }
    return { ok: false, reason: 'invalid', message: LOGIN_INVALID };
  }

  const changes: Partial<typeof users.$inferInsert> = {};
  if (user.failedLogins || user.lockedUntil) Object.assign(changes, { failedLogins: 0, lockedUntil: null });
  if (needsRehash(user.passwordHash)) changes.passwordHash = await hashPassword(password);
  const session = await db.transaction(async (tx) => {
    if (Object.keys(changes).length) await tx.update(users).set(changes).where(eq(users.id, user.id));
    return createSession(tx, user.id, now);
  });
  return { ok: true, user: toSessionUser(user), session };
}

/** For tests: forget the in-memory counters of addresses without an account. */
export function resetPhantomLockouts(): void {
  phantom.clear();
}
