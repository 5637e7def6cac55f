// The bulk-audit pages through the real HTTP stack with JavaScript off: start a run with a plain form post,
// watch the progress, open a result and see what changed since the previous audit.
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../app/server/http.server';
import { createSession } from '../../src/auth/sessions.server';
import { users } from '../../src/db/schema/auth';
import { JobRunner } from '../../src/jobs/runner.server';
import { registerSiteAuditJobs } from '../../src/site-audit/jobs.server';
import { silentLogger, testConfig } from '../helpers/app';
import { loadBuild } from '../helpers/build';
import { createTestDb, type TestDatabase } from '../helpers/db';
import { browser } from '../auth/http-helpers';
import { compliantSchool } from './fixtures/school';
import { seedCampaign } from './helpers/seed';
import { serve, type FixtureServer } from './helpers/server';

let t: TestDatabase;
let app: ReturnType<typeof createHttpApp>;
let b: ReturnType<typeof browser>;
let world: Awaited<ReturnType<typeof seedCampaign>>;
const sessions: Record<string, string> = {};
const servers: FixtureServer[] = [];

beforeAll(async () => {
  t = await createTestDb();
  for (let i = 0; i < 2; i++) servers.push(await serve(compliantSchool()));
  world = await seedCampaign(t.db, [servers[0]!.url, servers[1]!.url, null], 'НОК сайты');
  const other = await seedCampaign(t.db, [], 'Соседи');
  const mk = async (key: string, role: 'operator' | 'council', territoryId: string) => {
    const [u] = await t.db
      .insert(users)
      .values({
        email: `${key}@example.test`,
        name: `Пользователь ${key}`,
        role,
        territoryId,
        councilPosition: role === 'council' ? 'member' : null,
      })
      .returning();
    sessions[key] = `noko_session=${(await createSession(t.db, u!.id)).token}`;
  };
  await mk('operator', 'operator', world.territory.id);
  await mk('council', 'council', world.territory.id);
  await mk('stranger', 'operator', other.territory.id);
  const { build, clientDir } = await loadBuild();
  const config = testConfig();
  app = createHttpApp({ db: t.db, config, logger: silentLogger, build, clientDir });
  b = browser(app, config);
}, 120_000);

afterAll(async () => {
  for (const s of servers) await s.close();
  await t?.close();
});

const page = () => `/campaigns/${world.campaign.id}/site-audit`;
async function runQueued() {
  registerSiteAuditJobs({ allowNetworks: ['127.0.0.0/8'], bulk: { fetcher: { politenessDelayMs: 0 } } });
  const jobs = new JobRunner({ db: t.db, dataDir: tmpdir(), pollMs: 50 });
  jobs.start();
  await jobs.whenIdle();
  await jobs.stop();
}

describe('site-audit pages', () => {
  it('keeps other territories and anonymous visitors out', async () => {
    expect((await b.get(page(), sessions.stranger)).status).toBe(403);
    expect((await b.post(page(), {}, sessions.stranger)).status).toBe(403);
    const anon = await b.get(page());
    expect(anon.status).toBe(302);
    expect(anon.headers.get('location')).toContain('/login');
  });

  it('lets the council watch but not start', async () => {
    const res = await b.get(page(), sessions.council);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('ещё не проверялись');
    expect(html).not.toContain('Проверить сайты</button>');
    expect((await b.post(page(), {}, sessions.council)).status).toBe(403);
  });

  it('starts a run without JavaScript, shows progress, results and the diff of a re-audit', async () => {
    const start = await b.post(page(), {}, sessions.operator);
    expect(start.status).toBe(302);
    let html = await (await b.get(page(), sessions.operator)).text();
    expect(html).toMatch(/<progress[^>]*max="3"[^>]*value="1"/);
    expect(html).toContain('в очереди');
    expect(html).toContain('>Обновить</a>');
    expect(html).toContain('в реестре не указан адрес сайта организации');
    // A second start while the first is queued is refused.
    const again = await b.post(page(), {}, sessions.operator);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('уже идёт');
    // No CSRF token: refused before the action runs.
    expect((await b.post(page(), {}, sessions.operator, { csrf: false })).status).toBe(403);

    await runQueued();
    html = await (await b.get(page(), sessions.operator)).text();
    expect(html).toContain('завершена');
    expect(html).toMatch(/<progress[^>]*value="3"/);
    const links = [...html.matchAll(/href="(\/site-audit\/result\/[0-9a-f-]{36})"/g)].map((m) => m[1]!);
    // Every organisation has a result page, including the one without a website (it says so).
    expect(links).toHaveLength(3);
    expect(await (await b.get(links[2]!, sessions.operator)).text()).toContain('не указан в реестре');
    const present = /(\d+) из \1<\/td>/.exec(html);
    expect(present).not.toBeNull();

    const first = await b.get(links[0]!, sessions.council);
    expect(first.status).toBe(200);
    const firstHtml = await first.text();
    expect(firstHtml).toContain('Что изменилось с прошлой проверки');
    expect(firstHtml).toContain('Это первая проверка');
    expect(firstHtml).toContain('Основные сведения');
    expect(firstHtml).toContain('fullName');
    expect((await b.get(links[0]!, sessions.stranger)).status).toBe(403);

    // Re-audit: the first school has since removed the markup of its founder.
    await servers[0]!.close();
    const changed = compliantSchool();
    const moved = await serve(
      {
        ...changed,
        '/sveden/common': { body: (changed['/sveden/common']?.body as string).replace('itemprop="uchredLaw"', '') },
      },
      {},
    );
    servers[0] = moved;
    const { organisations } = await import('../../src/db/schema/registry');
    const { eq } = await import('drizzle-orm');
    await t.db.update(organisations).set({ website: moved.url }).where(eq(organisations.id, world.orgs[0]!.id));
    expect((await b.post(page(), {}, sessions.operator)).status).toBe(302);
    await runQueued();
    html = await (await b.get(page(), sessions.operator)).text();
    expect(html).toContain('Предыдущие проверки');
    expect(html).toContain('без изменений');
    expect(html).toMatch(/<\/td><td>\d+ изменени(е|я|й)<\/td>/);
    const row = /<a href="(\/site-audit\/result\/[0-9a-f-]{36})"[^>]*>Школа № 01<\/a>/.exec(html);
    // React separates text parts with empty comments; read the page as a person would.
    const diffHtml = (await (await b.get(row![1]!, sessions.operator)).text()).replaceAll('<!-- -->', '');
    expect(diffHtml).toMatch(/было 116, стало 114; \d+ элемент(а|ов)? изменил/);
    expect(diffHtml).toMatch(/<code>uchredLaw<\/code><\/td><td>есть<\/td><td>нет<\/td>/);
    // Named in Russian, with the microdata name beside (issue 11 item 10).
    expect(diffHtml).toContain('Сведения об учредителе <code>uchredLaw</code>');
    expect(firstHtml.replaceAll('<!-- -->', '')).toMatch(/Полное наименование<br\/><code>fullName<\/code>/);

    // Issue 17, item 9: every finding with its legal point and the fix, an HTML snippet for the item.
    expect(diffHtml).toContain(
      'Основание: Приказ Рособрнадзора от 04.08.2023 № 1493, п. 7; Методические рекомендации Рособрнадзора v9.0.0 (2025), подраздел «Основные сведения» (/sveden/common).',
    );
    expect(diffHtml).toContain(
      'Как исправить: Разметьте сведения «Сведения об учредителе»: атрибут itemprop=&quot;uchredLaw&quot;',
    );
    expect(diffHtml).toContain('<pre><code>&lt;div itemprop=&quot;uchredLaw&quot;&gt;');
    expect(diffHtml).toContain(`href="${row![1]}/print"`);
    const print = await b.get(`${row![1]}/print`, sessions.council);
    expect(print.status).toBe(200);
    const printHtml = (await print.text()).replaceAll('<!-- -->', '');
    expect(printHtml).toContain('Отчёт о проверке сайта: Школа № 01');
    expect(printHtml).toContain('class="audit-print"');
    expect(printHtml).toContain('Основание: Приказ Рособрнадзора от 04.08.2023 № 1493, п. 7');
    expect((await b.get(`${row![1]}/print`, sessions.stranger)).status).toBe(403);

    // The campaign summary: organisations by loss on 1.1; the one without a website last, «не проверен».
    expect(html).toContain(`href="${page()}/summary?run=`);
    const summary = await b.get(`${page()}/summary`, sessions.council);
    expect(summary.status).toBe(200);
    const sHtml = (await summary.text()).replaceAll('<!-- -->', '');
    const order = [
      ...sHtml.matchAll(
        /<th scope="row"><a href="\/site-audit\/result\/[0-9a-f-]{36}"[^>]*>([^<]+)<\/a><\/th><td>([^<]*)<\/td><td>([^<]*)<\/td>/g,
      ),
    ].map((m) => `${m[1]}|${m[2]}|${m[3]}`);
    expect(order).toHaveLength(3);
    expect(order[2]).toMatch(/^Школа № 03\|—\|не проверен: в реестре не указан адрес сайта организации$/);
    const losses = order.slice(0, 2).map((o) => Number(o.split('|')[2]!.replace(',', '.')));
    expect(losses[0]).toBeGreaterThanOrEqual(losses[1]!);
    expect((await b.get(`${page()}/summary`, sessions.stranger)).status).toBe(403);
  });

  it('answers unknown results like forbidden ones for non-administrators', async () => {
    expect((await b.get('/site-audit/result/00000000-0000-4000-8000-000000000000', sessions.operator)).status).toBe(
      403,
    );
    expect((await b.get('/site-audit/result/nonsense', sessions.operator)).status).toBe(403);
  });
});
