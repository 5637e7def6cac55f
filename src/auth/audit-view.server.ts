import { and, count, desc, eq, gte, ilike, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../db/index.server';
import { auditLog } from '../db/schema/audit';
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
    db.select().from(auditLog).where(condition).orderBy(desc(auditLog.id)).limit(AUDIT_PAGE_SIZE).offset((page - 1) * AUDIT_PAGE_SIZE),
    db.select({ n: count() }).from(auditLog).where(condition),
    db.selectDistinct({ entity: auditLog.entity }).from(auditLog).where(scope).orderBy(sql`1`),
  ]);
  const total = totals[0]?.n ?? 0;
  return { rows, total, page, pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)), entities: entities.map((e) => e.entity), scoped: !!scope };
}
