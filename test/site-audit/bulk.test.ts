import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { progressLine, runBulkAudit, type BulkProgress } from '../../src/site-audit/job.server';
import { MemoryAuditStore, type AuditTarget } from '../../src/site-audit/store';
import { BODIES, compliantSchool } from './fixtures/school';
import { serve, type FixtureServer } from './helpers/server';

const settings = { date: '2025-12-01', insecure: false, checkDocuments: false };

describe('bulk audit of a campaign', () => {
  const servers: FixtureServer[] = [];
  let targets: AuditTarget[];
  beforeAll(async () => {
    for (let i = 0; i < 5; i++) servers.push(await serve(compliantSchool()));
    targets = servers.map((s, i) => ({ organisationId: `org-${i}`, url: s.url, orgType: 'school' }));
    targets.push({ organisationId: 'org-dead', url: 'http://127.0.0.1:1/', orgType: 'school' });
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
  });

  it('audits every target, reports progress and records failures', async () => {
    const store = new MemoryAuditStore();
    const runId = await store.createRun({ campaignId: 'c1', targets, settings });
    const seen: BulkProgress[] = [];
    const final = await runBulkAudit(store, runId, {
      concurrency: 3,
      fetcher: { politenessDelayMs: 0 },
      onProgress: (p) => seen.push(p),
    });
    expect(final).toMatchObject({ total: 6, done: 6, failed: 1 });
    expect((await store.getRun(runId))?.status).toBe('done');
    expect(seen.at(-1)?.done).toBe(6);
    expect(seen.map((p) => p.done)).toEqual([...seen.map((p) => p.done)].sort((a, b) => a - b));
    const results = await store.results(runId);
    expect(results).toHaveLength(6);
    expect(results.find((r) => r.organisationId === 'org-dead')?.error).toBeTruthy();
    expect(progressLine(final, 10)).toBe('[██████████] 6/6, недоступно 1');
  });

  it('resumes after an interruption without auditing anything twice', async () => {
    const store = new MemoryAuditStore();
    const runId = await store.createRun({ campaignId: null, targets, settings });
    const stop = new AbortController();
    await runBulkAudit(store, runId, {
      concurrency: 1,
      fetcher: { politenessDelayMs: 0 },
      signal: stop.signal,
      onProgress: (p) => {
        if (p.done >= 2) stop.abort();
      },
    });
    const partial = await store.getRun(runId);
    expect(partial?.done).toBe(2);
    expect(partial?.status).toBe('cancelled');
    const before = servers.map((s) => s.log.length);
    const final = await runBulkAudit(store, runId, { concurrency: 2, fetcher: { politenessDelayMs: 0 } });
    expect(final.done).toBe(6);
    // The two sites audited before the interruption were not fetched again.
    const refetched = servers.filter((s, i) => s.log.length > (before[i] as number)).length;
    expect(refetched).toBe(3);
    expect(new Set((await store.results(runId)).map((r) => r.organisationId)).size).toBe(6);
  });

  it('keeps history and shows what changed since the previous audit', async () => {
    const store = new MemoryAuditStore();
    const one = [targets[0] as AuditTarget];
    const first = await store.createRun({ campaignId: 'c1', targets: one, settings });
    await runBulkAudit(store, first, { fetcher: { politenessDelayMs: 0 } });
    // The school removes the markup of its founder and fixes nothing else.
    const changed = compliantSchool();
    const server = await serve({
      ...changed,
      '/sveden/common': { body: (changed['/sveden/common']?.body as string).replace('itemprop="uchredLaw"', '') },
    });
    try {
      const second = await store.createRun({
        campaignId: 'c1',
        targets: [{ ...(one[0] as AuditTarget), url: server.url }],
        settings,
      });
      await runBulkAudit(store, second, { fetcher: { politenessDelayMs: 0 } });
      const history = await store.history('org-0');
      expect(history).toHaveLength(2);
      const diff = history[0]?.diff;
      expect(diff?.previousRunId).toBe(first);
      expect(diff?.presentNow).toBeLessThan(diff?.presentBefore ?? 0);
      expect(diff?.changes).toContainEqual({
        section: 'common',
        itemprop: 'uchredLaw',
        from: 'present',
        to: 'missing',
      });
      expect(diff?.changes.every((c) => c.section === 'common')).toBe(true);
    } finally {
      await server.close();
    }
    expect(BODIES['common']).toContain('uchredLaw');
  });
});
