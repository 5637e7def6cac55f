// Read side of published results: which campaigns are published, the version a public URL names, parsed
// snapshots kept in memory (they never change once published), and an organisation's history.
import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Tx } from '../db/index.server';
import { campaigns, organisations, territories } from '../db/schema/registry';
import { resultScores, resultVersions } from '../db/schema/results';
import { parseSnapshot, type Snapshot } from './snapshot';
import type { ResultVersionInfo } from './versions.server';

const infoColumns = {
  id: resultVersions.id,
  campaignId: resultVersions.campaignId,
  version: resultVersions.version,
  status: resultVersions.status,
  correctsId: resultVersions.correctsId,
  reason: resultVersions.reason,
  contentHash: resultVersions.contentHash,
  organisations: resultVersions.organisations,
  computedAt: resultVersions.computedAt,
  computedBy: resultVersions.computedBy,
  decisionNumber: resultVersions.decisionNumber,
  decisionDate: resultVersions.decisionDate,
  approvedAt: resultVersions.approvedAt,
  approvedBy: resultVersions.approvedBy,
  publishedAt: resultVersions.publishedAt,
  publishedBy: resultVersions.publishedBy,
  supersededBy: resultVersions.supersededBy,
};

export type PublishedCampaign = {
  campaignId: string;
  title: string;
  year: number;
  territoryName: string;
  version: number;
  organisations: number;
  publishedAt: Date | null;
};

/** Campaigns with a current published version, newest year first. */
export async function publishedCampaigns(db: Tx): Promise<PublishedCampaign[]> {
  return db
    .select({
      campaignId: campaigns.id,
      title: campaigns.title,
      year: campaigns.year,
      territoryName: territories.name,
      version: resultVersions.version,
      organisations: resultVersions.organisations,
      publishedAt: resultVersions.publishedAt,
    })
    .from(resultVersions)
    .innerJoin(campaigns, eq(campaigns.id, resultVersions.campaignId))
    .innerJoin(territories, eq(territories.id, campaigns.territoryId))
    .where(and(eq(resultVersions.status, 'published'), isNull(resultVersions.supersededBy)))
    .orderBy(desc(campaigns.year), asc(campaigns.title));
}

/** Published versions of a campaign, newest first (the current one and the corrected ones). */
export async function publishedVersions(db: Tx, campaignId: string): Promise<ResultVersionInfo[]> {
  return db
    .select(infoColumns)
    .from(resultVersions)
    .where(and(eq(resultVersions.campaignId, campaignId), eq(resultVersions.status, 'published')))
    .orderBy(desc(resultVersions.version));
}

/** Parsed snapshots by version id. Bounded: a snapshot of 3,000 organisations is a few megabytes. */
/**
 * Snapshots stored before they kept the ИНН get it from the registry (matched by the organisation's id),
 * so every export of every version carries it.
 */
export async function withRegistryInn(db: Tx, s: Snapshot): Promise<Snapshot> {
  const missing = s.organisations.filter((o) => !o.inn).map((o) => o.id);
  if (missing.length === 0) return s;
  const found = new Map<string, string>();
  for (let i = 0; i < missing.length; i += 1000) {
    const rows = await db
      .select({ id: organisations.id, inn: organisations.inn })
      .from(organisations)
      .where(inArray(organisations.id, missing.slice(i, i + 1000)));
    for (const r of rows) found.set(r.id, r.inn);
  }
  for (const o of s.organisations) if (!o.inn) o.inn = found.get(o.id) ?? null;
  return s;
}

export class SnapshotCache {
  readonly #max: number;
  readonly #map = new Map<string, Promise<Snapshot | null>>();
  constructor(max = 8) {
    this.#max = max;
  }
  get(db: Tx, versionId: string): Promise<Snapshot | null> {
    const hit = this.#map.get(versionId);
    if (hit) {
      this.#map.delete(versionId);
      this.#map.set(versionId, hit);
      return hit;
    }
    const p = db
      .select({ snapshot: resultVersions.snapshot })
      .from(resultVersions)
      .where(and(eq(resultVersions.id, versionId), eq(resultVersions.status, 'published')))
      .then(([row]) => (row ? withRegistryInn(db, parseSnapshot(row.snapshot)) : null));
    p.catch(() => this.#map.delete(versionId));
    this.#map.set(versionId, p);
    while (this.#map.size > this.#max) this.#map.delete(this.#map.keys().next().value as string);
    return p;
  }
}

export type HistoryEntry = {
  campaignId: string;
  title: string;
  year: number;
  version: number;
  total: number | null;
  rank: number | null;
  band: string | null;
  criteria: Record<string, number | null>;
  belowMinimum: boolean;
};

/** An organisation's results in every campaign with a current published version, oldest first. */
export async function organisationHistory(db: Tx, organisationId: string): Promise<HistoryEntry[]> {
  const rows = await db
    .select({
      campaignId: campaigns.id,
      title: campaigns.title,
      year: campaigns.year,
      version: resultVersions.version,
      total: resultScores.total,
      rank: resultScores.rank,
      band: resultScores.band,
      criteria: resultScores.criteria,
      belowMinimum: resultScores.belowMinimum,
    })
    .from(resultScores)
    .innerJoin(resultVersions, eq(resultVersions.id, resultScores.versionId))
    .innerJoin(campaigns, eq(campaigns.id, resultVersions.campaignId))
    .where(
      and(
        eq(resultScores.organisationId, organisationId),
        eq(resultVersions.status, 'published'),
        isNull(resultVersions.supersededBy),
      ),
    )
    .orderBy(asc(campaigns.year));
  return rows.map((r) => ({ ...r, criteria: r.criteria as Record<string, number | null> }));
}

// In-process publication counter: a publication in this process is visible at once; other instances
// (several app processes on one PostgreSQL) see it after at most VERSIONS_TTL_MS. It lives on globalThis
// because this module exists twice in one process: the React Router build (where staff publish) bundles its
// own copy, while the hot public pages use the one server.ts loaded.
const counter = ((globalThis as { [k: symbol]: { n: number } })[Symbol.for('noko.results.publications')] ??= { n: 0 });
export function notePublication(): void {
  counter.n++;
}
export const VERSIONS_TTL_MS = 2000;

/** Published versions per campaign, remembered briefly so the hot page costs no query per request. */
export class PublishedVersionsMemo {
  readonly #map = new Map<string, { at: number; gen: number; value: Promise<ResultVersionInfo[]> }>();
  get(db: Tx, campaignId: string, now = Date.now()): Promise<ResultVersionInfo[]> {
    const hit = this.#map.get(campaignId);
    if (hit && hit.gen === counter.n && now - hit.at < VERSIONS_TTL_MS) return hit.value;
    const value = publishedVersions(db, campaignId);
    value.catch(() => this.#map.delete(campaignId));
    if (this.#map.size > 1000) this.#map.clear();
    this.#map.set(campaignId, { at: now, gen: counter.n, value });
    return value;
  }
}

/** organisationHistory remembered briefly (same rule as PublishedVersionsMemo): the card costs no query. */
export class HistoryMemo {
  readonly #map = new Map<string, { at: number; gen: number; value: Promise<HistoryEntry[]> }>();
  get(db: Tx, organisationId: string, now = Date.now()): Promise<HistoryEntry[]> {
    const hit = this.#map.get(organisationId);
    if (hit && hit.gen === counter.n && now - hit.at < VERSIONS_TTL_MS) return hit.value;
    const value = organisationHistory(db, organisationId);
    value.catch(() => this.#map.delete(organisationId));
    if (this.#map.size > 5000) this.#map.clear();
    this.#map.set(organisationId, { at: now, gen: counter.n, value });
    return value;
  }
}
