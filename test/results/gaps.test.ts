import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import { createHttpApp } from '../../app/server/http.server';
import { CSRF_COOKIE, csrfTokenFor } from '../../app/server/csrf.server';
import { createSession, SESSION_COOKIE } from '../../src/auth/sessions.server';
import { auditLog } from '../../src/db/schema/audit';
import { checklistAnswers } from '../../src/db/schema/checklists';
import { campaigns } from '../../src/db/schema/registry';
import { surveyTallies } from '../../src/db/schema/survey';
import { dataGaps } from '../../src/results/gaps';
import {
  approveVersion,
  computeDraft,
  getVersion,
  listVersions,
  publishVersion,
  ResultsError,
} from '../../src/results/versions.server';
import { createTestDb, testEngine, type TestDatabase } from '../helpers/db';
import { silentLogger, testConfig } from '../helpers/app';
import { loadBuild } from '../helpers/build';
import { seedResultsCampaign, type ResultsFixture } from './fixtures';

describe(`results cannot be published empty by accident (${testEngine})`, () => {
  let t: TestDatabase;
  let f: ResultsFixture;
  let app: ReturnType<typeof createHttpApp>;
  const config = testConfig();
  const NONCE = 'GapsNonce1234567890123';
  const token = csrfTokenFor(config.sessionSecret, NONCE);
  const sessions: Record<string, string> = {};
  const cookie = (who: string) => `${CSRF_COOKIE}=${NONCE}; ${SESSION_COOKIE}=${sessions[who]}`;
  const page = (who: string) =>
    app.request(`http://localhost/results/${f.campaignId}`, { headers: { cookie: cookie(who) } });
  const post = (who: string, fields: Record<string, string>) =>
    app.request(`http://localhost/results/${f.campaignId}`, {
      method: 'POST',
      headers: { cookie: cookie(who), origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...fields, _csrf: token }).toString(),
    });

  beforeAll(async () => {
    t = await createTestDb();
    f = await seedResultsCampaign(t.db, { orgs: 4, seed: 7 });
    // Organisations 0 and 1: nothing collected at all. Organisation 2: the comfort checklist (2.1) never filled in.
    const empty = [f.orgIds[0]!, f.orgIds[1]!];
    await t.db.delete(checklistAnswers).where(inArray(checklistAnswers.organisationId, empty));
    await t.db.delete(surveyTallies).where(inArray(surveyTallies.organisationId, empty));
    await t.db
      .delete(checklistAnswers)
      .where(and(eq(checklistAnswers.organisationId, f.orgIds[2]!), eq(checklistAnswers.checklist, '2.1')));
    const { build, clientDir } = await loadBuild();
    app = createHttpApp({ db: t.db, config, logger: silentLogger, build, clientDir });
    for (const who of ['chair', 'authority', 'operator'] as const)
      sessions[who] = (await createSession(t.db, f.users[who].id)).token;
  }, 120_000);
  afterAll(async () => t?.close());

  it('an organisation without data is «нет данных», never 0; an unfilled checklist is not «no»', async () => {
    const v = await computeDraft(t.db, f.campaignId, f.users.operator);
    const s = (await getVersion(t.db, v.id))!.snapshot;
    for (const id of [f.orgIds[0]!, f.orgIds[1]!]) {
      const o = s.organisations.find((x) => x.id === id)!;
      expect(o.total).toBeNull();
      expect(o.band).toBeNull();
      expect(o.rank).toBeNull();
      expect(Object.values(o.indicators).map((i) => i.value)).toEqual(Object.values(o.indicators).map(() => null));
    }
    const partial = s.organisations.find((x) => x.id === f.orgIds[2]!)!;
    expect(partial.indicators['2.1']!.value).toBeNull();
    expect(partial.indicators['2.3']!.value).not.toBeNull();
    // The criterion is not rebuilt from what happened to be collected: K2 waits for 2.1, so does the total.
    expect(partial.criteria.K2!.value).toBeNull();
    expect(partial.criteria.K1!.value).not.toBeNull();
    expect(partial.total).toBeNull();
    // The snapshot keeps the fact, so explanations rebuilt from it agree.
    expect(partial.inputs.noData).toEqual(['checklists.2.1']);

    const gaps = dataGaps(s);
    expect(gaps.any).toBe(true);
    expect(gaps.counts).toMatchObject({ organisations: 4, noTotal: 3, withoutData: 3 });
    const g2 = gaps.organisations.find((o) => o.id === f.orgIds[2]!)!;
    expect(g2.indicators).toEqual([{ id: '2.1', title: expect.any(String), reasons: ['чек-лист 2.1 не заполнен'] }]);
    const g0 = gaps.organisations.find((o) => o.id === f.orgIds[0]!)!;
    expect(g0.indicators.find((i) => i.id === '1.1')!.reasons).toEqual([
      'чек-лист 1.1 по стендам не заполнен',
      'чек-лист 1.1 по сайту не заполнен',
    ]);
    expect(g0.indicators.find((i) => i.id === '4.1')!.reasons).toEqual(['нет ни одной анкеты']);
    expect(gaps.summary[0]).toBe('У 3 организаций из 4 нет итогового балла: не хватает данных.');
  });

  it('compute and the results page say, in plain words, what is missing', async () => {
    const res = await post('operator', { intent: 'compute' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Не хватает данных: У 3 организаций из 4 нет итогового балла');
    const html = await (await page('chair')).text();
    expect(html).toContain('Чего не хватает');
    expect(html).toContain('чек-лист 2.1 не заполнен');
    expect(html).toContain('id="confirm-gaps-approve"');
  });

  it('approval without the confirmation is refused and changes nothing; with it, the gaps go to the audit log', async () => {
    const [draft] = await listVersions(t.db, f.campaignId);
    const refused = await post('chair', {
      intent: 'approve',
      versionId: draft!.id,
      number: '3-ОС',
      date: '2025-10-01',
      hash: draft!.contentHash,
    });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('В версии не хватает данных');
    await expect(
      approveVersion(t.db, draft!.id, { number: '3-ОС', date: '2025-10-01' }, f.users.chair),
    ).rejects.toBeInstanceOf(ResultsError);
    expect((await listVersions(t.db, f.campaignId))[0]!.status).toBe('draft');

    const ok = await post('chair', {
      intent: 'approve',
      versionId: draft!.id,
      number: '3-ОС',
      date: '2025-10-01',
      hash: draft!.contentHash,
      confirmGaps: 'yes',
    });
    expect(ok.status).toBe(200);
    expect((await listVersions(t.db, f.campaignId))[0]!.status).toBe('approved');
    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'results.approve'));
    expect(entry!.reason).toMatch(/^утверждено с неполными данными: У 3 организаций из 4/);
    expect((entry!.after as { confirmedGaps: { counts: { noTotal: number } } }).confirmedGaps.counts.noTotal).toBe(3);
  });

  it('publication needs its own confirmation, also audited; the campaign moves to «published» and stays there', async () => {
    const [approved] = await listVersions(t.db, f.campaignId);
    await expect(publishVersion(t.db, approved!.id, f.users.authority)).rejects.toThrow(/не хватает данных/);
    const html = await (await page('authority')).text();
    expect(html).toContain('id="confirm-gaps-publish"');
    const ok = await post('authority', { intent: 'publish', versionId: approved!.id, confirmGaps: 'yes' });
    expect(ok.status).toBe(200);
    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'results.publish'));
    expect(entry!.reason).toMatch(/опубликовано с неполными данными/);
    const [c] = await t.db.select().from(campaigns).where(eq(campaigns.id, f.campaignId));
    expect(c!.status).toBe('published');
  });

  it('the public card of an organisation whose sample is below the required size says so', async () => {
    const s = (await getVersion(t.db, (await listVersions(t.db, f.campaignId))[0]!.id))!.snapshot;
    const small = s.organisations.find((o) => o.sample && !o.sample.adequate && o.respondents > 0)!;
    expect(small).toBeDefined();
    const card = await (await app.request(`http://localhost/rezultaty/${f.campaignId}/o/${small.id}`)).text();
    expect(card).toContain(`Выборка опроса меньше требуемой: получено ${small.sample!.received}`);
    expect(card).toContain(`при необходимых ${small.sample!.target}`);
    const adequate = s.organisations.find((o) => o.sample?.adequate);
    if (adequate)
      expect(
        await (await app.request(`http://localhost/rezultaty/${f.campaignId}/o/${adequate.id}`)).text(),
      ).not.toContain('Выборка опроса меньше требуемой');
  });
});
