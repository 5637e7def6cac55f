import { count, eq } from 'drizzle-orm';
import type { ServerBuild } from 'react-router';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../app/server/http.server';
import { OWN_ROLE_REFUSED } from '../../src/auth/accounts.server';
import { auditLog } from '../../src/db/schema/audit';
import { sessions, users } from '../../src/db/schema/auth';
import { createTestDb, testEngine, type TestDatabase } from '../helpers/db';
import { silentLogger, testConfig } from '../helpers/app';
import { loadBuild } from '../helpers/build';
import { seedPeople, seedWorld, type World } from './fixtures';
import { browser } from './http-helpers';

function htmlText(html: string): string {
  return html
    .replace(/<!-- -->/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'");
}

describe(`an administrator changes an account's role and scope over HTTP (${testEngine})`, () => {
  let t: TestDatabase;
  let world: World;
  let built: { build: ServerBuild; clientDir: string };
  let people: Awaited<ReturnType<typeof seedPeople>>['people'];
  const config = testConfig();
  const client = () => browser(createHttpApp({ db: t.db, config, logger: silentLogger, ...built }), config);

  beforeAll(async () => {
    built = await loadBuild();
    t = await createTestDb();
    world = await seedWorld(t.db);
    ({ people } = await seedPeople(t.db, world));
  }, 120_000);
  afterAll(async () => t?.close());

  const row = async (id: string) => (await t.db.select().from(users).where(eq(users.id, id)))[0]!;
  const auditCount = async () => (await t.db.select({ n: count() }).from(auditLog))[0]?.n;
  const sessionCount = async (id: string) =>
    (await t.db.select({ n: count() }).from(sessions).where(eq(sessions.userId, id)))[0]?.n;

  it('the list links to the edit page, and the page is a plain form prefilled from the account', async () => {
    const b = client();
    const list = htmlText(await (await b.get('/admin/users', people.admin.cookie)).text());
    expect(list).toContain(`href="/admin/users/${people.chair.user.id}"`);
    expect(list).toMatch(/Изменить<span class="visually-hidden">: Тест chair<\/span>/);
    const res = await b.get(`/admin/users/${people.chair.user.id}`, people.admin.cookie);
    expect(res.status).toBe(200);
    const html = htmlText(await res.text());
    const main = html.slice(html.indexOf('<main'));
    const form = main.slice(main.indexOf('<form'), main.indexOf('</form>'));
    // Works without JavaScript: an ordinary POST form to this very page, with the CSRF token.
    expect(form).toMatch(new RegExp(`^<form [^>]*action="/admin/users/${people.chair.user.id}" method="post">`));
    expect(form).toMatch(/name="_csrf" value="[A-Za-z0-9_-]{43}"/);
    expect(form).toContain('value="Тест chair"');
    expect(form).toContain('<option value="council" selected="">');
    expect(form).toContain('<option value="chair" selected="">');
    expect(form).toContain(`<option value="${world.town.id}" selected="">`);
    for (const id of ['edit-name', 'edit-role', 'edit-position', 'edit-territory', 'edit-organisation', 'edit-reason'])
      expect(form).toContain(`<label for="${id}">`);
  });

  it('a role change is applied, audited and ends the sessions of that person; the list shows a Russian notice', async () => {
    const b = client();
    const target = people.operator;
    expect((await b.get('/campaigns', target.cookie)).status).toBe(200);
    const res = await b.post(
      `/admin/users/${target.user.id}`,
      {
        name: 'Тест operator',
        role: 'council',
        councilPosition: 'secretary',
        territoryId: world.otherTown.id,
        organisationId: '',
        reason: 'перешёл в совет',
      },
      people.admin.cookie,
    );
    expect(res.status).toBe(302);
    const location = res.headers.get('location')!;
    expect(location).toBe(`/admin/users?updated=${target.user.id}&ended=1`);
    expect(await row(target.user.id)).toMatchObject({
      role: 'council',
      councilPosition: 'secretary',
      territoryId: world.otherTown.id,
      organisationId: null,
    });
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'account.update'));
    expect(audit).toMatchObject({
      actorId: people.admin.user.id,
      entityId: target.user.id,
      reason: 'перешёл в совет',
      before: { role: 'operator', territoryId: world.town.id },
      after: { role: 'council', councilPosition: 'secretary', territoryId: world.otherTown.id },
    });
    expect(await sessionCount(target.user.id)).toBe(0);
    // The old cookie no longer opens anything: the person signs in again and gets the new permissions.
    const old = await b.get('/campaigns', target.cookie);
    expect(old.status).toBe(302);
    expect(old.headers.get('location')).toMatch(/^\/login\?next=/);
    const list = htmlText(await (await b.get(location, people.admin.cookie)).text());
    expect(list).toContain('Изменения в учётной записи Тест operator сохранены. Её открытые сеансы завершены');
    expect(list).toContain('Общественный совет, секретарь');
  });

  it('a new name alone keeps the sessions', async () => {
    const b = client();
    const target = people.authority;
    const res = await b.post(
      `/admin/users/${target.user.id}`,
      { name: 'Тест authority Новая', role: 'authority', territoryId: world.town.id },
      people.admin.cookie,
    );
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/admin/users?updated=${target.user.id}`);
    expect((await row(target.user.id)).name).toBe('Тест authority Новая');
    expect((await b.get('/campaigns', target.cookie)).status).toBe(200);
  });

  it('an invalid scope is refused with Russian errors in the summary, and nothing changes', async () => {
    const b = client();
    const target = people.member;
    const before = await row(target.user.id);
    const audits = await auditCount();
    const cases: [Record<string, string>, string][] = [
      [
        { name: 'Тест member', role: 'organisation', organisationId: '' },
        'Для представителя организации выберите организацию.',
      ],
      [
        { name: 'Тест member', role: 'authority', territoryId: '00000000-0000-4000-8000-000000000000' },
        'Такой территории нет в реестре.',
      ],
      [{ name: 'Тест member', role: 'root' }, 'Выберите роль из списка.'],
      [{ name: '', role: 'council', territoryId: world.town.id }, 'Укажите фамилию, имя и отчество.'],
    ];
    for (const [fields, message] of cases) {
      const res = await b.post(`/admin/users/${target.user.id}`, fields, people.admin.cookie);
      expect(res.status, JSON.stringify(fields)).toBe(400);
      const html = htmlText(await res.text());
      const summary = html.slice(html.indexOf('class="error-summary"'));
      expect(summary).toContain('Изменения не сохранены');
      expect(summary).toContain(message);
      // The form keeps what was typed, so the administrator only fixes the mistake.
      if (fields.role !== 'root') expect(html).toContain(`<option value="${fields.role}" selected="">`);
    }
    expect(await row(target.user.id)).toEqual(before);
    expect(await auditCount()).toBe(audits);
    expect((await b.get('/campaigns', target.cookie)).status).toBe(200);
  });

  it('an administrator cannot change their own role', async () => {
    const b = client();
    const me = people.admin;
    const audits = await auditCount();
    const res = await b.post(
      `/admin/users/${me.user.id}`,
      { name: 'Тест admin', role: 'authority', territoryId: world.town.id },
      me.cookie,
    );
    expect(res.status).toBe(400);
    expect(htmlText(await res.text())).toContain(OWN_ROLE_REFUSED);
    expect((await row(me.user.id)).role).toBe('admin');
    expect(await auditCount()).toBe(audits);
    expect((await b.get('/admin/users', me.cookie)).status).toBe(200);
    const page = htmlText(await (await b.get(`/admin/users/${me.user.id}`, me.cookie)).text());
    expect(page).toContain('Это ваша учётная запись');
  });

  it('a forged post without the CSRF token changes nothing', async () => {
    const b = client();
    const target = people.organisation;
    const before = await row(target.user.id);
    const audits = await auditCount();
    const fields = { name: 'Захват', role: 'admin' };
    const forged = await b.post(`/admin/users/${target.user.id}`, fields, people.admin.cookie, { csrf: false });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain('Форма устарела');
    const wrong = await b.post(
      `/admin/users/${target.user.id}`,
      { ...fields, _csrf: 'A'.repeat(43) },
      people.admin.cookie,
      { csrf: false },
    );
    expect(wrong.status).toBe(403);
    expect(await row(target.user.id)).toEqual(before);
    expect(await auditCount()).toBe(audits);
  });

  it('everyone but an administrator is refused: 403 for staff, the login page for anonymous visitors', async () => {
    const b = client();
    const target = people.organisation;
    const before = await row(target.user.id);
    const audits = await auditCount();
    const path = `/admin/users/${target.user.id}`;
    for (const who of ['authority', 'chair', 'member', 'organisation'] as const) {
      const page = await b.get(path, people[who].cookie);
      expect(page.status, who).toBe(403);
      expect(await page.text()).toContain('Недостаточно прав');
      const post = await b.post(path, { name: 'Захват', role: 'admin' }, people[who].cookie);
      expect(post.status, who).toBe(403);
    }
    const anonymous = await b.post(path, { name: 'Захват', role: 'admin' });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get('location')).toBe(`/login?next=${encodeURIComponent(path)}`);
    expect(await row(target.user.id)).toEqual(before);
    expect(await auditCount()).toBe(audits);
  });

  it('an unknown or malformed account id is a 404 for the administrator', async () => {
    const b = client();
    expect((await b.get('/admin/users/00000000-0000-4000-8000-000000000000', people.admin.cookie)).status).toBe(404);
    expect((await b.get("/admin/users/1'%20or%20'1'='1", people.admin.cookie)).status).toBe(404);
    const audits = await auditCount();
    expect(
      (
        await b.post(
          '/admin/users/00000000-0000-4000-8000-000000000000',
          { name: 'X', role: 'admin' },
          people.admin.cookie,
        )
      ).status,
    ).toBe(404);
    expect(await auditCount()).toBe(audits);
  });
});
