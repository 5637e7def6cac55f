import { count, eq } from 'drizzle-orm';
import type { ServerBuild } from 'react-router';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../app/server/http.server';
import { issueAccountLink } from '../../src/auth/accounts.server';
import { LOGIN_INVALID } from '../../src/auth/login.server';
import { ensureFirstAdminSetup } from '../../src/auth/setup.server';
import { recordAudit } from '../../src/db/audit.server';
import { auditLog } from '../../src/db/schema/audit';
import { sessions, users } from '../../src/db/schema/auth';
import { createTestDb, testEngine, type TestDatabase } from '../helpers/db';
import { silentLogger, testConfig } from '../helpers/app';
import { loadBuild } from '../helpers/build';
import { seedPeople, seedWorld, type World } from './fixtures';
import { browser, sessionCookieFrom } from './http-helpers';

function htmlText(html: string): string {
  return html
    .replace(/<!-- -->/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'");
}

describe(`login, logout, links and forms over HTTP (${testEngine})`, () => {
  let t: TestDatabase;
  let world: World;
  let built: { build: ServerBuild; clientDir: string };
  let people: Awaited<ReturnType<typeof seedPeople>>['people'];
  let password: string;
  const config = testConfig();
  const app = () => createHttpApp({ db: t.db, config, logger: silentLogger, ...built });

  beforeAll(async () => {
    built = await loadBuild();
    t = await createTestDb();
    world = await seedWorld(t.db);
    ({ people, password } = await seedPeople(t.db, world));
  }, 120_000);
  afterAll(async () => t?.close());

  it('the first page visit sets the CSRF cookie, and the login form carries the token', async () => {
    const res = await createHttpApp({ db: t.db, config, logger: silentLogger, ...built }).request('/login');
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie().some((c) => c.startsWith('noko_csrf='))).toBe(true);
    expect(await res.text()).toMatch(/name="_csrf" value="[A-Za-z0-9_-]{43}"/);
  });

  it('logs in with a session cookie that is httpOnly, SameSite=Lax and not Secure on plain http', async () => {
    const b = browser(app(), config);
    const res = await b.post('/login', { email: people.authority.email, password, next: '/accessibility' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/accessibility');
    const cookie = sessionCookieFrom(res)!;
    expect(cookie).toMatch(/^noko_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const page = await b.get('/', cookie.split(';')[0]);
    expect(htmlText(await page.text())).toContain(people.authority.user.name);
  });

  it('marks the cookie Secure when PUBLIC_URL is https', async () => {
    const secure = testConfig({ publicUrl: 'https://noko.example.ru' });
    const b = browser(createHttpApp({ db: t.db, config: secure, logger: silentLogger, ...built }), secure);
    const res = await b.post('/login', { email: people.operator.email, password });
    expect(res.status).toBe(302);
    expect(sessionCookieFrom(res)).toMatch(/; Secure/);
  });

  it('never redirects to another site after login', async () => {
    const b = browser(app(), config);
    const res = await b.post('/login', { email: people.operator.email, password, next: '//evil.example/x' });
    // Refused: the person lands on their own start page instead (issue 11 item 8).
    expect(res.headers.get('location')).toBe('/dashboard');
  });

  it('answers a wrong password and an unknown address with the same Russian message and no cookie', async () => {
    const b = browser(app(), config);
    const wrong = await b.post('/login', { email: people.chair.email, password: 'совсем не тот пароль' });
    const unknown = await b.post('/login', { email: 'nobody@example.ru', password: 'совсем не тот пароль' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(sessionCookieFrom(wrong)).toBeUndefined();
    expect(htmlText(await wrong.text())).toContain(LOGIN_INVALID);
    expect(htmlText(await unknown.text())).toContain(LOGIN_INVALID);
  });

  it('limits login attempts per network: the 21st request in a minute gets 429', async () => {
    // The budget is shared by every instance through the database, so this test uses a network of its own
    // (a socket address handed to the app as @hono/node-server would); the other tests here come from «local».
    const network = { incoming: { socket: { remoteAddress: '198.51.100.21', remotePort: 40000 } } };
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await app().request('/login', {}, network)).status);
    expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
    expect(statuses[20]).toBe(429);
  });

  it('logout is a POST that deletes the session row and clears the cookie', async () => {
    const b = browser(app(), config);
    const login = await b.post('/login', { email: people.member.email, password });
    const cookie = sessionCookieFrom(login)!.split(';')[0]!;
    const [{ n: before }] = (await t.db
      .select({ n: count() })
      .from(sessions)
      .where(eq(sessions.userId, people.member.user.id))) as [{ n: number }];
    expect((await b.get('/logout', cookie)).status).toBe(302); // a GET changes nothing
    const [{ n: still }] = (await t.db
      .select({ n: count() })
      .from(sessions)
      .where(eq(sessions.userId, people.member.user.id))) as [{ n: number }];
    expect(still).toBe(before);
    const out = await b.post('/logout', {}, cookie);
    expect(out.status).toBe(302);
    expect(sessionCookieFrom(out)).toMatch(/noko_session=;.*Max-Age=0/);
    const [{ n: after }] = (await t.db
      .select({ n: count() })
      .from(sessions)
      .where(eq(sessions.userId, people.member.user.id))) as [{ n: number }];
    expect(after).toBe(before - 1);
    const page = await b.get('/admin/audit', cookie);
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe('/login?next=%2Fadmin%2Faudit');
  });

  it('a forged post without the CSRF token changes nothing', async () => {
    const b = browser(app(), config);
    const [{ n: usersBefore }] = (await t.db.select({ n: count() }).from(users)) as [{ n: number }];
    const [{ n: auditBefore }] = (await t.db.select({ n: count() }).from(auditLog)) as [{ n: number }];
    const fields = { intent: 'create', email: 'forged@example.ru', name: 'Подделка', role: 'admin' };
    const forged = await b.post('/admin/users', fields, people.admin.cookie, { csrf: false });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain('Форма устарела');
    const wrongToken = await b.post('/admin/users', { ...fields, _csrf: 'A'.repeat(43) }, people.admin.cookie, {
      csrf: false,
    });
    expect(wrongToken.status).toBe(403);
    const deactivate = await b.post(
      '/admin/users',
      { intent: 'deactivate', userId: people.operator.user.id },
      people.admin.cookie,
      { csrf: false },
    );
    expect(deactivate.status).toBe(403);
    const logout = await b.post('/logout', {}, people.admin.cookie, { csrf: false });
    expect(logout.status).toBe(403);
    expect((await t.db.select({ n: count() }).from(users))[0]?.n).toBe(usersBefore);
    expect((await t.db.select({ n: count() }).from(auditLog))[0]?.n).toBe(auditBefore);
    expect((await t.db.select().from(users).where(eq(users.id, people.operator.user.id)))[0]?.active).toBe(true);
    // The same post with the token goes through.
    const real = await b.post('/admin/users', fields, people.admin.cookie);
    expect(real.status).toBe(200);
    expect((await t.db.select({ n: count() }).from(users))[0]?.n).toBe(usersBefore + 1);
  });

  it('an administrator creates an account, sees the invitation link once, and the person sets a password through it', async () => {
    const b = browser(app(), config);
    const created = await b.post(
      '/admin/users',
      {
        intent: 'create',
        email: 'new.org@example.ru',
        name: 'Петрова Анна Сергеевна',
        role: 'organisation',
        organisationId: world.school.id,
      },
      people.admin.cookie,
    );
    expect(created.status).toBe(200);
    const html = htmlText(await created.text());
    const link = html.match(/\/setup\/([A-Za-z0-9_-]{43})/);
    expect(link).not.toBeNull();
    const list = htmlText(await (await b.get('/admin/users', people.admin.cookie)).text());
    expect(list).toContain('Петрова Анна Сергеевна');
    expect(list).not.toContain(link![1]); // shown once, never again
    const setupPage = await b.get(`/setup/${link![1]}`);
    expect(setupPage.status).toBe(200);
    const weak = await b.post(`/setup/${link![1]}`, { password: '123', passwordRepeat: '123' });
    expect(weak.status).toBe(400);
    const ok = await b.post(`/setup/${link![1]}`, {
      password: 'сирень цветёт в мае',
      passwordRepeat: 'сирень цветёт в мае',
    });
    expect(ok.status).toBe(302);
    expect(sessionCookieFrom(ok)).toMatch(/HttpOnly/);
    const reuse = await b.get(`/setup/${link![1]}`);
    expect(reuse.status).toBe(410);
    const reusePost = await b.post(`/setup/${link![1]}`, {
      password: 'другая сирень в июне',
      passwordRepeat: 'другая сирень в июне',
    });
    expect(reusePost.status).toBe(400);
    expect(sessionCookieFrom(reusePost)).toBeUndefined();
  });

  it('the first-start link creates the first administrator over HTTP', async () => {
    const fresh = await createTestDb();
    try {
      const url = (await ensureFirstAdminSetup(fresh.db, 'http://localhost'))!;
      const b = browser(createHttpApp({ db: fresh.db, config, logger: silentLogger, ...built }), config);
      const path = new URL(url).pathname;
      expect(htmlText(await (await b.get(path)).text())).toContain('Первый администратор');
      const res = await b.post(path, {
        name: 'Главный Администратор',
        email: 'root@example.ru',
        password: 'первый вход в систему',
        passwordRepeat: 'первый вход в систему',
      });
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe('/admin/users');
      const page = await b.get('/admin/users', sessionCookieFrom(res)!.split(';')[0]);
      expect(page.status).toBe(200);
    } finally {
      await fresh.close();
    }
  });

  it('a reset link issued from the page replaces the password', async () => {
    const b = browser(app(), config);
    const res = await b.post('/admin/users', { intent: 'link', userId: people.chair.user.id }, people.admin.cookie);
    const token = htmlText(await res.text()).match(/\/setup\/([A-Za-z0-9_-]{43})/)?.[1];
    expect(token).toBeDefined();
    expect(htmlText(await (await b.get(`/setup/${token}`)).text())).toContain('Новый пароль');
    expect(await issueAccountLink(t.db, { id: null, name: 't' }, 'not-a-uuid')).toBeNull();
  });

  it('the audit page filters by entity and actor and has no way to change anything', async () => {
    const b = browser(app(), config);
    const page = await b.get(`/admin/audit?entity=user&actor=${encodeURIComponent('Тест admin')}`, people.chair.cookie);
    expect(page.status).toBe(200);
    const html = htmlText(await page.text());
    expect(html).toContain('account.create');
    const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
    expect(main).toContain('<table');
    expect(main).not.toMatch(/method="post"/i);
    const post = await b.post('/admin/audit', {}, people.admin.cookie);
    expect(post.status).toBe(405);
    const bad = await b.get('/admin/audit?from=notadate&page=-4', people.admin.cookie);
    expect(bad.status).toBe(200);
  });

  it('the audit page shows a council only its own territory; an administrator everything', async () => {
    const put = (territoryId: string | null, entityId: string) =>
      recordAudit(t.db, { actor: null, action: 'probe.page', entity: 'probe-page', entityId, territoryId });
    await put(world.town.id, 'seen-by-town');
    await put(world.otherTown.id, 'seen-by-neighbour');
    await put(null, 'seen-by-admins');
    const b = browser(app(), config);
    const council = htmlText(await (await b.get('/admin/audit?entity=probe-page', people.chair.cookie)).text());
    expect(council).toContain('seen-by-town');
    expect(council).not.toContain('seen-by-neighbour');
    expect(council).not.toContain('seen-by-admins');
    expect(council).toContain('Показаны записи только о вашей территории');
    const admin = htmlText(await (await b.get('/admin/audit?entity=probe-page', people.admin.cookie)).text());
    for (const id of ['seen-by-town', 'seen-by-neighbour', 'seen-by-admins']) expect(admin).toContain(id);
    expect(admin).not.toContain('Показаны записи только о вашей территории');
  });
});
