// An operator's expert fills a checklist on a phone: a photo, then the connection drops mid-way; the draft
// stays on the device and is sent by itself when the connection is back.
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../src/auth/sessions.server';
import { seedChecklistWorld, tinyPng } from '../checklists/fixtures';
import { axeViolations as axe, launchBrowser, startSeededServer, type RunningServer } from './server';

describe('expert checklist on a phone in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let base: string;

  beforeAll(async () => {
    const started = await startSeededServer(async (db) => {
      const world = await seedChecklistWorld(db);
      return { world, token: (await createSession(db, world.expertA.id)).token };
    });
    server = started.server;
    const { world, token } = started.seeded;
    base = `/campaigns/${world.campaign.id}/org/${world.school.id}/checklists`;
    browser = await launchBrowser();
    context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    });
    await context.addCookies([
      { name: 'noko_session', value: token, url: server.url, httpOnly: true, sameSite: 'Lax' },
    ]);
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  it('the overview and the checklist page have no axe violations', async () => {
    const page = await context.newPage();
    await page.goto(server.url + base);
    expect(await page.textContent('h1')).toBe('Чек-листы: Школа № 1');
    expect(await axe(page)).toEqual([]);
    await page.click('a[href$="/checklists/2.1"]');
    await page.waitForURL('**/checklists/2.1');
    expect(await page.textContent('h1')).toBe('2.1. Комфортные условия');
    expect(await axe(page)).toEqual([]);
    // touch targets: every answer option is at least 44 px high on the phone
    const heights = await page.$$eval('label.cl-answer', (els) => els.map((e) => e.getBoundingClientRect().height));
    expect(heights.length).toBe(15);
    expect(Math.min(...heights)).toBeGreaterThanOrEqual(44);
    await page.close();
  });

  it('fills in answers with a photo, keeps the draft offline and sends it when back online', async () => {
    const page = await context.newPage();
    await page.goto(server.url + base + '/2.1');
    await page.waitForFunction(
      () => !!(window as unknown as { __reactRouterRouteModules?: unknown }).__reactRouterRouteModules,
    );

    // First item with a photo, saved online.
    await page.check('#item-rest-zone input[value=yes]');
    await page.click('#item-rest-zone summary');
    await page.fill('#n-rest-zone', 'диваны в холле');
    await page.setInputFiles('#p-rest-zone', {
      name: 'holl.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.from(tinyPng()),
    });
    await Promise.all([page.waitForURL('**/checklists/2.1*'), page.click('.cl-submit button')]);
    await page.waitForSelector('.success-message [role=status]');
    expect(await page.textContent('.success-message [role=status]')).toBe('Сохранено.');
    expect(await page.isChecked('#item-rest-zone input[value=yes]')).toBe(true);
    const img = page.locator('#item-rest-zone .cl-photos img');
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(1);
    expect(await page.textContent('#item-rest-zone')).toContain('Записал(а): Эксперт Анна');

    // The connection drops in the middle of the visit.
    await context.setOffline(true);
    await page.check('#item-navigation input[value=yes]');
    await page.check('#item-water input[value=no]');
    await page.click('#item-water summary');
    await page.fill('#n-water', 'кулер пустой');
    await page.click('.cl-submit button');
    await expect
      .poll(() => page.textContent('.cl-draft'))
      .toBe('Черновик сохранён на устройстве, будет отправлен при подключении');
    const draft = await page.evaluate(
      () => Object.entries(localStorage).find(([k]) => k.startsWith('noko-draft:'))?.[1] ?? null,
    );
    expect(draft).not.toBeNull();
    expect(JSON.parse(draft!)).toMatchObject({ pending: true });
    expect(JSON.parse(draft!).fields).toContainEqual(['n.water', 'кулер пустой']);

    // Back online: the draft goes by itself.
    await Promise.all([page.waitForURL('**/checklists/2.1?saved=*').catch(() => undefined), context.setOffline(false)]);
    await page.waitForSelector('.success-message [role=status]');
    expect(await page.isChecked('#item-navigation input[value=yes]')).toBe(true);
    expect(await page.isChecked('#item-water input[value=no]')).toBe(true);
    expect(await page.inputValue('#n-water')).toBe('кулер пустой');
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('noko-draft:')))).toEqual([]);

    // The overview counts what was saved: 2 "yes" of 5 applicable, 3 answered.
    await page.goto(server.url + base);
    expect(await page.textContent('a[href$="/checklists/2.1"]')).toContain(
      'отмечено 3 из 5 пунктов · «да»: 2 из 5 применимых',
    );
    expect(await axe(page)).toEqual([]);
    await page.close();
  });

  it('a draft left on the device is restored after reopening the page', async () => {
    const page = await context.newPage();
    await page.goto(server.url + base + '/3.2');
    await page.waitForFunction(
      () => !!(window as unknown as { __reactRouterRouteModules?: unknown }).__reactRouterRouteModules,
    );
    await page.check('#item-braille input[value=no]');
    await page.close();
    const again = await context.newPage();
    await again.goto(server.url + base + '/3.2');
    await expect.poll(() => again.textContent('.cl-draft')).toContain('Восстановлены несохранённые ответы');
    expect(await again.isChecked('#item-braille input[value=no]')).toBe(true);
    await again.close();
  });
});
