import { and, count, desc, eq, gte, ilike, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../db/index.server';
import { auditLog } from '../db/schema/audit';
import { organisations, territories } from '../db/schema/registry';
import { isUuid } from '../lib/ids';
import { visibleTerritoryIds } from '../registry/organisations.server';
import { AUDIT_PAGE_SIZE, type AuditFilter } from './audit-filter';
import { assertCan, type SessionUser } from './policy';

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (m) => `\\${m}`);
}

/**
 * Which entries the viewer may read, as a condition; undefined means all of them. Administrators see the
 * whole log; anyone else (a council) sees the entries filed under their territory or a territory inside it
 * (a regional council sees its municipalities), the same territories they see everywhere else. Entries
 * without a territory (setup, administrators' accounts) are global and only administrators see them:
 * `territory_id in (...)` never matches null.
 */
export async function auditScopeCondition(db: Tx, viewer: SessionUser): Promise<SQL | undefined> {
  assertCan(viewer, 'audit.view');
  const territoryIds = await visibleTerritoryIds(db, viewer);
  return territoryIds ? inArray(auditLog.territoryId, territoryIds) : undefined;
}

/**
 * One page of the audit log as `viewer` may see it (see auditScopeCondition), newest first. Dates are
 * calendar days in Moscow time, inclusive, because that is how people in the authority read "from 01.03
 * to 31.03". The entity list offered as a filter is scoped the same way, so it reveals nothing either.
 */
export async function readAuditLog(db: Db, filter: AuditFilter, viewer: SessionUser) {
  const scope = await auditScopeCondition(db, viewer);
  const where: SQL[] = scope ? [scope] : [];
  if (filter.entity) where.push(eq(auditLog.entity, filter.entity));
  if (filter.actor) {
    const pattern = `%${escapeLike(filter.actor)}%`;
    const byName = ilike(auditLog.actorName, pattern);
    where.push(or(byName, eq(auditLog.actorId, filter.actor)) ?? byName);
  }
  if (filter.from) where.push(gte(auditLog.at, new Date(`${filter.from}T00:00:00+03:00`)));
  if (filter.to) where.push(lt(auditLog.at, new Date(new Date(`${filter.to}T00:00:00+03:00`).getTime() + 86_400_000)));
  const condition = where.length ? and(...where) : undefined;
  const page = filter.page ?? 1;
  const [rows, totals, entities] = await Promise.all([
    db
      .select()
      .from(auditLog)
      .where(condition)
      .orderBy(desc(auditLog.id))
      .limit(AUDIT_PAGE_SIZE)
      .offset((page - 1) * AUDIT_PAGE_SIZE),
    db.select({ n: count() }).from(auditLog).where(condition),
    db
      .selectDistinct({ entity: auditLog.entity })
      .from(auditLog)
      .where(scope)
      .orderBy(sql`1`),
  ]);
  const total = totals[0]?.n ?? 0;
  const names = await auditNames(db, rows);
  return {
    rows,
    names,
    total,
    page,
    pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)),
    entities: entities.map((e) => e.entity),
    scoped: !!scope,
  };
}

/** How many ids one page may look up; a page has 50 entries, each naming a handful. */
const MAX_NAMED_IDS = 1000;

/**
 * The names of the territories and organisations a page of entries refers to: the entity itself and any
 * `…Id` / `…Ids` field recorded before or after. Only the viewer's own page is looked up, so a council reads
 * names it could read anyway; an id whose row is gone stays an id.
 */
export async function auditNames(
  db: Tx,
  rows: readonly { entity: string; entityId: string | null; before: unknown; after: unknown }[],
): Promise<Map<string, string>> {
  const ids = new Set<string>();
  const visit = (v: unknown, key: string, depth: number) => {
    if (ids.size >= MAX_NAMED_IDS || depth > 3) return;
    if (typeof v === 'string') {
      if (/Ids?$/.test(key) && isUuid(v)) ids.add(v.toLowerCase());
    } else if (Array.isArray(v)) {
      for (const x of v) visit(x, key, depth + 1);
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) visit(x, k, depth + 1);
    }
  };
  for (const r of rows) {
    if ((r.entity === 'territory' || r.entity === 'organisation') && isUuid(r.entityId))
      ids.add(r.entityId.toLowerCase());
    visit(r.before, '', 0);
    visit(r.after, '', 0);
  }
  const names = new Map<string, string>();
  if (ids.size === 0) return names;
  const list = [...ids];
  const [ts, os] = await Promise.all([
    db.select({ id: territories.id, name: territories.name }).from(territories).where(inArray(territories.id, list)),
    db
      .select({ id: organisations.id, name: organisations.shortName, fullName: organisations.fullName })
      .from(organisations)
      .where(inArray(organisations.id, list)),
  ]);
  for (const t of ts) names.set(t.id, t.name);
  for (const o of os) names.set(o.id, o.name || o.fullName);
  return names;
}
