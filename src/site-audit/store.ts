import type { AuditReport, OrgType } from './types';

/** One organisation to audit. `organisationId` is the registry id (free text until the registry exists). */
export interface AuditTarget {
  organisationId: string;
  url: string;
  orgType: OrgType;
}

export type RunStatus = 'pending' | 'running' | 'done' | 'cancelled';

/** Options pinned in the run so that a resumed run audits the rest under the same rules. */
export interface BulkAuditSettings {
  date: string;
  insecure: boolean;
  checkDocuments: boolean;
}

export interface AuditRunInfo {
  id: string;
  campaignId: string | null;
  createdAt: string;
  status: RunStatus;
  settings: BulkAuditSettings;
  total: number;
  done: number;
  failed: number;
}

export interface ItemChange {
  section: string;
  itemprop: string;
  container?: string;
  from: string;
  to: string;
}

export interface ReportDiff {
  previousRunId: string;
  previousAt: string;
  presentBefore: number;
  presentNow: number;
  changes: ItemChange[];
}

export interface AuditResultInput {
  report: AuditReport | null;
  error: string | null;
  finishedAt: string;
  diff: ReportDiff | null;
}

export interface StoredResult extends AuditResultInput {
  runId: string;
  organisationId: string;
  url: string;
}

/**
 * Persistence the bulk runner needs. A run is resumable because "pending" is derived from what has a
 * result: whatever was in flight when the process died is simply pending again.
 */
export interface AuditStore {
  createRun(input: {
    campaignId: string | null;
    targets: readonly AuditTarget[];
    settings: BulkAuditSettings;
  }): Promise<string>;
  getRun(runId: string): Promise<AuditRunInfo | null>;
  setRunStatus(runId: string, status: RunStatus): Promise<void>;
  pendingTargets(runId: string): Promise<AuditTarget[]>;
  saveResult(runId: string, target: AuditTarget, result: AuditResultInput): Promise<void>;
  /** The newest successful result for the organisation from another run, for "what changed since". */
  previousResult(organisationId: string, excludeRunId: string): Promise<StoredResult | null>;
  /** All results of an organisation, newest first. */
  history(organisationId: string): Promise<StoredResult[]>;
  results(runId: string): Promise<StoredResult[]>;
}

/** In-memory store for tests and one-off CLI runs. */
export class MemoryAuditStore implements AuditStore {
  private runs = new Map<string, AuditRunInfo & { targets: AuditTarget[] }>();
  private stored: StoredResult[] = [];
  private seq = 0;

  async createRun(input: {
    campaignId: string | null;
    targets: readonly AuditTarget[];
    settings: BulkAuditSettings;
  }): Promise<string> {
    const id = `run-${++this.seq}`;
    this.runs.set(id, {
      id,
      campaignId: input.campaignId,
      createdAt: new Date().toISOString(),
      status: 'pending',
      settings: input.settings,
      total: input.targets.length,
      done: 0,
      failed: 0,
      targets: [...input.targets],
    });
    return id;
  }

  async getRun(runId: string): Promise<AuditRunInfo | null> {
    const run = this.runs.get(runId);
    if (!run) return null;
    const { targets: _targets, ...info } = run;
    return { ...info };
  }

  async setRunStatus(runId: string, status: RunStatus): Promise<void> {
    const run = this.runs.get(runId);
    if (run) run.status = status;
  }

  async pendingTargets(runId: string): Promise<AuditTarget[]> {
    const run = this.runs.get(runId);
    if (!run) return [];
    const done = new Set(this.stored.filter((r) => r.runId === runId).map((r) => r.organisationId));
    return run.targets.filter((t) => !done.has(t.organisationId));
  }

  async saveResult(runId: string, target: AuditTarget, result: AuditResultInput): Promise<void> {
    const run = this.runs.get(runId);
    if (!run) throw new Error(`unknown run ${runId}`);
    if (this.stored.some((r) => r.runId === runId && r.organisationId === target.organisationId)) return;
    this.stored.push({ ...result, runId, organisationId: target.organisationId, url: target.url });
    run.done++;
    if (result.error) run.failed++;
  }

  async previousResult(organisationId: string, excludeRunId: string): Promise<StoredResult | null> {
    const mine = this.stored.filter((r) => r.organisationId === organisationId && r.runId !== excludeRunId && r.report);
    return mine.sort((a, b) => b.finishedAt.localeCompare(a.finishedAt))[0] ?? null;
  }

  async history(organisationId: string): Promise<StoredResult[]> {
    return this.stored
      .filter((r) => r.organisationId === organisationId)
      .sort((a, b) => b.finishedAt.localeCompare(a.finishedAt));
  }

  async results(runId: string): Promise<StoredResult[]> {
    return this.stored.filter((r) => r.runId === runId);
  }
}
