// The dashboard's first screen stays light (issue 14): plans and overdue rows come a page at a time, and
// every page link keeps the campaign and the filters, so paging works without JavaScript.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../app/server/http.server';
import { createSession } from '../../src/auth/sessions.server';
import { DASHBOARD_PAGE, LIST_PAGE } from '../../src/plans/control.server';
import { generatePlans } from '../../src/plans/generate.server';
import { browser } from '../auth/http-helpers';
import { createTestDb, testEngine, type TestDatabase } from '../helpers/db';
import { silentLogger, testConfig } from '../helpers/app';
import { loadBuild } from '../helpers/build';
import { seedApprovedCampaign, type PlansFixture } from './fixtures';

const ORGS = DASHBOARD_PAGE + 5;

describe(`dashboard pages (${testEngine})`, () => {
  let t: TestDatabase;
  let f: PlansFixture;
  let client: ReturnType<typeof browser>;
  let cookie: string;
  const html = async (query: string) => {
    const res = await client.get(`/plans?${query}`, cookie);
    expect(res.status).toBe(200);
    return (await res.text()).replace(/&amp;/g, '&');
  };
  /** Plans linked from the organisations' table (the lists below link to rows, with a #fragment). */
  const planLinks = (page: string) => {
    const table = page.slice(
      page.indexOf('Организации × мероприятия'),
      page.indexOf('</table>', page.indexOf('Организации × мероприятия')),
    );
    return new Set([...table.matchAll(/href="\/plans\/([0-9a-f-]{36})"/g)].map((m) => m[1]));
  };
  const overdueLinks = (page: string) => [...page.matchAll(/href="\/plans\/[0-9a-f-]{36}#row-([0-9a-f-]{36})"/g)];
  const hrefOf = (page: string, text: string, after = 0) => {
    const i = page.indexOf(`>${text}</a>`, after);
    expect(i).toBeGreaterThan(-1);
    const start = page.lastIndexOf('href="', i);
    return page.slice(start + 6, page.indexOf('"', start + 6));
  };

  beforeAll(async () => {
    const built = await loadBuild();
    t = await createTestDb();
    f = await seedApprovedCampaign(t.db, { orgs: ORGS });
    await generatePlans(t.db, f.campaignId, f.users.authority);
    // Approved in bulk with every dated row long past its date: more overdue rows than one page holds.
    await t.db.execute(
      sql`insert into plan_acts (territory_id, kind, number, date, approver_post, approver_name) values (${f.regionId}, 'приказ', '1', '2025-12-01', 'министр', 'И. И. Иванов')`,
    );
    await t.db.execute(
      sql`update improvement_plans set status = 'approved', act_id = (select id from plan_acts limit 1), approved_at = now()`,
    );
    await t.db.execute(
      sql`update plan_items set responsible_name = 'Петрова А. С.', planned_kind = 'date', planned_date = date '2026-01-15', status = 'planned'`,
    );
    const app = createHttpApp({ db: t.db, config: testConfig({}), logger: silentLogger, ...built });
    client = browser(app, testConfig({}));
    cookie = `noko_session=${(await createSession(t.db, f.users.authority.id)).token}`;
  }, 240_000);
  afterAll(async () => {
    await t?.close();
  });

  it('shows one page of plans with a link to the next that keeps the filters', async () => {
    const first = await html(`campaign=${f.campaignId}&section=I&funding=&q=`);
    expect(planLinks(first).size).toBe(DASHBOARD_PAGE);
    expect(first).toContain(`Страница 1 из 2 (по ${DASHBOARD_PAGE}).`);
    expect(first).not.toContain('Предыдущая страница');
    const next = hrefOf(first, 'Следующая страница');
    expect(next).toBe(`?campaign=${f.campaignId}&section=I&page=2`);
    const second = await html(next.slice(1));
    expect(planLinks(second).size).toBe(ORGS - DASHBOARD_PAGE);
    for (const id of planLinks(second)) expect(planLinks(first).has(id)).toBe(false);
    expect(second).toContain('Страница 2 из 2');
    // The filter is still applied on page 2 (the caption names it) and kept in the way back.
    expect(second).toContain('Организации × мероприятия, раздел I');
    expect(hrefOf(second, 'Предыдущая страница')).toBe(`?campaign=${f.campaignId}&section=I`);
    // The filter form shows what is applied.
    expect(second).toMatch(/<option value="I" selected="">/);
  });

  it('pages the overdue list on its own, keeping the plans page and the filters', async () => {
    const all = await html(`campaign=${f.campaignId}`);
    const allRows = overdueLinks(all);
    expect(allRows.length).toBe(LIST_PAGE);
    const next = hrefOf(all, 'Следующая страница', all.indexOf('id="overdue"'));
    expect(next).toBe(`?campaign=${f.campaignId}&op=2#overdue`);
    const second = await html(next.slice(1, next.indexOf('#')));
    const rows2 = overdueLinks(second).map((m) => m[1]);
    expect(rows2.length).toBeGreaterThan(0);
    for (const id of rows2) expect(allRows.map((m) => m[1])).not.toContain(id);
    // The plans table is still on its first page; the overdue pager leads back.
    expect(planLinks(second).size).toBe(DASHBOARD_PAGE);
    expect(hrefOf(second, 'Предыдущая страница', second.indexOf('id="overdue"'))).toBe(
      `?campaign=${f.campaignId}#overdue`,
    );
    // A filter on the plans' page is kept in the overdue pager's links.
    const filtered = await html(`campaign=${f.campaignId}&q=${encodeURIComponent('Школа')}&page=1&op=1`);
    expect(hrefOf(filtered, 'Следующая страница', filtered.indexOf('id="overdue"'))).toBe(
      `?campaign=${f.campaignId}&q=${encodeURIComponent('Школа')}&op=2#overdue`,
    );
    const sectioned = await html(`campaign=${f.campaignId}&section=I&op=2`);
    expect(hrefOf(sectioned, 'Предыдущая страница', sectioned.indexOf('id="overdue"'))).toBe(
      `?campaign=${f.campaignId}&section=I#overdue`,
    );
  });
});
