// The public plan page's render cache (decision 0087): every kind of change that shows on the page moves
// the plan's version stamp, so the next request renders afresh; what bypasses the stamp is not seen, which
// proves the cache is in the path; the visitor's own part (answers, token, notice) never leaks between
// browsers; conditional requests get 304.
import { gunzipSync } from 'node:zlib';
import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHttpApp } from '../../app/server/http.server';
import { CSRF_COOKIE } from '../../app/server/csrf.server';
import { improvementPlans, planEvidence, planItems } from '../../src/db/schema/plans';
import { organisations } from '../../src/db/schema/registry';
import { generatePlans } from '../../src/plans/generate.server';
import { claimRow, setEvidencePublished, startRow } from '../../src/plans/execution.server';
import { publishPlan } from '../../src/plans/plans.server';
import { answerFixed } from '../../src/plans/public.server';
import { pickInput, saveOrganisationInTx } from '../../src/registry/organisations.server';
import { createTestDb, testEngine, type TestDatabase } from '../helpers/db';
import { silentLogger, testConfig } from '../helpers/app';
import { loadBuild } from '../helpers/build';
import { seedApprovedCampaign, type PlansFixture } from './fixtures';

describe(`public plan page cache (${testEngine})`, () => {
  let t: TestDatabase;
  let f: PlansFixture;
  let app: ReturnType<typeof createHttpApp>;
  let planId: string;
  let rows: { id: string; measure: string }[];
  const config = () => testConfig({});
  const page = async (cookie?: string) => {
    const res = await app.request(`http://localhost/plany/${planId}`, { headers: cookie ? { cookie } : {} });
    expect(res.status).toBe(200);
    return res.text();
  };

  beforeAll(async () => {
    const built = await loadBuild();
    t = await createTestDb();
    f = await seedApprovedCampaign(t.db, { orgs: 2 });
    await generatePlans(t.db, f.campaignId, f.users.authority);
    // Approval in bulk (the approval flow has its own tests): the plan of the first organisation is public.
    await t.db.execute(
      sql`insert into plan_acts (territory_id, kind, number, date, approver_post, approver_name) values (${f.regionId}, 'приказ', '1', '2025-12-01', 'министр', 'И. И. Иванов')`,
    );
    await t.db.execute(
      sql`update improvement_plans set status = 'approved', act_id = (select id from plan_acts limit 1), approved_at = now()`,
    );
    await t.db.execute(sql`update plan_items set responsible_name = 'Петрова А. С.'`);
    planId = (await t.db.select().from(improvementPlans).where(eq(improvementPlans.organisationId, f.orgIds[0]!)))[0]!
      .id;
    rows = await t.db
      .select({ id: planItems.id, measure: planItems.measure })
      .from(planItems)
      .where(eq(planItems.planId, planId))
      .orderBy(asc(planItems.section), asc(planItems.position));
    expect(rows.length).toBeGreaterThanOrEqual(3);
    app = createHttpApp({ db: t.db, config: config(), logger: silentLogger, ...built });
  }, 180_000);
  afterAll(async () => {
    await t?.close();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('serves the cached page until the stamp moves: a change that bypasses it is not seen', async () => {
    const first = await page();
    expect(first).toContain('План по устранению недостатков на');
    // Written behind the domain's back (no revision bump): the cached page stays as it was.
    await t.db.update(planItems).set({ measure: 'Тайком изменённое мероприятие' }).where(eq(planItems.id, rows[0]!.id));
    expect(await page()).not.toContain('Тайком изменённое мероприятие');
    await t.db
      .update(improvementPlans)
      .set({ revision: sql`${improvementPlans.revision} + 1` })
      .where(eq(improvementPlans.id, planId));
    expect(await page()).toContain('Тайком изменённое мероприятие');
  });

  it('a row status change shows at once', async () => {
    expect(await page()).not.toContain('выполняется');
    await startRow(t.db, planId, rows[0]!.id, f.orgUser);
    expect(await page()).toContain('выполняется');
  });

  it('a claim with a link and a published photo show at once', async () => {
    await page();
    await claimRow(
      t.db,
      planId,
      rows[1]!.id,
      {
        implemented: 'Сделано',
        actualDate: '2026-01-15',
        evidence: [
          { kind: 'link', url: 'https://example.org/otchet' },
          { kind: 'photo', sha256: 'a'.repeat(64), mediaType: 'image/jpeg', size: 10 },
        ],
      },
      f.orgUser,
    );
    const claimed = await page();
    expect(claimed).toContain('https://example.org/otchet');
    expect(claimed).toContain('заявлено выполненным');
    expect(claimed).not.toContain('/plany/foto/');
    const [photo] = await t.db
      .select()
      .from(planEvidence)
      .where(and(eq(planEvidence.itemId, rows[1]!.id), eq(planEvidence.kind, 'photo')));
    await setEvidencePublished(t.db, planId, photo!.id, true, f.orgUser);
    expect(await page()).toContain(`/plany/foto/${photo!.id}`);
    await setEvidencePublished(t.db, planId, photo!.id, false, f.orgUser);
    expect(await page()).not.toContain(`/plany/foto/${photo!.id}`);
  });

  it('a counted «Устранено?» answer changes the counts at once', async () => {
    const before = await page();
    expect(before).not.toContain('да — 1, нет — 0');
    const r = await answerFixed(t.db, {
      planId,
      itemId: rows[2]!.id,
      fixed: true,
      browserToken: 'A'.repeat(24),
      networkKey: '10.0.0.1',
      secret: config().sessionSecret,
    });
    expect(r).toBe('counted');
    expect(await page()).toContain('да — 1, нет — 0');
  });

  it('the plan’s status change (publication) shows at once', async () => {
    expect(await page()).not.toContain('https://example.org/plan.pdf');
    await publishPlan(t.db, planId, { siteUrl: 'https://example.org/plan.pdf' }, f.users.authority);
    const html = await page();
    expect(html).toContain('опубликован');
    expect(html).toContain('https://example.org/plan.pdf');
  });

  it('the organisation’s new name shows at once (its change moves the stamp too)', async () => {
    await page();
    const [org] = await t.db.select().from(organisations).where(eq(organisations.id, f.orgIds[0]!));
    await t.db.transaction((tx) =>
      saveOrganisationInTx(tx, {
        territoryId: org!.territoryId,
        input: { ...pickInput(org!), shortName: 'Школа с новым именем' },
        actor: f.users.authority,
        source: 'manual',
        existing: org!,
      }),
    );
    expect(await page()).toContain('Школа с новым именем');
  });

  it('a new Moscow day re-renders the page («просрочено» is decided against today)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2025-01-01T12:00:00Z'));
    expect(await page()).not.toContain(', просрочено');
    vi.setSystemTime(new Date('2040-01-01T12:00:00Z'));
    expect(await page()).toContain(', просрочено');
  });

  it('each visitor gets their own token, answers and notice; a second browser sees none of the first’s', async () => {
    const a = `${CSRF_COOKIE}=NonceOfBrowserA123456; noko_plan_voice=${'A'.repeat(24)}`;
    const b = `${CSRF_COOKIE}=NonceOfBrowserB123456`;
    const tokenOf = (html: string) => [...html.matchAll(/name="_csrf" value="([^"]+)"/g)].map((m) => m[1]);
    const pageA = await page(a);
    const pageB = await page(b);
    expect(pageA).toContain('Вы уже ответили');
    expect(pageB).not.toContain('Вы уже ответили');
    const [ta, tb] = [new Set(tokenOf(pageA)), new Set(tokenOf(pageB))];
    expect(ta.size).toBe(1);
    expect(tb.size).toBe(1);
    expect([...ta][0]).not.toBe([...tb][0]);
    // B has one more form than A: the row A answered.
    expect(tokenOf(pageB).length).toBe(tokenOf(pageA).length + 1);
    const noticed = await (
      await app.request(`http://localhost/plany/${planId}?otvet=ok`, { headers: { cookie: b } })
    ).text();
    expect(noticed).toContain('Спасибо, ответ учтён.');
    expect(await page(b)).not.toContain('Спасибо, ответ учтён.');
    // No slot marker ever reaches a visitor.
    expect(pageA).not.toContain('\u0000');
  });

  it('answers 304 to If-None-Match while nothing changed, and 200 with a new tag after a change', async () => {
    const cookie = `${CSRF_COOKIE}=NonceOfBrowserC123456`;
    const first = await app.request(`http://localhost/plany/${planId}`, { headers: { cookie } });
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"/);
    const again = await app.request(`http://localhost/plany/${planId}`, {
      headers: { cookie, 'if-none-match': etag },
    });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    // Weakened or listed tags match too.
    const listed = await app.request(`http://localhost/plany/${planId}`, {
      headers: { cookie, 'if-none-match': `"other", ${etag.replace(/^W\//, '')}` },
    });
    expect(listed.status).toBe(304);
    // Compressed for a client that accepts gzip, the same page inside.
    const zipped = await app.request(`http://localhost/plany/${planId}`, {
      headers: { cookie, 'accept-encoding': 'gzip' },
    });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('vary')).toContain('Accept-Encoding');
    expect(gunzipSync(new Uint8Array(await zipped.arrayBuffer())).toString('utf8')).toBe(await first.text());
    await answerFixed(t.db, {
      planId,
      itemId: rows[2]!.id,
      fixed: false,
      browserToken: 'B'.repeat(24),
      networkKey: '10.0.0.2',
      secret: config().sessionSecret,
    });
    const changed = await app.request(`http://localhost/plany/${planId}`, {
      headers: { cookie, 'if-none-match': etag },
    });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });
});
