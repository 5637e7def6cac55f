import type { Tx } from './index.server';
import { auditLog } from './schema/audit';

export type Actor = { id: string | null; name: string | null };

export type AuditEntry = {
  actor: Actor | null;
  action: string;
  entity: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
  /** Territory the changed thing belongs to, so a territory's council sees it; omit for global things. */
  territoryId?: string | null;
};

/** Writes one audit row; call it inside the same transaction as the change it describes. */
export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    actorId: entry.actor?.id ?? null,
    actorName: entry.actor?.name ?? null,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
    reason: entry.reason ?? null,
    territoryId: entry.territoryId ?? null,
  });
}
