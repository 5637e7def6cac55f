import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditSite } from '../../src/site-audit/audit.server';
import { Fetcher } from '../../src/site-audit/fetcher.server';
import { compliantSchool } from './fixtures/school';
import { makeTestPki, type TestPki } from './helpers/certs';
import { serve, type FixtureServer } from './helpers/server';
import { readFileSync } from 'node:fs';

const FAST = { politenessDelayMs: 0, totalTimeoutMs: 5_000, date: '2025-12-01', checkDocuments: false } as const;

describe('certificate from a test CA', () => {
  let pki: TestPki;
  let server: FixtureServer;
  beforeAll(async () => {
    pki = makeTestPki();
    server = await serve(compliantSchool(), { tls: { key: pki.key, cert: pki.cert } });
  });
  afterAll(() => server.close());

  it('is a finding and stops the audit when the CA is not configured', async () => {
    const r = await auditSite(server.url, FAST);
    expect(r.tls).toMatchObject({ trusted: false, insecure: false });
    expect(r.reachable).toBe(false);
    const f = r.findings.find((x) => x.code === 'tls-untrusted');
    expect(f?.message).toContain('сертификат не подтверждён общедоступным корневым центром');
    expect(server.log.length).toBe(0);
  });

  it('is trusted when the CA bundle is configured', async () => {
    const r = await auditSite(server.url, { ...FAST, extraCa: [readFileSync(pki.caFile, 'utf8')] });
    expect(r.tls).toMatchObject({ trusted: true, insecure: false });
    expect(r.summary.present).toBe(r.summary.required);
  });

  it('with --insecure audits anyway, and the report records both the flag and the untrusted chain', async () => {
    const r = await auditSite(server.url, { ...FAST, insecure: true });
    expect(r.tls).toMatchObject({ trusted: false, insecure: true });
    expect(r.findings.map((f) => f.code)).toContain('insecure');
    expect(r.summary.present).toBe(r.summary.required);
  });
});

describe('hostile servers', () => {
  let server: FixtureServer;
  let stall: net.Server;
  let stallPort = 0;
  const sockets: net.Socket[] = [];
  beforeAll(async () => {
    const site = compliantSchool();
    server = await serve(site, {
      handler: (req, res) => {
        const url = req.url ?? '/';
        if (url === '/loop-a') return (void res.writeHead(302, { location: '/loop-b' }).end(), true);
        if (url === '/loop-b') return (void res.writeHead(302, { location: '/loop-a' }).end(), true);
        const chain = /^\/chain\/(\d+)$/.exec(url);
        if (chain) return (void res.writeHead(301, { location: `/chain/${Number(chain[1]) + 1}` }).end(), true);
        if (url === '/huge') {
          // 50 MB, written as the client reads it.
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          const chunk = Buffer.from('<p>' + 'я'.repeat(32 * 1024) + '</p>\n');
          let sent = 0;
          const pump = () => {
            while (sent < 50 * 1024 * 1024) {
              sent += chunk.length;
              if (!res.write(chunk)) return void res.once('drain', pump);
            }
            res.end();
          };
          res.on('close', () => (sent = Infinity));
          pump();
          return true;
        }
        return false;
      },
    });
    stall = net.createServer((s) => void sockets.push(s));
    await new Promise<void>((r) => stall.listen(0, '127.0.0.1', r));
    stallPort = (stall.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    await server.close();
    for (const s of sockets) s.destroy();
    await new Promise((r) => stall.close(r));
  });

  it('detects a redirect loop', async () => {
    const r = await auditSite(`${server.url}loop-a`, FAST);
    expect(r.reachable).toBe(false);
    expect(r.findings.find((f) => f.code === 'unreachable')?.message).toContain('циклическое перенаправление');
  });

  it('stops after the redirect limit', async () => {
    const f = new Fetcher({ politenessDelayMs: 0, maxRedirects: 3 });
    const res = await f.fetch(`${server.url}chain/0`);
    await f.close();
    expect(res).toMatchObject({ ok: false, kind: 'too-many-redirects' });
    expect(res.redirects).toHaveLength(3);
  });

  it('cuts a 50 MB page at the body limit while streaming', async () => {
    const f = new Fetcher({ politenessDelayMs: 0, maxBodyBytes: 1024 * 1024 });
    const started = Date.now();
    const res = await f.fetch(`${server.url}huge`);
    await f.close();
    expect(res.ok && res.truncated).toBe(true);
    expect(res.ok && res.body.length).toBe(1024 * 1024);
    expect(Date.now() - started).toBeLessThan(5_000);
    const r = await auditSite(`${server.url}huge`, { ...FAST, maxBodyBytes: 2 * 1024 * 1024 });
    expect(r.findings.map((x) => x.code)).toContain('too-large');
  });

  it('gives up on a server that stalls, within the total timeout', async () => {
    const started = Date.now();
    const r = await auditSite(`http://127.0.0.1:${stallPort}/`, { ...FAST, totalTimeoutMs: 600 });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(r.reachable).toBe(false);
    expect(r.findings.find((f) => f.code === 'unreachable')?.message).toContain('не ответил вовремя');
  });

  it('reports a refused connection', async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const r = await auditSite(`http://127.0.0.1:${port}/`, FAST);
    expect(r.findings.find((f) => f.code === 'unreachable')?.message).toContain('ECONNREFUSED');
  });
});
