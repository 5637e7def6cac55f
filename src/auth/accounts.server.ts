import { and, asc, count, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/index.server';
import { recordAudit, type Actor } from '../db/audit.server';
import { invitations, users, type InvitationPurpose, type Role } from '../db/schema/auth';
import { organisations, territories } from '../db/schema/registry';
import { roles } from './labels';
import { hashPassword } from './password.server';
import { passwordProblem } from './password-rules';
import type { SessionUser } from './policy';
import { accountTerritoryId, isUuid } from './scope.server';
import { councilPositions, LINK_INVALID, type CouncilPosition } from './labels';
import { createSession, deleteUserSessions } from './sessions.server';
import { hashToken, looksLikeToken, newToken } from './tokens.server';

/** How long each kind of link stays usable. */
export const LINK_LIFETIME_MS: Record<InvitationPurpose, number> = {
  invite: 7 * 24 * 60 * 60 * 1000,
  reset: 24 * 60 * 60 * 1000,
  setup: 7 * 24 * 60 * 60 * 1000,
};

export type AccountInput = {
  email: string;
  name: string;
  role: string;
  councilPosition?: string | null;
  territoryId?: string | null;
  organisationId?: string | null;
};

export type AccountRow = typeof users.$inferSelect;
export type FieldErrors = Partial<Record<keyof AccountInput | 'form', string>>;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The audit view of an account: never the password hash, nor counters that change on every login. */
export function redactedAccount(
  row: Pick<AccountRow, 'email' | 'name' | 'role' | 'councilPosition' | 'territoryId' | 'organisationId' | 'active'>,
) {
  return {
    email: row.email,
    name: row.name,
    role: row.role,
    councilPosition: row.councilPosition,
    territoryId: row.territoryId,
    organisationId: row.organisationId,
    active: row.active,
  };
}

type ValidAccount = {
  email: string;
  name: string;
  role: Role;
  councilPosition: CouncilPosition | null;
  territoryId: string | null;
  organisationId: string | null;
};

/**
 * Checks an account's role and scope: organisation representatives need their organisation; authority,
 * council and operator accounts need a territory; administrators are unscoped. Russian messages per field.
 */
export async function validateAccount(
  tx: Tx,
  input: AccountInput,
): Promise<{ ok: true; value: ValidAccount } | { ok: false; errors: FieldErrors }> {
  const errors: FieldErrors = {};
  const email = normaliseEmail(input.email ?? '');
  const name = (input.name ?? '').trim().replace(/\s+/g, ' ');
  if (!EMAIL.test(email) || email.length > 254)
    errors.email = 'Укажите адрес электронной почты, например ivanova@example.ru.';
  if (!name) errors.name = 'Укажите фамилию, имя и отчество.';
  else if (name.length > 200) errors.name = 'Имя слишком длинное: не больше 200 символов.';
  const role = (roles as readonly string[]).includes(input.role) ? (input.role as Role) : null;
  if (!role) errors.role = 'Выберите роль из списка.';

  let councilPosition: CouncilPosition | null = null;
  let territoryId: string | null = null;
  let organisationId: string | null = null;
  if (role === 'council') {
    const position = input.councilPosition || 'member';
    if ((councilPositions as readonly string[]).includes(position)) councilPosition = position as CouncilPosition;
    else errors.councilPosition = 'Выберите должность в совете.';
  }
  if (role === 'authority' || role === 'council' || role === 'operator') {
    const id = input.territoryId || null;
    if (!isUuid(id)) errors.territoryId = 'Для этой роли выберите территорию.';
    else {
      const found = await tx.select({ id: territories.id }).from(territories).where(eq(territories.id, id)).limit(1);
      if (found.length) territoryId = id;
      else errors.territoryId = 'Такой территории нет в реестре.';
    }
  }
  if (role === 'organisation') {
    const id = input.organisationId || null;
    if (!isUuid(id)) errors.organisationId = 'Для представителя организации выберите организацию.';
    else {
      const found = await tx
        .select({ id: organisations.id })
        .from(organisations)
        .where(eq(organisations.id, id))
        .limit(1);
      if (found.length) organisationId = id;
      else errors.organisationId = 'Такой организации нет в реестре.';
    }
  }
  if (Object.keys(errors).length || !role) return { ok: false, errors };
  return { ok: true, value: { email, name, role, councilPosition, territoryId, organisationId } };
}

/** Creates an account without a password: the person sets one through an invitation link. */
export async function createAccount(
  db: Db,
  actor: Actor,
  input: AccountInput,
): Promise<{ ok: true; user: AccountRow } | { ok: false; errors: FieldErrors }> {
  return db.transaction(async (tx) => {
    const checked = await validateAccount(tx, input);
    if (!checked.ok) return checked;
    const existing = await tx.select({ id: users.id }).from(users).where(eq(users.email, checked.value.email)).limit(1);
    if (existing.length) return { ok: false as const, errors: { email: 'Учётная запись с таким адресом уже есть.' } };
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
      territoryId: await accountTerritoryId(tx, user),
    });
    return { ok: true as const, user };
  });
}

export type IssuedLink = { token: string; path: string; expiresAt: Date; purpose: InvitationPurpose };

export function linkPath(token: string): string {
  return `/setup/${token}`;
}

export function linkUrl(baseUrl: string, token: string): string {
  return baseUrl.replace(/\/+$/, '') + linkPath(token);
}

/** Stores a new one-time link (revoking the account's older pending ones); call inside a transaction. */
export async function insertLink(
  tx: Tx,
  purpose: InvitationPurpose,
  userId: string | null,
  createdBy: string | null,
  now: Date,
): Promise<IssuedLink> {
  if (userId) {
    // Only the newest link for an account works: an older one that leaked or was mistyped stops working.
    await tx
      .update(invitations)
      .set({ revokedAt: now })
      .where(and(eq(invitations.userId, userId), isNull(invitations.usedAt), isNull(invitations.revokedAt)));
  }
  const token = newToken();
  const expiresAt = new Date(now.getTime() + LINK_LIFETIME_MS[purpose]);
  await tx
    .insert(invitations)
    .values({ userId, purpose, tokenHash: hashToken(token), expiresAt, createdBy, createdAt: now });
  return { token, path: linkPath(token), expiresAt, purpose };
}

/**
 * An invitation (account never had a password) or a reset link (it had one) for an active account.
 * Returns null when the account does not exist or is deactivated.
 */
export async function issueAccountLink(
  db: Db,
  actor: Actor,
  userId: string,
  now = new Date(),
): Promise<IssuedLink | null> {
  if (!isUuid(userId)) return null;
  return db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId)).limit(1);
    if (!user || !user.active) return null;
    const purpose: InvitationPurpose = user.passwordHash ? 'reset' : 'invite';
    const link = await insertLink(tx, purpose, user.id, actor.id, now);
    await recordAudit(tx, {
      actor,
      action: purpose === 'reset' ? 'account.reset-link' : 'account.invite',
      entity: 'user',
      entityId: user.id,
      territoryId: await accountTerritoryId(tx, user),
      after: { purpose, expiresAt: link.expiresAt.toISOString() },
    });
    return link;
  });
}

export async function setAccountActive(
  db: Db,
  actor: Actor,
  userId: string,
  active: boolean,
  reason?: string | null,
): Promise<'ok' | 'not-found' | 'self' | 'last-admin'> {
  if (!isUuid(userId)) return 'not-found';
  // Nobody can switch off their own account: the last administrator could otherwise lock everyone out.
  if (!active && actor.id === userId) return 'self';
  return db.transaction(async (tx) => {
    await lockAdminSet(tx);
    const [user] = await tx.select().from(users).where(eq(users.id, userId)).limit(1);
    if (!user) return 'not-found';
    if (user.active === active) return 'ok';
    if (!active && user.role === 'admin' && (await otherActiveAdmins(tx, userId)) === 0) return 'last-admin';
    const [after] = await tx
      .update(users)
      .set({ active, failedLogins: 0, lockedUntil: null })
      .where(eq(users.id, userId))
      .returning();
    if (!active) {
      await deleteUserSessions(tx, userId);
      await tx
        .update(invitations)
        .set({ revokedAt: new Date() })
        .where(and(eq(invitations.userId, userId), isNull(invitations.usedAt), isNull(invitations.revokedAt)));
    }
    await recordAudit(tx, {
      actor,
      action: active ? 'account.reactivate' : 'account.deactivate',
      entity: 'user',
      entityId: userId,
      territoryId: await accountTerritoryId(tx, user),
      before: redactedAccount(user),
      after: after ? redactedAccount(after) : null,
      reason: reason ?? null,
    });
    return 'ok';
  });
}

// Every change that could take away an administrator (role change, deactivation) runs under this lock, so
// two administrators demoting or switching off each other at the same moment cannot both succeed and leave
// the installation without one. Account edits are rare: serialising them costs nothing noticeable.
const ADMIN_SET_LOCK_KEY = 727_0297;

async function lockAdminSet(tx: Tx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${ADMIN_SET_LOCK_KEY})`);
}

/** Active administrators other than `userId`; read under the admin-set lock. */
async function otherActiveAdmins(tx: Tx, userId: string): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.role, 'admin'), eq(users.active, true), ne(users.id, userId)));
  return row?.n ?? 0;
}

export const ACCOUNT_NOT_FOUND = 'Такой учётной записи нет.';
export const OWN_ROLE_REFUSED =
  'Нельзя изменить роль или область доступа собственной учётной записи: это может сделать другой администратор.';
export const LAST_ADMIN_REFUSED =
  'Это единственный действующий администратор: сначала назначьте администратором кого-то ещё.';

/** What an administrator may change in an existing account; the e-mail stays as it is when not given. */
export type AccountChange = Omit<AccountInput, 'email'> & { email?: string; reason?: string | null };

export type UpdateAccountResult =
  | { ok: true; user: AccountRow; changed: boolean; sessionsEnded: boolean }
  | { ok: false; reason: 'not-found' | 'invalid' | 'own-role' | 'last-admin'; errors: FieldErrors };

/**
 * Changes an account's name, e-mail, role and scope with the same rules as at creation. Refuses a change
 * of one's own role or scope and the demotion of the last active administrator. When the role, council
 * position or scope changes, every session of the account ends, so nobody keeps working with the old
 * permissions in a page opened before the change.
 */
export async function updateAccount(
  db: Db,
  actor: Actor,
  userId: string,
  input: AccountChange,
): Promise<UpdateAccountResult> {
  const notFound = { ok: false as const, reason: 'not-found' as const, errors: { form: ACCOUNT_NOT_FOUND } };
  if (!isUuid(userId)) return notFound;
  return db.transaction(async (tx): Promise<UpdateAccountResult> => {
    await lockAdminSet(tx);
    const [user] = await tx.select().from(users).where(eq(users.id, userId)).limit(1);
    if (!user) return notFound;
    const checked = await validateAccount(tx, { ...input, email: input.email ?? user.email });
    if (!checked.ok) return { ok: false, reason: 'invalid', errors: checked.errors };
    const next = checked.value;
    const scopeChanged =
      next.role !== user.role ||
      next.councilPosition !== user.councilPosition ||
      next.territoryId !== user.territoryId ||
      next.organisationId !== user.organisationId;
    if (scopeChanged && actor.id === userId)
      return { ok: false, reason: 'own-role', errors: { role: OWN_ROLE_REFUSED } };
    if (
      scopeChanged &&
      user.role === 'admin' &&
      next.role !== 'admin' &&
      user.active &&
      (await otherActiveAdmins(tx, userId)) === 0
    ) {
      return { ok: false, reason: 'last-admin', errors: { role: LAST_ADMIN_REFUSED } };
    }
    if (next.email !== user.email) {
      const taken = await tx.select({ id: users.id }).from(users).where(eq(users.email, next.email)).limit(1);
      if (taken.length)
        return { ok: false, reason: 'invalid', errors: { email: 'Учётная запись с таким адресом уже есть.' } };
    }
    if (!scopeChanged && next.name === user.name && next.email === user.email)
      return { ok: true, user, changed: false, sessionsEnded: false };
    const [after] = await tx.update(users).set(next).where(eq(users.id, userId)).returning();
    if (!after) throw new Error('update returned no row');
    if (scopeChanged) await deleteUserSessions(tx, userId);
    await recordAudit(tx, {
      actor,
      action: 'account.update',
      entity: 'user',
      entityId: userId,
      territoryId: await accountTerritoryId(tx, after),
      before: redactedAccount(user),
      after: redactedAccount(after),
      reason: input.reason?.trim() || null,
    });
    return { ok: true, user: after, changed: true, sessionsEnded: scopeChanged };
  });
}

export type AccountListItem = Pick<
  AccountRow,
  | 'id'
  | 'email'
  | 'name'
  | 'role'
  | 'councilPosition'
  | 'territoryId'
  | 'organisationId'
  | 'active'
  | 'lockedUntil'
  | 'createdAt'
> & {
  hasPassword: boolean;
  territoryName: string | null;
  organisationName: string | null;
};

const accountColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  councilPosition: users.councilPosition,
  territoryId: users.territoryId,
  organisationId: users.organisationId,
  active: users.active,
};

/** One account as the edit form shows it, or null. `userId` must already be a well-formed id. */
export async function getAccount(
  db: Db,
  userId: string,
): Promise<Pick<AccountRow, keyof typeof accountColumns> | null> {
  const [row] = await db.select(accountColumns).from(users).where(eq(users.id, userId)).limit(1);
  return row ?? null;
}

export async function listAccounts(db: Db): Promise<AccountListItem[]> {
  return db
    .select({
      ...accountColumns,
      lockedUntil: users.lockedUntil,
      createdAt: users.createdAt,
      hasPassword: sql<boolean>`${users.passwordHash} is not null`,
      territoryName: territories.name,
      organisationName: organisations.shortName,
    })
    .from(users)
    .leftJoin(territories, eq(territories.id, users.territoryId))
    .leftJoin(organisations, eq(organisations.id, users.organisationId))
    .orderBy(asc(users.name));
}

export async function countUsers(tx: Tx): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(users);
  return row?.n ?? 0;
}

export type LinkInfo = { purpose: InvitationPurpose; email: string | null; name: string | null; expiresAt: Date };

/** What the link page shows before the password is set; null when the link is unknown, used, revoked or expired. */
export async function findLink(db: Db, token: string | undefined, now = new Date()): Promise<LinkInfo | null> {
  if (!looksLikeToken(token)) return null;
  const rows = await db
    .select({
      purpose: invitations.purpose,
      expiresAt: invitations.expiresAt,
      email: users.email,
      name: users.name,
      active: users.active,
    })
    .from(invitations)
    .leftJoin(users, eq(users.id, invitations.userId))
    .where(
      and(
        eq(invitations.tokenHash, hashToken(token)),
        isNull(invitations.usedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, now),
      ),
    )
    .limit(1);
  const row = rows[0];
  if (!row || row.active === false) return null;
  return { purpose: row.purpose, email: row.email, name: row.name, expiresAt: row.expiresAt };
}

export type AcceptResult =
  | { ok: true; user: SessionUser; session: { token: string; expiresAt: Date } }
  | { ok: false; errors: FieldErrors & { password?: string } };

/**
 * Uses a one-time link: sets the password (and, for the first-administrator setup link, creates the
 * administrator), ends every other session of the account and opens a new one. The link is consumed by a
 * conditional update, so two simultaneous submissions cannot both succeed.
 */
export async function acceptLink(
  db: Db,
  token: string | undefined,
  form: { password: string; passwordRepeat?: string; email?: string; name?: string },
  now = new Date(),
): Promise<AcceptResult> {
  const info = await findLink(db, token, now);
  if (!info || !token) return { ok: false, errors: { form: LINK_INVALID } };
  const email = info.purpose === 'setup' ? normaliseEmail(form.email ?? '') : (info.email ?? '');
  const name = info.purpose === 'setup' ? (form.name ?? '').trim().replace(/\s+/g, ' ') : (info.name ?? '');
  const errors: FieldErrors & { password?: string } = {};
  if (info.purpose === 'setup') {
    if (!EMAIL.test(email)) errors.email = 'Укажите адрес электронной почты, например ivanova@example.ru.';
    if (!name) errors.name = 'Укажите фамилию, имя и отчество.';
  }
  const problem = passwordProblem(form.password ?? '', { email, name });
  if (problem) errors.password = problem;
  else if (form.passwordRepeat !== undefined && form.passwordRepeat !== form.password)
    errors.password = 'Пароли не совпадают.';
  if (Object.keys(errors).length) return { ok: false, errors };
  const passwordHash = await hashPassword(form.password);

  return db
    .transaction(async (tx) => {
      const [link] = await tx
        .update(invitations)
        .set({ usedAt: now })
        .where(
          and(
            eq(invitations.tokenHash, hashToken(token)),
            isNull(invitations.usedAt),
            isNull(invitations.revokedAt),
            gt(invitations.expiresAt, now),
          ),
        )
        .returning();
      if (!link) return { ok: false as const, errors: { form: LINK_INVALID } };

      let user: AccountRow | undefined;
      if (link.purpose === 'setup') {
        const taken = await tx.select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1);
        if (taken.length) throw new SetupEmailTaken();
        [user] = await tx.insert(users).values({ email, name, role: 'admin', passwordHash }).returning();
        if (!user) throw new Error('insert returned no row');
        await recordAudit(tx, {
          actor: { id: user.id, name: user.name },
          action: 'account.setup',
          entity: 'user',
          entityId: user.id,
          before: null,
          after: { ...redactedAccount(user), passwordSet: true },
        });
      } else {
        if (!link.userId) return { ok: false as const, errors: { form: LINK_INVALID } };
        const [before] = await tx.select().from(users).where(eq(users.id, link.userId)).limit(1);
        if (!before || !before.active) return { ok: false as const, errors: { form: LINK_INVALID } };
        [user] = await tx
          .update(users)
          .set({ passwordHash, failedLogins: 0, lockedUntil: null })
          .where(eq(users.id, link.userId))
          .returning();
        if (!user) throw new Error('update returned no row');
        await deleteUserSessions(tx, user.id);
        await recordAudit(tx, {
          actor: { id: user.id, name: user.name },
          action: link.purpose === 'reset' ? 'account.password-reset' : 'account.password-set',
          entity: 'user',
          entityId: user.id,
          territoryId: await accountTerritoryId(tx, user),
          before: { passwordSet: !!before.passwordHash },
          after: { passwordSet: true },
        });
      }
      const session = await createSession(tx, user.id, now);
      return { ok: true as const, user: toSessionUser(user), session };
    })
    .catch((err: unknown) => {
      if (err instanceof SetupEmailTaken)
        return { ok: false as const, errors: { email: 'Учётная запись с таким адресом уже есть.' } };
      throw err;
    });
}

class SetupEmailTaken extends Error {}

export function toSessionUser(row: AccountRow): SessionUser {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    councilPosition: row.councilPosition,
    territoryId: row.territoryId,
    organisationId: row.organisationId,
  };
}
