import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchBrowser, startServer, type RunningServer } from './server';

describe('page shell in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const path of ['/', '/accessibility']) {
    it(`${path} has no axe violations`, async () => {
      const page = await (await browser.newContext()).newPage();
      await page.goto(server.url + path);
      expect(await page.getAttribute('html', 'lang')).toBe('ru');
      expect(await axeViolations(page)).toEqual([]);
      await page.close();
    });
  }

  it('is usable by keyboard: skip link first, then reaches the accessibility statement', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(server.url + '/');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Перейти к содержанию');
    let reached = false;
    for (let i = 0; i < 30 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = (await page.evaluate(() => document.activeElement?.getAttribute('href'))) === '/accessibility';
    }
    expect(reached).toBe(true);
    await page.close();
  });

  it('a 404 is a Russian page in the shell', async () => {
    const page = await (await browser.newContext()).newPage();
    const res = await page.goto(server.url + '/net-takoy-stranicy');
    expect(res?.status()).toBe(404);
    expect(await page.textContent('h1')).toBe('Страница не найдена');
    await page.close();
  });
});
