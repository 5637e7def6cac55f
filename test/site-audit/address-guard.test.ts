import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAddressGuard, isInternalAddress, parseAllowedRanges } from '../../src/site-audit/address-guard.server';
import { checkDocument, documentFindings } from '../../src/site-audit/documents.server';
import { Fetcher } from '../../src/site-audit/fetcher.server';
import { JobRunner } from '../../src/jobs/runner.server';
import { registerSiteAuditJobs } from '../../src/site-audit/jobs.server';
import { startCampaignAudit } from '../../src/site-audit/campaign-audit.server';
import { DbAuditStore } from '../../src/site-audit/store-db.server';
import { createTestDb, type TestDatabase } from '../helpers/db';
import { seedCampaign } from './helpers/seed';

const SECRET = 'INTERNAL-SECRET-7f3a';

type Tiny = { url: string; port: number; hits: string[]; close: () => Promise<void> };

/** A plain HTTP service on the given loopback address; `routes` answers by path. */
async function service(host: string, routes: (path: string, res: http.ServerResponse) => void): Promise<Tiny> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(req.url ?? '/');
    routes(req.url ?? '/', res);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}/`,
    port,
    hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('which addresses count as internal', () => {
  it.each([
    '127.0.0.1',
    '127.8.9.10',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.254',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '239.255.255.250',
    '255.255.255.255',
    '192.0.2.10',
    '198.18.0.1',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    'fd12:3456::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '::ffff:169.254.169.254',
    '64:ff9b::a00:1',
    '2001:db8::1',
    '[::1]',
    'not-an-address',
  ])('%s is internal', (address) => {
    expect(isInternalAddress(address)).toBe(true);
  });

  it.each(['8.8.8.8', '77.88.8.8', '95.167.1.1', '2a02:6b8::2:242', '::ffff:8.8.8.8', '64:ff9b::808:808'])(
    '%s is public',
    (address) => {
      expect(isInternalAddress(address)).toBe(false);
    },
  );

  it('lets an intranet installation allow named ranges, and only those', () => {
    const allowed = parseAllowedRanges(['10.20.0.0/16', 'fd00:1::/32', '192.168.5.7']);
    expect(isInternalAddress('10.20.1.1', allowed)).toBe(false);
    expect(isInternalAddress('::ffff:10.20.1.1', allowed)).toBe(false);
    expect(isInternalAddress('10.21.0.1', allowed)).toBe(true);
    expect(isInternalAddress('fd00:1::5', allowed)).toBe(false);
    expect(isInternalAddress('192.168.5.7', allowed)).toBe(false);
    expect(isInternalAddress('192.168.5.8', allowed)).toBe(true);
    expect(() => parseAllowedRanges(['10.0.0.0/33'])).toThrow(/не адрес и не диапазон/);
  });
});

describe('the server-side auditor never reaches internal addresses', () => {
  let t: TestDatabase;
  let internal: Tiny;
  let outside: Tiny;
  beforeAll(async () => {
    t = await createTestDb();
    // The "internal service" with a secret, on 127.0.0.1.
    internal = await service('127.0.0.1', (_path, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        `<html><head><title>Сведения об образовательной организации</title></head><body><h1>${SECRET}</h1></body></html>`,
      );
    });
    // The "public site": on 127.0.0.2, which the tests allow as if it were a public address. It redirects
    // into the internal service and links a document there.
    outside = await service('127.0.0.2', (path, res) => {
      if (path.startsWith('/to-internal')) {
        res.writeHead(302, { location: `${internal.url}sveden/` });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<html><body><h1>Школа</h1></body></html>');
    });
  });
  afterAll(async () => {
    await internal?.close();
    await outside?.close();
    await t?.close();
  });

  async function auditOnServer(website: string) {
    const { campaign } = await seedCampaign(t.db, [website], `SSRF ${website}`);
    const { runId } = await startCampaignAudit(
      t.db,
      campaign.id,
      { id: null, name: 'Оператор' },
      { settings: { date: '2025-12-01', checkDocuments: true } },
    );
    registerSiteAuditJobs({ allowNetworks: ['127.0.0.2/32'], bulk: { fetcher: { politenessDelayMs: 0 } } });
    const jobs = new JobRunner({ db: t.db, dataDir: tmpdir(), pollMs: 20 });
    jobs.start();
    await jobs.whenIdle();
    await jobs.stop();
    const [result] = await new DbAuditStore(t.db).results(runId);
    return result!;
  }

  it('refuses an internal address typed into the registry, with a clear finding and no request made', async () => {
    const result = await auditOnServer(internal.url);
    expect(internal.hits).toEqual([]);
    expect(result.report?.reachable).toBe(false);
    expect(result.report?.findings).toContainEqual(
      expect.objectContaining({ code: 'internal-address', message: 'адрес во внутренней сети — проверка запрещена' }),
    );
    expect(JSON.stringify(result)).not.toContain(SECRET);
  });

  it('refuses a public site that redirects inside', async () => {
    const result = await auditOnServer(`${outside.url}to-internal`);
    expect(outside.hits).toContain('/to-internal');
    expect(internal.hits).toEqual([]);
    expect(result.report?.findings).toContainEqual(expect.objectContaining({ code: 'internal-address' }));
    expect(JSON.stringify(result)).not.toContain(SECRET);
  });

  it('refuses names that resolve inside and IPv4-mapped IPv6 literals', async () => {
    const fetcher = new Fetcher({ addressGuard: createAddressGuard(), politenessDelayMs: 0 });
    try {
      for (const url of [
        `http://localhost:${internal.port}/`,
        `http://[::ffff:127.0.0.1]:${internal.port}/`,
        `http://[::ffff:7f00:1]:${internal.port}/`,
        `http://2130706433:${internal.port}/`,
      ]) {
        const res = await fetcher.fetch(url);
        expect(res.ok, url).toBe(false);
        if (!res.ok) expect(res.kind, url).toBe('internal');
      }
      expect(internal.hits).toEqual([]);
    } finally {
      await fetcher.close();
    }
  });

  it('refuses a document link that points inside', async () => {
    const fetcher = new Fetcher({ addressGuard: createAddressGuard(['127.0.0.2/32']), politenessDelayMs: 0 });
    try {
      const check = await checkDocument(
        fetcher,
        { url: `${internal.url}ustav.pdf`, itemprop: 'ustavDocLink', section: 'document' },
        1024 * 1024,
      );
      expect(documentFindings(check)).toEqual([
        expect.objectContaining({
          code: 'doc-internal-address',
          message: expect.stringContaining('адрес во внутренней сети'),
        }),
      ]);
      expect(internal.hits).toEqual([]);
    } finally {
      await fetcher.close();
    }
  });

  it('the operator’s own `noko audit` (no guard) still reaches loopback', async () => {
    const fetcher = new Fetcher({ politenessDelayMs: 0 });
    try {
      const res = await fetcher.fetch(internal.url);
      expect(res.ok && res.status).toBe(200);
    } finally {
      await fetcher.close();
      internal.hits.length = 0;
    }
  });
});
