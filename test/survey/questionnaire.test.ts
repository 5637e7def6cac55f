import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createHttpApp } from '../../app/server/http.server';
import { createQuestionnaireApp, RESPONSE_COOKIE_PREFIX } from '../../app/hot/questionnaire';
import { campaigns } from '../../src/db/schema/registry';
import { surveyAccessCodes, surveyResponses, surveySuggestions } from '../../src/db/schema/survey';
import { auditLog } from '../../src/db/schema/audit';
import { signRenderTime } from '../../src/survey/codes.server';
import { forgetLinks, linkFor, setClosedMode } from '../../src/survey/links.server';
import { createAccessCodes, listQuarantine, reviewResponses } from '../../src/survey/review.server';
import { getTallies } from '../../src/survey/tallies.server';
import { createTestDb, type TestDatabase } from '../helpers/db';
import { cookiesFrom, silentLogger, testConfig } from '../helpers/app';
import { ALL_YES, csrfPair, seedSurvey, type SurveyFixture } from './fixtures';
import { eq } from 'drizzle-orm';
import { Hono } from 'hono';

const config = testConfig();
const csrf = csrfPair(config.sessionSecret);

describe('questionnaire /q/<code>', () => {
  let t: TestDatabase;
  let app: ReturnType<typeof createHttpApp>;
  let f: SurveyFixture;
  let secret: string;

  beforeAll(async () => {
    t = await createTestDb();
    app = createHttpApp({ db: t.db, config, logger: silentLogger });
    f = await seedSurvey(t.db, { orgs: 3 });
    secret = (await linkFor(t.db, f.campaignId, f.orgIds[0]!))!.secret;
  });
  afterAll(async () => t?.close());
  beforeEach(() => forgetLinks());

  const code = () => f.codes[0]!;
  const renderedAgo = (ms: number, c = code()) => signRenderTime(secret, c, Date.now() - ms);
  const countResponses = async () => (await t.db.select({ n: sql<number>`count(*)::int` }).from(surveyResponses))[0]!.n;

  function post(fields: Record<string, string>, opts: { cookie?: string; code?: string; csrf?: boolean } = {}) {
    const body = new URLSearchParams({ ...(opts.csrf === false ? {} : { _csrf: csrf.token }), ...fields });
    return app.request(`/q/${opts.code ?? code()}`, {
      method: 'POST',
      headers: {
        cookie: [csrf.cookie, opts.cookie].filter(Boolean).join('; '),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: body.toString(),
    });
  }

  const mixed = { ...ALL_YES, q5: 'no', q6: 'no', q7: '', q13: 'no' };

  it('renders one accessible page with every question labelled and the hidden tokens', async () => {
    const res = await app.request(`/q/${code()}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="ru">');
    expect(html.match(/<fieldset/g)!.length).toBe(14 + 3);
    expect(html.match(/<legend>/g)!.length).toBe(14 + 3);
    expect(html).toContain('name="_csrf"');
    expect(html).toMatch(/name="t" value="\d+\.[\w-]{16}\.[\w-]{22}"/);
    expect(html).toContain('Школа № 1');
    expect(html).toContain('data-gated-by="q1"');
    expect(html).not.toContain('/assets/'); // no client bundle on the hot path
  });

  it('answers an unknown code with 404 and a clear message', async () => {
    const res = await app.request('/q/zzzzzzzz');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('Анкета с таким адресом не найдена');
    const bad = await post(mixed, { code: 'zzzzzzzz' });
    expect(bad.status).toBe(404);
    expect(await countResponses()).toBe(0);
  });

  it('stores a response, sets the browser cookie and counts it in the tallies', async () => {
    const res = await post({ ...mixed, t: renderedAgo(90_000), q15: 'Больше кружков' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/q/${code()}/spasibo`);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith(RESPONSE_COOKIE_PREFIX));
    expect(cookie).toMatch(/HttpOnly/i);
    const [tally] = await getTallies(t.db, f.campaignId, f.orgIds[0]);
    expect(tally).toMatchObject({ received: 1, valid: 1, quarantined: 0 });
    expect(tally!.yes.q1).toBe(1);
    expect(tally!.no.q5).toBe(1);
    expect(tally!.yes.q7).toBe(0);
    expect(tally!.no.q7).toBe(0);
    expect(tally!.modes.online).toBe(1);
    const rows = await t.db.select().from(surveyResponses);
    expect(rows[0]!.mode).toBe('online');
    expect(rows[0]!.networkHash).not.toContain('local');
    expect(rows[0]!.networkHash).toHaveLength(32);
    // The suggestion is queued separately and the response row has no text at all.
    const s = await t.db.select().from(surveySuggestions);
    expect(s.map((x) => [x.text, x.status])).toEqual([['Больше кружков', 'pending']]);
    expect(JSON.stringify(rows[0])).not.toContain('кружков');

    const thanks = await app.request(res.headers.get('location')!);
    expect(thanks.status).toBe(200);
    const text = await thanks.text();
    expect(text).toContain('Спасибо');
    expect(text).not.toMatch(/\d+ (ответ|анкет)/);
  });

  it('replaces the earlier response of the same browser and moves the tallies', async () => {
    const first = await post({ ...mixed, t: renderedAgo(90_000, f.codes[1]) }, { code: f.codes[1] });
    const browser = cookiesFrom(first);
    const again = await post(
      { ...mixed, q5: 'yes', q1: 'no', q2: '', t: renderedAgo(60_000, f.codes[1]) },
      { code: f.codes[1], cookie: browser },
    );
    expect(again.status).toBe(303);
    const [tally] = await getTallies(t.db, f.campaignId, f.orgIds[1]);
    expect(tally).toMatchObject({ received: 1, valid: 1, replaced: 1 });
    expect(tally!.yes.q5).toBe(1);
    expect(tally!.no.q5).toBe(0);
    expect(tally!.yes.q1).toBe(0);
    expect(tally!.no.q1).toBe(1);
    expect(tally!.yes.q2).toBe(0);
    const rows = await t.db.select().from(surveyResponses).where(eq(surveyResponses.organisationId, f.orgIds[1]!));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.revision).toBe(2);
    // A different browser is a new respondent.
    await post({ ...mixed, t: renderedAgo(90_000, f.codes[1]) }, { code: f.codes[1] });
    expect((await getTallies(t.db, f.campaignId, f.orgIds[1]))[0]!.valid).toBe(2);
  });

  describe('bad input: 4xx with a clear message and nothing stored', () => {
    it('an answer out of range', async () => {
      const before = await countResponses();
      const res = await post({ ...mixed, q3: 'maybe', t: renderedAgo(90_000) });
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain('Вопрос 3: допустимы только ответы «да» или «нет».');
      expect(html).toMatch(/name="q1" checked="" value="yes"/); // the answers are kept
      expect(await countResponses()).toBe(before);
    });

    it('the problems stand in an error summary at the top of the form, linked to the question, focused on arrival', async () => {
      const res = await post({ ...mixed, q3: 'maybe', t: renderedAgo(90_000) });
      expect(res.status).toBe(400);
      const html = await res.text();
      const summary = html.slice(
        html.indexOf('<div class="error-summary"'),
        html.indexOf('</ul>', html.indexOf('error-summary')),
      );
      expect(html.indexOf('<form id="qf"')).toBeLessThan(html.indexOf('class="error-summary"'));
      expect(summary).toContain('autofocus=""');
      expect(summary).toContain('<div role="alert">');
      expect(summary).toContain('<a href="#q-q3">Вопрос 3: допустимы только ответы «да» или «нет».</a>');
      expect(html).toMatch(/<input type="radio" id="q-q3" name="q3"/);
      expect(html).toMatch(/<fieldset id="f-q3" class="field-error" aria-describedby="q-q3-error">/);
    });

    it('a profile value out of range', async () => {
      const before = await countResponses();
      const res = await post({ ...mixed, age: '200', t: renderedAgo(90_000) });
      expect(res.status).toBe(400);
      expect(await countResponses()).toBe(before);
    });

    it('an answer that the skip logic excludes', async () => {
      const before = await countResponses();
      const res = await post({ ...mixed, q1: 'no', q2: 'yes', t: renderedAgo(90_000) });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('Вопрос 2: на него не отвечают, если на вопрос 1 ответ «нет»');
      const res2 = await post({ ...mixed, q10: '', q11: 'yes', t: renderedAgo(90_000) });
      expect(res2.status).toBe(400);
      expect(await res2.text()).toContain('сначала ответьте на вопрос 10');
      expect(await countResponses()).toBe(before);
    });

    it('an empty questionnaire', async () => {
      const res = await post({ t: renderedAgo(90_000) });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('Анкета пустая');
    });

    it('a suggestion longer than allowed, and a body over the limit', async () => {
      const before = await countResponses();
      const long = await post({ ...mixed, q15: 'а'.repeat(2001), t: renderedAgo(90_000) });
      expect(long.status).toBe(400);
      expect(await long.text()).toContain('не больше 2000 знаков');
      const huge = await post({ ...mixed, q15: 'б'.repeat(20_000), t: renderedAgo(90_000) });
      expect(huge.status).toBe(413);
      expect(await huge.text()).toContain('Слишком большой объём');
      expect(await countResponses()).toBe(before);
      expect((await t.db.select().from(surveySuggestions)).some((s) => s.text.startsWith('аа'))).toBe(false);
    });

    it('a missing CSRF token', async () => {
      const before = await countResponses();
      const res = await post({ ...mixed, t: renderedAgo(90_000) }, { csrf: false });
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('Форма устарела');
      expect(await countResponses()).toBe(before);
    });

    it('a closed campaign (410) and one not yet open (403)', async () => {
      const closed = await seedSurvey(t.db, { orgs: 1, closesOn: '2001-01-01' });
      const page = await app.request(`/q/${closed.codes[0]}`);
      expect(page.status).toBe(410);
      expect(await page.text()).toContain('Опрос завершён');
      const before = await countResponses();
      const res = await post({ ...mixed }, { code: closed.codes[0] });
      expect(res.status).toBe(410);
      const draft = await seedSurvey(t.db, { orgs: 1, status: 'draft' });
      expect((await app.request(`/q/${draft.codes[0]}`)).status).toBe(403);
      await t.db.update(campaigns).set({ status: 'scoring' }).where(eq(campaigns.id, draft.campaignId));
      forgetLinks();
      expect((await app.request(`/q/${draft.codes[0]}`)).status).toBe(410);
      expect(await countResponses()).toBe(before);
    });

    it('a replayed or wrong access code in closed mode; codes are not linked to answers', async () => {
      await setClosedMode(t.db, f.campaignId, f.orgIds[2]!, true);
      const codes = await createAccessCodes(t.db, {
        campaignId: f.campaignId,
        organisationId: f.orgIds[2]!,
        groupLabel: '5 «А»',
        count: 2,
        actor: { id: f.operatorId, name: 'Оператор' },
      });
      const stored = await t.db.select().from(surveyAccessCodes);
      expect(stored.some((s) => s.codeHash.includes(codes[0]!.replace('-', '').toLowerCase()))).toBe(false);
      const before = await countResponses();
      const none = await post({ ...mixed, t: renderedAgo(90_000, f.codes[2]) }, { code: f.codes[2] });
      expect(none.status).toBe(403);
      expect(await none.text()).toContain('Введите код доступа');
      const wrong = await post(
        { ...mixed, access: 'AAAA-AAAA', t: renderedAgo(90_000, f.codes[2]) },
        { code: f.codes[2] },
      );
      expect(wrong.status).toBe(403);
      expect(await countResponses()).toBe(before);
      const ok = await post(
        { ...mixed, access: codes[0]!.toLowerCase().replace('-', ' '), t: renderedAgo(90_000, f.codes[2]) },
        { code: f.codes[2] },
      );
      expect(ok.status).toBe(303);
      const replay = await post(
        { ...mixed, access: codes[0]!, t: renderedAgo(90_000, f.codes[2]) },
        { code: f.codes[2] },
      );
      expect(replay.status).toBe(403);
      expect(await replay.text()).toContain('уже использован');
      expect(await countResponses()).toBe(before + 1);
      const cols = Object.keys((await t.db.select().from(surveyResponses).limit(1))[0]!);
      expect(cols.join(',')).not.toMatch(/access|code/i);
      expect((await t.db.select().from(surveyAccessCodes)).filter((c) => c.used)).toHaveLength(1);
      await setClosedMode(t.db, f.campaignId, f.orgIds[2]!, false);
    });

    it('too many posts from one network (429)', async () => {
      const limited = new Hono().route(
        '/q',
        createQuestionnaireApp({ db: t.db, config, logger: silentLogger }, { postLimit: 2 }),
      );
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await limited.request(`/q/${code()}`, { method: 'POST', body: new URLSearchParams({ q99: 'x' }) });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([400, 400, 429]);
    });
  });

  describe('integrity: quarantine, release and exclusion', () => {
    let org: string;
    let c: string;
    beforeAll(async () => {
      const g = await seedSurvey(t.db, { orgs: 1 });
      org = g.orgIds[0]!;
      c = g.codes[0]!;
      f = { ...f, campaignId: g.campaignId };
      secret = (await linkFor(t.db, g.campaignId, org))!.secret;
    });

    it('quarantines all-yes answers submitted implausibly fast, and forms without the signed render time', async () => {
      await post({ ...ALL_YES, t: renderedAgo(8_000, c) }, { code: c });
      await post({ ...mixed }, { code: c });
      await post({ ...ALL_YES, t: renderedAgo(120_000, c) }, { code: c });
      const [tally] = await getTallies(t.db, f.campaignId, org);
      expect(tally).toMatchObject({ received: 3, valid: 1, quarantined: 2 });
      expect(tally!.yes.q1).toBe(1);
      const q = await listQuarantine(t.db, f.campaignId, org);
      expect(q.map((r) => r.flags).sort()).toEqual([['fast-all-yes'], ['no-timing']]);
    });

    it('a council member releases one (counted) and excludes the other (never counted), with audit entries', async () => {
      const q = await listQuarantine(t.db, f.campaignId, org);
      const fast = q.find((r) => r.flags.includes('fast-all-yes'))!;
      const untimed = q.find((r) => r.flags.includes('no-timing'))!;
      const actor = { id: f.operatorId, name: 'Член совета' };
      await expect(
        reviewResponses(t.db, { campaignId: f.campaignId, ids: [fast.id], decision: 'release', reason: '', actor }),
      ).rejects.toThrow('причину');
      expect(
        await reviewResponses(t.db, {
          campaignId: f.campaignId,
          ids: [fast.id],
          decision: 'release',
          reason: 'родительское собрание',
          actor,
        }),
      ).toBe(1);
      expect(
        await reviewResponses(t.db, {
          campaignId: f.campaignId,
          ids: [untimed.id],
          decision: 'exclude',
          reason: 'вброс',
          actor,
        }),
      ).toBe(1);
      // Deciding again does nothing: only quarantined responses can be decided.
      expect(
        await reviewResponses(t.db, {
          campaignId: f.campaignId,
          ids: [untimed.id],
          decision: 'release',
          reason: 'ошибка',
          actor,
        }),
      ).toBe(0);
      const [tally] = await getTallies(t.db, f.campaignId, org);
      expect(tally).toMatchObject({ received: 2, valid: 2, quarantined: 0, excluded: 1 });
      expect(tally!.yes.q14).toBe(2);
      const audit = await t.db.select().from(auditLog).where(eq(auditLog.entity, 'survey_response'));
      expect(audit.map((a) => [a.action, a.reason]).sort()).toEqual([
        ['survey.response.exclude', 'вброс'],
        ['survey.response.release', 'родительское собрание'],
      ]);
      const [campaign] = await t.db
        .select({ territoryId: campaigns.territoryId })
        .from(campaigns)
        .where(eq(campaigns.id, f.campaignId));
      expect(audit.map((a) => a.territoryId)).toEqual([campaign!.territoryId, campaign!.territoryId]);
    });
  });
});
