// Staff pages of the survey through the whole HTTP stack (Hono + React Router build): who may open and
// post to them, paper entry with its skip-logic errors, the council's quarantine decisions (a reason is
// required), moderation and the organisation's own count.
import { and, eq } from 'drizzle-orm';
import type { ServerBuild } from 'react-router';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../app/server/http.server';
import { auditLog } from '../../src/db/schema/audit';
import { campaignOrganisations, campaigns, organisations } from '../../src/db/schema/registry';
import { surveyAccessCodes, surveyResponses, surveySuggestions } from '../../src/db/schema/survey';
import { ensureSurveyLinks, forgetLinks, linkFor } from '../../src/survey/links.server';
import { questionnaireFor } from '../../src/survey/questionnaire';
import { listSuggestions, moderatedSuggestions } from '../../src/survey/review.server';
import { submitResponse } from '../../src/survey/submit.server';
import { getTallies } from '../../src/survey/tallies.server';
import { parseAnswers } from '../../src/survey/validate';
import { browser } from '../auth/http-helpers';
import { seedPeople, seedWorld, type World } from '../auth/fixtures';
import { silentLogger, testConfig } from '../helpers/app';
import { loadBuild } from '../helpers/build';
import { createTestDb, testEngine, type TestDatabase } from '../helpers/db';

/** The page's HTML without the empty comments React puts between adjacent text nodes. */
const body = async (res: Response) => (await res.text()).replace(/<!-- -->/g, '');

describe(`survey staff pages (${testEngine})`, () => {
  let t: TestDatabase;
  let world: World;
  let campaignId: string;
  let people: Awaited<ReturnType<typeof seedPeople>>['people'];
  let client: ReturnType<typeof browser>;
  let built: { build: ServerBuild; clientDir: string };
  const config = testConfig();
  const page = (rest = '') => `/campaigns/${campaignId}/survey${rest}`;

  beforeAll(async () => {
    built = await loadBuild();
    t = await createTestDb();
    world = await seedWorld(t.db);
    await t.db.update(organisations).set({ recipients: 100 }).where(eq(organisations.id, world.school.id));
    const [campaign] = await t.db
      .insert(campaigns)
      .values({
        territoryId: world.town.id,
        year: 2025,
        title: 'НОК 2025',
        methodologyId: 'edu-2019',
        policies: {},
        status: 'collecting',
        surveyOpensOn: '2000-01-01',
        surveyClosesOn: '2999-12-31',
      })
      .returning();
    campaignId = campaign!.id;
    await t.db.insert(campaignOrganisations).values({ campaignId, organisationId: world.school.id });
    await ensureSurveyLinks(t.db, campaignId);
    forgetLinks();
    ({ people } = await seedPeople(t.db, world));
    client = browser(createHttpApp({ db: t.db, config, logger: silentLogger, ...built }), config);
  }, 120_000);
  afterAll(async () => t?.close());

  const responsesOf = async () => t.db.select().from(surveyResponses).where(eq(surveyResponses.campaignId, campaignId));

  it('refuses people without the action, and sends anonymous visitors to the login page', async () => {
    const refusals: [string, keyof typeof people][] = [
      [page(), 'organisation'],
      [page('/paper'), 'authority'],
      [page('/paper'), 'chair'],
      [page('/paper'), 'admin'],
      [page('/quarantine'), 'operator'],
      [page('/quarantine'), 'authority'],
      [page('/suggestions'), 'authority'],
      ['/survey', 'organisation'],
      ['/my/survey', 'operator'],
      ['/my/survey', 'admin'],
    ];
    for (const [path, who] of refusals) {
      const res = await client.get(path, people[who].cookie);
      expect(res.status, `${who} GET ${path}`).toBe(403);
      expect(await body(res)).toContain('Недостаточно прав');
    }
    const anon = await client.get(page('/paper'));
    expect(anon.status).toBe(302);
    expect(anon.headers.get('location')).toBe(`/login?next=${encodeURIComponent(page('/paper'))}`);
    // A refused post stores nothing.
    const before = (await responsesOf()).length;
    const post = await client.post(
      page('/paper'),
      { organisationId: world.school.id, mode: 'paper', answers: '1111' },
      people.authority.cookie,
    );
    expect(post.status).toBe(403);
    expect((await responsesOf()).length).toBe(before);
    // A campaign id that does not exist answers like a foreign one.
    expect(
      (await client.get('/campaigns/00000000-0000-4000-8000-000000000000/survey', people.operator.cookie)).status,
    ).toBe(403);
  });

  it('paper entry: the form, a saved questionnaire with its number and the running count', async () => {
    const form = await client.get(page('/paper'), people.operator.cookie);
    expect(form.status).toBe(200);
    const html = await body(form);
    expect(html).toContain('name="_csrf"');
    // Attribute order is React's, not the test's: id and autofocus on the same input, either way round.
    expect(html).toMatch(/<input(?=[^>]*\bid="answers")[^>]*\bautofocus/i);
    expect(html).toContain('Порядок вопросов');
    expect(html).toContain('Школа № 1');

    const res = await client.post(
      page('/paper'),
      { organisationId: world.school.id, mode: 'interview', answers: '111010-1111111', q15: 'Починить крыльцо' },
      people.operator.cookie,
    );
    expect(res.status).toBe(302);
    const location = res.headers.get('location')!;
    const saved = /saved=(\d+)/.exec(location)?.[1];
    expect(location).toContain(`org=${world.school.id}`);
    expect(location).toContain('mode=interview');
    const rows = await responsesOf();
    expect(rows.map((r) => String(r.id))).toEqual([saved]);
    expect(rows[0]).toMatchObject({
      mode: 'interview',
      status: 'counted',
      enteredBy: people.operator.user.id,
      q1: 1,
      q4: 0,
      q7: null,
    });

    const after = await body(await client.get(location, people.operator.cookie));
    expect(after).toContain(`Анкета № ${saved} сохранена.`);
    expect(after).toContain('введено вручную 1 анкета, всего получено 1 анкета');
    // The mode is remembered for the next questionnaire.
    expect(after).toMatch(/<option value="interview" selected/);

    const [tally] = await getTallies(t.db, campaignId, world.school.id);
    expect(tally).toMatchObject({ received: 1, valid: 1, modes: { interview: 1, paper: 0 } });
  });

  it('paper entry: skip-logic and range errors come back in a summary linked to the field, nothing stored', async () => {
    const before = (await responsesOf()).length;
    const skip = await client.post(
      page('/paper'),
      { organisationId: world.school.id, mode: 'paper', answers: '01' },
      people.operator.cookie,
    );
    expect(skip.status).toBe(400);
    const html = await body(skip);
    expect(html).toContain('Анкета не сохранена');
    expect(html).toMatch(/<a href="#answers">Вопрос 2: на него не отвечают/);
    expect(html).toContain('aria-invalid="true"');
    // What was typed stays in the field.
    expect(html).toMatch(/<input(?=[^>]*\bid="answers")[^>]*\bvalue="01"/);

    const range = await client.post(
      page('/paper'),
      { organisationId: world.school.id, mode: 'paper', answers: '1x' },
      people.operator.cookie,
    );
    expect(range.status).toBe(400);
    expect(await body(range)).toContain('«x»');
    const badMode = await client.post(
      page('/paper'),
      { organisationId: world.school.id, mode: 'online', answers: '1' },
      people.operator.cookie,
    );
    expect(badMode.status).toBe(400);
    expect(await body(badMode)).toContain('href="#paper-mode"');
    const foreign = await client.post(
      page('/paper'),
      { organisationId: world.otherSchool.id, mode: 'paper', answers: '1' },
      people.operator.cookie,
    );
    expect(foreign.status).toBe(400);
    const noCsrf = await client.post(
      page('/paper'),
      { organisationId: world.school.id, mode: 'paper', answers: '1' },
      people.operator.cookie,
      { csrf: false },
    );
    expect(noCsrf.status).toBe(403);
    expect((await responsesOf()).length).toBe(before);
  });

  it('quarantine: the council sees the signals, and a decision needs a reason that goes to the audit log', async () => {
    const link = (await linkFor(t.db, campaignId, world.school.id))!;
    const q = questionnaireFor('edu-2019');
    const parsed = parseAnswers(q, new Map(q.questions.map((x) => [x.id, 'yes'])));
    if (!parsed.ok) throw new Error(parsed.errors.join());
    const flagged = await submitResponse(t.db, link, {
      mode: 'online',
      parsed: parsed.value,
      flags: ['fast-all-yes'],
      browserToken: null,
      networkHash: 'n',
      fillSeconds: 3,
      accessCode: null,
      enteredBy: null,
      today: '2025-03-01',
    });
    expect(flagged.status).toBe('quarantined');

    const list = await client.get(page('/quarantine'), people.member.cookie);
    expect(list.status).toBe(200);
    const html = await body(list);
    expect(html).toContain(`Анкета № ${flagged.responseId}`);
    expect(html).toContain('все ответы «да» и заполнено неправдоподобно быстро');
    expect(html).toContain('11111111111111');

    const auditBefore = (await t.db.select().from(auditLog)).length;
    const noReason = await client.post(
      page('/quarantine'),
      { ids: String(flagged.responseId), decision: 'exclude', reason: '  ' },
      people.chair.cookie,
    );
    expect(noReason.status).toBe(400);
    expect(await body(noReason)).toContain('Укажите причину решения');
    const noIds = await client.post(
      page('/quarantine'),
      { decision: 'exclude', reason: 'накрутка' },
      people.chair.cookie,
    );
    expect(noIds.status).toBe(400);
    expect(await body(noIds)).toContain('Отметьте хотя бы одну анкету');
    const [still] = await t.db.select().from(surveyResponses).where(eq(surveyResponses.id, flagged.responseId));
    expect(still!.status).toBe('quarantined');
    expect((await t.db.select().from(auditLog)).length).toBe(auditBefore);

    const ok = await client.post(
      page('/quarantine'),
      { ids: String(flagged.responseId), decision: 'exclude', reason: 'Одинаковые анкеты за 3 секунды' },
      people.chair.cookie,
    );
    expect(ok.status).toBe(302);
    expect(ok.headers.get('location')).toContain('decided=1');
    const [done] = await t.db.select().from(surveyResponses).where(eq(surveyResponses.id, flagged.responseId));
    expect(done).toMatchObject({ status: 'excluded', reviewReason: 'Одинаковые анкеты за 3 секунды' });
    const audit = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'survey_response'), eq(auditLog.entityId, String(flagged.responseId))));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.reason).toBe('Одинаковые анкеты за 3 секунды');
    expect(await body(await client.get(ok.headers.get('location')!, people.chair.cookie))).toContain(
      'Исключено: 1 анкета.',
    );
  });

  it('suggestions: the operator approves an edited text; ids of other campaigns are refused', async () => {
    const list = await client.get(page('/suggestions'), people.operator.cookie);
    expect(list.status).toBe(200);
    const [pending] = await listSuggestions(t.db, campaignId, { status: 'pending' });
    expect(await body(list)).toContain('Починить крыльцо');

    const missing = await client.post(
      page('/suggestions'),
      { id: '999999', decision: 'approve', text: 'x' },
      people.operator.cookie,
    );
    expect(missing.status).toBe(404);
    const empty = await client.post(
      page('/suggestions'),
      { id: String(pending!.id), decision: 'approve', text: ' ' },
      people.operator.cookie,
    );
    expect(empty.status).toBe(400);
    expect(await moderatedSuggestions(t.db, campaignId, world.school.id)).toEqual([]);

    const ok = await client.post(
      page('/suggestions'),
      { id: String(pending!.id), decision: 'approve', text: 'Отремонтировать крыльцо' },
      people.operator.cookie,
    );
    expect(ok.status).toBe(302);
    expect((await moderatedSuggestions(t.db, campaignId, world.school.id)).map((s) => s.text)).toEqual([
      'Отремонтировать крыльцо',
    ]);
    const [row] = await t.db.select().from(surveySuggestions).where(eq(surveySuggestions.id, pending!.id));
    expect(row!.moderatedBy).toBe(people.operator.user.id);
  });

  it('dashboard: received vs target for the authority, closed mode and code packs for the operator', async () => {
    const res = await client.get(page(), people.authority.cookie);
    expect(res.status).toBe(200);
    const html = await body(res);
    expect(html).toContain('Ход опроса по организациям');
    expect(html).toMatch(/<td>1 \/ 1<\/td><td>40<\/td>/);
    expect(html).toContain('недостаточна');
    expect(html).toContain(`/api/survey/campaigns/${campaignId}/posters.zip`);
    // No PUBLIC_URL and the page opened on the server itself: said where the posters are made.
    expect(html).toContain('Адрес сервиса не настроен');
    // The authority only watches: no closed-mode or code controls, no paper entry.
    expect(html).not.toContain('name="intent"');
    expect(html).not.toContain('/survey/paper');

    const refused = await client.post(
      page(),
      { intent: 'closed', organisationId: world.school.id, closed: '1' },
      people.authority.cookie,
    );
    expect(refused.status).toBe(403);
    expect((await linkFor(t.db, campaignId, world.school.id))!.closed).toBe(false);

    const op = await body(await client.get(page(), people.operator.cookie));
    expect(op).toContain('name="intent" value="closed"');
    const closed = await client.post(
      page(),
      { intent: 'closed', organisationId: world.school.id, closed: '1' },
      people.operator.cookie,
    );
    expect(closed.status).toBe(302);
    expect((await linkFor(t.db, campaignId, world.school.id))!.closed).toBe(true);

    const bad = await client.post(
      page(),
      { intent: 'codes', organisationId: world.school.id, group: '5 «Б»', count: '0' },
      people.operator.cookie,
    );
    expect(bad.status).toBe(400);
    expect(await body(bad)).toContain('Число кодов');
    const pack = await client.post(
      page(),
      { intent: 'codes', organisationId: world.school.id, group: '5 «Б»', count: '3' },
      people.operator.cookie,
    );
    expect(pack.status).toBe(200);
    expect(pack.headers.get('cache-control')).toContain('no-store');
    const packHtml = await body(pack);
    // Only the cards' codes: a random CSRF token elsewhere on the page can contain the same shape.
    const codes = [...packHtml.matchAll(/class="code-card-code">([A-Z2-9]{4}-[A-Z2-9]{4})</g)].map((m) => m[1]);
    expect(new Set(codes).size).toBe(3);
    expect(packHtml).toContain('Создано 3 кода');
    const stored = await t.db.select().from(surveyAccessCodes).where(eq(surveyAccessCodes.campaignId, campaignId));
    expect(stored).toHaveLength(3);
    expect(stored[0]!.groupLabel).toBe('5 «Б»');
  });

  it("the organisation's representative sees only its own count, never answers or suggestions", async () => {
    const res = await client.get('/my/survey', people.organisation.cookie);
    expect(res.status).toBe(200);
    const html = await body(res);
    expect(html).toContain('Получено: <strong>1 анкета</strong>');
    expect(html).not.toContain('крыльцо');
    expect(html).not.toContain('11101');
    expect(html).toContain(`/api/survey/campaigns/${campaignId}/organisations/${world.school.id}/poster.pdf`);
  });
});
