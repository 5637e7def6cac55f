import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { count, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../app/server/http.server';
import { CSRF_COOKIE } from '../../app/server/csrf.server';
import { createSession } from '../../src/auth/sessions.server';
import { auditLog } from '../../src/db/schema/audit';
import { improvementPlans, planEvidence, planItems } from '../../src/db/schema/plans';
import { publishVersion } from '../../src/results/versions.server';
import { browser, NONCE } from '../auth/http-helpers';
import { createTestDb, testEngine, type TestDatabase } from '../helpers/db';
import { silentLogger, testConfig } from '../helpers/app';
import { loadBuild } from '../helpers/build';
import { seedApprovedCampaign, type PlansFixture } from './fixtures';

const JPEG = new Uint8Array([
  0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9,
]);

describe(`plan pages through the real HTTP app (${testEngine})`, () => {
  let t: TestDatabase;
  let f: PlansFixture;
  let app: ReturnType<typeof createHttpApp>;
  let client: ReturnType<typeof browser>;
  let dataDir: string;
  const cookies = {} as Record<'org' | 'other' | 'authority' | 'operator' | 'chair', string>;
  let planId: string;
  const config = () => testConfig({ dataDir });
  const audits = async () =>
    (await t.db.select({ n: count() }).from(auditLog).where(like(auditLog.action, 'plans.%')))[0]!.n;

  /** A multipart post as the claim form sends it (files + fields + CSRF token). */
  const multipart = (
    p: string,
    fields: Record<string, string>,
    files: { name: string; bytes: Uint8Array; type: string }[],
    cookie: string,
  ) => {
    const body = new FormData();
    for (const [k, v] of Object.entries({ ...fields, _csrf: client.token })) body.set(k, v);
    for (const file of files)
      body.append('files', new File([file.bytes as Uint8Array<ArrayBuffer>], file.name, { type: file.type }));
    return app.request(`http://localhost${p}`, {
      method: 'POST',
      headers: { cookie: `${CSRF_COOKIE}=${NONCE}; ${cookie}`, origin: 'http://localhost' },
      body,
    });
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'noko-plans-http-'));
    const built = await loadBuild();
    t = await createTestDb();
    f = await seedApprovedCampaign(t.db, { orgs: 4 });
    for (const [k, u] of Object.entries({
      org: f.orgUser,
      other: f.otherOrgUser,
      authority: f.users.authority,
      operator: f.users.operator,
      chair: f.users.chair,
    })) {
      cookies[k as keyof typeof cookies] = `noko_session=${(await createSession(t.db, u.id)).token}`;
    }
    app = createHttpApp({ db: t.db, config: config(), logger: silentLogger, ...built });
    client = browser(app, config());
  }, 180_000);
  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('the authority generates the drafts from the dashboard; an organisation may not', async () => {
    const refused = await client.post('/plans', { intent: 'generate', campaignId: f.campaignId }, cookies.org);
    expect(refused.status).toBe(403);
    const res = await client.post('/plans', { intent: 'generate', campaignId: f.campaignId }, cookies.authority);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Составлено черновиков планов: 4');
    planId = (await t.db.select().from(improvementPlans).where(eq(improvementPlans.organisationId, f.orgIds[0]!)))[0]!
      .id;
    const dash = await (await client.get(`/plans?campaign=${f.campaignId}`, cookies.authority)).text();
    expect(dash).toContain('Организации × мероприятия');
    expect(dash).toContain(`/plans/${planId}`);
  });

  it('the organisation sees its own plan only; the council reads it', async () => {
    expect((await client.get(`/plans/${planId}`, cookies.org)).status).toBe(200);
    const other = await client.get(`/plans/${planId}`, cookies.other);
    expect(other.status).toBe(403);
    expect(await other.text()).toContain('Недостаточно прав');
    expect((await client.get(`/plans/${planId}`, cookies.chair)).status).toBe(200);
    expect((await client.post(`/plans/${planId}`, { intent: 'submit' }, cookies.other)).status).toBe(403);
    expect((await client.post(`/plans/${planId}`, { intent: 'submit' }, cookies.chair)).status).toBe(403);
  });

  it('bad input is refused in Russian with a 4xx and changes nothing', async () => {
    const [row] = await t.db.select().from(planItems).where(eq(planItems.planId, planId)).limit(1);
    const before = await audits();
    const empty = await client.post(
      `/plans/${planId}`,
      {
        intent: 'row.update',
        itemId: row!.id,
        section: 'I',
        shortfall: 'x',
        measure: '',
        plannedKind: 'date',
        plannedDate: '2026-05-01',
        responsibleName: 'А',
        responsiblePost: 'Б',
      },
      cookies.org,
    );
    expect(empty.status).toBe(400);
    const emptyHtml = await empty.text();
    expect(emptyHtml).toContain('Укажите мероприятие');
    // The refusal stands at the top of the row's edit form, and its <details> is open (no script needed).
    const card = emptyHtml.slice(
      emptyHtml.indexOf(`id="row-${row!.id}"`),
      emptyHtml.indexOf('</article>', emptyHtml.indexOf(`id="row-${row!.id}"`)),
    );
    expect(card).toMatch(/<details open="">\s*<summary>Изменить строку/);
    const summaryAt = card.indexOf('id="plan-result-errors"');
    expect(summaryAt).toBeGreaterThan(card.indexOf('<form'));
    expect(summaryAt).toBeLessThan(card.indexOf('value="row.update"'));
    const nul = await client.post(
      `/plans/${planId}`,
      {
        intent: 'row.update',
        itemId: row!.id,
        section: 'I',
        shortfall: 'x\u0000',
        measure: 'y',
        plannedKind: 'date',
        plannedDate: '2026-05-01',
        responsibleName: 'А',
        responsiblePost: 'Б',
      },
      cookies.org,
    );
    expect(nul.status).toBe(400);
    const wrongId = await client.post(
      `/plans/${planId}`,
      {
        intent: 'row.update',
        itemId: 'nope',
        section: 'I',
        shortfall: 'x',
        measure: 'y',
        plannedKind: 'date',
        plannedDate: '2026-05-01',
        responsibleName: 'А',
        responsiblePost: 'Б',
      },
      cookies.org,
    );
    expect(wrongId.status).toBe(404);
    const noResponsible = await client.post(`/plans/${planId}`, { intent: 'submit' }, cookies.org);
    expect(noResponsible.status).toBe(400);
    const noResponsibleHtml = await noResponsible.text();
    expect(noResponsibleHtml).toContain('не указан ответственный исполнитель');
    // …in the form that was sent: the summary comes after that form opens and before its intent.
    const submitAt = noResponsibleHtml.indexOf('name="intent" value="submit"');
    const submitForm = noResponsibleHtml.slice(noResponsibleHtml.lastIndexOf('<form', submitAt), submitAt);
    expect(submitForm).toContain('id="plan-result-errors"');
    expect(submitForm).toContain('не указан ответственный исполнитель');
    const forged = await client.post(`/plans/${planId}`, { intent: 'submit' }, cookies.org, { csrf: false });
    expect(forged.status).toBe(403);
    expect(await audits()).toBe(before);
  });

  it('drafted, returned, agreed and approved through the forms', async () => {
    expect(
      (
        await client.post(
          `/plans/${planId}`,
          { intent: 'fillResponsible', responsibleName: 'Петрова Анна Сергеевна' },
          cookies.org,
        )
      ).status,
    ).toBe(200);
    expect(await (await client.post(`/plans/${planId}`, { intent: 'submit' }, cookies.org)).text()).toContain(
      'отправлен на согласование',
    );
    expect((await client.post(`/plans/${planId}`, { intent: 'return', comment: '' }, cookies.authority)).status).toBe(
      400,
    );
    expect(
      (await client.post(`/plans/${planId}`, { intent: 'return', comment: 'Уточните сроки' }, cookies.authority))
        .status,
    ).toBe(200);
    expect(await (await client.get(`/plans/${planId}`, cookies.org)).text()).toContain('Уточните сроки');
    await client.post(`/plans/${planId}`, { intent: 'submit' }, cookies.org);
    expect((await client.post(`/plans/${planId}`, { intent: 'agree' }, cookies.authority)).status).toBe(200);
    const early = await client.post(
      '/plans',
      {
        intent: 'approve',
        planId,
        kind: 'приказ',
        number: '12',
        date: '2030-01-01',
        approverPost: 'начальник',
        approverName: 'И. И. Иванов',
      },
      cookies.authority,
    );
    expect(early.status).toBe(400);
    expect(await early.text()).toContain('раньше даты утверждения');
    const ok = await client.post(
      '/plans',
      {
        intent: 'approve',
        planId,
        kind: 'приказ',
        number: '12',
        date: '2025-12-01',
        approverPost: 'начальник',
        approverName: 'И. И. Иванов',
      },
      cookies.authority,
    );
    expect(await ok.text()).toContain('Утверждено планов: 1');
    const edit = await client.post(
      `/plans/${planId}`,
      {
        intent: 'row.add',
        section: 'I',
        shortfall: 'x',
        measure: 'y',
        plannedKind: 'permanent',
        responsibleName: 'А',
        responsiblePost: 'Б',
      },
      cookies.org,
    );
    expect(edit.status).toBe(409);
    expect(await edit.text()).toContain('утверждён и не редактируется');
  });

  it('a row is claimed done with a photo (type and size checked by the bytes) and verified by the operator', async () => {
    const [row] = await t.db
      .select()
      .from(planItems)
      .where(eq(planItems.planId, planId))
      .orderBy(planItems.section, planItems.position)
      .limit(1);
    const fields = {
      intent: 'row.claim',
      itemId: row!.id,
      implemented: 'Информация размещена на стенде',
      actualDate: '2025-12-10',
    };
    const before = await audits();
    const notImage = await multipart(
      `/plans/${planId}`,
      fields,
      [{ name: 'photo.jpg', bytes: new TextEncoder().encode('<html>not a photo</html>'), type: 'image/jpeg' }],
      cookies.org,
    );
    expect(notImage.status).toBe(415);
    expect(await notImage.text()).toContain('проверено по содержимому файла');
    const big = new Uint8Array(10 * 1024 * 1024 + 10);
    big.set(JPEG.subarray(0, 4));
    const tooBig = await multipart(
      `/plans/${planId}`,
      fields,
      [{ name: 'big.jpg', bytes: big, type: 'image/jpeg' }],
      cookies.org,
    );
    expect(tooBig.status).toBe(413);
    expect(await audits()).toBe(before);
    expect((await t.db.select({ n: count() }).from(planEvidence))[0]!.n).toBe(0);
    const claimed = await multipart(
      `/plans/${planId}`,
      fields,
      [{ name: 'stend.jpg', bytes: JPEG, type: 'image/jpeg' }],
      cookies.org,
    );
    expect(claimed.status).toBe(200);
    expect(await claimed.text()).toContain('ждёт проверки');
    const [ev] = await t.db.select().from(planEvidence);
    expect(ev).toMatchObject({ kind: 'photo', mediaType: 'image/jpeg', published: false });
    const photo = await client.get(`/plans/${planId}/evidence/${ev!.id}`, cookies.org);
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/jpeg');
    expect((await client.get(`/plans/${planId}/evidence/${ev!.id}`, cookies.other)).status).toBe(403);
    // The organisation does not verify its own claim; the council does not verify.
    expect((await client.post(`/plans/${planId}`, { intent: 'row.verify', itemId: row!.id }, cookies.org)).status).toBe(
      403,
    );
    expect(
      (await client.post(`/plans/${planId}`, { intent: 'row.verify', itemId: row!.id }, cookies.chair)).status,
    ).toBe(403);
    const verified = await client.post(
      `/plans/${planId}`,
      { intent: 'row.verify', itemId: row!.id, note: 'Проверено' },
      cookies.operator,
    );
    expect(await verified.text()).toContain('Выполнение подтверждено');
    // Not public until staff publish the photo (decision 0054).
    expect((await client.get(`/plany/foto/${ev!.id}`)).status).toBe(404);
    await client.post(
      `/plans/${planId}`,
      { intent: 'evidence.publish', evidenceId: String(ev!.id), published: '1' },
      cookies.org,
    );
    const pub = await client.get(`/plany/foto/${ev!.id}`);
    expect(pub.status).toBe(200);
    expect(pub.headers.get('content-type')).toBe('image/jpeg');
  });

  it('the public plan page takes one «Устранено?» answer per browser and shows the counts', async () => {
    const page = await client.get(`/plany/${planId}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('План по устранению недостатков на');
    expect(html).toContain('/plany/foto/');
    const [row] = await t.db
      .select()
      .from(planItems)
      .where(eq(planItems.planId, planId))
      .orderBy(planItems.section, planItems.position)
      .limit(1);
    const first = await client.post(`/plany/${planId}/ustraneno`, { itemId: row!.id, fixed: '1' });
    expect(first.status).toBe(303);
    const voice = first.headers
      .getSetCookie()
      .find((c) => c.startsWith('noko_plan_voice='))!
      .split(';')[0]!;
    expect(first.headers.get('location')).toContain('otvet=ok');
    const again = await client.post(`/plany/${planId}/ustraneno`, { itemId: row!.id, fixed: '0' }, voice);
    expect(again.headers.get('location')).toContain('otvet=uzhe');
    const [after] = await t.db.select().from(planItems).where(eq(planItems.id, row!.id));
    expect(after).toMatchObject({ fixedYes: 1, fixedNo: 0 });
    expect(await (await client.get(`/plany/${planId}`, voice)).text()).toContain('Вы уже ответили');
    // The browser may keep the page for itself and revalidate: 304 until the plan or this visitor's answers change.
    const kept = await client.get(`/plany/${planId}`, voice);
    const etag = kept.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"/);
    expect(kept.headers.get('cache-control')).toBe('private, no-cache');
    const revalidate = (extra: Record<string, string> = {}) =>
      app.request(`http://localhost/plany/${planId}`, {
        headers: { cookie: `${CSRF_COOKIE}=TestNonceTestNonce1234; ${voice}`, 'if-none-match': etag, ...extra },
      });
    const same = await revalidate();
    expect(same.status).toBe(304);
    expect(await same.text()).toBe('');
    const [other] = await t.db
      .select()
      .from(planItems)
      .where(eq(planItems.planId, planId))
      .orderBy(planItems.section, planItems.position)
      .offset(1)
      .limit(1);
    expect(
      (await client.post(`/plany/${planId}/ustraneno`, { itemId: other!.id, fixed: '0' }, voice)).headers.get(
        'location',
      ),
    ).toContain('otvet=ok');
    const changed = await revalidate();
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect((await client.post(`/plany/${planId}/ustraneno`, { itemId: row!.id, fixed: 'maybe' })).status).toBe(400);
    expect(
      (await client.post(`/plany/${planId}/ustraneno`, { itemId: '00000000-0000-4000-8000-000000000000', fixed: '1' }))
        .status,
    ).toBe(404);
    // A draft plan is not public.
    const draft = (
      await t.db.select().from(improvementPlans).where(eq(improvementPlans.organisationId, f.orgIds[2]!))
    )[0]!;
    expect((await client.get(`/plany/${draft.id}`)).status).toBe(404);
    expect((await client.get(`/api/plans/${draft.id}`)).status).toBe(404);
  });

  it('the organisation’s public card shows the plan once results are published; open data and the API list it', async () => {
    await publishVersion(t.db, f.versionId, f.users.authority, new Date(), { confirmGaps: true });
    const card = await (await client.get(`/rezultaty/${f.campaignId}/o/${f.orgIds[0]}`)).text();
    expect(card).toContain('План по устранению недостатков на');
    expect(card).toContain(`/plany/${planId}`);
    expect(card).toContain('да — 1, нет — 0');
    const csv = await (await client.get(`/plany/kampaniya/${f.campaignId}/otkrytye-dannye.csv`)).text();
    expect(csv.split('\r\n')[0]).toContain('organisation,plan_year');
    expect(csv).toContain('Информация размещена на стенде');
    const json = (await (await client.get(`/plany/kampaniya/${f.campaignId}/otkrytye-dannye.json`)).json()) as {
      plans: { id: string }[];
    };
    expect(json.plans.map((p) => p.id)).toEqual([planId]);
    const api = (await (await client.get(`/api/plans/campaigns/${f.campaignId}`)).json()) as {
      plans: { id: string; counts: { done: number } }[];
    };
    expect(api.plans[0]).toMatchObject({ id: planId, counts: { done: 1 } });
    const doc = (await (await client.get('/api/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toContain('/plans/{planId}');
  });
});
