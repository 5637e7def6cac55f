// `noko report` for docs2's kinds as people run it: a child process of bin/noko.js on the embedded
// database with the demo's whole cycle (server stopped).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/campaigns/demo.server';
import { improvementPlans } from '../../src/db/schema/plans';
import { openNewDataDir } from '../helpers/db';
import { noko as nokoChild } from '../helpers/noko';

const dir = mkdtempSync(path.join(tmpdir(), 'noko-cli-report2-'));
const dataDir = path.join(dir, 'data');
/** `noko report …` on this file's data folder (test/helpers/noko.ts). */
const noko = (args: string[]) => nokoChild(['report', ...args], { dataDir, deadlineMs: 180_000 });

let past = '';
let current = '';
let organisationId = '';
beforeAll(async () => {
  const h = await openNewDataDir(dataDir);
  try {
    const demo = await seedDemo(h.db, dataDir);
    past = demo.pastCampaignId;
    current = demo.currentCampaignId;
    const [p] = await h.db
      .select()
      .from(improvementPlans)
      .where(and(eq(improvementPlans.campaignId, past), inArray(improvementPlans.status, ['approved', 'published'])));
    organisationId = p!.organisationId;
  } finally {
    await h.close();
  }
}, 240_000);
afterAll(() => undefined);

describe('noko report: the bus.gov.ru package, plans, deadlines', () => {
  it('writes the bus.gov.ru ZIP with its README and PDFs', async () => {
    const out = path.join(dir, 'busgov.zip');
    const r = await noko([past, '--kind', 'busgov', '--format', 'zip', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/100 % Готово/);
    const unz = path.join(dir, 'busgov');
    execFileSync('unzip', ['-q', '-o', out, '-d', unz]);
    expect(readdirSync(unz)).toContain('README.txt');
    expect(readdirSync(path.join(unz, 'documents')).some((f) => f.startsWith('plan-'))).toBe(true);
    // The demo's council decided on the results of this campaign: its decision goes into the package.
    expect(readdirSync(path.join(unz, 'documents'))).toContain('reshenie-soveta-o-rezultatah.pdf');
  }, 200_000);

  it('writes one organisation’s plan «по состоянию на» a date, and the territory summary', async () => {
    const out = path.join(dir, 'plan.pdf');
    const r = await noko([
      past,
      '--kind',
      'plans',
      '--format',
      'pdf',
      '--organisation',
      organisationId,
      '--as-of',
      '2024-06-30',
      '--out',
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const text = execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' });
    expect(text).toContain('по состоянию на 30.06.2024');
    const xlsx = path.join(dir, 'plans.xlsx');
    expect((await noko([past, '--kind', 'plans', '--format', 'xlsx', '--out', xlsx])).code).toBe(0);
    expect(readFileSync(xlsx).subarray(0, 2).toString()).toBe('PK');
  }, 200_000);

  it('the deadlines sheet as PDF; a decision the council has not recorded exits 1; a bad date exits 1 and writes nothing', async () => {
    const out = path.join(dir, 'sroki.pdf');
    expect((await noko([past, '--kind', 'deadlines', '--format', 'pdf', '--out', out])).code).toBe(0);
    expect(execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' })).toContain('273-ФЗ');
    const none = path.join(dir, 'none.pdf');
    const d = await noko([current, '--kind', 'decision', '--format', 'pdf', '--out', none]);
    expect(d.code).toBe(1);
    expect(d.stderr).toContain('Совет ещё не принял решение о результатах');
    const bad = await noko([
      past,
      '--kind',
      'plans',
      '--format',
      'pdf',
      '--organisation',
      organisationId,
      '--as-of',
      '30.06.2024',
      '--out',
      none,
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('по состоянию на');
    expect(existsSync(none)).toBe(false);
  }, 200_000);
});
