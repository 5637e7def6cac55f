// In Chromium, as people use it: the public results table on a 375 px phone (every organisation's scores
// readable without sideways scrolling), and an organisation's head landing on its start page with its own
// results and shortfalls. axe must find nothing.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/password.server';
import { users } from '../../src/db/schema/auth';
import { approveVersion, computeDraft, publishVersion } from '../../src/results/versions.server';
import { seedResultsCampaign } from '../results/fixtures';
import { axeViolations as axe, launchBrowser, startSeededServer, type RunningServer } from './server';

describe('results on a phone and the organisation start page, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let campaignId = '';

  beforeAll(async () => {
    const started = await startSeededServer(async (db) => {
      const f = await seedResultsCampaign(db, { orgs: 12, municipalities: 2, fewResponses: [1] });
      const v = await computeDraft(db, f.campaignId, f.users.operator);
      await approveVersion(db, v.id, { number: '3-с', date: '2025-10-15', confirmGaps: true }, f.users.chair);
      await publishVersion(db, v.id, f.users.authority, new Date(), { confirmGaps: true });
      await db.insert(users).values({
        email: 'head@e2e.test',
        name: 'Директор Школы',
        role: 'organisation',
        organisationId: f.orgIds[0]!,
        passwordHash: await hashPassword('пароль директора 1'),
      });
      return f.campaignId;
    });
    server = started.server;
    campaignId = started.seeded;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function phone(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
    return context.newPage();
  }

  it('at 375 px every organisation is a card whose scores fit the screen', async () => {
    const page = await phone();
    await page.goto(`${server.url}/rezultaty/${campaignId}`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    const rows = page.locator('table.results-table tbody tr');
    expect(await rows.count()).toBe(12);
    for (let i = 0; i < 12; i++) {
      for (const label of ['Итого', 'K1', 'K5', 'Оценка']) {
        const box = await rows.nth(i).locator(`td[data-label="${label}"]`).boundingBox();
        expect(box, `${label} of row ${i}`).not.toBeNull();
        expect(box!.x).toBeGreaterThanOrEqual(0);
        expect(box!.x + box!.width).toBeLessThanOrEqual(375);
      }
    }
    // The labels a phone shows instead of the hidden header row.
    expect(
      await page.evaluate(
        () => getComputedStyle(document.querySelector('td[data-label="Итого"]')!, '::before').content,
      ),
    ).toBe('"Итого: "');
    // The order is chosen in the form, since the sortable headers are hidden on a phone.
    await page.selectOption('select[name=sort]', 'total');
    await Promise.all([page.waitForURL('**sort=total**'), page.click('form.filters button[type=submit]')]);
    const totals = await page.locator('td[data-label="Итого"]').allTextContents();
    const numbers = totals.map((t) => Number(t.replace(',', '.')));
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
    expect(await axe(page)).toEqual([]);
  });

  it('the head of an organisation logs in and lands on its results and shortfalls', async () => {
    const page = await phone();
    await page.goto(`${server.url}/login`);
    await page.fill('input[name=email]', 'head@e2e.test');
    await page.fill('input[name=password]', 'пароль директора 1');
    await Promise.all([page.waitForURL('**/dashboard'), page.click('button[type=submit]')]);
    await page.waitForSelector('h1');
    expect(await page.textContent('h1')).toBe('Мои задачи');
    const body = (await page.textContent('main')) ?? '';
    expect(body).toMatch(/Итоговый балл \d+,\d\d из 100/);
    expect(body).toMatch(/Недостатки: показатели ниже 100 баллов/);
    expect(body).toContain('Опрос родителей и обучающихся');
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    expect(await axe(page)).toEqual([]);
    // A shortfall opens the explanation of that number on the public card.
    const first = /^(\d+\.\d+)\./.exec((await page.textContent('.start-items a >> nth=0')) ?? '')![1]!;
    await Promise.all([page.waitForURL('**/kak/**'), page.click('.start-items a >> nth=0')]);
    expect(await page.textContent('h1')).toMatch(new RegExp(`^Как рассчитано: ${first.replace('.', '\\.')}\\. `));
  });
});
