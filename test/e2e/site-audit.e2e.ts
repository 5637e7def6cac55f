// An operator starts the bulk site audit of a campaign on the real server (background job runner inside
// server.ts), watches the progress page update itself, and opens a result. Every page is axe-clean.
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../src/auth/sessions.server';
import { users } from '../../src/db/schema/auth';
import { compliantSchool } from '../site-audit/fixtures/school';
import { seedCampaign } from '../site-audit/helpers/seed';
import { serve, type FixtureServer } from '../site-audit/helpers/server';
import { axeViolations as axe, launchBrowser, startSeededServer, type RunningServer } from './server';

describe('bulk site audit in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let pagePath: string;
  const sites: FixtureServer[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 2; i++) sites.push(await serve(compliantSchool()));
    const started = await startSeededServer(
      async (db) => {
        const world = await seedCampaign(db, [...sites.map((s) => s.url), null], 'НОК 2025 сайты');
        const [operator] = await db
          .insert(users)
          .values({
            email: 'op@example.ru',
            name: 'Оператор Сайтов',
            role: 'operator',
            territoryId: world.territory.id,
          })
          .returning();
        return { campaignId: world.campaign.id, token: (await createSession(db, operator!.id)).token };
        // The fixture sites are on loopback: an intranet installation's setting lets the server-side auditor reach them.
      },
      { SITE_AUDIT_ALLOW_NETWORKS: '127.0.0.0/8' },
    );
    server = started.server;
    const { campaignId, token } = started.seeded;
    pagePath = `/campaigns/${campaignId}/site-audit`;
    browser = await launchBrowser();
    context = await browser.newContext();
    await context.addCookies([
      { name: 'noko_session', value: token, url: server.url, httpOnly: true, sameSite: 'Lax' },
    ]);
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
    for (const s of sites) await s.close();
  });

  it('starts the audit, shows progress until done, and the result page lists findings', async () => {
    const page = await context.newPage();
    await page.goto(server.url + pagePath);
    expect(await page.textContent('h1')).toBe('Проверка сайтов организаций');
    expect(await axe(page)).toEqual([]);
    await page.click('button:has-text("Проверить сайты")');
    await page.waitForSelector('progress', { timeout: 30_000 }).catch(async () => {
      throw new Error(`no progress element:\n${await page.textContent('body')}`);
    });
    expect(await axe(page)).toEqual([]);
    // The page polls by itself while the server's background runner works.
    await page.waitForSelector('h2:has-text("завершена")', { timeout: 90_000 });
    expect(await page.getAttribute('progress', 'value')).toBe('3');
    expect(await page.textContent('table')).toContain('в реестре не указан адрес сайта организации');
    expect(await axe(page)).toEqual([]);
    await page.click('a:has-text("Школа № 01")');
    await page.waitForSelector('h1:has-text("Проверка сайта:")');
    expect(await page.textContent('h1')).toBe('Проверка сайта: Школа № 01');
    expect(await page.textContent('body')).toContain('Это первая проверка');
    expect(await axe(page)).toEqual([]);
    expect(server.output()).toContain('site audit run finished');

    // Issue 17, item 9: the printable report and the campaign summary, axe-clean, readable at 375 px.
    await page.click('a:has-text("Версия для печати")');
    await page.waitForSelector('h1:has-text("Отчёт о проверке сайта")');
    expect(await axe(page)).toEqual([]);
    await page.screenshot({ path: 'build-test/site-audit-print.png', fullPage: false });
    await page.emulateMedia({ media: 'print' });
    expect(await page.isVisible('header')).toBe(false);
    await page.emulateMedia({ media: 'screen' });
    await page.goto(server.url + pagePath + '/summary');
    expect(await page.textContent('h1')).toBe('Сводка проверки сайтов: НОК 2025 сайты');
    expect(await page.textContent('table')).toContain('не проверен: в реестре не указан адрес сайта организации');
    expect(await axe(page)).toEqual([]);
    await page.screenshot({ path: 'build-test/site-audit-summary.png', fullPage: false });
    await page.setViewportSize({ width: 375, height: 800 });
    await page.screenshot({ path: 'build-test/site-audit-summary-375.png', fullPage: false });
    expect(await axe(page)).toEqual([]);
  });
});
