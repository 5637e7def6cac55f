// The kit as its users meet it: the registry, a campaign and a council form at 1280 px and 375 px. Every
// page is axe-clean and never scrolls sideways on a phone; a failed form shows its error summary at the top
// of that form with focus on it; a successful one shows its message there and comes back empty.
// Set UI_SHOTS=1 to keep screenshots in /tmp/ui-*.png.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.server';
import { users } from '../../src/db/schema/auth';
import { hashPassword } from '../../src/auth/password.server';
import { seedDemo } from '../../src/campaigns/demo.server';
import { axeViolations, launchBrowser, startServer, type RunningServer } from './server';

const EMAIL = 'admin@ui.noko';
const PASSWORD = 'ui-Пароль-надёжный-1';
const shots = process.env.UI_SHOTS === '1';

describe('UI kit in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let desktop: BrowserContext;
  let phone: BrowserContext;
  let demo: Awaited<ReturnType<typeof seedDemo>>;

  beforeAll(async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'noko-e2e-ui-'));
    const handle = await openDatabase({ engine: 'pglite', dataDir });
    await handle.db
      .insert(users)
      .values({ email: EMAIL, name: 'Админ Интерфейсов', role: 'admin', passwordHash: await hashPassword(PASSWORD) });
    demo = await seedDemo(handle.db, dataDir);
    await handle.close();
    server = await startServer({ DATA_DIR: dataDir });
    browser = await launchBrowser();
    desktop = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    phone = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
    for (const ctx of [desktop, phone]) {
      const page = await ctx.newPage();
      await page.goto(server.url + '/login');
      await page.fill('#email', EMAIL);
      await page.fill('#password', PASSWORD);
      await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('button[type=submit]')]);
      await page.close();
    }
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function look(ctx: BrowserContext, url: string, name: string): Promise<Page> {
    const page = await ctx.newPage();
    await page.goto(server.url + url);
    await page.waitForLoadState('networkidle');
    return check(page, name);
  }

  async function check(page: Page, name: string): Promise<Page> {
    const width = page.viewportSize()!.width;
    if (shots) await page.screenshot({ path: `/tmp/ui-${name}-${width}.png`, fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
    // Nothing wider than the screen: wide tables scroll inside their own region.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    return page;
  }

  const pages = () => [
    ['registry', '/registry'],
    ['territory', `/registry/${demo.municipalityId}`],
    ['campaign', `/campaigns/${demo.currentCampaignId}`],
    ['campaign-new', '/campaigns/new'],
    ['council', '/council'],
    ['audit', '/admin/audit'],
    ['users', '/admin/users'],
  ];

  for (const [label, ctxName] of [
    ['1280 px', 'desktop'],
    ['375 px', 'phone'],
  ] as const) {
    it(`pages are axe-clean and fit the screen at ${label}`, async () => {
      for (const [name, url] of pages()) {
        const page = await look(ctxName === 'desktop' ? desktop : phone, url!, name!);
        await page.close();
      }
    }, 180_000);
  }

  it('a refused form: the summary stands at the top of that form, is focused and links to the field', async () => {
    const page = await desktop.newPage();
    await page.goto(server.url + '/registry');
    // The browser's own check would stop an empty name before the server sees it; a space passes it.
    await page.fill('#municipality-name', ' ');
    await page.click('text=Создать муниципалитет');
    await page.waitForSelector('.error-summary');
    const where = await page.evaluate(() => {
      const summary = document.querySelector('.error-summary')!;
      const form = summary.closest('form');
      return {
        inForm: !!form && !!form.querySelector('#municipality-name'),
        focused: document.activeElement === summary,
        alert: !!summary.querySelector('[role=alert]'),
      };
    });
    expect(where).toEqual({ inForm: true, focused: true, alert: true });
    expect(await page.getAttribute('.error-summary a', 'href')).toBe('#municipality-name');
    await check(page, 'registry-error');
    await page.close();
  });

  it('a successful form: the message stands at the top of that form and the form comes back empty', async () => {
    const page = await phone.newPage();
    await page.goto(server.url + '/registry');
    await page.fill('#municipality-name', 'Посёлок Интерфейсный');
    await page.click('text=Создать муниципалитет');
    await page.waitForSelector('text=Муниципалитет «Посёлок Интерфейсный» создан.');
    const where = await page.evaluate(() => {
      const ok = document.querySelector('.success-message')!;
      return {
        inForm: !!ok.closest('form')?.querySelector('#municipality-name'),
        focused: document.activeElement === ok,
      };
    });
    expect(where).toEqual({ inForm: true, focused: true });
    expect(await page.inputValue('#municipality-name')).toBe('');
    await check(page, 'registry-ok');
    await page.close();
  });
});
