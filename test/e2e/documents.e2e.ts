// The analytical report from the results page in Chromium: the form queues the job, the job's page shows
// the progress bar and reloads itself (HTTP Refresh header, no script needed) until the file is ready, the file
// downloads. Pages pass axe; screenshots at desktop and 375 px in /tmp/documents-shots.
import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../src/auth/sessions.server';
import { approveVersion, computeDraft, publishVersion } from '../../src/results/versions.server';
import { seedResultsCampaign } from '../results/fixtures';
import { axeViolations as axe, launchBrowser, startSeededServer, type RunningServer } from './server';

const SHOTS = '/tmp/documents-shots';

describe('documents in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let desktop: BrowserContext;
  let phone: BrowserContext;
  let noScript: BrowserContext;
  let seeded: { campaignId: string; token: string };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const started = await startSeededServer(async (db) => {
      const f = await seedResultsCampaign(db, { orgs: 4, municipalities: 2 });
      const v = await computeDraft(db, f.campaignId, f.users.operator);
      await approveVersion(db, v.id, { number: '5', date: '2025-10-01', confirmGaps: true }, f.users.chair);
      await publishVersion(db, v.id, f.users.authority, new Date(), { confirmGaps: true });
      return { campaignId: f.campaignId, token: (await createSession(db, f.users.operator.id)).token };
    });
    server = started.server;
    seeded = started.seeded;
    browser = await launchBrowser();
    desktop = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    phone = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true });
    noScript = await browser.newContext({
      viewport: { width: 375, height: 812 },
      isMobile: true,
      javaScriptEnabled: false,
    });
    for (const c of [desktop, phone, noScript])
      await c.addCookies([
        { name: 'noko_session', value: seeded.token, url: server.url, httpOnly: true, sameSite: 'Lax' },
      ]);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the operator builds the report from the results page and downloads the PDF', async () => {
    const page = await desktop.newPage();
    await page.goto(`${server.url}/results/${seeded.campaignId}`);
    expect(await axe(page)).toEqual([]);
    await page.locator('form[action$="/documents/campaigns/' + seeded.campaignId + '"] input[value=pdf]').check();
    await Promise.all([
      page.waitForURL(/\/documents\/jobs\//),
      page.locator('form[action$="/documents/campaigns/' + seeded.campaignId + '"] button').click(),
    ]);
    expect(await axe(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/01-job-desktop.png`, fullPage: true });
    const link = page.getByRole('link', { name: /Скачать PDF/ });
    await link.waitFor({ timeout: 90_000 }).catch((err: unknown) => {
      throw new Error(`${String(err)}\nserver log:\n${server.output().slice(-3000)}`);
    });
    await page.screenshot({ path: `${SHOTS}/02-done-desktop.png`, fullPage: true });
    expect(await axe(page)).toEqual([]);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const file = await download.path();
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    expect(download.suggestedFilename()).toBe('analiticheskiy-otchet.pdf');
    await page.close();
  }, 180_000);

  it('on a phone (axe at 375 px), then without JavaScript: the documents page queues DOCX and the job page reloads itself until the link appears', async () => {
    const phonePage = await phone.newPage();
    await phonePage.goto(`${server.url}/documents/campaigns/${seeded.campaignId}`);
    expect(await axe(phonePage)).toEqual([]);
    await phonePage.screenshot({ path: `${SHOTS}/03-documents-375.png`, fullPage: true });
    await phonePage.close();
    // axe needs script in the page: the page without JavaScript is the same markup as checked above.
    const page = await noScript.newPage();
    await page.goto(`${server.url}/documents/campaigns/${seeded.campaignId}`);
    await Promise.all([
      page.waitForURL(/\/documents\/jobs\//, { waitUntil: 'commit' }),
      // The analytical report's form (other kinds need a council decision or plans this campaign lacks).
      page.locator('form:has(input[name=kind][value=analytical]) button').click(),
    ]);
    await page.screenshot({ path: `${SHOTS}/04-job-375.png`, fullPage: true });
    await page.getByRole('link', { name: /Скачать DOCX/ }).waitFor({ timeout: 90_000 });
    await page.screenshot({ path: `${SHOTS}/05-done-375.png`, fullPage: true });
    await page.close();
  }, 180_000);
});
