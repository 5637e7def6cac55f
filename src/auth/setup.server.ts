import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/index.server';
import { recordAudit } from '../db/audit.server';
import { invitations, users } from '../db/schema/auth';
import { countUsers, insertLink, linkUrl, normaliseEmail, redactedAccount, validateAccount } from './accounts.server';

// Serialises first-start checks of several app instances sharing one PostgreSQL database.
const SETUP_LOCK_KEY = 727_0296;

/**
 * On a fresh installation (no accounts, no pending setup link) creates the one-time link with which the
 * first administrator sets up their account, and returns its URL; otherwise null. Only the token's hash is
 * stored, so a lost link cannot be shown again: it expires, or `noko create-admin` issues a new one.
 */
export async function ensureFirstAdminSetup(db: Db, publicBaseUrl: string, now = new Date()): Promise<string | null> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SETUP_LOCK_KEY})`);
    if ((await countUsers(tx)) > 0) return null;
    const pending = await tx
      .select({ id: invitations.id })
      .from(invitations)
      .where(
        and(
          eq(invitations.purpose, 'setup'),
          isNull(invitations.usedAt),
          isNull(invitations.revokedAt),
          gt(invitations.expiresAt, now),
        ),
      )
      .limit(1);
    if (pending.length) return null;
    const link = await insertLink(tx, 'setup', null, null, now);
    await recordAudit(tx, {
      actor: null,
      action: 'account.setup-link',
      entity: 'user',
      entityId: null,
      after: { purpose: 'setup', expiresAt: link.expiresAt.toISOString() },
    });
    return linkUrl(publicBaseUrl, link.token);
  });
}

export type CreateAdminResult = { ok: true; url: string; created: boolean } | { ok: false; message: string };

/**
 * For `noko create-admin`: creates an administrator account (or finds the existing administrator with
 * this address) and returns a one-time link to set its password.
 */
export async function createAdminWithLink(
  db: Db,
  input: { email: string; name: string },
  publicBaseUrl: string,
  now = new Date(),
): Promise<CreateAdminResult> {
  const actor = { id: null, name: 'командная строка (noko create-admin)' };
  return db.transaction(async (tx) => {
    const email = normaliseEmail(input.email);
    const [existing] = await tx.select().from(users).where(eq(users.email, email)).limit(1);
    let userId: string;
    let created = false;
    let purpose: 'invite' | 'reset' = 'invite';
    if (existing) {
      if (existing.role !== 'admin')
        return { ok: false as const, message: `Учётная запись ${email} уже есть, но это не администратор.` };
      if (!existing.active)
        return {
          ok: false as const,
          message: `Учётная запись ${email} отключена. Включите её на странице «Пользователи».`,
        };
      userId = existing.id;
      if (existing.passwordHash) purpose = 'reset';
    } else {
      const checked = await validateAccount(tx, { email, name: input.name, role: 'admin' });
      if (!checked.ok) return { ok: false as const, message: Object.values(checked.errors).join(' ') };
      const [user] = await tx
        .insert(users)
        .values({ ...checked.value, passwordHash: null })
        .returning();
      if (!user) throw new Error('insert returned no row');
      await recordAudit(tx, {
        actor,
        action: 'account.create',
        entity: 'user',
        entityId: user.id,
        before: null,
        after: redactedAccount(user),
      });
      userId = user.id;
      created = true;
    }
    const link = await insertLink(tx, purpose, userId, null, now);
    await recordAudit(tx, {
      actor,
      action: purpose === 'reset' ? 'account.reset-link' : 'account.invite',
      entity: 'user',
      entityId: userId,
      after: { purpose, expiresAt: link.expiresAt.toISOString() },
    });
    return { ok: true as const, url: linkUrl(publicBaseUrl, link.token), created };
  });
}

/** The address links are built on: PUBLIC_URL when set, else the local listening address. */
export function publicBaseUrl(config: { publicUrl: string | undefined; port: number }): string {
  return config.publicUrl ?? `http://localhost:${config.port}`;
}
