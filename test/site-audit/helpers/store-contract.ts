// Behaviour every AuditStore must have; run against MemoryAuditStore and DbAuditStore on both engines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBulkAudit } from '../../../src/site-audit/job.server';
import type { AuditStore, AuditTarget, BulkAuditSettings } from '../../../src/site-audit/store';
import type { AuditReport } from '../../../src/site-audit/types';
import { compliantSchool } from '../fixtures/school';
import { serve, type FixtureServer } from './server';

export interface ContractWorld {
  store: AuditStore;
  /** Four organisation ids the store accepts. */
  orgIds: string[];
  campaignId: string;
}

const settings: BulkAuditSettings = { date: '2025-12-01', insecure: false, checkDocuments: false };

function fakeReport(url: string, present: number): AuditReport {
  return {
    url,
    finalUrl: url,
    fetchedAt: '2025-12-01T10:00:00.000Z',
    auditDate: '2025-12-01',
    orgType: 'school',
    ruleset: 'mr-v9-2025',
    tls: { trusted: true, insecure: false },
    reachable: true,
    sections: [],
    summary: { present, required: 10, informationPresent: present, pagesFetched: 1 },
    findings: [],
    answers: {
      indicator11Site: { present, norm: 10, points: 0 },
      indicator12: { channels: [], detected: 0, points: 0 },
      note: '',
    },
  };
}

export function auditStoreContract(
  name: string,
  setup: () => Promise<ContractWorld & { close?: () => Promise<void> }>,
) {
  describe(`AuditStore contract: ${name}`, () => {
    let world: ContractWorld & { close?: () => Promise<void> };
    let targets: AuditTarget[];
    beforeAll(async () => {
      world = await setup();
      targets = world.orgIds.map((id, i) => ({
        organisationId: id,
        url: `http://127.0.0.1:9/${i}`,
        orgType: 'school',
      }));
    });
    afterAll(async () => {
      await world.close?.();
    });

    it('creates a pending run with all targets pending and zero tallies', async () => {
      const runId = await world.store.createRun({ campaignId: world.campaignId, targets, settings });
      const run = await world.store.getRun(runId);
      expect(run).toMatchObject({
        id: runId,
        campaignId: world.campaignId,
        status: 'pending',
        settings,
        total: 4,
        done: 0,
        failed: 0,
      });
      expect(Number.isNaN(Date.parse(run!.createdAt))).toBe(false);
      const pending = await world.store.pendingTargets(runId);
      expect(pending.map((t) => t.organisationId).sort()).toEqual([...world.orgIds].sort());
      expect(pending.find((t) => t.organisationId === world.orgIds[0])).toEqual(targets[0]);
      expect(await world.store.results(runId)).toEqual([]);
    });

    it('stores each result once, moves tallies and removes it from pending', async () => {
      const runId = await world.store.createRun({ campaignId: world.campaignId, targets, settings });
      const [a, b] = targets as [AuditTarget, AuditTarget];
      await world.store.saveResult(runId, a, {
        report: fakeReport(a.url, 7),
        error: null,
        finishedAt: '2025-12-01T10:00:01.000Z',
        diff: null,
      });
      await world.store.saveResult(runId, b, {
        report: null,
        error: 'сайт недоступен',
        finishedAt: '2025-12-01T10:00:02.000Z',
        diff: null,
      });
      // A second save of the same organisation (a resumed run racing the old one) changes nothing.
      await world.store.saveResult(runId, a, {
        report: null,
        error: 'поздний дубль',
        finishedAt: '2025-12-01T10:00:03.000Z',
        diff: null,
      });
      expect(await world.store.getRun(runId)).toMatchObject({ total: 4, done: 2, failed: 1 });
      expect((await world.store.pendingTargets(runId)).map((t) => t.organisationId).sort()).toEqual(
        world.orgIds.slice(2).sort(),
      );
      const results = await world.store.results(runId);
      expect(results).toHaveLength(2);
      const ra = results.find((r) => r.organisationId === a.organisationId);
      expect(ra).toMatchObject({ runId, url: a.url, error: null, finishedAt: '2025-12-01T10:00:01.000Z', diff: null });
      expect(ra?.report?.summary.present).toBe(7);
      expect(results.find((r) => r.organisationId === b.organisationId)).toMatchObject({
        report: null,
        error: 'сайт недоступен',
      });
    });

    it('changes the run status', async () => {
      const runId = await world.store.createRun({ campaignId: world.campaignId, targets, settings });
      await world.store.setRunStatus(runId, 'running');
      expect((await world.store.getRun(runId))?.status).toBe('running');
      await world.store.setRunStatus(runId, 'cancelled');
      expect((await world.store.getRun(runId))?.status).toBe('cancelled');
    });

    it('finds the previous successful result from another run and keeps history newest first', async () => {
      const org = world.orgIds[3] as string;
      const t = targets[3] as AuditTarget;
      const r1 = await world.store.createRun({ campaignId: world.campaignId, targets: [t], settings });
      const r2 = await world.store.createRun({ campaignId: world.campaignId, targets: [t], settings });
      const r3 = await world.store.createRun({ campaignId: world.campaignId, targets: [t], settings });
      await world.store.saveResult(r1, t, {
        report: fakeReport(t.url, 3),
        error: null,
        finishedAt: '2026-01-01T00:00:00.000Z',
        diff: null,
      });
      await world.store.saveResult(r2, t, {
        report: null,
        error: 'тайм-аут',
        finishedAt: '2026-01-02T00:00:00.000Z',
        diff: null,
      });
      expect((await world.store.previousResult(org, r3))?.runId).toBe(r1);
      expect(await world.store.previousResult(org, r1)).toBeNull();
      await world.store.saveResult(r3, t, {
        report: fakeReport(t.url, 5),
        error: null,
        finishedAt: '2026-01-03T00:00:00.000Z',
        diff: null,
      });
      expect((await world.store.previousResult(org, r1))?.runId).toBe(r3);
      const history = await world.store.history(org);
      expect(history.map((h) => h.runId).slice(0, 3)).toEqual([r3, r2, r1]);
      expect(history.every((h, i, all) => i === 0 || (all[i - 1] as typeof h).finishedAt >= h.finishedAt)).toBe(true);
    });

    it('answers unknown runs with nothing', async () => {
      const unknown = '00000000-0000-4000-8000-000000000000';
      expect(await world.store.getRun(unknown)).toBeNull();
      expect(await world.store.pendingTargets(unknown)).toEqual([]);
      expect(await world.store.results(unknown)).toEqual([]);
    });

    describe('with the bulk runner against fixture sites', () => {
      const servers: FixtureServer[] = [];
      beforeAll(async () => {
        for (let i = 0; i < 3; i++) servers.push(await serve(compliantSchool()));
      });
      afterAll(async () => {
        for (const s of servers) await s.close();
      });

      it('resumes an interrupted run, auditing only what is pending, with diffs against the previous run', async () => {
        const live = servers.map((s, i) => ({
          organisationId: world.orgIds[i] as string,
          url: s.url,
          orgType: 'school' as const,
        }));
        const first = await world.store.createRun({ campaignId: world.campaignId, targets: live, settings });
        const stop = new AbortController();
        await runBulkAudit(world.store, first, {
          concurrency: 1,
          fetcher: { politenessDelayMs: 0 },
          signal: stop.signal,
          onProgress: (p) => {
            if (p.done >= 1) stop.abort();
          },
        });
        expect(await world.store.getRun(first)).toMatchObject({ done: 1, status: 'cancelled' });
        const before = servers.map((s) => s.log.length);
        const final = await runBulkAudit(world.store, first, { concurrency: 2, fetcher: { politenessDelayMs: 0 } });
        expect(final).toMatchObject({ total: 3, done: 3, failed: 0 });
        expect(servers.filter((s, i) => s.log.length > (before[i] as number))).toHaveLength(2);
        expect((await world.store.getRun(first))?.status).toBe('done');

        const second = await world.store.createRun({ campaignId: world.campaignId, targets: live, settings });
        await runBulkAudit(world.store, second, { concurrency: 3, fetcher: { politenessDelayMs: 0 } });
        for (const r of await world.store.results(second)) {
          expect(r.diff).toMatchObject({ previousRunId: first, changes: [] });
          expect(r.diff?.presentNow).toBe(r.diff?.presentBefore);
        }
      });
    });
  });
}
