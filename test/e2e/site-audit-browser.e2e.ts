// Issue 17, item 8: subsections built by JavaScript are re-rendered in Debian's Chromium (SITE_AUDIT_BROWSER),
// audited on the rendered DOM and marked «only after JavaScript»; the browser's requests pass the address
// guard; a page that never finishes is given up within the bound.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createAddressGuard } from '../../src/site-audit/address-guard.server';
import { auditSite } from '../../src/site-audit/audit.server';
import { Fetcher } from '../../src/site-audit/fetcher.server';
import type { AuditReport, ItemReport, SectionReport } from '../../src/site-audit/types';
import { jsBuiltSite, spaSite } from '../site-audit/fixtures/js-sites';
import { noko } from '../helpers/noko';
import { serve, type FixtureServer } from '../site-audit/helpers/server';

const BROWSER = process.env.SITE_AUDIT_BROWSER ?? '/usr/bin/chromium';
const OPTS = {
  politenessDelayMs: 0,
  totalTimeoutMs: 10_000,
  date: '2025-12-01',
  orgType: 'school' as const,
  checkDocuments: false,
  browser: BROWSER,
};

const servers: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

const sec = (r: AuditReport, slug: string) => r.sections.find((s) => s.slug === slug) as SectionReport;
const item = (s: SectionReport, prop: string, container?: string) =>
  s.items.find((i) => i.itemprop === prop && i.container === container) as ItemReport;

/** An "internal service" on another loopback address, readable cross-origin if anything reaches it. */
async function secretService(): Promise<{ url: string; hits: string[]; close: () => Promise<void> }> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'text/plain', 'access-control-allow-origin': '*' });
    res.end('secret@internal.example');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.2', r));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.2:${port}/secret`, hits, close: () => new Promise((r) => server.close(() => r())) };
}

describe('JavaScript-built subsections in Chromium (issue 17, item 8)', () => {
  it('audits the rendered DOM, marks items found only after rendering, and keeps the finding', async () => {
    const site: FixtureServer = await serve(jsBuiltSite());
    servers.push(site);
    const r = await auditSite(site.url, OPTS);
    const common = sec(r, 'common');
    expect(common).toMatchObject({ found: true, jsOnly: true, rendered: true });
    expect(item(common, 'fullName')).toMatchObject({ status: 'present', renderedOnly: true, monitor: false });
    expect(item(common, 'email').evidence).toContain('school7@zarech.ru');
    const js = common.findings.find((f) => f.code === 'js-only');
    expect(js?.severity).toBe('error');
    expect(js?.message).toMatch(
      /^не видно без JavaScript: атрибуты itemprop есть только внутри скриптов страницы; после отрисовки в браузере найдено элементов разметки: \d+ — они отмечены «только после JavaScript»/,
    );
    // Built from a JSON endpoint, fetched by the page through the auditor's fetcher.
    const inter = sec(r, 'inter');
    expect(inter.rendered).toBe(true);
    expect(inter.items.filter((i) => i.required).every((i) => i.status === 'present' && i.renderedOnly)).toBe(true);
    expect(site.log.filter((l) => l.path === '/api/inter.json')).toHaveLength(1);
    // The bundle shared by 14 pages and each page's HTML are requested once in the run.
    expect(site.log.filter((l) => l.path === '/static/app.js')).toHaveLength(1);
    expect(site.log.filter((l) => l.path === '/sveden/common')).toHaveLength(1);
    expect(r.summary.present).toBe(r.summary.required);
  });

  it('without a browser the same site says «needs JavaScript» and finds nothing', async () => {
    const site = await serve(jsBuiltSite());
    servers.push(site);
    const r = await auditSite(site.url, { ...OPTS, browser: null });
    const common = sec(r, 'common');
    expect(common.rendered).toBeUndefined();
    expect(item(common, 'fullName')).toMatchObject({ status: 'missing' });
    expect(item(common, 'fullName').renderedOnly).toBeUndefined();
    expect(common.findings.find((f) => f.code === 'js-only')?.message).toBe(
      'не видно без JavaScript: атрибуты itemprop есть только внутри скриптов страницы',
    );
  });

  it('the browser does not reach internal addresses: its requests pass the address guard', async () => {
    const secret = await secretService();
    servers.push(secret);
    const site = await serve(jsBuiltSite({ secretUrl: secret.url }));
    servers.push(site);
    // As on the server: internal addresses refused, the loopback fixture allowed the way the other tests do.
    const fetcher = new Fetcher({
      politenessDelayMs: 0,
      totalTimeoutMs: 10_000,
      addressGuard: createAddressGuard(['127.0.0.1/32']),
    });
    try {
      const r = await auditSite(site.url, { ...OPTS, fetcher });
      expect(sec(r, 'common').rendered).toBe(true);
      expect(JSON.stringify(r)).not.toContain('secret@internal.example');
      expect(secret.hits).toEqual([]);
    } finally {
      await fetcher.close();
    }
    // Control: with that address allowed, the same page does reach it — so the check above can fail.
    const open = new Fetcher({
      politenessDelayMs: 0,
      totalTimeoutMs: 10_000,
      addressGuard: createAddressGuard(['127.0.0.0/8']),
    });
    try {
      const r = await auditSite(site.url, { ...OPTS, fetcher: open });
      expect(secret.hits).toEqual(['/secret']);
      expect(item(sec(r, 'common'), 'email').evidence).toBeDefined();
    } finally {
      await open.close();
    }
  });

  it('gives up on a page whose script never ends, within the bound, and audits the rest', async () => {
    const site = await serve(jsBuiltSite({ hang: true }));
    servers.push(site);
    const started = Date.now();
    const r = await auditSite(site.url, { ...OPTS, renderer: { timeoutMs: 3_000, settleMs: 1_000 } });
    const catering = sec(r, 'catering');
    expect(catering.rendered).toBe(false);
    expect(catering.findings.find((f) => f.code === 'js-only')?.message).toContain(
      'отрисовать в браузере не удалось: страница не отрисовалась за 4 с',
    );
    expect(sec(r, 'budget').rendered).toBe(true);
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  it('renders a single-page application whose every address is the same shell', async () => {
    const { site: spa, shell } = spaSite();
    const site = await serve(spa, {
      handler: (req, res) => {
        if ((req.url ?? '').startsWith('/static/') || (req.url ?? '').startsWith('/api/')) return false;
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(shell);
        return true;
      },
    });
    servers.push(site);
    const r = await auditSite(site.url, OPTS);
    expect(r.findings.map((f) => f.code)).toContain('app-shell');
    const common = sec(r, 'common');
    expect(common).toMatchObject({
      found: true,
      url: new URL('/sveden/common', site.url).href,
      jsOnly: true,
      rendered: true,
    });
    expect(item(common, 'email')).toMatchObject({ status: 'present', renderedOnly: true });
    expect(site.log.filter((l) => l.path === '/api/common.json')).toHaveLength(1);
  });

  it('`noko audit` with SITE_AUDIT_BROWSER set, as a process: exit 0 and renderedOnly in --json', async () => {
    const site = await serve(jsBuiltSite());
    servers.push(site);
    const child = await noko(['audit', site.url, '--json', '--date', '2025-12-01', '--no-documents'], {
      deadlineMs: 90_000,
      env: { SITE_AUDIT_BROWSER: BROWSER },
    });
    expect(child.code, child.stderr).toBe(0);
    const json = JSON.parse(child.stdout) as AuditReport;
    const common = sec(json, 'common');
    expect(common.rendered).toBe(true);
    expect(item(common, 'fullName')).toMatchObject({ status: 'present', renderedOnly: true, monitor: false });
  });
});
