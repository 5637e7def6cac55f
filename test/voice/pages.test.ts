// The citizens' voice through the whole HTTP stack (Hono + React Router build): public questionnaire and
// its embed (framing headers, no cookie needed), review intake and its refusals (50 KB, NUL, markup, a
// flood from one network, a forged consent), staff moderation, the organisation's reply and the public card.
import { eq, sql } from 'drizzle-orm';
import type { ServerBuild } from 'react-router';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../app/server/http.server';
import { voiceReplies, voiceReviews } from '../../src/db/schema/voice';
import { signRenderTime } from '../../src/survey/codes.server';
import { renderSubject } from '../../src/voice/questionnaire.server';
import { ensureVoiceLinks, forgetVoiceLinks, resolveVoiceLink, type VoiceLink } from '../../src/voice/settings.server';
import { browser } from '../auth/http-helpers';
import { seedPeople, seedWorld, type World } from '../auth/fixtures';
import { silentLogger, testConfig } from '../helpers/app';
import { loadBuild } from '../helpers/build';
import { createTestDb, testEngine, type TestDatabase } from '../helpers/db';

const body = async (res: Response) => (await res.text()).replace(/<!-- -->/g, '');

describe(`voice pages (${testEngine})`, () => {
  let t: TestDatabase;
  let world: World;
  let link: VoiceLink;
  let people: Awaited<ReturnType<typeof seedPeople>>['people'];
  let built: { build: ServerBuild; clientDir: string };
  const config = testConfig();
  const newClient = () => {
    const app = createHttpApp({ db: t.db, config, logger: silentLogger, ...built });
    return { app, client: browser(app, config) };
  };
  const reviewCount = async () => (await t.db.select({ n: sql<number>`count(*)::int` }).from(voiceReviews))[0]!.n;

  beforeAll(async () => {
    built = await loadBuild();
    t = await createTestDb();
    world = await seedWorld(t.db);
    const codes = await ensureVoiceLinks(t.db, world.town.id);
    forgetVoiceLinks();
    link = (await resolveVoiceLink(t.db, codes.get(world.school.id)!))!;
    ({ people } = await seedPeople(t.db, world));
  }, 120_000);
  afterAll(async () => t?.close());

  it('the questionnaire page has the questions, no free text, the «not official» notice and may not be framed', async () => {
    const { client } = newClient();
    const res = await client.get(`/golos/${link.code}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const html = await body(res);
    expect(html).toContain('name="q14"');
    expect(html).not.toContain('name="q15"');
    expect(html).toContain('не входят в официальную независимую оценку');
  });

  it('the embed page may be framed by any site and takes an answer without any cookie', async () => {
    const { app } = newClient();
    const page = await app.request(`http://localhost/golos/${link.code}/vstavka`);
    expect(page.status).toBe(200);
    expect(page.headers.get('x-frame-options')).toBeNull();
    expect(page.headers.get('content-security-policy')).toContain('frame-ancestors *');
    const html = await body(page);
    expect(html).not.toContain('name="_csrf"');
    const t0 = /name="t" value="([^"]+)"/.exec(html)![1]!;
    const post = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
      app.request(`http://localhost/golos/${link.code}/vstavka`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          origin: 'http://localhost',
          'sec-fetch-site': 'same-origin',
          ...headers,
        },
        body: new URLSearchParams(fields).toString(),
      });
    const ok = await post({ t: t0, q1: 'yes', q2: 'no' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`/golos/${link.code}/vstavka/spasibo`);
    const thanks = await app.request(`http://localhost/golos/${link.code}/vstavka/spasibo`);
    expect(thanks.headers.get('x-frame-options')).toBeNull();
    // Without the signed render time, or posted by another site, the embed refuses and stores nothing.
    const before = await t.db
      .execute(sql`select count(*)::int as n from survey_responses`)
      .then((r) => ((r as { rows?: { n: number }[] }).rows ?? (r as unknown as { n: number }[]))[0]!.n);
    expect((await post({ q1: 'yes' })).status).toBe(403);
    expect(
      (await post({ t: t0, q1: 'yes' }, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' })).status,
    ).toBe(403);
    expect(
      (await post({ t: signRenderTime('не тот секрет', renderSubject(link.code), Date.now()), q1: 'yes' })).status,
    ).toBe(403);
    const after = await t.db
      .execute(sql`select count(*)::int as n from survey_responses`)
      .then((r) => ((r as { rows?: { n: number }[] }).rows ?? (r as unknown as { n: number }[]))[0]!.n);
    expect(after).toBe(before);
  });

  it('the ordinary questionnaire form still needs the CSRF token', async () => {
    const { client } = newClient();
    const t0 = signRenderTime(link.secret, renderSubject(link.code), Date.now() - 60_000);
    expect((await client.post(`/golos/${link.code}`, { t: t0, q1: 'yes' }, undefined, { csrf: false })).status).toBe(
      403,
    );
    const ok = await client.post(`/golos/${link.code}`, { t: t0, q1: 'yes' });
    expect(ok.status).toBe(303);
    expect(ok.headers.getSetCookie().some((c) => c.startsWith(`noko_g_${link.code}=`) && /HttpOnly/i.test(c))).toBe(
      true,
    );
    const bad = await client.post(`/golos/${link.code}`, { t: t0, q1: 'no', q2: 'yes' });
    expect(bad.status).toBe(400);
    expect(await body(bad)).toContain('на него не отвечают');
  });

  it('the review form states it is not an appeal, links the appeals channel, and has a separate consent', async () => {
    await t.db.execute(
      sql`update voice_settings set appeals_url = 'https://obr.example.ru/priem' where territory_id = ${world.town.id}::uuid`,
    );
    forgetVoiceLinks();
    const { client } = newClient();
    const html = await body(await client.get(`/golos/${link.code}/otzyv`));
    expect(html).toContain('Отзыв — не обращение гражданина.');
    expect(html).toContain('href="https://obr.example.ru/priem"');
    expect(html).toContain('name="consent"');
    expect(html).toContain('ст. 10.1 Федерального закона № 152-ФЗ');
  });

  it('refuses a 50 KB review (413), a NUL byte (400) and a forged consent (400) with Russian messages, storing nothing', async () => {
    const { client } = newClient();
    const before = await reviewCount();
    const big = await client.post(`/golos/${link.code}/otzyv`, { text: 'ж'.repeat(50 * 1024) });
    expect(big.status).toBe(413);
    expect(await body(big)).toContain('Отзыв не длиннее 4000 знаков');
    const nul = await client.post(`/golos/${link.code}/otzyv`, { text: 'Плохо убирают\u0000 коридоры школы' });
    expect(nul.status).toBe(400);
    expect(await body(nul)).toContain('нулевой');
    const forged = await client.post(`/golos/${link.code}/otzyv`, {
      text: 'Хорошая школа, спасибо учителям',
      name: 'Иван',
      consent: 'yes',
      consent_version: '2026-1',
      consent_hash: 'x',
      consent_token: '1.x',
    });
    expect(forged.status).toBe(400);
    expect(await body(forged)).toContain('Согласие на публикацию имени не подтверждено');
    expect(await reviewCount()).toBe(before);
  });

  it('markup is accepted as text, held by screening and shown escaped once published', async () => {
    const { client } = newClient();
    const res = await client.post(`/golos/${link.code}/otzyv`, {
      text: 'Сайт школы сломан <script>alert(1)</script> неделю',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toContain('s=h');
    const [row] = await t.db
      .select()
      .from(voiceReviews)
      .orderBy(sql`${voiceReviews.id} desc`)
      .limit(1);
    expect(row!.flags).toContain('markup');
    await t.db
      .update(voiceReviews)
      .set({ status: 'published', publishedAt: new Date(), replyDueOn: '2999-01-01' })
      .where(eq(voiceReviews.id, row!.id));
    const card = await body(await client.get(`/golos/o/${world.school.id}`));
    expect(card).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(card).not.toContain('<script>alert(1)');
  });

  it('100 reviews from one network in a minute: 20 are taken, the rest get 429 in Russian, every 303 is stored', async () => {
    const { client } = newClient();
    const before = await reviewCount();
    const statuses: number[] = [];
    for (let i = 0; i < 100; i++) {
      const res = await client.post(`/golos/${link.code}/otzyv`, {
        text: `Повторяю одно и то же мнение о школе номер ${i}`,
      });
      statuses.push(res.status);
      if (res.status === 429) expect(await res.text()).toContain('Слишком много запросов');
    }
    const accepted = statuses.filter((s) => s === 303).length;
    expect(accepted).toBe(20);
    expect(statuses.filter((s) => s === 429)).toHaveLength(80);
    expect(await reviewCount()).toBe(before + accepted);
  });

  it('moderator rejects a held review with a reason, publishes a clean one; the organisation replies; the card shows both', async () => {
    const { client } = newClient();
    await client.post(`/golos/${link.code}/otzyv`, {
      text: 'Пишите классному руководителю на 8-912-000-11-22, не отвечает',
      k4: '2',
    });
    await client.post(`/golos/${link.code}/otzyv`, { text: 'В школе тепло и чисто, спасибо завхозу.', k2: '5' });
    // The authority's start page shows the moderation queue (voiceStartItems).
    expect(await body(await client.get('/dashboard', people.authority.cookie))).toMatch(/На модерации: отзывов — \d+/);
    const queue = await body(await client.get(`/voice/t/${world.town.id}/moderation`, people.authority.cookie));
    expect(queue).toContain('номер телефона');
    const rows = await t.db
      .select()
      .from(voiceReviews)
      .where(sql`${voiceReviews.status} in ('held','pending')`);
    const phone = rows.find((r) => r.text.includes('8-912'))!;
    const clean = rows.find((r) => r.text.includes('тепло и чисто'))!;
    // The organisation cannot moderate while the authority is the moderator.
    expect(
      (
        await client.post(
          `/voice/org/${world.school.id}`,
          { intent: 'moderate', id: String(clean.id), decision: 'publish' },
          people.organisation.cookie,
        )
      ).status,
    ).toBe(403);
    const noReason = await client.post(
      `/voice/t/${world.town.id}/moderation`,
      { kind: 'review', id: String(phone.id), decision: 'reject' },
      people.authority.cookie,
    );
    expect(noReason.status).toBe(400);
    expect(
      (
        await client.post(
          `/voice/t/${world.town.id}/moderation`,
          {
            kind: 'review',
            id: String(phone.id),
            decision: 'reject',
            reason: 'personal-data',
            note: 'телефон работника',
          },
          people.authority.cookie,
        )
      ).status,
    ).toBe(302);
    expect(
      (
        await client.post(
          `/voice/t/${world.town.id}/moderation`,
          { kind: 'review', id: String(clean.id), decision: 'publish' },
          people.authority.cookie,
        )
      ).status,
    ).toBe(302);
    const orgPage = await body(await client.get(`/voice/org/${world.school.id}`, people.organisation.cookie));
    expect(orgPage).toContain('тепло и чисто');
    expect(orgPage).toContain('осталось 10 дней');
    // The organisation's start page (it has no /dashboard) lists the deadline too.
    expect(await body(await client.get('/', people.organisation.cookie))).toMatch(
      new RegExp(`Ответить на отзыв № ${clean.id} до \\d\\d\\.\\d\\d\\.\\d{4} — осталось 10 дней`),
    );
    expect(
      (
        await client.post(
          `/voice/org/${world.school.id}`,
          { intent: 'reply', id: String(clean.id), text: 'Спасибо! Передадим завхозу.' },
          people.organisation.cookie,
        )
      ).status,
    ).toBe(302);
    const [reply] = await t.db.select().from(voiceReplies).where(eq(voiceReplies.reviewId, clean.id));
    expect(
      (
        await client.post(
          `/voice/t/${world.town.id}/moderation`,
          { kind: 'reply', id: String(reply!.id), decision: 'publish' },
          people.authority.cookie,
        )
      ).status,
    ).toBe(302);
    const card = await body(await client.get(`/golos/o/${world.school.id}`));
    expect(card).toContain('В школе тепло и чисто, спасибо завхозу.');
    expect(card).toContain('Спасибо! Передадим завхозу.');
    expect(card).not.toContain('8-912-000-11-22');
    // Transparency without the text: how many were not published, by published reason.
    expect(card).toMatch(/персональные данные других людей[^<]*: 1/);
    const [rejected] = await t.db.select().from(voiceReviews).where(eq(voiceReviews.id, phone.id));
    expect(rejected).toMatchObject({ status: 'rejected', reason: 'personal-data', reasonNote: 'телефон работника' });
  });

  it('with the setting, the organisation moderates its own reviews but never another organisation’s', async () => {
    const { client } = newClient();
    const settings = await client.post(
      `/voice/t/${world.town.id}`,
      {
        moderator: 'organisation',
        appealsUrl: '',
        replyDays: '7',
        minSample: '30',
        questionnaireOpen: 'yes',
        reviewsOpen: 'yes',
      },
      people.authority.cookie,
    );
    expect(settings.status).toBe(302);
    forgetVoiceLinks();
    await client.post(`/golos/${link.code}/otzyv`, { text: 'Новые парты в кабинете физики — спасибо.' });
    const [r] = await t.db
      .select()
      .from(voiceReviews)
      .where(sql`${voiceReviews.text} like 'Новые парты%'`);
    expect(
      (
        await client.post(
          `/voice/org/${world.school.id}`,
          { intent: 'moderate', id: String(r!.id), decision: 'publish' },
          people.organisation.cookie,
        )
      ).status,
    ).toBe(302);
    const [after] = await t.db.select().from(voiceReviews).where(eq(voiceReviews.id, r!.id));
    expect(after!.status).toBe('published');
    expect(
      (
        await client.post(
          `/voice/org/${world.otherSchool.id}`,
          { intent: 'moderate', id: String(r!.id), decision: 'reject', reason: 'spam' },
          people.organisation.cookie,
        )
      ).status,
    ).toBe(403);
    const bad = await client.post(
      `/voice/t/${world.town.id}`,
      { moderator: 'authority', appealsUrl: 'javascript:alert(1)', replyDays: '0', minSample: '30' },
      people.authority.cookie,
    );
    expect(bad.status).toBe(400);
  });

  it('open data files and the rules page are public; open data has no names', async () => {
    const { client } = newClient();
    const csv = await client.get(`/golos/t/${world.town.id}/otzyvy.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const json = (await (await client.get(`/golos/t/${world.town.id}/otzyvy.json`)).json()) as {
      reviews: Record<string, unknown>[];
    };
    expect(json.reviews.length).toBeGreaterThan(0);
    expect(Object.keys(json.reviews[0]!)).not.toContain('display_name');
    const rules = await body(await client.get('/golos/pravila'));
    expect(rules).toContain('Правила модерации отзывов');
    expect((await client.get('/golos/zzzzzzzz')).status).toBe(404);
    expect((await client.get('/golos/o/not-a-uuid')).status).toBe(404);
    expect((await client.get(`/golos/${link.code}/plakat.pdf`)).headers.get('content-type')).toBe('application/pdf');
  });
});
