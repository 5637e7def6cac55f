import { count, desc, eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ACCOUNT_NOT_FOUND,
  acceptLink,
  createAccount,
  findLink,
  issueAccountLink,
  LINK_LIFETIME_MS,
  LAST_ADMIN_REFUSED,
  OWN_ROLE_REFUSED,
  setAccountActive,
  updateAccount,
  validateAccount,
} from '../../src/auth/accounts.server';
import { LINK_INVALID } from '../../src/auth/labels';
import { LOCKOUT_MS, LOGIN_INVALID, LOGIN_LOCKED, login, resetPhantomLockouts } from '../../src/auth/login.server';
import {
  lookupSession,
  deleteSession,
  SESSION_IDLE_MS,
  SESSION_MAX_MS,
  createSession,
} from '../../src/auth/sessions.server';
import { createAdminWithLink, ensureFirstAdminSetup } from '../../src/auth/setup.server';
import { organisationScope, territoryChain } from '../../src/auth/scope.server';
import { auditLog } from '../../src/db/schema/audit';
import { invitations, sessions, users } from '../../src/db/schema/auth';
import { createTestDb, testEngine, type TestDatabase } from '../helpers/db';
import { seedWorld, userByEmail, type World } from './fixtures';

const admin = { id: null, name: 'Тестовый администратор' };
const PASSWORD = 'лиственница у окна 7';

describe(`accounts, links, login and sessions (${testEngine})`, () => {
  let t: TestDatabase;
  let world: World;
  beforeAll(async () => {
    t = await createTestDb();
    world = await seedWorld(t.db);
  });
  afterAll(async () => t?.close());
  beforeEach(() => resetPhantomLockouts());

  async function activeAccount(email: string, extra: Record<string, string> = {}) {
    const created = await createAccount(t.db, admin, {
      email,
      name: 'Иванова Мария Петровна',
      role: 'authority',
      territoryId: world.town.id,
      ...extra,
    });
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    const link = await issueAccountLink(t.db, admin, created.user.id);
    const accepted = await acceptLink(t.db, link!.token, { password: PASSWORD, passwordRepeat: PASSWORD });
    if (!accepted.ok) throw new Error(JSON.stringify(accepted.errors));
    return created.user;
  }

  describe('first-start setup link', () => {
    it('is created only while there are no accounts and no pending setup link', async () => {
      const fresh = await createTestDb();
      try {
        const url = await ensureFirstAdminSetup(fresh.db, 'https://noko.example.ru/');
        expect(url).toMatch(/^https:\/\/noko\.example\.ru\/setup\/[A-Za-z0-9_-]{43}$/);
        // A restart while the link is pending prints nothing new: the first link stays the only one.
        expect(await ensureFirstAdminSetup(fresh.db, 'https://noko.example.ru')).toBeNull();
        const token = url!.split('/').pop()!;
        expect((await findLink(fresh.db, token))?.purpose).toBe('setup');
        const done = await acceptLink(fresh.db, token, {
          password: PASSWORD,
          passwordRepeat: PASSWORD,
          email: 'Glava@Example.ru',
          name: 'Первый Администратор',
        });
        expect(done.ok).toBe(true);
        if (done.ok) expect(done.user).toMatchObject({ role: 'admin', email: 'glava@example.ru', territoryId: null });
        // Once an account exists, no more setup links, ever.
        expect(await ensureFirstAdminSetup(fresh.db, 'https://noko.example.ru')).toBeNull();
        expect((await acceptLink(fresh.db, token, { password: PASSWORD, email: 'x@example.ru', name: 'X' })).ok).toBe(
          false,
        );
        const [{ n }] = (await fresh.db.select({ n: count() }).from(users)) as [{ n: number }];
        expect(n).toBe(1);
      } finally {
        await fresh.close();
      }
    });

    it('is issued again on a fresh installation once the old one expired', async () => {
      const fresh = await createTestDb();
      try {
        const now = new Date('2025-01-10T10:00:00Z');
        expect(await ensureFirstAdminSetup(fresh.db, 'http://localhost:3000', now)).not.toBeNull();
        const later = new Date(now.getTime() + LINK_LIFETIME_MS.setup + 1000);
        expect(await ensureFirstAdminSetup(fresh.db, 'http://localhost:3000', later)).not.toBeNull();
      } finally {
        await fresh.close();
      }
    });

    it('create-admin creates an administrator with an invitation, and gives an existing one a reset link', async () => {
      const first = await createAdminWithLink(
        t.db,
        { email: 'cli-admin@example.ru', name: 'Админ Из Консоли' },
        'http://localhost:3000',
      );
      expect(first).toMatchObject({ ok: true, created: true });
      const again = await createAdminWithLink(
        t.db,
        { email: 'CLI-admin@example.ru', name: 'Кто угодно' },
        'http://localhost:3000',
      );
      expect(again).toMatchObject({ ok: true, created: false });
      // The newer link replaces the older one.
      if (first.ok && again.ok) {
        expect(await findLink(t.db, first.url.split('/').pop())).toBeNull();
        expect((await findLink(t.db, again.url.split('/').pop()))?.purpose).toBe('invite');
      }
      await activeAccount('not-admin@example.ru');
      expect((await createAdminWithLink(t.db, { email: 'not-admin@example.ru', name: 'X' }, 'http://x')).ok).toBe(
        false,
      );
    });
  });

  describe('role and scope validation', () => {
    it('requires an organisation for organisation representatives and a territory for territory roles', async () => {
      const cases: [Record<string, string>, string][] = [
        [{ role: 'organisation' }, 'organisationId'],
        [{ role: 'organisation', organisationId: '00000000-0000-4000-8000-000000000000' }, 'organisationId'],
        [{ role: 'organisation', organisationId: 'not-a-uuid' }, 'organisationId'],
        [{ role: 'authority' }, 'territoryId'],
        [{ role: 'council' }, 'territoryId'],
        [{ role: 'operator', territoryId: '00000000-0000-4000-8000-000000000000' }, 'territoryId'],
        [{ role: 'council', territoryId: world.town.id, councilPosition: 'king' }, 'councilPosition'],
        [{ role: 'superuser' }, 'role'],
      ];
      for (const [extra, field] of cases) {
        const result = await validateAccount(t.db, { email: 'a@example.ru', name: 'А', role: '', ...extra });
        expect(result.ok, JSON.stringify(extra)).toBe(false);
        if (!result.ok) expect(Object.keys(result.errors), JSON.stringify(extra)).toContain(field);
      }
    });

    it('keeps only the scope that fits the role', async () => {
      const org = await validateAccount(t.db, {
        email: 'x@example.ru',
        name: 'X',
        role: 'organisation',
        organisationId: world.school.id,
        territoryId: world.town.id,
      });
      expect(org.ok && org.value).toMatchObject({
        organisationId: world.school.id,
        territoryId: null,
        councilPosition: null,
      });
      const council = await validateAccount(t.db, {
        email: 'x@example.ru',
        name: 'X',
        role: 'council',
        territoryId: world.town.id,
        organisationId: world.school.id,
      });
      expect(council.ok && council.value).toMatchObject({
        territoryId: world.town.id,
        organisationId: null,
        councilPosition: 'member',
      });
      const adm = await validateAccount(t.db, {
        email: 'x@example.ru',
        name: 'X',
        role: 'admin',
        territoryId: world.town.id,
      });
      expect(adm.ok && adm.value).toMatchObject({ territoryId: null, organisationId: null });
    });

    it('refuses a duplicate e-mail regardless of case, and writes nothing', async () => {
      await activeAccount('dup@example.ru');
      const before = await t.db.select({ n: count() }).from(auditLog);
      const again = await createAccount(t.db, admin, { email: ' DUP@example.ru ', name: 'Другой', role: 'admin' });
      expect(again.ok).toBe(false);
      expect(await t.db.select({ n: count() }).from(auditLog)).toEqual(before);
    });

    it('resolves territory chains and organisation scopes', async () => {
      expect(await territoryChain(t.db, world.town.id)).toEqual([world.town.id, world.region.id]);
      expect(await organisationScope(t.db, world.otherSchool.id)).toEqual({
        organisationId: world.otherSchool.id,
        territoryIds: [world.otherTown.id, world.region.id],
      });
      expect(await organisationScope(t.db, '00000000-0000-4000-8000-000000000000')).toBeNull();
      expect(await organisationScope(t.db, "1' or '1'='1")).toBeNull();
    });
  });

  describe('audit of account changes', () => {
    it('records creation, links, password setting and deactivation without secrets', async () => {
      const user = await activeAccount('audited@example.ru');
      await setAccountActive(t.db, admin, user.id, false, 'уволилась');
      const rows = await t.db.select().from(auditLog).where(eq(auditLog.entityId, user.id)).orderBy(auditLog.id);
      expect(rows.map((r) => r.action)).toEqual([
        'account.create',
        'account.invite',
        'account.password-set',
        'account.deactivate',
      ]);
      const text = JSON.stringify(rows);
      expect(text).not.toMatch(/scrypt\$/);
      expect(text).not.toMatch(/passwordHash|password_hash/);
      expect(rows[3]).toMatchObject({ reason: 'уволилась', before: { active: true }, after: { active: false } });
      expect(rows[0]).toMatchObject({
        actorName: admin.name,
        after: { email: 'audited@example.ru', role: 'authority' },
      });
    });
  });

  describe('one-time links', () => {
    it('work once', async () => {
      const created = await createAccount(t.db, admin, {
        email: 'once@example.ru',
        name: 'Однажды',
        role: 'operator',
        territoryId: world.town.id,
      });
      if (!created.ok) throw new Error('not created');
      const link = (await issueAccountLink(t.db, admin, created.user.id))!;
      expect(link.purpose).toBe('invite');
      const first = await acceptLink(t.db, link.token, { password: PASSWORD, passwordRepeat: PASSWORD });
      expect(first.ok).toBe(true);
      const second = await acceptLink(t.db, link.token, {
        password: 'другой хороший пароль',
        passwordRepeat: 'другой хороший пароль',
      });
      expect(second).toEqual({ ok: false, errors: { form: LINK_INVALID } });
      expect((await login(t.db, 'once@example.ru', PASSWORD)).ok).toBe(true);
      expect((await login(t.db, 'once@example.ru', 'другой хороший пароль')).ok).toBe(false);
    });

    it('expire', async () => {
      const created = await createAccount(t.db, admin, {
        email: 'late@example.ru',
        name: 'Опоздавший',
        role: 'operator',
        territoryId: world.town.id,
      });
      if (!created.ok) throw new Error('not created');
      const issuedAt = new Date('2025-03-01T09:00:00Z');
      const link = (await issueAccountLink(t.db, admin, created.user.id, issuedAt))!;
      const justBefore = new Date(issuedAt.getTime() + LINK_LIFETIME_MS.invite - 1000);
      const after = new Date(issuedAt.getTime() + LINK_LIFETIME_MS.invite + 1000);
      expect(await findLink(t.db, link.token, justBefore)).not.toBeNull();
      expect(await findLink(t.db, link.token, after)).toBeNull();
      expect((await acceptLink(t.db, link.token, { password: PASSWORD }, after)).ok).toBe(false);
      expect((await userByEmail(t.db, 'late@example.ru'))?.passwordHash).toBeNull();
    });

    it('do not get used up by a rejected password', async () => {
      const created = await createAccount(t.db, admin, {
        email: 'weak@example.ru',
        name: 'Слабый',
        role: 'operator',
        territoryId: world.town.id,
      });
      if (!created.ok) throw new Error('not created');
      const link = (await issueAccountLink(t.db, admin, created.user.id))!;
      const weak = await acceptLink(t.db, link.token, { password: 'qwerty12345', passwordRepeat: 'qwerty12345' });
      expect(weak.ok).toBe(false);
      if (!weak.ok) expect(weak.errors.password).toMatch(/распространён/);
      const mismatch = await acceptLink(t.db, link.token, { password: PASSWORD, passwordRepeat: PASSWORD + '!' });
      expect(!mismatch.ok && mismatch.errors.password).toMatch(/не совпадают/);
      expect((await acceptLink(t.db, link.token, { password: PASSWORD, passwordRepeat: PASSWORD })).ok).toBe(true);
    });

    it('a reset link ends every existing session and replaces older links', async () => {
      const user = await activeAccount('reset@example.ru');
      const old = await createSession(t.db, user.id);
      const first = (await issueAccountLink(t.db, admin, user.id))!;
      const second = (await issueAccountLink(t.db, admin, user.id))!;
      expect(second.purpose).toBe('reset');
      expect(await findLink(t.db, first.token)).toBeNull();
      const done = await acceptLink(t.db, second.token, {
        password: 'новый пароль для сброса',
        passwordRepeat: 'новый пароль для сброса',
      });
      expect(done.ok).toBe(true);
      expect(await lookupSession(t.db, old.token)).toBeNull();
      if (done.ok) expect((await lookupSession(t.db, done.session.token))?.user.id).toBe(user.id);
      expect((await login(t.db, 'reset@example.ru', PASSWORD)).ok).toBe(false);
    });

    it('store only a hash of the token', async () => {
      const created = await createAccount(t.db, admin, { email: 'hash@example.ru', name: 'Хэш', role: 'admin' });
      if (!created.ok) throw new Error('not created');
      const link = (await issueAccountLink(t.db, admin, created.user.id))!;
      const rows = await t.db.select().from(invitations).where(eq(invitations.userId, created.user.id));
      expect(JSON.stringify(rows)).not.toContain(link.token);
    });
  });

  describe('login', () => {
    it('succeeds with the right password, case-insensitively on the address', async () => {
      const user = await activeAccount('login-ok@example.ru');
      const result = await login(t.db, '  Login-OK@Example.RU ', PASSWORD);
      expect(result.ok).toBe(true);
      if (result.ok) {
        expect(result.user).toMatchObject({ id: user.id, role: 'authority', territoryId: world.town.id });
        const stored = await t.db.select().from(sessions).where(eq(sessions.userId, user.id));
        expect(stored.some((s) => s.id === result.session.token)).toBe(false); // only the hash is stored
        expect((await lookupSession(t.db, result.session.token))?.user.id).toBe(user.id);
      }
    });

    it('gives one message for an unknown address and a wrong password', async () => {
      await activeAccount('login-bad@example.ru');
      const wrong = await login(t.db, 'login-bad@example.ru', 'не тот пароль вовсе');
      const unknown = await login(t.db, 'nobody@example.ru', PASSWORD);
      expect(wrong).toEqual({ ok: false, reason: 'invalid', message: LOGIN_INVALID });
      expect(unknown).toEqual(wrong);
    });

    it('locks the account for 15 minutes after 5 failures, even for the right password, then lets it in', async () => {
      await activeAccount('lock@example.ru');
      const now = new Date('2025-04-01T10:00:00Z');
      for (let i = 1; i <= 4; i++)
        expect(await login(t.db, 'lock@example.ru', 'неверный пароль ' + i, now)).toMatchObject({
          message: LOGIN_INVALID,
        });
      expect(await login(t.db, 'lock@example.ru', 'неверный пароль 5', now)).toMatchObject({
        ok: false,
        reason: 'locked',
        message: LOGIN_LOCKED,
      });
      const during = new Date(now.getTime() + LOCKOUT_MS - 1000);
      expect(await login(t.db, 'lock@example.ru', PASSWORD, during)).toMatchObject({ ok: false, reason: 'locked' });
      const after = new Date(now.getTime() + LOCKOUT_MS + 1000);
      expect((await login(t.db, 'lock@example.ru', PASSWORD, after)).ok).toBe(true);
      const locked = await t.db
        .select()
        .from(auditLog)
        .where(eq(auditLog.action, 'account.locked'))
        .orderBy(desc(auditLog.id))
        .limit(1);
      expect(locked[0]?.entityId).toBe((await userByEmail(t.db, 'lock@example.ru'))?.id);
      expect((await userByEmail(t.db, 'lock@example.ru'))?.failedLogins).toBe(0);
    });

    it('locks unknown addresses the same way, so the lockout does not reveal which addresses exist', async () => {
      // Exactly as for a real account: four «invalid», then the fifth failure locks.
      for (let i = 0; i < 4; i++)
        expect(await login(t.db, 'ghost@example.ru', 'x'.repeat(12))).toMatchObject({ reason: 'invalid' });
      expect(await login(t.db, 'ghost@example.ru', 'x'.repeat(12))).toMatchObject({ reason: 'locked' });
      expect(await login(t.db, 'ghost@example.ru', 'x'.repeat(12))).toMatchObject({ reason: 'locked' });
    });

    it('refuses deactivated accounts and ends their sessions', async () => {
      const user = await activeAccount('gone@example.ru');
      const session = await createSession(t.db, user.id);
      expect(await setAccountActive(t.db, admin, user.id, false)).toBe('ok');
      expect(await lookupSession(t.db, session.token)).toBeNull();
      expect(await login(t.db, 'gone@example.ru', PASSWORD)).toMatchObject({ ok: false, message: LOGIN_INVALID });
      expect(await setAccountActive(t.db, { id: user.id, name: 'сам' }, user.id, false)).toBe('self');
    });
  });

  describe('sessions', () => {
    it('slide with use up to the absolute limit, and end on logout', async () => {
      const user = await activeAccount('session@example.ru');
      const start = new Date('2025-05-01T08:00:00Z');
      const { token } = await createSession(t.db, user.id, start);
      expect(await lookupSession(t.db, token, new Date(start.getTime() + SESSION_IDLE_MS + 1000))).toBeNull();
      // Used every few hours, it lives on...
      let at = start;
      for (let i = 0; i < 10; i++) {
        at = new Date(at.getTime() + SESSION_IDLE_MS - 60_000);
        expect(await lookupSession(t.db, token, at), `step ${i}`).not.toBeNull();
      }
      // ...but never past the absolute limit.
      expect(await lookupSession(t.db, token, new Date(start.getTime() + SESSION_MAX_MS + 1000))).toBeNull();
      const fresh = await createSession(t.db, user.id);
      await deleteSession(t.db, fresh.token);
      expect(await lookupSession(t.db, fresh.token)).toBeNull();
    });

    it('ignore garbage cookies without querying uuid columns with them', async () => {
      expect(await lookupSession(t.db, "x' or 1=1 --")).toBeNull();
      expect(await lookupSession(t.db, undefined)).toBeNull();
    });
  });

  describe('changing an account', () => {
    const auditRows = async (userId: string) =>
      t.db.select().from(auditLog).where(eq(auditLog.entityId, userId)).orderBy(auditLog.id);
    const sessionCount = async (userId: string) =>
      (await t.db.select({ n: count() }).from(sessions).where(eq(sessions.userId, userId)))[0]?.n;

    it('applies a role and scope change, audits it and ends the sessions of that account', async () => {
      const user = await activeAccount('change-role@example.ru');
      const session = await createSession(t.db, user.id);
      const result = await updateAccount(t.db, admin, user.id, {
        name: '  Иванова   Мария Петровна ',
        role: 'council',
        councilPosition: 'chair',
        territoryId: world.otherTown.id,
        organisationId: world.school.id,
        reason: 'избрана председателем',
      });
      expect(result).toMatchObject({ ok: true, changed: true, sessionsEnded: true });
      const row = await userByEmail(t.db, 'change-role@example.ru');
      expect(row).toMatchObject({
        role: 'council',
        councilPosition: 'chair',
        territoryId: world.otherTown.id,
        organisationId: null,
        name: 'Иванова Мария Петровна',
      });
      expect(row?.passwordHash).toMatch(/^scrypt\$/); // the password set through the invitation is kept
      expect(await lookupSession(t.db, session.token)).toBeNull();
      expect(await sessionCount(user.id)).toBe(0);
      // The person can still sign in, now with the new permissions.
      const again = await login(t.db, 'change-role@example.ru', PASSWORD);
      expect(again.ok && again.user).toMatchObject({
        role: 'council',
        councilPosition: 'chair',
        territoryId: world.otherTown.id,
      });
      const last = (await auditRows(user.id)).filter((r) => r.action === 'account.update');
      expect(last).toHaveLength(1);
      expect(last[0]).toMatchObject({
        actorName: admin.name,
        entity: 'user',
        reason: 'избрана председателем',
        territoryId: world.otherTown.id,
        before: { role: 'authority', territoryId: world.town.id, councilPosition: null },
        after: { role: 'council', territoryId: world.otherTown.id, councilPosition: 'chair', organisationId: null },
      });
      expect(JSON.stringify(last)).not.toMatch(/scrypt\$|passwordHash/);
    });

    it("records an organisation representative's change under the organisation's territory", async () => {
      const user = await activeAccount('to-school@example.ru');
      const result = await updateAccount(t.db, admin, user.id, {
        name: user.name,
        role: 'organisation',
        organisationId: world.otherSchool.id,
      });
      expect(result).toMatchObject({ ok: true, sessionsEnded: true });
      const [row] = (await auditRows(user.id)).filter((r) => r.action === 'account.update');
      expect(row?.territoryId).toBe(world.otherTown.id);
    });

    it('a change of the council position alone also ends the sessions; a new name alone does not', async () => {
      const created = await createAccount(t.db, admin, {
        email: 'member-to-chair@example.ru',
        name: 'Член Совета',
        role: 'council',
        territoryId: world.town.id,
      });
      if (!created.ok) throw new Error('not created');
      const id = created.user.id;
      const first = await createSession(t.db, id);
      const renamed = await updateAccount(t.db, admin, id, {
        name: 'Член Совета Новый',
        role: 'council',
        councilPosition: 'member',
        territoryId: world.town.id,
      });
      expect(renamed).toMatchObject({ ok: true, changed: true, sessionsEnded: false });
      expect(await lookupSession(t.db, first.token)).not.toBeNull();
      const promoted = await updateAccount(t.db, admin, id, {
        name: 'Член Совета Новый',
        role: 'council',
        councilPosition: 'secretary',
        territoryId: world.town.id,
      });
      expect(promoted).toMatchObject({ ok: true, changed: true, sessionsEnded: true });
      expect(await lookupSession(t.db, first.token)).toBeNull();
    });

    it('writes nothing when nothing changed', async () => {
      const user = await activeAccount('same@example.ru');
      const before = await auditRows(user.id);
      const result = await updateAccount(t.db, admin, user.id, {
        name: user.name,
        role: 'authority',
        territoryId: world.town.id,
      });
      expect(result).toMatchObject({ ok: true, changed: false, sessionsEnded: false });
      expect(await auditRows(user.id)).toEqual(before);
    });

    it('refuses an invalid role or scope with Russian messages and changes nothing', async () => {
      const user = await activeAccount('bad-scope@example.ru');
      const session = await createSession(t.db, user.id);
      const before = await auditRows(user.id);
      const cases: [Parameters<typeof updateAccount>[3], string, RegExp][] = [
        [{ name: user.name, role: 'organisation' }, 'organisationId', /выберите организацию/],
        [
          { name: user.name, role: 'organisation', organisationId: '00000000-0000-4000-8000-000000000000' },
          'organisationId',
          /нет в реестре/,
        ],
        [{ name: user.name, role: 'operator', territoryId: '' }, 'territoryId', /выберите территорию/],
        [{ name: user.name, role: 'authority', territoryId: 'not-a-uuid' }, 'territoryId', /выберите территорию/],
        [
          { name: user.name, role: 'council', territoryId: world.town.id, councilPosition: 'king' },
          'councilPosition',
          /должность/,
        ],
        [{ name: user.name, role: 'superuser' }, 'role', /роль/],
        [{ name: '   ', role: 'authority', territoryId: world.town.id }, 'name', /фамилию/],
        [{ name: user.name, email: 'not an address', role: 'authority', territoryId: world.town.id }, 'email', /адрес/],
      ];
      for (const [input, field, message] of cases) {
        const result = await updateAccount(t.db, admin, user.id, input);
        expect(result.ok, JSON.stringify(input)).toBe(false);
        if (!result.ok) {
          expect(result.reason).toBe('invalid');
          expect(result.errors[field as keyof typeof result.errors], JSON.stringify(input)).toMatch(message);
        }
      }
      expect(await userByEmail(t.db, 'bad-scope@example.ru')).toMatchObject({
        role: 'authority',
        territoryId: world.town.id,
        organisationId: null,
        name: user.name,
      });
      expect(await auditRows(user.id)).toEqual(before);
      expect(await lookupSession(t.db, session.token)).not.toBeNull();
    });

    it('changes the e-mail only to a free, well-formed address', async () => {
      const user = await activeAccount('old-address@example.ru');
      await activeAccount('taken-address@example.ru');
      const taken = await updateAccount(t.db, admin, user.id, {
        email: 'Taken-Address@example.ru',
        name: user.name,
        role: 'authority',
        territoryId: world.town.id,
      });
      expect(!taken.ok && taken.errors.email).toMatch(/уже есть/);
      const moved = await updateAccount(t.db, admin, user.id, {
        email: ' New-Address@Example.ru ',
        name: user.name,
        role: 'authority',
        territoryId: world.town.id,
      });
      expect(moved).toMatchObject({ ok: true, changed: true, sessionsEnded: false });
      expect((await userByEmail(t.db, 'new-address@example.ru'))?.id).toBe(user.id);
    });

    it("refuses a change of one's own role or scope, but lets one fix one's own name", async () => {
      const created = await createAccount(t.db, admin, {
        email: 'self-admin@example.ru',
        name: 'Сам Себе Админ',
        role: 'admin',
      });
      if (!created.ok) throw new Error('not created');
      const self = { id: created.user.id, name: created.user.name };
      const before = await auditRows(self.id);
      const demote = await updateAccount(t.db, self, self.id, {
        name: self.name,
        role: 'authority',
        territoryId: world.town.id,
      });
      expect(demote).toEqual({ ok: false, reason: 'own-role', errors: { role: OWN_ROLE_REFUSED } });
      expect((await userByEmail(t.db, 'self-admin@example.ru'))?.role).toBe('admin');
      expect(await auditRows(self.id)).toEqual(before);
      const renamed = await updateAccount(t.db, self, self.id, { name: 'Сам Себе Администратор', role: 'admin' });
      expect(renamed).toMatchObject({ ok: true, changed: true, sessionsEnded: false });
    });

    it('answers an unknown or malformed id with a result, not an exception', async () => {
      const input = { name: 'Кто-то', role: 'admin' };
      expect(await updateAccount(t.db, admin, '00000000-0000-4000-8000-000000000000', input)).toEqual({
        ok: false,
        reason: 'not-found',
        errors: { form: ACCOUNT_NOT_FOUND },
      });
      expect(await updateAccount(t.db, admin, "1' or '1'='1", input)).toMatchObject({ ok: false, reason: 'not-found' });
    });
  });

  describe('the last active administrator', () => {
    let fresh: TestDatabase;
    let freshWorld: World;
    beforeEach(async () => {
      fresh = await createTestDb();
      freshWorld = await seedWorld(fresh.db);
    });
    afterEach(async () => fresh?.close());

    async function addAdmin(email: string) {
      const [row] = await fresh.db.insert(users).values({ email, name: email, role: 'admin' }).returning();
      return row!;
    }
    const activeAdmins = async () =>
      (
        await fresh.db
          .select({ n: count() })
          .from(users)
          .where(sql`${users.role} = 'admin' and ${users.active}`)
      )[0]?.n;
    const demotion = (name: string) => ({ name, role: 'authority', territoryId: freshWorld.town.id });

    it('cannot be demoted or deactivated; with a second one both are possible', async () => {
      const only = await addAdmin('only@example.ru');
      // A system actor (no account): the self check does not apply, the last-admin check does.
      const system = { id: null, name: 'система' };
      expect(await updateAccount(fresh.db, system, only.id, demotion(only.name))).toEqual({
        ok: false,
        reason: 'last-admin',
        errors: { role: LAST_ADMIN_REFUSED },
      });
      expect(await setAccountActive(fresh.db, system, only.id, false)).toBe('last-admin');
      expect(await activeAdmins()).toBe(1);
      expect(await fresh.db.select({ n: count() }).from(auditLog)).toEqual([{ n: 0 }]);
      // A deactivated administrator does not count.
      const off = await addAdmin('off@example.ru');
      await fresh.db.update(users).set({ active: false }).where(eq(users.id, off.id));
      expect((await updateAccount(fresh.db, system, only.id, demotion(only.name))).ok).toBe(false);
      const second = await addAdmin('second@example.ru');
      expect(
        await updateAccount(fresh.db, { id: second.id, name: second.name }, only.id, demotion(only.name)),
      ).toMatchObject({ ok: true, changed: true });
      expect(await setAccountActive(fresh.db, system, second.id, false)).toBe('last-admin');
      expect(await activeAdmins()).toBe(1);
    });

    it('two administrators demoting each other at the same moment: one of them stays', async () => {
      const a = await addAdmin('a@example.ru');
      const b = await addAdmin('b@example.ru');
      const results = await Promise.all([
        updateAccount(fresh.db, { id: a.id, name: a.name }, b.id, demotion(b.name)),
        updateAccount(fresh.db, { id: b.id, name: b.name }, a.id, demotion(a.name)),
      ]);
      expect(results.map((r) => (r.ok ? 'ok' : r.reason)).sort()).toEqual(['last-admin', 'ok']);
      expect(await activeAdmins()).toBe(1);
    });

    it('two administrators switching each other off at the same moment: one of them stays', async () => {
      const a = await addAdmin('a@example.ru');
      const b = await addAdmin('b@example.ru');
      const results = await Promise.all([
        setAccountActive(fresh.db, { id: a.id, name: a.name }, b.id, false),
        setAccountActive(fresh.db, { id: b.id, name: b.name }, a.id, false),
      ]);
      expect(results.sort()).toEqual(['last-admin', 'ok']);
      expect(await activeAdmins()).toBe(1);
    });
  });

  describe('audit log is append-only in the database', () => {
    it(`refuses UPDATE, DELETE and TRUNCATE on ${testEngine}`, async () => {
      const [row] = await t.db.select().from(auditLog).limit(1);
      expect(row).toBeDefined();
      await expect(
        t.db.update(auditLog).set({ actorName: 'подделка' }).where(eq(auditLog.id, row!.id)),
      ).rejects.toThrow();
      await expect(t.db.delete(auditLog).where(eq(auditLog.id, row!.id))).rejects.toThrow();
      await expect(t.db.execute(sql`truncate audit_log`)).rejects.toThrow();
      const [again] = await t.db.select().from(auditLog).where(eq(auditLog.id, row!.id));
      expect(again).toEqual(row);
    });

    it('the refusal names the reason', async () => {
      const err = await t.db.execute(sql`update audit_log set reason = 'x'`).catch((e: unknown) => e);
      const messages = [err, (err as { cause?: unknown })?.cause].map((e) => String((e as Error)?.message ?? ''));
      expect(messages.join(' ')).toMatch(/append-only/);
    });
  });
});
