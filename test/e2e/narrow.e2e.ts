// No page scrolls sideways on a phone. Each role signs in on a 375 px screen and crawls what it can reach: its
// start page and menu, then every same-origin link inside <main>, one page per route pattern (ids become
// :id); the public pages are crawled anonymously. A page fails when it answers 400 or more or when the
// document is wider than the screen; the failure names the widest elements that are not inside a
// TableScroll region (those scroll inside the page, which is the kit's answer to a wide table).
// Set NARROW_LOG=/tmp/narrow.json to keep the pages each role reached.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.server';
import { users } from '../../src/db/schema/auth';
import { organisations } from '../../src/db/schema/registry';
import { hashPassword } from '../../src/auth/password.server';
import { seedDemo } from '../../src/campaigns/demo.server';
import { axeViolations, launchBrowser, startServer, type RunningServer } from './server';

const PASSWORD = 'narrow-Пароль-надёжный-1';
const WIDTH = 375;
const PER_ROLE = 60;

type Account = { key: string; email: string };
const accounts: Account[] = [
  { key: 'admin', email: 'admin@narrow.noko' },
  { key: 'authority', email: 'authority@narrow.noko' },
  { key: 'secretary', email: 'secretary@narrow.noko' },
  { key: 'operator', email: 'operator@narrow.noko' },
  { key: 'organisation', email: 'organisation@narrow.noko' },
];

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
// Query keys that only page or sort a list: the page without them is the same layout.
const PAGING = new Set(['page', 'offset', 'cursor', 'before', 'after', 'limit', 'sort', 'order']);
const FILES = /\.(csv|json|pdf|docx|xlsx|zip|png|svg|jpe?g|heic|txt|xml)$/i;

/** The route pattern a URL stands for, or null when the crawl leaves it alone (files, API, signing out). */
function pattern(url: URL, origin: string): string | null {
  if (url.origin !== origin) return null;
  const p = url.pathname;
  if (p.startsWith('/api/') || p.startsWith('/downloads') || /\/export\//.test(p) || FILES.test(p)) return null;
  if (/logout|vyhod/i.test(p)) return null;
  // Files served by id (photos, scans, documents) are not pages.
  if (/\/(foto|file|files|scan|download|document)\/[^/]+$/i.test(p) && !p.startsWith('/c/')) return null;
  const keys = [...url.searchParams.keys()].filter((k) => !PAGING.has(k)).sort();
  const shape = p
    .replace(UUID, ':id')
    .replace(/\/\d+(?=\/|$)/g, '/:id')
    // Questionnaire codes and the explanation of each criterion or indicator are one page each.
    .replace(/\/(q|kak)\/[^/]+/g, '/$1/:id')
    .replace(/\/(?=[a-z0-9]*\d)[a-z0-9]{8}(?=\/|$)/g, '/:code');
  return keys.length ? `${shape}?${keys.join('&')}` : shape;
}

function cleanUrl(url: URL): string {
  const u = new URL(url.href);
  u.hash = '';
  for (const k of [...u.searchParams.keys()]) if (PAGING.has(k)) u.searchParams.delete(k);
  return u.pathname + u.search;
}

type Visit = { pattern: string; url: string; status: number };

describe('every page fits a 375 px screen', () => {
  let server: RunningServer;
  let browser: Browser;
  let demo: Awaited<ReturnType<typeof seedDemo>>;
  const contexts = new Map<string, BrowserContext>();
  const visited = new Map<string, Visit[]>();
  const failures: string[] = [];

  beforeAll(async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'noko-e2e-narrow-'));
    const handle = await openDatabase({ engine: 'pglite', dataDir });
    demo = await seedDemo(handle.db, dataDir);
    const [org] = await handle.db
      .select({ id: organisations.id })
      .from(organisations)
      .where(and(eq(organisations.territoryId, demo.municipalityId), eq(organisations.shortName, 'МАОУ Гимназия № 1')))
      .orderBy(asc(organisations.inn))
      .limit(1);
    const passwordHash = await hashPassword(PASSWORD);
    const territoryId = demo.municipalityId;
    await handle.db.insert(users).values([
      { email: accounts[0]!.email, name: 'Админ Узкий', role: 'admin', passwordHash },
      { email: accounts[1]!.email, name: 'Орган Узкий', role: 'authority', territoryId, passwordHash },
      {
        email: accounts[2]!.email,
        name: 'Секретарь Узкий',
        role: 'council',
        councilPosition: 'secretary',
        territoryId,
        passwordHash,
      },
      { email: accounts[3]!.email, name: 'Оператор Узкий', role: 'operator', territoryId, passwordHash },
      {
        email: accounts[4]!.email,
        name: 'Представитель Узкий',
        role: 'organisation',
        territoryId,
        organisationId: org!.id,
        passwordHash,
      },
    ]);
    await handle.close();
    server = await startServer({ DATA_DIR: dataDir });
    browser = await launchBrowser();
    const phone = () => browser.newContext({ viewport: { width: WIDTH, height: 740 }, isMobile: true, hasTouch: true });
    contexts.set('anonymous', await phone());
    for (const a of accounts) {
      const ctx = await phone();
      const page = await ctx.newPage();
      await page.goto(server.url + '/login');
      await page.fill('#email', a.email);
      await page.fill('#password', PASSWORD);
      await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('button[type=submit]')]);
      await page.close();
      contexts.set(a.key, ctx);
    }
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function crawl(role: string, seeds: string[], withMenu: boolean): Promise<void> {
    const ctx = contexts.get(role)!;
    const page = await ctx.newPage();
    const seen = new Set<string>();
    const queue: string[] = [];
    const visits: Visit[] = [];
    visited.set(role, visits);
    const offer = (href: string) => {
      const url = new URL(href, server.url);
      const p = pattern(url, server.url);
      if (p === null || seen.has(p)) return;
      seen.add(p);
      queue.push(cleanUrl(url));
    };
    seeds.forEach(offer);
    let first = true;
    while (queue.length && visits.length < PER_ROLE) {
      const url = queue.shift()!;
      let response;
      try {
        response = await page.goto(server.url + url, { waitUntil: 'load' });
      } catch (e) {
        // A link without a file extension may still answer with a file (an export): not a page.
        if (String(e).includes('Download is starting')) continue;
        throw e;
      }
      const status = response?.status() ?? 0;
      // A file opened in the browser (a PDF decision) is not a page to lay out.
      if (status < 400 && !(response?.headers()['content-type'] ?? '').includes('text/html')) continue;
      const p = pattern(new URL(page.url()), server.url) ?? url;
      visits.push({ pattern: p, url, status });
      if (status >= 400) {
        const said = (await page.locator('body').innerText()).replace(/\s+/g, ' ').slice(0, 160);
        failures.push(`${role} ${url}: status ${status} «${said}»`);
      }
      const report = await page.evaluate((width) => {
        const scrollWidth = document.documentElement.scrollWidth;
        if (scrollWidth <= width) return { scrollWidth, widest: [] as string[] };
        const widest = [...document.querySelectorAll('body *')]
          // An element inside a box that scrolls (a TableScroll region) does not widen the page.
          .filter((el) => {
            for (let up = el.parentElement; up && up !== document.body; up = up.parentElement)
              if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(up).overflowX)) return false;
            return true;
          })
          .map((el) => ({ el, right: el.getBoundingClientRect().right }))
          .filter((x) => x.right > width)
          .sort((a, b) => b.right - a.right)
          .slice(0, 5)
          .map(({ el, right }) => {
            const cls = el.getAttribute('class');
            const text = (el.textContent ?? '').trim().slice(0, 40);
            return `<${el.tagName.toLowerCase()}${cls ? ` class="${cls}"` : ''}> right ${Math.round(right)} «${text}»`;
          });
        return { scrollWidth, widest };
      }, WIDTH);
      if (report.scrollWidth > WIDTH)
        failures.push(
          `${role} ${url}: ${report.scrollWidth} px wide; ${report.widest.join('; ') || 'nothing outside a region'}`,
        );
      const links = await page.evaluate(
        (menu) =>
          [...document.querySelectorAll<HTMLAnchorElement>(menu ? 'a[href]' : 'main a[href]')]
            .filter((a) => !a.hasAttribute('download'))
            .map((a) => a.href),
        withMenu && first,
      );
      first = false;
      links.forEach(offer);
    }
    await page.close();
  }

  it('crawls every role and the public pages without a page wider than the screen', async () => {
    const anonymousSeeds = [
      '/',
      '/accessibility',
      `/c/${demo.currentCampaignId}`,
      `/c/${demo.pastCampaignId}`,
      '/rezultaty',
      `/rezultaty/${demo.pastCampaignId}`,
      `/rezultaty/${demo.pastCampaignId}/versii`,
      '/sovet',
      '/golos',
      `/golos/t/${demo.municipalityId}`,
    ];
    // Two crawls at a time: the server, not the browser, is the bottleneck on a shared 2-core machine.
    const jobs: [string, string[], boolean][] = [
      ['anonymous', anonymousSeeds, false],
      // The past campaign's site audit first: it is the one with audit runs, so its results and summary are reached.
      ...accounts.map((a): [string, string[], boolean] => [
        a.key,
        a.key === 'organisation' ? ['/dashboard'] : [`/campaigns/${demo.pastCampaignId}/site-audit`, '/dashboard'],
        true,
      ]),
    ];
    const running: Promise<void>[] = [];
    for (const job of jobs) {
      running.push(crawl(...job));
      if (running.length === 2) await Promise.all(running.splice(0));
    }
    await Promise.all(running);

    const patterns = new Set([...visited.values()].flat().map((v) => v.pattern));
    if (process.env.NARROW_LOG)
      writeFileSync(process.env.NARROW_LOG, JSON.stringify(Object.fromEntries(visited), null, 1));
    // The crawl reaches the pages found too wide at 375 px (else this test could not fail for them).
    for (const p of [
      '/plans',
      '/council/:id',
      '/campaigns',
      '/c/:id',
      '/campaigns/:id/site-audit',
      '/campaigns/:id/survey',
      '/campaigns/:id/site-audit/summary?run',
      '/site-audit/result/:id',
      '/results/:id',
      '/sovet/:id',
      '/sovet/:id/protokol/:id',
      '/voice/t/:id',
      '/golos/t/:id',
      '/rezultaty/:id/o/:id',
    ])
      expect([...patterns], p).toContain(p);
    for (const [role, visits] of visited) expect(visits.length, role).toBeGreaterThan(role === 'organisation' ? 2 : 5);
    expect(failures).toEqual([]);
  }, 300_000);

  it('the scrolling tables stay axe-clean', async () => {
    const all = [...visited.entries()].flatMap(([role, vs]) => vs.map((v) => ({ role, ...v })));
    const wanted = [
      '/council/:id',
      '/c/:id',
      '/campaigns/:id/site-audit',
      '/site-audit/result/:id',
      '/sovet/:id',
      '/rezultaty/:id/o/:id',
      '/campaigns',
    ].map((p) => {
      const v = all.find((x) => x.pattern === p && x.status < 400);
      expect(v, p).toBeDefined();
      return { role: v!.role, url: v!.url };
    });
    // The crawl's results page is the current campaign's, which has no versions yet: the past one has.
    wanted.push({ role: 'admin', url: `/results/${demo.pastCampaignId}` });
    for (const { role, url } of wanted) {
      const page = await contexts.get(role)!.newPage();
      await page.goto(server.url + url);
      await page.waitForLoadState('networkidle');
      expect(await page.locator('.table-scroll[role=region][tabindex="0"]').count(), url).toBeGreaterThan(0);
      expect(await axeViolations(page), url).toEqual([]);
      await page.close();
    }
  }, 180_000);
});
