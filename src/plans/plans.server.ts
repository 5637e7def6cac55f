// The life of a plan: the organisation edits and submits; the authority returns with comments, agrees and
// approves with an act (one act may approve many plans); an approved plan changes only by a new version.
// Every change is audited in its own transaction; a refusal changes nothing.
import { and, asc, eq, inArray, max, sql } from 'drizzle-orm';
import { assertCan, can, type Action, type SessionUser } from '../auth/policy';
import { territoryChain } from '../auth/scope.server';
import type { Db, Tx } from '../db/index.server';
import { recordAudit } from '../db/audit.server';
import { improvementPlans, planActs, planEvidence, planItems, type PlanStatus } from '../db/schema/plans';
import { organisations } from '../db/schema/registry';
import { PlansError } from './errors';
import { actInputSchema, firstIssue, rowInputSchema, type ActInput, type RowInput } from './model';

export type Plan = typeof improvementPlans.$inferSelect;
export type PlanItem = typeof planItems.$inferSelect;
export type PlanAct = typeof planActs.$inferSelect;
export type Evidence = typeof planEvidence.$inferSelect;

export type PlanScope = { territoryIds: string[]; organisationId: string };

import { isUuid } from '../lib/ids';
import { ruDate } from '../lib/ru';
export { isUuid };

export async function getPlan(db: Tx, planId: string): Promise<Plan | null> {
  if (!isUuid(planId)) return null;
  const [p] = await db.select().from(improvementPlans).where(eq(improvementPlans.id, planId));
  return p ?? null;
}

export async function planScope(db: Tx, plan: Pick<Plan, 'territoryId' | 'organisationId'>): Promise<PlanScope> {
  return { territoryIds: await territoryChain(db, plan.territoryId), organisationId: plan.organisationId };
}

/** The plan (locked FOR UPDATE inside a transaction), its scope, and the permission check. */
async function lockPlan(
  tx: Tx,
  planId: string,
  user: SessionUser,
  action: Action,
): Promise<{ plan: Plan; scope: PlanScope }> {
  if (!isUuid(planId)) throw new PlansError('План не найден.', 404);
  await tx.execute(sql`select id from ${improvementPlans} where id = ${planId} for update`);
  const plan = await getPlan(tx, planId);
  if (!plan) throw new PlansError('План не найден.', 404);
  const scope = await planScope(tx, plan);
  assertCan(user, action, scope);
  return { plan, scope };
}

export async function planItemsOf(db: Tx, planId: string): Promise<PlanItem[]> {
  return db
    .select()
    .from(planItems)
    .where(eq(planItems.planId, planId))
    .orderBy(asc(planItems.section), asc(planItems.position));
}

export async function evidenceOf(db: Tx, itemIds: string[]): Promise<Evidence[]> {
  if (!itemIds.length) return [];
  return db.select().from(planEvidence).where(inArray(planEvidence.itemId, itemIds)).orderBy(asc(planEvidence.id));
}

export async function getAct(db: Tx, actId: string | null): Promise<PlanAct | null> {
  if (!actId) return null;
  const [a] = await db.select().from(planActs).where(eq(planActs.id, actId));
  return a ?? null;
}

const EDITABLE: ReadonlySet<PlanStatus> = new Set(['draft', 'returned']);

function assertEditable(plan: Plan) {
  if (plan.status === 'approved' || plan.status === 'published')
    throw new PlansError(
      'План утверждён и не редактируется. Чтобы изменить его, создайте новую редакцию: прежняя останется доступной.',
      409,
    );
  if (plan.status === 'superseded') throw new PlansError('Эта редакция плана заменена новой и не редактируется.', 409);
  if (!EDITABLE.has(plan.status))
    throw new PlansError('План на согласовании: изменить его можно после возвращения на доработку.', 409);
}

type PlanChange = Partial<typeof improvementPlans.$inferInsert>;

async function bump(tx: Tx, plan: Plan, set: PlanChange = {}): Promise<Plan> {
  const [row] = await tx
    .update(improvementPlans)
    .set({ ...set, revision: plan.revision + 1, updatedAt: new Date() })
    .where(eq(improvementPlans.id, plan.id))
    .returning();
  return row!;
}

function parseRow(raw: Record<string, unknown>): RowInput {
  const parsed = rowInputSchema.safeParse({
    section: raw.section,
    shortfall: String(raw.shortfall ?? ''),
    measure: String(raw.measure ?? ''),
    plannedKind: raw.plannedKind ?? 'date',
    plannedDate: String(raw.plannedDate ?? ''),
    periodicNote: String(raw.periodicNote ?? ''),
    responsibleName: String(raw.responsibleName ?? ''),
    responsiblePost: String(raw.responsiblePost ?? ''),
    needsFunding: raw.needsFunding === true || raw.needsFunding === 'on' || raw.needsFunding === '1',
  });
  if (!parsed.success) throw new PlansError(firstIssue(parsed.error));
  return parsed.data;
}

const rowSummary = (
  r: Pick<
    PlanItem,
    | 'section'
    | 'measure'
    | 'plannedKind'
    | 'plannedDate'
    | 'responsibleName'
    | 'responsiblePost'
    | 'needsFunding'
    | 'status'
  >,
) => ({
  section: r.section,
  measure: r.measure,
  plannedKind: r.plannedKind,
  plannedDate: r.plannedDate,
  responsible: `${r.responsibleName}, ${r.responsiblePost}`,
  needsFunding: r.needsFunding,
  status: r.status,
});

async function itemOf(tx: Tx, planId: string, itemId: string): Promise<PlanItem> {
  if (!isUuid(itemId)) throw new PlansError('Строка плана не найдена.', 404);
  const [item] = await tx
    .select()
    .from(planItems)
    .where(and(eq(planItems.id, itemId), eq(planItems.planId, planId)));
  if (!item) throw new PlansError('Строка плана не найдена.', 404);
  return item;
}

/** The organisation edits a row of its draft (all columns 1–4). */
export async function updateRow(
  db: Db,
  planId: string,
  itemId: string,
  raw: Record<string, unknown>,
  user: SessionUser,
): Promise<PlanItem> {
  const input = parseRow(raw);
  return db.transaction(async (tx) => {
    const { plan, scope } = await lockPlan(tx, planId, user, 'plans.edit');
    assertEditable(plan);
    const before = await itemOf(tx, planId, itemId);
    const [after] = await tx
      .update(planItems)
      .set({
        ...input,
        plannedDate: input.plannedKind === 'permanent' ? null : input.plannedDate,
        updatedAt: new Date(),
      })
      .where(eq(planItems.id, itemId))
      .returning();
    await bump(tx, plan, { generated: false });
    await recordAudit(tx, {
      actor: user,
      action: 'plans.row.update',
      entity: 'plan_item',
      entityId: itemId,
      before: rowSummary(before),
      after: rowSummary(after!),
      territoryId: scope.territoryIds[0],
    });
    return after!;
  });
}

/** The organisation adds a row of its own. */
export async function addRow(
  db: Db,
  planId: string,
  raw: Record<string, unknown>,
  user: SessionUser,
): Promise<PlanItem> {
  const input = parseRow(raw);
  return db.transaction(async (tx) => {
    const { plan, scope } = await lockPlan(tx, planId, user, 'plans.edit');
    assertEditable(plan);
    const [{ last } = { last: 0 }] = await tx
      .select({ last: max(planItems.position) })
      .from(planItems)
      .where(and(eq(planItems.planId, planId), eq(planItems.section, input.section)));
    const [row] = await tx
      .insert(planItems)
      .values({
        planId,
        ...input,
        plannedDate: input.plannedKind === 'permanent' ? null : input.plannedDate,
        source: 'own',
        position: (last ?? 0) + 1,
      })
      .returning();
    await bump(tx, plan, { generated: false });
    await recordAudit(tx, {
      actor: user,
      action: 'plans.row.add',
      entity: 'plan_item',
      entityId: row!.id,
      after: rowSummary(row!),
      territoryId: scope.territoryIds[0],
    });
    return row!;
  });
}

/** The organisation removes a row it added itself; rows from shortfalls and proposals stay (cancel needs the authority). */
export async function removeRow(db: Db, planId: string, itemId: string, user: SessionUser): Promise<void> {
  await db.transaction(async (tx) => {
    const { plan, scope } = await lockPlan(tx, planId, user, 'plans.edit');
    assertEditable(plan);
    const item = await itemOf(tx, planId, itemId);
    if (item.source !== 'own')
      throw new PlansError(
        'Строку, составленную по недостатку или предложению совета, удалить нельзя: опишите мероприятие или попросите орган управления отменить её с указанием причины.',
        409,
      );
    await tx.delete(planItems).where(eq(planItems.id, itemId));
    await bump(tx, plan);
    await recordAudit(tx, {
      actor: user,
      action: 'plans.row.remove',
      entity: 'plan_item',
      entityId: itemId,
      before: rowSummary(item),
      territoryId: scope.territoryIds[0],
    });
  });
}

/** What stops a plan from being submitted: every row needs a measure, a responsible person and a due. */
export function submissionProblems(items: readonly PlanItem[]): string[] {
  const problems: string[] = [];
  items.forEach((i) => {
    const n = `Раздел ${i.section}, строка ${i.position}`;
    if (!i.measure.trim()) problems.push(`${n}: не указано мероприятие.`);
    if (!i.responsibleName.trim() || !i.responsiblePost.trim())
      problems.push(`${n}: не указан ответственный исполнитель (ФИО и должность).`);
    if (i.plannedKind !== 'permanent' && !i.plannedDate) problems.push(`${n}: не указан плановый срок.`);
  });
  if (items.length === 0) problems.push('В плане нет ни одной строки.');
  return problems;
}

/**
 * One status change of a plan: locked, checked, revision bumped and audited in one transaction. `check`
 * throws the Russian refusal; `audited` adds fields of the new row to the audit entry beside the status.
 */
async function transition(
  db: Db,
  planId: string,
  user: SessionUser,
  step: {
    permission: 'plans.edit' | 'plans.approve';
    audit: string;
    check: (plan: Plan, tx: Tx) => void | Promise<void>;
    change: (plan: Plan) => PlanChange;
    reason?: string;
    audited?: (after: Plan) => Record<string, unknown>;
  },
): Promise<Plan> {
  return db.transaction(async (tx) => {
    const { plan, scope } = await lockPlan(tx, planId, user, step.permission);
    await step.check(plan, tx);
    const after = await bump(tx, plan, step.change(plan));
    await recordAudit(tx, {
      actor: user,
      action: step.audit,
      entity: 'improvement_plan',
      entityId: planId,
      before: { status: plan.status },
      after: { status: after.status, ...step.audited?.(after) },
      ...(step.reason ? { reason: step.reason } : {}),
      territoryId: scope.territoryIds[0],
    });
    return after;
  });
}

export async function submitPlan(db: Db, planId: string, user: SessionUser): Promise<Plan> {
  return transition(db, planId, user, {
    permission: 'plans.edit',
    audit: 'plans.submit',
    check: async (plan, tx) => {
      assertEditable(plan);
      const problems = submissionProblems(await planItemsOf(tx, planId));
      if (problems.length)
        throw new PlansError(
          `План не отправлен: ${problems.slice(0, 3).join(' ')}${problems.length > 3 ? ` И ещё ${problems.length - 3}.` : ''}`,
        );
    },
    change: () => ({ status: 'submitted', submittedAt: new Date() }),
  });
}

export async function returnPlan(db: Db, planId: string, comment: string, user: SessionUser): Promise<Plan> {
  const text = comment.trim();
  if (!text) throw new PlansError('Напишите, что нужно доработать: без замечаний план не возвращается.');
  if (text.length > 4000 || text.includes('\u0000'))
    throw new PlansError('Замечания — не длиннее 4000 символов, без служебных символов.');
  return transition(db, planId, user, {
    permission: 'plans.approve',
    audit: 'plans.return',
    check: (plan) => {
      if (plan.status !== 'submitted' && plan.status !== 'agreed')
        throw new PlansError('Вернуть на доработку можно только план на согласовании или согласованный.', 409);
    },
    change: () => ({ status: 'returned', returnComment: text }),
    reason: text,
  });
}

export async function agreePlan(db: Db, planId: string, user: SessionUser): Promise<Plan> {
  return transition(db, planId, user, {
    permission: 'plans.approve',
    audit: 'plans.agree',
    check: (plan) => {
      if (plan.status !== 'submitted')
        throw new PlansError('Согласовать можно только план, отправленный организацией.', 409);
    },
    change: () => ({ status: 'agreed', agreedAt: new Date(), agreedBy: user.name }),
  });
}

/**
 * Approves agreed plans with one act (one decree may approve every plan of a municipality). All or
 * nothing: a plan not agreed, outside the user's territory, or with a planned date before the act refuses
 * the whole act.
 */
export async function approvePlans(
  db: Db,
  planIds: readonly string[],
  raw: Record<string, unknown>,
  user: SessionUser,
): Promise<{ act: PlanAct; plans: number }> {
  const parsed = actInputSchema.safeParse({
    kind: String(raw.kind ?? ''),
    number: String(raw.number ?? ''),
    date: String(raw.date ?? ''),
    approverPost: String(raw.approverPost ?? ''),
    approverName: String(raw.approverName ?? ''),
  });
  if (!parsed.success) throw new PlansError(firstIssue(parsed.error));
  const act: ActInput = parsed.data;
  const ids = [...new Set(planIds)];
  if (!ids.length) throw new PlansError('Отметьте планы, которые утверждает акт.');
  if (!ids.every(isUuid)) throw new PlansError('План не найден.', 404);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select id from ${improvementPlans} where id in ${ids} order by id for update`);
    const plans = await tx.select().from(improvementPlans).where(inArray(improvementPlans.id, ids));
    if (plans.length !== ids.length) throw new PlansError('План не найден.', 404);
    const scopes = await Promise.all(plans.map((p) => planScope(tx, p)));
    scopes.forEach((s) => assertCan(user, 'plans.approve', s));
    const territory = plans[0]!.territoryId;
    const orgNames = new Map(
      (
        await tx
          .select({ id: organisations.id, name: organisations.shortName })
          .from(organisations)
          .where(
            inArray(
              organisations.id,
              plans.map((p) => p.organisationId),
            ),
          )
      ).map((o) => [o.id, o.name]),
    );
    for (const p of plans) {
      if (p.status !== 'agreed')
        throw new PlansError(
          `План «${orgNames.get(p.organisationId) ?? ''}» ещё не согласован: утвердить можно только согласованные планы.`,
          409,
        );
    }
    const early = await tx
      .select({
        planId: planItems.planId,
        section: planItems.section,
        position: planItems.position,
        plannedDate: planItems.plannedDate,
      })
      .from(planItems)
      .where(
        and(
          inArray(planItems.planId, ids),
          sql`${planItems.plannedDate} < ${act.date}`,
          sql`${planItems.plannedKind} <> 'permanent'`,
        ),
      )
      .limit(1);
    if (early[0]) {
      const p = plans.find((x) => x.id === early[0]!.planId)!;
      const d = early[0].plannedDate!;
      throw new PlansError(
        `В плане «${orgNames.get(p.organisationId) ?? ''}» (раздел ${early[0].section}, строка ${early[0].position}) плановый срок ${ruDate(d)} раньше даты утверждения: верните план на доработку.`,
      );
    }
    const [row] = await tx
      .insert(planActs)
      .values({ territoryId: territory, ...act, createdBy: user.name })
      .returning();
    const now = new Date();
    await tx
      .update(improvementPlans)
      .set({
        status: 'approved',
        actId: row!.id,
        approvedAt: now,
        updatedAt: now,
        revision: sql`${improvementPlans.revision} + 1`,
      })
      .where(inArray(improvementPlans.id, ids));
    for (const [k, p] of plans.entries()) {
      await recordAudit(tx, {
        actor: user,
        action: 'plans.approve',
        entity: 'improvement_plan',
        entityId: p.id,
        before: { status: p.status },
        after: { status: 'approved', act: `${act.kind} № ${act.number} от ${act.date}` },
        territoryId: scopes[k]!.territoryIds[0],
      });
    }
    return { act: row!, plans: plans.length };
  });
}

/** The authority records where and when the approved plan was published (entered by hand). */
export async function publishPlan(
  db: Db,
  planId: string,
  raw: { siteUrl?: string; busGovOn?: string },
  user: SessionUser,
): Promise<Plan> {
  const siteUrl = (raw.siteUrl ?? '').trim();
  if (siteUrl && !/^https?:\/\/[^\s]+$/i.test(siteUrl))
    throw new PlansError('Адрес публикации должен начинаться с http:// или https://.');
  if (siteUrl.length > 2000) throw new PlansError('Адрес публикации слишком длинный.');
  const busGovOn = (raw.busGovOn ?? '').trim();
  if (busGovOn && (!/^\d{4}-\d{2}-\d{2}$/.test(busGovOn) || Number.isNaN(Date.parse(busGovOn))))
    throw new PlansError('Дата размещения на bus.gov.ru должна быть датой.');
  return transition(db, planId, user, {
    permission: 'plans.approve',
    audit: 'plans.publish',
    check: (plan) => {
      if (plan.status !== 'approved' && plan.status !== 'published')
        throw new PlansError('Опубликовать можно только утверждённый план.', 409);
    },
    change: (plan) => ({
      status: 'published',
      publishedAt: plan.publishedAt ?? new Date(),
      siteUrl: siteUrl || null,
      busGovOn: busGovOn || null,
    }),
    audited: (after) => ({ siteUrl: after.siteUrl, busGovOn: after.busGovOn }),
  });
}

/**
 * A change to an approved plan: a new version (draft, to be agreed and approved again) with all rows,
 * their execution and evidence; the old version becomes «superseded» and stays readable.
 */
export async function newVersion(db: Db, planId: string, reason: string, user: SessionUser): Promise<Plan> {
  const why = reason.trim();
  if (!why) throw new PlansError('Укажите причину изменения утверждённого плана.');
  if (why.length > 2000 || why.includes('\u0000'))
    throw new PlansError('Причина — не длиннее 2000 символов, без служебных символов.');
  return db.transaction(async (tx) => {
    const { plan, scope } = await lockPlan(tx, planId, user, 'plans.edit');
    if (plan.status !== 'approved' && plan.status !== 'published')
      throw new PlansError('Новая редакция создаётся только для утверждённого плана; черновик правится сам.', 409);
    await bump(tx, plan, { status: 'superseded' });
    const { id: _id, createdAt: _c, updatedAt: _u, ...rest } = plan;
    const [next] = await tx
      .insert(improvementPlans)
      .values({
        ...rest,
        version: plan.version + 1,
        previousId: plan.id,
        status: 'draft',
        generated: false,
        returnComment: null,
        submittedAt: null,
        agreedAt: null,
        agreedBy: null,
        actId: null,
        approvedAt: null,
        publishedAt: null,
        revision: 1,
      })
      .returning();
    const items = await planItemsOf(tx, planId);
    const evidence = await evidenceOf(
      tx,
      items.map((i) => i.id),
    );
    for (const i of items) {
      const { id: oldId, planId: _p, updatedAt: _x, ...copy } = i;
      const [n] = await tx
        .insert(planItems)
        .values({ ...copy, planId: next!.id })
        .returning({ id: planItems.id });
      const ev = evidence
        .filter((e) => e.itemId === oldId)
        .map(({ id: _e, itemId: _i, ...e }) => ({ ...e, itemId: n!.id }));
      if (ev.length) await tx.insert(planEvidence).values(ev);
    }
    await recordAudit(tx, {
      actor: user,
      action: 'plans.newVersion',
      entity: 'improvement_plan',
      entityId: next!.id,
      before: { version: plan.version, id: plan.id },
      after: { version: next!.version },
      reason: why,
      territoryId: scope.territoryIds[0],
    });
    return next!;
  });
}

/** Plans of one organisation, newest first (all versions). */
export async function plansOfOrganisation(db: Tx, organisationId: string): Promise<Plan[]> {
  return db
    .select()
    .from(improvementPlans)
    .where(eq(improvementPlans.organisationId, organisationId))
    .orderBy(sql`${improvementPlans.createdAt} desc`, sql`${improvementPlans.version} desc`);
}

export function canDo(user: SessionUser | null, action: Action, scope: PlanScope): boolean {
  return can(user, action, scope);
}

/** One responsible person for every row that has none yet (a generated draft names posts, not people). */
export async function fillResponsible(db: Db, planId: string, name: string, user: SessionUser): Promise<number> {
  const who = name.trim();
  if (!who) throw new PlansError('Укажите фамилию, имя и отчество ответственного исполнителя.');
  if (who.length > 200 || who.includes('\u0000'))
    throw new PlansError('ФИО — не длиннее 200 символов, без служебных символов.');
  return db.transaction(async (tx) => {
    const { plan, scope } = await lockPlan(tx, planId, user, 'plans.edit');
    assertEditable(plan);
    const rows = await tx
      .update(planItems)
      .set({ responsibleName: who, updatedAt: new Date() })
      .where(and(eq(planItems.planId, planId), eq(planItems.responsibleName, '')))
      .returning({ id: planItems.id });
    if (rows.length) {
      await bump(tx, plan, { generated: false });
      await recordAudit(tx, {
        actor: user,
        action: 'plans.row.fillResponsible',
        entity: 'improvement_plan',
        entityId: planId,
        after: { responsibleName: who, rows: rows.length },
        territoryId: scope.territoryIds[0],
      });
    }
    return rows.length;
  });
}
