// Issue 17, item 10: fetch only what the check needs — HEAD where existence is enough, conditional requests
// on re-audit, no second request for one URL within a run — with the 200 ms pause per host kept.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { auditSiteWithStats } from '../../src/site-audit/audit.server';
import type { AuditReport, DocumentRecord } from '../../src/site-audit/types';
import { documentKindsSite } from './fixtures/responses';
import { PDF_SCAN } from './fixtures/school';
import { noko } from '../helpers/noko';
import { serve, type FixtureServer } from './helpers/server';

const OPTS = { totalTimeoutMs: 10_000, date: '2025-12-01', orgType: 'school' as const };

let server: FixtureServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const doc = (r: AuditReport, p: string) => (r.documents ?? []).find((d) => d.url.endsWith(p)) as DocumentRecord;
const requests = (s: FixtureServer, from = 0) => s.log.slice(from).map((l) => `${l.method} ${l.path}`);

describe('fetching only what is needed (issue 17, item 10)', () => {
  it('uses HEAD for files whose existence is enough, GET for PDFs, and asks for no URL twice, pausing 200 ms per host', async () => {
    const { site, handler } = documentKindsSite();
    server = await serve(site, { handler });
    const { report } = await auditSiteWithStats(server.url, OPTS);
    const log = requests(server);
    expect(log).toContain('HEAD /files/ustav.docx');
    expect(log).not.toContain('GET /files/ustav.docx');
    expect(log).toContain('HEAD /files/license.sig');
    expect(log).toContain('GET /files/samoobsl.pdf');
    expect(log).not.toContain('HEAD /files/samoobsl.pdf');
    // HEAD refused with 405: the file is fetched once with GET and is not reported unreachable.
    expect(log.filter((l) => l.endsWith('/files/head-refused.xlsx'))).toEqual([
      'HEAD /files/head-refused.xlsx',
      'GET /files/head-refused.xlsx',
    ]);
    expect(doc(report, '/files/head-refused.xlsx')).toMatchObject({ reachable: true, kind: 'office', via: 'get' });
    expect(doc(report, '/files/ustav.docx')).toMatchObject({
      reachable: true,
      kind: 'office',
      via: 'head',
      size: 40_000,
    });
    expect(doc(report, '/files/license.sig')).toMatchObject({
      reachable: true,
      kind: 'signature',
      via: 'head',
      size: 3_000,
    });
    expect(doc(report, '/files/samoobsl.pdf')).toMatchObject({
      reachable: true,
      kind: 'pdf',
      textLayer: true,
      via: 'get',
    });
    // The admission rules link to the «Документы» page, loaded already: no second request.
    expect(doc(report, '/sveden/document')).toMatchObject({ reachable: true, kind: 'html', via: 'page' });
    expect(log.filter((l) => l === 'GET /sveden/document')).toHaveLength(1);
    const counts = new Map<string, number>();
    for (const l of log) counts.set(l, (counts.get(l) ?? 0) + 1);
    expect([...counts].filter(([, n]) => n > 1)).toEqual([]);
    // Politeness kept: one request at a time, at least ~200 ms between the starts of two requests.
    const gaps = server.log.slice(1).map((l, i) => l.at - (server as FixtureServer).log[i]!.at);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(190);
  }, 60_000);

  it('re-audits with the previous validators: unchanged documents answer 304 and keep their check, a changed one is read again', async () => {
    const { site, handler } = documentKindsSite();
    server = await serve(site, { handler, validators: true });
    const fast = { ...OPTS, politenessDelayMs: 0 };
    const first = await auditSiteWithStats(server.url, fast);
    expect(doc(first.report, '/files/samoobsl.pdf').etag).toMatch(/^"[0-9a-f]{16}"$/);
    expect(doc(first.report, '/files/samoobsl.pdf').lastModified).toBe('Mon, 01 Sep 2025 08:00:00 GMT');
    // The self-examination report is replaced by a scan before the re-audit.
    site['/files/samoobsl.pdf'] = { headers: { 'content-type': 'application/pdf' }, body: PDF_SCAN };
    const before = server.log.length;
    const again = await auditSiteWithStats(server.url, { ...fast, previous: first.report });
    const docsAgain = server.log.slice(before).filter((l) => l.path.startsWith('/files/'));
    expect(docsAgain.every((l) => l.headers?.['if-none-match'])).toBe(true);
    expect(docsAgain.filter((l) => l.status !== 304).map((l) => `${l.method} ${l.path} ${l.status}`)).toEqual([
      'GET /files/samoobsl.pdf 200',
    ]);
    // The server refused HEAD last time: asked with GET straight away.
    expect(docsAgain.filter((l) => l.path === '/files/head-refused.xlsx').map((l) => l.method)).toEqual(['GET']);
    expect(doc(again.report, '/files/plan.pdf')).toMatchObject({
      via: 'not-modified',
      textLayer: true,
      reachable: true,
    });
    expect(doc(again.report, '/files/ustav.docx')).toMatchObject({ via: 'not-modified', kind: 'office', size: 40_000 });
    expect(doc(again.report, '/files/samoobsl.pdf')).toMatchObject({ via: 'get', textLayer: false });
    const docSection = again.report.sections.find((s) => s.slug === 'document');
    expect(docSection?.findings.filter((f) => f.code === 'doc-scan').map((f) => f.itemprop)).toEqual([
      'reportEduDocLink',
    ]);
    expect(again.report.documents).toHaveLength((first.report.documents ?? []).length);
  }, 60_000);

  it('`noko audit --previous` re-audits as a process; a file that is not a report is refused with exit code 2', async () => {
    const { site, handler } = documentKindsSite();
    server = await serve(site, { handler, validators: true });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'noko-prev-'));
    const run = (args: string[]) =>
      noko(['audit', (server as FixtureServer).url, '--json', '--date', '2025-12-01', ...args], {
        deadlineMs: 90_000,
      });
    const first = await run([]);
    expect(first.code).toBe(0);
    const prevFile = path.join(dir, 'prev.json');
    writeFileSync(prevFile, first.stdout);
    const again = await run(['--previous', prevFile]);
    expect(again.code).toBe(0);
    const json = JSON.parse(again.stdout) as AuditReport;
    const vias = new Set((json.documents ?? []).map((d) => d.via));
    expect([...vias].sort()).toEqual(['not-modified', 'page']);
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ documents: [{ url: 'не адрес' }] }));
    const refused = await run(['--previous', bad]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('это не отчёт «noko audit --json»');
    expect(readFileSync(prevFile, 'utf8')).toBe(first.stdout);
  }, 120_000);
});
