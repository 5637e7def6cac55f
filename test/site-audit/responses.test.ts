// Issue 17, item 6: responses that are not pages are said once, in plain words; memory stays bounded.
import { afterEach, describe, expect, it } from 'vitest';
import { auditSite } from '../../src/site-audit/audit.server';
import { looksBinary } from '../../src/site-audit/fetcher.server';
import type { AuditReport } from '../../src/site-audit/types';
import { binaryBehindMain, binaryEverywhere, mainPageEverywhere } from './fixtures/responses';
import { spaSite } from './fixtures/js-sites';
import { compliantSchool } from './fixtures/school';
import { noko } from '../helpers/noko';
import { serve, type FixtureServer } from './helpers/server';

const FAST = {
  politenessDelayMs: 0,
  totalTimeoutMs: 10_000,
  date: '2025-12-01',
  orgType: 'school' as const,
  checkDocuments: false,
};

let server: FixtureServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const allFindings = (r: AuditReport) => [...r.findings, ...r.sections.flatMap((s) => s.findings)];

describe('responses that are not pages (issue 17, item 6)', () => {
  it('tells binary bytes from text in the encodings Russian sites use', () => {
    expect(looksBinary(Buffer.from('%PDF-1.7\n'))).toBe(true);
    expect(looksBinary(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14]))).toBe(true);
    expect(looksBinary(Buffer.from('<html>\u0000</html>'))).toBe(true);
    expect(looksBinary(Buffer.from('<!doctype html><title>Школа</title>'))).toBe(false);
    // windows-1251 «Школа» and KOI8-R «Школа»: high bytes, no control bytes.
    expect(looksBinary(Buffer.from([0x3c, 0x70, 0x3e, 0xd8, 0xea, 0xee, 0xeb, 0xe0]))).toBe(false);
    expect(looksBinary(Buffer.from([0x3c, 0x70, 0x3e, 0xfb, 0xcb, 0xcf, 0xcc, 0xc1]))).toBe(false);
    expect(looksBinary(Buffer.from('\ufeff<html>', 'utf16le'))).toBe(false);
  });

  it('does not list subsections as found when every address answers with the same binary body', async () => {
    const { site, handler } = binaryBehindMain(50);
    server = await serve(site, { handler });
    const r = await auditSite(server.url, FAST);
    expect(r.reachable).toBe(true);
    expect(r.sections.filter((s) => s.found)).toEqual([]);
    const notHtml = allFindings(r).filter((f) => f.code === 'not-html');
    expect(notHtml).toHaveLength(1);
    expect(notHtml[0]?.message).toMatch(
      /^\d+ адрес(а|ов)? сайта отвеча(е|ю)т не страницей: двоичные данные вместо веб-страницы, хотя заявлен тип «text\/html», и на все приходит одно и то же\./,
    );
    expect(allFindings(r).filter((f) => f.code === 'no-markup')).toEqual([]);
    expect(r.findings.find((f) => f.code === 'root-missing')).toBeDefined();
  });

  it('says once that unknown addresses open the main page, and finds no subsection there', async () => {
    const { site, handler } = mainPageEverywhere();
    server = await serve(site, { handler });
    const r = await auditSite(server.url, FAST);
    expect(r.sections.filter((s) => s.found)).toEqual([]);
    const same = allFindings(r).filter((f) => f.code === 'identical-responses');
    expect(same).toHaveLength(1);
    expect(same[0]).toMatchObject({ severity: 'error', url: new URL('/sveden/', server.url).href });
    expect(same[0]?.message).toMatch(
      /^на \d+ адрес(а|ов)? раздела сервер отвечает главной страницей вместо ошибки 404 \(например, http:\/\/127\.0\.0\.1:\d+\/sveden\/\)/,
    );
    expect(allFindings(r).filter((f) => f.code === 'no-markup')).toEqual([]);
  });

  it('a JavaScript application answering every address with its shell is not «the main page everywhere»', async () => {
    const { site, shell } = spaSite();
    server = await serve(site, {
      handler: (req, res) => {
        if ((req.url ?? '').startsWith('/static/') || (req.url ?? '').startsWith('/api/')) return false;
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(shell);
        return true;
      },
    });
    const r = await auditSite(server.url, { ...FAST, browser: null });
    const codes = allFindings(r).map((f) => f.code);
    expect(codes).not.toContain('identical-responses');
    expect(allFindings(r).filter((f) => f.code === 'app-shell')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringMatching(
          /^сайт — JavaScript-приложение: на \d+ адрес(а|ов)? приходит одна и та же пустая оболочка страницы/,
        ),
      }),
    ]);
    const common = r.sections.find((s) => s.slug === 'common');
    expect(common).toMatchObject({ found: true, jsOnly: true });
  });

  it('raises neither finding on a site whose pages are pages', async () => {
    server = await serve(compliantSchool());
    const r = await auditSite(server.url, FAST);
    expect(allFindings(r).filter((f) => f.code === 'not-html' || f.code === 'identical-responses')).toEqual([]);
    expect(r.sections.every((s) => s.found)).toBe(true);
  });

  it('`noko audit` on a server answering 200 MB of binary everywhere: exit 1, one plain finding, RSS under 300 MB', async () => {
    server = await serve({}, { handler: binaryEverywhere(200) });
    const child = await noko(['audit', server.url, '--json', '--no-documents'], { wrapper: ['/usr/bin/time', '-v'] });
    expect(child.code).toBe(1);
    const json = JSON.parse(child.stdout) as AuditReport;
    expect(json.reachable).toBe(false);
    expect(json.findings.map((f) => f.code)).toEqual(['not-html']);
    expect(json.findings[0]?.message).toBe(
      'сайт отвечает не веб-страницей: вместо HTML приходят двоичные данные (заявлен тип «text/html»); сайт не проверен',
    );
    const rssKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(child.stderr)?.[1]);
    expect(rssKb).toBeGreaterThan(0);
    expect(rssKb).toBeLessThan(300 * 1024);
  }, 90_000);

  it('`noko audit` with the main page fine and 200 MB of binary behind every other address stays under 300 MB', async () => {
    const { site, handler } = binaryBehindMain(200);
    server = await serve(site, { handler });
    const child = await noko(['audit', server.url, '--json', '--no-documents', '--date', '2025-12-01'], {
      wrapper: ['/usr/bin/time', '-v'],
    });
    expect(child.code, child.stderr.slice(0, 500)).toBe(0);
    const json = JSON.parse(child.stdout) as AuditReport;
    expect(json.findings.filter((f) => f.code === 'not-html')).toHaveLength(1);
    expect(json.sections.every((s) => !s.found)).toBe(true);
    const rssKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(child.stderr)?.[1]);
    expect(rssKb).toBeLessThan(300 * 1024);
  }, 90_000);
});
