// Limits over real sockets (issue 10): anonymous bodies cannot exhaust memory, and behind a trusted proxy
// every parent is their own network.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveClientAddress } from '../app/server/client-address.server';
import { createHttpApp } from '../app/server/http.server';
import type { Config } from '../src/config/env.server';
import { parseTrustProxy } from '../src/config/env.server';
import { surveyResponses } from '../src/db/schema/survey';
import { signRenderTime } from '../src/survey/codes.server';
import { forgetLinks, linkFor } from '../src/survey/links.server';
import { silentLogger, testConfig } from './helpers/app';
import { createTestDb, type TestDatabase } from './helpers/db';
import { ALL_YES, csrfPair, seedSurvey } from './survey/fixtures';

async function listen(t: TestDatabase, config: Config): Promise<{ port: number; close: () => Promise<void> }> {
  const app = createHttpApp({ db: t.db, config, logger: silentLogger });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  return { port: (server.address() as AddressInfo).port, close: () => new Promise((r) => server.close(() => r())) };
}

/** Streams `size` bytes of multipart body in 1 MB chunks until the server answers; never holds the body itself. */
function bigPost(port: number, path: string, size: number, declareLength: boolean): Promise<number> {
  return new Promise((resolve) => {
    const boundary = 'noko-test-boundary';
    const req = http.request({
      host: '127.0.0.1',
      port,
      path,
      method: 'POST',
      // An anonymous visitor has a CSRF cookie after any page view: the check then goes on to read the form.
      headers: {
        cookie: 'noko_csrf=AnonymousVisitorNonce01',
        'content-type': `multipart/form-data; boundary=${boundary}`,
        ...(declareLength ? { 'content-length': String(size) } : {}),
      },
    });
    let status = 0;
    let sent = 0;
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    req.on('response', (res) => {
      status = res.statusCode ?? 0;
      res.resume();
      res.on('end', () => resolve(status));
      req.destroy();
    });
    req.on('error', () => resolve(status)); // the server may close the socket after answering
    req.on('close', () => resolve(status));
    req.write(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="x.xlsx"\r\n\r\n`);
    const pump = () => {
      while (sent < size - 2 * chunk.length && !status) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!status) req.end(`\r\n--${boundary}--\r\n`);
    };
    pump();
  });
}

describe('no anonymous request can exhaust memory', () => {
  let t: TestDatabase;
  let server: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    t = await createTestDb();
    server = await listen(t, testConfig());
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
  });

  it('eight parallel anonymous 64 MB posts (declared and chunked) are refused with 413 while memory stays flat', async () => {
    globalThis.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    try {
      const size = 64 * 1024 * 1024;
      const statuses = await Promise.all([
        ...[
          '/registry/00000000-0000-4000-8000-000000000000',
          '/login',
          '/campaigns/x/org/y/checklists/2.1',
          '/api/survey/campaigns/x/responses',
        ].map((p) => bigPost(server.port, p, size, true)),
        ...['/registry/00000000-0000-4000-8000-000000000000', '/login', '/q/abcdefgh', '/'].map((p) =>
          bigPost(server.port, p, size, false),
        ),
      ]);
      expect(statuses).toEqual([413, 413, 413, 413, 413, 413, 413, 413]);
    } finally {
      clearInterval(sampler);
    }
    // Before the global limit the CSRF check read every body whole: hundreds of MB for these eight.
    expect((peak - before) / 1024 / 1024).toBeLessThan(64);
  }, 60_000);
});

describe('client address behind a reverse proxy', () => {
  it('walks X-Forwarded-For and Forwarded only through trusted hops', () => {
    const ranges = parseTrustProxy('127.0.0.1, 10.0.0.0/8');
    expect(resolveClientAddress('127.0.0.1', '203.0.113.5', ranges)).toBe('203.0.113.5');
    expect(resolveClientAddress('::ffff:127.0.0.1', '198.51.100.7, 10.1.2.3', ranges)).toBe('198.51.100.7');
    // A client-supplied entry in front of an untrusted hop is ignored.
    expect(resolveClientAddress('127.0.0.1', '1.2.3.4, 198.51.100.7', ranges)).toBe('198.51.100.7');
    // The socket itself is not a trusted proxy: the header is ignored entirely.
    expect(resolveClientAddress('192.0.2.9', '203.0.113.5', ranges)).toBe('192.0.2.9');
    expect(resolveClientAddress('127.0.0.1', '203.0.113.5', null)).toBe('127.0.0.1');
    // Hop count: one proxy in front, whatever its address.
    expect(resolveClientAddress('192.0.2.9', '1.2.3.4, 203.0.113.5', parseTrustProxy('1'))).toBe('203.0.113.5');
    expect(resolveClientAddress('192.0.2.9', '1.2.3.4, 203.0.113.5', parseTrustProxy('2'))).toBe('1.2.3.4');
    // RFC 7239, with quotes, brackets and ports; garbage stops the walk.
    expect(
      resolveClientAddress('127.0.0.1', 'for=192.0.2.60;proto=https, for="[2001:db8::17]:4711"', ranges, 'forwarded'),
    ).toBe('2001:db8::17');
    expect(resolveClientAddress('127.0.0.1', 'unknown', ranges)).toBe('127.0.0.1');
    expect(() => parseTrustProxy('not-a-range')).toThrow(/не адрес и не диапазон/);
  });

  describe('25 parents through one proxy', () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDb();
    });
    afterAll(async () => t?.close());

    async function parents(config: Config): Promise<{ statuses: number[]; burst: number }> {
      const f = await seedSurvey(t.db, { orgs: 1 });
      forgetLinks();
      const link = (await linkFor(t.db, f.campaignId, f.orgIds[0]!))!;
      const csrf = csrfPair(config.sessionSecret);
      const server = await listen(t, config);
      const statuses: number[] = [];
      try {
        for (let i = 0; i < 25; i++) {
          const body = new URLSearchParams({
            _csrf: csrf.token,
            ...ALL_YES,
            q5: i % 2 ? 'no' : 'yes',
            q9: i % 3 ? 'no' : 'yes',
            t: signRenderTime(link.secret, link.code, Date.now() - 90_000),
          });
          const res = await fetch(`http://127.0.0.1:${server.port}/q/${link.code}`, {
            method: 'POST',
            redirect: 'manual',
            headers: {
              cookie: csrf.cookie,
              'content-type': 'application/x-www-form-urlencoded',
              'x-forwarded-for': `203.0.113.${i + 1}`,
            },
            body,
          });
          await res.arrayBuffer();
          statuses.push(res.status);
        }
      } finally {
        await server.close();
      }
      const rows = await t.db
        .select({ flags: surveyResponses.flags })
        .from(surveyResponses)
        .where(eq(surveyResponses.organisationId, f.orgIds[0]!));
      return { statuses, burst: rows.filter((r) => r.flags.includes('burst')).length };
    }

    it('with TRUST_PROXY naming the proxy, each parent is their own network: no 429, nothing quarantined as a burst', async () => {
      const { statuses, burst } = await parents(testConfig({ trustProxy: parseTrustProxy('127.0.0.1') }));
      expect(statuses.filter((s) => s === 303)).toHaveLength(25);
      expect(burst).toBe(0);
    }, 60_000);

    it('without it (or from an untrusted hop) the forwarded header is ignored and the one network is limited', async () => {
      const { statuses, burst } = await parents(testConfig({ trustProxy: parseTrustProxy('10.0.0.0/8') }));
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(5);
      expect(burst).toBeGreaterThan(0);
    }, 60_000);
  });
});
