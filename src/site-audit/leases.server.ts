// Leases on audit runs, so several app instances sharing one database never execute the same run twice
// and a run whose holder died is taken over (decision 0007).
import { and, asc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Tx } from '../db/index.server';
import { siteAuditRuns } from '../db/schema/site-audit';
import type { RunStatus } from './store';

/** Runs the background runner may take: queued, or running without a live lease (their holder is gone). */
export async function runsToExecute(db: Tx): Promise<{ id: string; status: RunStatus }[]> {
  return db
    .select({ id: siteAuditRuns.id, status: siteAuditRuns.status })
    .from(siteAuditRuns)
    .where(
      and(
        inArray(siteAuditRuns.status, ['pending', 'running']),
        eq(siteAuditRuns.runner, 'server'),
        or(isNull(siteAuditRuns.leaseUntil), lt(siteAuditRuns.leaseUntil, sql`now()`)),
      ),
    )
    .orderBy(asc(siteAuditRuns.createdAt));
}

/**
 * Takes a run for execution under a lease of `leaseMs`; false when another runner holds a live lease on it
 * (several app instances share one database) or it is no longer queued. One statement, so two runners
 * racing for the same run cannot both win.
 */
export async function claimRun(db: Tx, runId: string, owner: string, leaseMs: number): Promise<boolean> {
  const rows = await db
    .update(siteAuditRuns)
    .set({
      status: 'running',
      startedAt: sql`coalesce(${siteAuditRuns.startedAt}, now())`,
      leaseOwner: owner,
      leaseUntil: sql`now() + ${leaseMs} * interval '1 millisecond'`,
    })
    .where(
      and(
        eq(siteAuditRuns.id, runId),
        inArray(siteAuditRuns.status, ['pending', 'running']),
        or(
          isNull(siteAuditRuns.leaseUntil),
          lt(siteAuditRuns.leaseUntil, sql`now()`),
          eq(siteAuditRuns.leaseOwner, owner),
        ),
      ),
    )
    .returning({ id: siteAuditRuns.id });
  return rows.length > 0;
}

/** Extends the lease; false when it is no longer this owner's (it expired and another runner took the run). */
export async function renewLease(db: Tx, runId: string, owner: string, leaseMs: number): Promise<boolean> {
  const rows = await db
    .update(siteAuditRuns)
    .set({ leaseUntil: sql`now() + ${leaseMs} * interval '1 millisecond'` })
    .where(and(eq(siteAuditRuns.id, runId), eq(siteAuditRuns.leaseOwner, owner)))
    .returning({ id: siteAuditRuns.id });
  return rows.length > 0;
}

/** Gives the run back (shutdown, or finished): the next runner may take it at once. */
export async function releaseLease(db: Tx, runId: string, owner: string): Promise<void> {
  await db
    .update(siteAuditRuns)
    .set({ leaseOwner: null, leaseUntil: null })
    .where(and(eq(siteAuditRuns.id, runId), eq(siteAuditRuns.leaseOwner, owner)));
}
