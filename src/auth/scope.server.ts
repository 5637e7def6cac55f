import { eq } from 'drizzle-orm';
import type { Tx } from '../db/index.server';
import { campaigns, organisations, territories } from '../db/schema/registry';
import type { Scope } from './policy';

import { isUuid } from '../lib/ids';
export { isUuid };

// Region → municipality today; the bound only protects against a cycle in bad data.
const MAX_DEPTH = 8;

/** The territory and all its ancestors, nearest first: what `can()` matches a user's territory against. */
export async function territoryChain(tx: Tx, territoryId: string): Promise<string[]> {
  const chain: string[] = [];
  let current: string | null = territoryId;
  while (current && chain.length < MAX_DEPTH && !chain.includes(current)) {
    const rows: { id: string; parentId: string | null }[] = await tx
      .select({ id: territories.id, parentId: territories.parentId })
      .from(territories)
      .where(eq(territories.id, current))
      .limit(1);
    const row = rows[0];
    if (!row) break;
    chain.push(row.id);
    current = row.parentId;
  }
  return chain;
}

/** Scope of something that belongs to a territory; null when the territory does not exist. */
export async function territoryScope(tx: Tx, territoryId: string): Promise<Scope | null> {
  if (!isUuid(territoryId)) return null;
  const chain = await territoryChain(tx, territoryId);
  return chain.length ? { territoryIds: chain } : null;
}

/** Scope of an organisation (its own id plus its territory chain); null when it does not exist. */
export async function organisationScope(tx: Tx, organisationId: string): Promise<Scope | null> {
  if (!isUuid(organisationId)) return null;
  const rows = await tx
    .select({ territoryId: organisations.territoryId })
    .from(organisations)
    .where(eq(organisations.id, organisationId))
    .limit(1);
  const row = rows[0];
  if (!row) return null;
  return { organisationId, territoryIds: await territoryChain(tx, row.territoryId) };
}

/**
 * Territory an account belongs to, for its audit entries: its own scope, or its organisation's territory for
 * an organisation representative; null for administrators (their accounts are global). Costs a query only
 * for organisation representatives.
 */
export async function accountTerritoryId(
  tx: Tx,
  account: { territoryId: string | null; organisationId: string | null },
): Promise<string | null> {
  if (account.territoryId) return account.territoryId;
  if (!account.organisationId) return null;
  const rows = await tx
    .select({ territoryId: organisations.territoryId })
    .from(organisations)
    .where(eq(organisations.id, account.organisationId))
    .limit(1);
  return rows[0]?.territoryId ?? null;
}

/** Territory a campaign belongs to (for the audit entries of work done inside it); null when it does not exist. */
export async function campaignTerritoryId(tx: Tx, campaignId: string): Promise<string | null> {
  if (!isUuid(campaignId)) return null;
  const rows = await tx
    .select({ territoryId: campaigns.territoryId })
    .from(campaigns)
    .where(eq(campaigns.id, campaignId))
    .limit(1);
  return rows[0]?.territoryId ?? null;
}
