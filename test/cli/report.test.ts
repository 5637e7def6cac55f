// `noko report` as people run it: a child process of bin/noko.js on the embedded database (server stopped).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveVersion, computeDraft, publishVersion } from '../../src/results/versions.server';
import { seedResultsCampaign } from '../results/fixtures';
import { openNewDataDir } from '../helpers/db';
import { noko as nokoChild } from '../helpers/noko';

const dir = mkdtempSync(path.join(tmpdir(), 'noko-cli-report-'));
const dataDir = path.join(dir, 'data');
/** `noko report …` on this file's data folder (test/helpers/noko.ts). */
const noko = (args: string[]) => nokoChild(['report', ...args], { dataDir, deadlineMs: 120_000 });

let campaignId = '';
let unpublished = '';
beforeAll(async () => {
  const h = await openNewDataDir(dataDir);
  try {
    const f = await seedResultsCampaign(h.db, { orgs: 8, municipalities: 2, fewResponses: [2] });
    campaignId = f.campaignId;
    const v = await computeDraft(h.db, f.campaignId, f.users.operator);
    await approveVersion(h.db, v.id, { number: '7-с', date: '2025-10-15', confirmGaps: true }, f.users.chair);
    await publishVersion(h.db, v.id, f.users.authority, new Date(), { confirmGaps: true });
    unpublished = (
      await seedResultsCampaign(h.db, {
        orgs: 2,
        year: 2026,
        reuse: { regionId: f.regionId, municipalityIds: f.municipalityIds, orgIds: f.orgIds.slice(0, 2) },
      })
    ).campaignId;
  } finally {
    await h.close();
  }
}, 120_000);
afterAll(() => undefined);

describe('noko report', () => {
  it('writes the analytical report as PDF with progress on stderr, then reuses the stored file for the same version', async () => {
    const out = path.join(dir, 'report.pdf');
    const r = await noko([campaignId, '--kind', 'analytical', '--format', 'pdf', '--out', out]);
    expect(r.stderr).toMatch(/Вёрстка PDF/);
    expect(r.stderr).toMatch(/100 % Готово/);
    expect(r.code).toBe(0);
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
    expect(execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' })).toContain('АНАЛИТИЧЕСКИЙ ОТЧЁТ');
    const again = await noko([
      campaignId,
      '--kind',
      'analytical',
      '--format',
      'pdf',
      '--out',
      path.join(dir, 'again.pdf'),
    ]);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/уже был построен/);
    expect(readFileSync(path.join(dir, 'again.pdf')).equals(readFileSync(out))).toBe(true);
  }, 120_000);

  it('writes DOCX', async () => {
    const out = path.join(dir, 'report.docx');
    const r = await noko([campaignId, '--kind', 'analytical', '--format', 'docx', '--out', out, '--version', '1']);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(out).subarray(0, 2).toString()).toBe('PK');
  }, 120_000);

  it('usage errors exit 2 and write nothing; a campaign without published results exits 1', async () => {
    const out = path.join(dir, 'none.pdf');
    const bad = await noko([campaignId, '--kind', 'analytical', '--format', 'xlsx', '--out', out]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/docx, pdf/);
    const unknown = await noko([campaignId, '--kind', 'nope', '--format', 'pdf', '--out', out]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Неизвестный вид документа «nope»/);
    const none = await noko([unpublished, '--kind', 'analytical', '--format', 'pdf', '--out', out]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/нет опубликованных результатов/);
    expect(existsSync(out)).toBe(false);
  }, 120_000);
});
