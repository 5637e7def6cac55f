import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { createHttpApp } from '../../app/server/http.server';
import { CSRF_COOKIE, csrfTokenFor } from '../../app/server/csrf.server';
import { createSession, SESSION_COOKIE } from '../../src/auth/sessions.server';
import { organisationHistory } from '../../src/db/schema/campaigns';
import { organisations } from '../../src/db/schema/registry';
import { users } from '../../src/db/schema/auth';
import { createCampaign } from '../../src/campaigns/campaigns.server';
import { setCampaignOrganisations } from '../../src/campaigns/organisation-list.server';
import { recordCouncilDecision } from '../../src/council/list-decision.server';
import { importOrganisations } from '../../src/registry/import.server';
import { createTerritory, listOrganisations } from '../../src/registry/organisations.server';
import { createTestDb, testEngine, type TestDatabase } from '../helpers/db';
import { silentLogger, testConfig } from '../helpers/app';
import { loadBuild } from '../helpers/build';
import { actor, csv, org, utf8 } from './fixtures';

const NONCE = 'RegistryNonce123456789';

describe(`registry pages over HTTP (${testEngine})`, () => {
  let t: TestDatabase;
  let app: ReturnType<typeof createHttpApp>;
  const config = testConfig();
  const token = csrfTokenFor(config.sessionSecret, NONCE);
  let townA: string;
  let townB: string;
  let orgB: string;
  let campaignId: string;
  let adminSession: string;
  let authorityA: string;

  const cookie = (session?: string) =>
    [`${CSRF_COOKIE}=${NONCE}`, session ? `${SESSION_COOKIE}=${session}` : null].filter(Boolean).join('; ');
  const get = (path: string, session?: string) =>
    app.request(`http://localhost${path}`, { headers: { cookie: cookie(session) } });
  const post = (path: string, body: BodyInit, session?: string, type?: string) =>
    app.request(`http://localhost${path}`, {
      method: 'POST',
      headers: { cookie: cookie(session), origin: 'http://localhost', ...(type ? { 'content-type': type } : {}) },
      body,
    });
  const form = (fields: Record<string, string>, csrf = true) =>
    new URLSearchParams({ ...fields, ...(csrf ? { _csrf: token } : {}) }).toString();
  const FORM = 'application/x-www-form-urlencoded';

  beforeAll(async () => {
    t = await createTestDb();
    const { build, clientDir } = await loadBuild();
    app = createHttpApp({ db: t.db, config, logger: silentLogger, build, clientDir });
    const region = await createTerritory(t.db, { kind: 'region', name: 'Область', parentId: null }, actor);
    townA = (await createTerritory(t.db, { kind: 'municipality', name: 'Город А', parentId: region.id }, actor)).id;
    townB = (await createTerritory(t.db, { kind: 'municipality', name: 'Город Б', parentId: region.id }, actor)).id;
    await importOrganisations(t.db, {
      territoryId: townB,
      bytes: utf8(csv([org(1), org(2)])),
      fileName: 'b.csv',
      actor,
    });
    orgB = (await listOrganisations(t.db, [townB]))[0]!.id;
    const [admin] = await t.db.insert(users).values({ email: 'a@x.ru', name: 'Админ', role: 'admin' }).returning();
    const [auth] = await t.db
      .insert(users)
      .values({ email: 'o@x.ru', name: 'Орган А', role: 'authority', territoryId: townA })
      .returning();
    adminSession = (await createSession(t.db, admin!.id)).token;
    authorityA = (await createSession(t.db, auth!.id)).token;
    const c = await createCampaign(
      t.db,
      { territoryId: townB, year: 2026, title: 'НОК Б 2026', methodologyId: 'edu-2019', policies: {} },
      actor,
    );
    await setCampaignOrganisations(t.db, c.id, [{ organisationId: orgB }], actor);
    campaignId = c.id;
  });
  afterAll(async () => t?.close());

  const editFields = (headName: string) => ({
    fullName: 'Полное имя',
    shortName: 'Краткое',
    type: 'school',
    inn: org(1)[3]!,
    status: 'active',
    headName,
  });
  async function headOfB() {
    const [o] = await t.db.select().from(organisations).where(eq(organisations.id, orgB));
    return o!.headName;
  }

  it('refuses a forged edit without a CSRF token and changes nothing', async () => {
    const before = await headOfB();
    const res = await post(`/registry/org/${orgB}`, form(editFields('Взломщик'), false), adminSession, FORM);
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/Форма устарела/);
    expect(await headOfB()).toBe(before);
  });

  it("refuses another municipality's organisation when the id in the URL is changed", async () => {
    const before = await headOfB();
    const [h0] = await t.db.select({ n: count() }).from(organisationHistory);
    expect((await get(`/registry/org/${orgB}`, authorityA)).status).toBe(403);
    expect((await post(`/registry/org/${orgB}`, form(editFields('Чужой')), authorityA, FORM)).status).toBe(403);
    expect((await get(`/registry/${townB}`, authorityA)).status).toBe(403);
    expect((await get(`/registry/${townB}/export/csv`, authorityA)).status).toBe(403);
    const fd = new FormData();
    fd.set('_csrf', token);
    fd.set('file', new File([utf8(csv([org(9)]))], 'x.csv', { type: 'text/csv' }));
    expect((await post(`/registry/${townB}`, fd, authorityA)).status).toBe(403);
    expect((await get(`/campaigns/${campaignId}`, authorityA)).status).toBe(403);
    expect((await post(`/campaigns/${campaignId}`, form({ intent: 'list', org: orgB }), authorityA, FORM)).status).toBe(
      403,
    );
    expect(await headOfB()).toBe(before);
    const [h1] = await t.db.select({ n: count() }).from(organisationHistory);
    expect(h1!.n).toBe(h0!.n);
    expect(await listOrganisations(t.db, [townB])).toHaveLength(2);
  });

  it('own municipality is fine for the same official; anonymous visitors go to the login page', async () => {
    expect((await get(`/registry/${townA}`, authorityA)).status).toBe(200);
    const anon = await get(`/registry/${townB}`);
    expect(anon.status).toBe(302);
    expect(anon.headers.get('location')).toMatch(/^\/login\?next=/);
  });

  it('an administrator edits a card; history shows the change', async () => {
    const res = await post(`/registry/org/${orgB}`, form(editFields('Сидорова А. А.')), adminSession, FORM);
    expect(res.status).toBe(200);
    expect(await headOfB()).toBe('Сидорова А. А.');
    const page = (await (await get(`/registry/org/${orgB}`, adminSession)).text()).replace(/<!-- -->/g, '');
    expect(page).toContain('Руководитель: Иванова И. И. → Сидорова А. А.');
  });

  it('an invalid edit is refused with a Russian message', async () => {
    const res = await post(
      `/registry/org/${orgB}`,
      form({ ...editFields('X'), inn: '7707083894' }),
      adminSession,
      FORM,
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('ИНН не проходит проверку контрольной цифры');
    expect(await headOfB()).toBe('Сидорова А. А.');
  });

  it('imports through the page, refusing a 20 MB upload before parsing', async () => {
    const fd = new FormData();
    fd.set('_csrf', token);
    fd.set('file', new File([new Uint8Array(20 * 1024 * 1024)], 'big.csv', { type: 'text/csv' }));
    const res = await post(`/registry/${townA}`, fd, adminSession);
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('Файл слишком большой');
    const ok = new FormData();
    ok.set('_csrf', token);
    ok.set('file', new File([utf8(csv([org(30)]))], 'a.csv', { type: 'text/csv' }));
    const res2 = await post(`/registry/${townA}`, ok, adminSession);
    expect(res2.status).toBe(200);
    // Step one only shows what will change: nothing is written yet.
    const page = await res2.text();
    expect(page).toContain('что изменится');
    expect(page).toContain('Новая организация: МБОУ Школа № 30');
    expect(page).toContain('Применить изменения');
    expect(await listOrganisations(t.db, [townA])).toHaveLength(0);
    const draftId = /name="draftId" value="([^"]+)"/.exec(page)![1]!;
    const planHash = /name="planHash" value="([^"]+)"/.exec(page)![1]!;
    const confirmed = await post(
      `/registry/${townA}`,
      form({ intent: 'import-confirm', draftId, planHash }),
      adminSession,
      FORM,
    );
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('Изменения применены. Добавлено: 1');
    expect(await listOrganisations(t.db, [townA])).toHaveLength(1);
    // A re-submitted confirmation changes nothing and says why.
    const again = await post(
      `/registry/${townA}`,
      form({ intent: 'import-confirm', draftId, planHash }),
      adminSession,
      FORM,
    );
    expect(again.status).toBe(409);
    expect(await listOrganisations(t.db, [townA])).toHaveLength(1);

    // A sparse update: the preview names the one changed field with its old and new value; empty cells keep.
    const before = (await listOrganisations(t.db, [townA]))[0]!;
    const sparseRow = org(30).map((c, k) => (k === 3 ? c : k === 8 ? 'Сидорова С. С.' : ''));
    const upd = new FormData();
    upd.set('_csrf', token);
    upd.set('file', new File([utf8(csv([sparseRow]))], 'b.csv', { type: 'text/csv' }));
    const preview = await (await post(`/registry/${townA}`, upd, adminSession)).text();
    expect(preview).toContain('Изменится: МБОУ Школа № 30');
    expect(preview).toMatch(/<th scope="row">Руководитель<\/th><td>Иванова И\. И\.<\/td><td>Сидорова С\. С\.<\/td>/);
    expect(preview).not.toContain('<th scope="row">ОГРН</th>');
    const discard = /name="draftId" value="([^"]+)"/.exec(preview)![1]!;
    const cancelled = await post(
      `/registry/${townA}`,
      form({ intent: 'import-discard', draftId: discard }),
      adminSession,
      FORM,
    );
    expect(await cancelled.text()).toContain('Загрузка отменена');
    expect((await listOrganisations(t.db, [townA]))[0]).toEqual(before);
  });

  it('serves the template and a neutralised export', async () => {
    const tpl = await get('/registry/template/xlsx', adminSession);
    expect(tpl.status).toBe(200);
    expect(tpl.headers.get('content-type')).toContain('spreadsheetml');
    expect(tpl.headers.get('content-disposition')).toContain("filename*=UTF-8''");
    await post(`/registry/org/${orgB}`, form(editFields('=cmd|" /C calc"!A0')), adminSession, FORM);
    const exp = await get(`/registry/${townB}/export/csv`, adminSession);
    expect(exp.status).toBe(200);
    const text = await exp.text();
    expect(text).toContain(`"'=cmd|"" /C calc""!A0"`);
  });

  it('adds an organisation by hand; a duplicate ИНН is refused', async () => {
    const fields = {
      intent: 'create',
      fullName: 'МБДОУ «Детский сад № 7»',
      shortName: 'Д/с № 7',
      type: 'preschool',
      inn: org(77)[3]!,
      recipients: '120',
    };
    const ok = await post(`/registry/${townA}`, form(fields), adminSession, FORM);
    expect(ok.status).toBe(200);
    expect((await listOrganisations(t.db, [townA])).map((o) => o.shortName)).toContain('Д/с № 7');
    const dup = await post(`/registry/${townA}`, form({ ...fields, shortName: 'Другой' }), adminSession, FORM);
    expect(dup.status).toBe(400);
    expect((await dup.text()).replace(/<!-- -->/g, '')).toContain(`Организация с ИНН ${org(77)[3]} уже есть в реестре`);
    const bad = await post(`/registry/${townA}`, form({ ...fields, inn: '123', shortName: '' }), adminSession, FORM);
    expect(bad.status).toBe(400);
    expect((await listOrganisations(t.db, [townA])).filter((o) => o.shortName === 'Другой')).toHaveLength(0);
  });

  it('the public campaign page needs no login once the list is decided', async () => {
    expect((await get(`/c/${campaignId}`)).status).toBe(404);
    await recordCouncilDecision(t.db, { campaignId, number: '9', date: '2026-02-10', dataDir: config.dataDir, actor });
    const res = await get(`/c/${campaignId}`);
    expect(res.status).toBe(200);
    const html = (await res.text()).replace(/<!-- -->/g, '');
    expect(html).toContain('№ 9 от 10.02.2026');
    expect(html).toContain('<td>Полное имя</td>');
    expect((await get(`/c/not-a-uuid`)).status).toBe(404);
  });
});
