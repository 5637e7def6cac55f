// Issue 11 item 8: after login every role lands on a page of what it has to do now, composed of the
// sections the rooms contribute. Driven through the real HTTP app and React Router build.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../app/server/http.server';
import { hashPassword } from '../../src/auth/password.server';
import { createSession, SESSION_COOKIE } from '../../src/auth/sessions.server';
import { organisations } from '../../src/db/schema/registry';
import { users } from '../../src/db/schema/auth';
import { approveVersion, computeDraft, publishVersion } from '../../src/results/versions.server';
import { startBlocks } from '../../src/start/sections.server';
import type { StartSection } from '../../src/start/types';
import { browser } from '../auth/http-helpers';
import { silentLogger, testConfig } from '../helpers/app';
import { loadBuild } from '../helpers/build';
import { createTestDb, testEngine, type TestDatabase } from '../helpers/db';
import { seedResultsCampaign, type ResultsFixture } from '../results/fixtures';

/** Visible text of a page, without tags and React's text separators. */
const text = (html: string) =>
  html
    .replace(/<!-- -->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, ' ');

describe(`start page per role (${testEngine})`, () => {
  let t: TestDatabase;
  let f: ResultsFixture;
  let app: ReturnType<typeof createHttpApp>;
  let b: ReturnType<typeof browser>;
  const sessions: Record<string, string> = {};
  let schoolName = '';
  const page = async (who: string) => {
    const res = await b.get('/dashboard', `${SESSION_COOKIE}=${sessions[who]}`);
    return { status: res.status, body: text(await res.text()) };
  };

  beforeAll(async () => {
    t = await createTestDb();
    f = await seedResultsCampaign(t.db, { orgs: 6, municipalities: 1 });
    const config = testConfig();
    const { build, clientDir } = await loadBuild();
    app = createHttpApp({ db: t.db, config, logger: silentLogger, build, clientDir });
    b = browser(app, config);
    const [school] = await t.db.select().from(organisations).where(eq(organisations.id, f.orgIds[0]!));
    schoolName = school!.shortName;
    const [head] = await t.db
      .insert(users)
      .values({
        email: 'head@school.test',
        name: 'Директор Школы',
        role: 'organisation',
        organisationId: f.orgIds[0]!,
        passwordHash: await hashPassword('верный пароль 123'),
      })
      .returning();
    for (const [who, id] of [
      ['chair', f.users.chair.id],
      ['authority', f.users.authority.id],
      ['operator', f.users.operator.id],
      ['admin', f.users.admin.id],
      ['head', head!.id],
    ] as const) {
      sessions[who] = (await createSession(t.db, id)).token;
    }
  });
  afterAll(async () => t?.close());

  it('the organisation lands on its start page after login (no page to return to)', async () => {
    const res = await b.post('/login', { email: 'head@school.test', password: 'верный пароль 123' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/dashboard');
    // A page to return to still wins.
    const back = await b.post('/login', {
      email: 'head@school.test',
      password: 'верный пароль 123',
      next: '/my/survey',
    });
    expect(back.headers.get('location')).toBe('/my/survey');
  });

  it('the organisation sees its survey progress and that no results are published yet (not a 403)', async () => {
    const p = await page('head');
    expect(p.status).toBe(200);
    expect(p.body).toContain('Мои задачи');
    expect(p.body).toContain('Результатов оценки вашей организации пока не опубликовано');
    expect(p.body).toMatch(/НОК 2025: получено анкет — \d+/);
    expect(p.body).toContain('Сайт вашей организации ещё не проверялся');
    // No other room's staff work leaks onto its page.
    expect(p.body).not.toContain('Сбор данных');
    expect(p.body).not.toContain('Учётные записи');
  });

  it('the operator sees collection progress per organisation and which checklists are incomplete', async () => {
    const p = await page('operator');
    expect(p.status).toBe(200);
    expect(p.body).toContain('Сбор данных: НОК 2025');
    expect(p.body).toMatch(/Организаций: 6\. Чек-листы заполнены не до конца у \d+/);
    expect(p.body).toContain(schoolName);
    expect(p.body).toMatch(/\d+ из \d+/);
  });

  it('the council is asked to approve a computed draft; the authority then to publish it', async () => {
    const v = await computeDraft(t.db, f.campaignId, f.users.operator);
    const chair = await page('chair');
    expect(chair.status).toBe(200);
    expect(chair.body).toContain('Решения совета по результатам');
    expect(chair.body).toContain('НОК 2025 (Тестовая область): версия 1 ждёт утверждения советом');
    const before = await page('authority');
    expect(before.body).toContain('Нет утверждённых результатов, которые ждут публикации.');
    await approveVersion(t.db, v.id, { number: '7-с', date: '2025-10-15', confirmGaps: true }, f.users.chair);
    const authority = await page('authority');
    expect(authority.body).toContain('НОК 2025 (Тестовая область): версия 1 утверждена и ждёт публикации');
    expect(authority.body).toContain('Сроки');
    expect((await page('chair')).body).toContain('Нет рассчитанных результатов, которые ждут утверждения.');
    await publishVersion(t.db, v.id, f.users.authority, new Date(), { confirmGaps: true });
  });

  it('after publication the organisation reads its own total, band, criteria and shortfalls with links to the explanation', async () => {
    const res = await b.get('/dashboard', `${SESSION_COOKIE}=${sessions.head}`);
    const html = await res.text();
    const p = text(html);
    expect(p).toMatch(/Итоговый балл \d+,\d\d из 100, «[а-я ]+», место \d из 6/);
    expect(p).toContain('К1. ');
    expect(p).toMatch(/Недостатки: показатели ниже 100 баллов \(\d+\)/);
    expect(p).toMatch(/3\.1\. .* — \d+,\d\d из 100/);
    expect(html).toContain(`/rezultaty/${f.campaignId}/o/${f.orgIds[0]}/kak/3.1`);
    expect(html).toContain(`/rezultaty/${f.campaignId}/o/${f.orgIds[0]}`);
    // Its own card only: another organisation's name is not on its page.
    expect(p).not.toContain('Организация № 0002');
  });

  it('the administrator sees accounts and the registry', async () => {
    const p = await page('admin');
    expect(p.body).toContain('Учётные записи');
    expect(p.body).toMatch(/Всего \d+ учётн/);
    expect(p.body).toContain('Территорий: 2, организаций: 6.');
  });

  it('sections are contributed by rooms: a new one shows up, a failing one does not hide the others', async () => {
    const ctx = { db: t.db, user: f.users.admin, today: '2026-12-01' };
    const extra: StartSection[] = [
      {
        id: 'plans',
        order: 1,
        load: async () => [{ id: 'plans', title: 'Планы к проверке', items: [{ text: 'План школы № 1' }] }],
      },
      {
        id: 'broken',
        order: 2,
        load: async () => {
          throw new Error('boom');
        },
      },
    ];
    const { blocks, failed } = await startBlocks(ctx, extra);
    expect(blocks.map((x) => x.id)).toEqual(['plans']);
    expect(failed).toEqual(['broken']);
  });
});
