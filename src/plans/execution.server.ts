// Carrying out an approved plan: rows move planned → in progress → claimed done (columns 5.1/5.2 and
// evidence) → verified, or back to «in progress» when the evidence is rejected; side exits cancelled
// (agreed by the authority) and carried over. Progress reports freeze the rows as they stood.
import { and, desc, eq, sql } from 'drizzle-orm';
import { assertCan, type SessionUser } from '../auth/policy';
import type { Db, Tx } from '../db/index.server';
import { recordAudit } from '../db/audit.server';
import { improvementPlans, planEvidence, planItems, planReports, type PlanItemStatus } from '../db/schema/plans';
import { campaigns, organisations } from '../db/schema/registry';
import { linkProblem, MAX_PHOTO_BYTES } from '../checklists/evidence.server';
import { megabytesRu, sniffFile } from '../files/sniff';
import { requireMethodology } from '../methodology/registry';
import type { AuditReport } from '../site-audit/types';
import { PlansError } from './errors';
import { canMove, claimInputSchema, firstIssue, itemStatusLabels, reportPeriods } from './model';
import { getPlan, isUuid, planItemsOf, planScope, type Plan, type PlanItem, type PlanScope } from './plans.server';
import { calendar, getSettings } from './settings.server';
import { ruDate } from '../lib/ru';

export const MAX_EVIDENCE_BYTES = MAX_PHOTO_BYTES;
export const MAX_EVIDENCE_FILES = 5;

export type EvidenceFile = { kind: 'photo' | 'document'; sha256: string; mediaType: string; size: number };
export type EvidenceInput = EvidenceFile | { kind: 'link'; url: string };

/**
 * What a file really is, by its bytes: a photo (JPEG, PNG, HEIC — the checklists' sniffing) or a PDF
 * document; anything else, empty or over the limit is refused with the reason.
 */
export function classifyUpload(
  bytes: Uint8Array,
  shownName: string,
): { kind: 'photo' | 'document'; mediaType: string } | { problem: string } {
  const name = shownName.slice(0, 120) || 'без имени';
  if (bytes.length === 0) return { problem: `Файл «${name}» пустой.` };
  if (bytes.length > MAX_EVIDENCE_BYTES)
    return { problem: `Файл «${name}» больше 10 МБ (${megabytesRu(bytes.length)}). Уменьшите его и загрузите снова.` };
  const type = sniffFile(bytes);
  if (type === 'application/pdf') return { kind: 'document', mediaType: type };
  if (type) return { kind: 'photo', mediaType: type };
  return {
    problem: `Файл «${name}» не является фотографией (JPEG, PNG, HEIC) или документом PDF — проверено по содержимому файла, а не по имени.`,
  };
}

async function lockForRow(
  tx: Tx,
  planId: string,
  itemId: string,
): Promise<{ plan: Plan; item: PlanItem; scope: PlanScope }> {
  if (!isUuid(planId) || !isUuid(itemId)) throw new PlansError('Строка плана не найдена.', 404);
  await tx.execute(sql`select id from ${planItems} where id = ${itemId} for update`);
  const plan = await getPlan(tx, planId);
  const [item] = await tx
    .select()
    .from(planItems)
    .where(and(eq(planItems.id, itemId), eq(planItems.planId, planId)));
  if (!plan || !item) throw new PlansError('Строка плана не найдена.', 404);
  return { plan, item, scope: await planScope(tx, plan) };
}

function assertExecuting(plan: Plan) {
  if (plan.status !== 'approved' && plan.status !== 'published') {
    throw new PlansError(
      plan.status === 'superseded'
        ? 'Эта редакция плана заменена новой: отмечайте выполнение в действующей редакции.'
        : 'План ещё не утверждён: выполнение отмечается по утверждённому плану.',
      409,
    );
  }
}

function assertMove(item: PlanItem, to: PlanItemStatus) {
  if (!canMove(item.status, to))
    throw new PlansError(
      `Строка в состоянии «${itemStatusLabels[item.status]}»: перевести её в «${itemStatusLabels[to]}» нельзя.`,
      409,
    );
}

const summary = (i: PlanItem) => ({ status: i.status, implemented: i.implemented, actualDate: i.actualDate });

async function touchPlan(tx: Tx, planId: string) {
  await tx
    .update(improvementPlans)
    .set({ revision: sql`${improvementPlans.revision} + 1`, updatedAt: new Date() })
    .where(eq(improvementPlans.id, planId));
}

async function moveRow(
  tx: Tx,
  ctx: { plan: Plan; item: PlanItem; scope: PlanScope },
  user: SessionUser,
  action: string,
  set: Partial<typeof planItems.$inferInsert>,
  reason?: string | null,
): Promise<PlanItem> {
  const [after] = await tx
    .update(planItems)
    .set({ ...set, updatedAt: new Date() })
    .where(eq(planItems.id, ctx.item.id))
    .returning();
  await touchPlan(tx, ctx.plan.id);
  await recordAudit(tx, {
    actor: user,
    action,
    entity: 'plan_item',
    entityId: ctx.item.id,
    before: summary(ctx.item),
    after: summary(after!),
    reason: reason ?? null,
    territoryId: ctx.scope.territoryIds[0],
  });
  return after!;
}

export async function startRow(db: Db, planId: string, itemId: string, user: SessionUser): Promise<PlanItem> {
  return db.transaction(async (tx) => {
    const ctx = await lockForRow(tx, planId, itemId);
    assertCan(user, 'plans.edit', ctx.scope);
    assertExecuting(ctx.plan);
    assertMove(ctx.item, 'in_progress');
    return moveRow(tx, ctx, user, 'plans.row.start', { status: 'in_progress' });
  });
}

function validEvidence(evidence: readonly EvidenceInput[]): void {
  if (evidence.length > MAX_EVIDENCE_FILES + 1)
    throw new PlansError(`Не больше ${MAX_EVIDENCE_FILES} файлов и одной ссылки за раз.`);
  for (const e of evidence) {
    if (e.kind === 'link') {
      const p = linkProblem(e.url);
      if (p) throw new PlansError(p);
    } else if (!/^[0-9a-f]{64}$/.test(e.sha256) || e.size > MAX_EVIDENCE_BYTES)
      throw new PlansError('Файл подтверждения не принят.');
  }
}

async function insertEvidence(tx: Tx, itemId: string, evidence: readonly EvidenceInput[], user: SessionUser) {
  if (!evidence.length) return;
  await tx
    .insert(planEvidence)
    .values(
      evidence.map((e) =>
        e.kind === 'link'
          ? { itemId, kind: 'link' as const, url: e.url, uploadedBy: user.name }
          : { itemId, kind: e.kind, sha256: e.sha256, mediaType: e.mediaType, size: e.size, uploadedBy: user.name },
      ),
    );
}

/** Columns 5.1/5.2 and at least one piece of evidence (new or attached before): the row waits for the verifier. */
export async function claimRow(
  db: Db,
  planId: string,
  itemId: string,
  raw: { implemented: string; actualDate: string; evidence: EvidenceInput[] },
  user: SessionUser,
): Promise<PlanItem> {
  const parsed = claimInputSchema.safeParse({ implemented: raw.implemented ?? '', actualDate: raw.actualDate ?? '' });
  if (!parsed.success) throw new PlansError(firstIssue(parsed.error));
  validEvidence(raw.evidence);
  return db.transaction(async (tx) => {
    const ctx = await lockForRow(tx, planId, itemId);
    assertCan(user, 'plans.edit', ctx.scope);
    assertExecuting(ctx.plan);
    assertMove(ctx.item, 'claimed');
    const today = new Date().toISOString().slice(0, 10);
    if (parsed.data.actualDate > today) throw new PlansError('Фактический срок не может быть позже сегодняшнего дня.');
    const [{ n } = { n: 0 }] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(planEvidence)
      .where(eq(planEvidence.itemId, itemId));
    if (n + raw.evidence.length === 0)
      throw new PlansError('Приложите подтверждение: фотографию, документ или ссылку.');
    await insertEvidence(tx, itemId, raw.evidence, user);
    return moveRow(tx, ctx, user, 'plans.row.claim', {
      status: 'claimed',
      implemented: parsed.data.implemented,
      actualDate: parsed.data.actualDate,
      claimedAt: new Date(),
    });
  });
}

/** More evidence for an open row (before or after the claim). */
export async function addEvidence(
  db: Db,
  planId: string,
  itemId: string,
  evidence: EvidenceInput[],
  user: SessionUser,
): Promise<void> {
  if (!evidence.length) throw new PlansError('Выберите файл или укажите ссылку.');
  validEvidence(evidence);
  await db.transaction(async (tx) => {
    const ctx = await lockForRow(tx, planId, itemId);
    assertCan(user, 'plans.edit', ctx.scope);
    assertExecuting(ctx.plan);
    if (!['planned', 'in_progress', 'claimed'].includes(ctx.item.status))
      throw new PlansError('Строка закрыта: подтверждения к ней больше не добавляются.', 409);
    await insertEvidence(tx, itemId, evidence, user);
    await touchPlan(tx, planId);
    await recordAudit(tx, {
      actor: user,
      action: 'plans.evidence.add',
      entity: 'plan_item',
      entityId: itemId,
      after: evidence.map((e) => (e.kind === 'link' ? { link: e.url } : { [e.kind]: e.sha256 })),
      territoryId: ctx.scope.territoryIds[0],
    });
  });
}

/** Staff choose to show a photo on the public card (decision 0054: not public by default). */
export async function setEvidencePublished(
  db: Db,
  planId: string,
  evidenceId: number,
  published: boolean,
  user: SessionUser,
): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select({ e: planEvidence, planId: planItems.planId })
      .from(planEvidence)
      .innerJoin(planItems, eq(planItems.id, planEvidence.itemId))
      .where(eq(planEvidence.id, evidenceId));
    if (!row || row.planId !== planId) throw new PlansError('Подтверждение не найдено.', 404);
    const plan = (await getPlan(tx, planId))!;
    const scope = await planScope(tx, plan);
    assertCan(user, 'plans.edit', scope);
    if (row.e.kind !== 'photo')
      throw new PlansError('Публикуются только фотографии; документы и ссылки видны сотрудникам.', 409);
    await tx.update(planEvidence).set({ published }).where(eq(planEvidence.id, evidenceId));
    await touchPlan(tx, planId);
    await recordAudit(tx, {
      actor: user,
      action: published ? 'plans.evidence.publish' : 'plans.evidence.unpublish',
      entity: 'plan_evidence',
      entityId: String(evidenceId),
      territoryId: scope.territoryIds[0],
    });
  });
}

export async function verifyRow(
  db: Db,
  planId: string,
  itemId: string,
  note: string,
  user: SessionUser,
): Promise<PlanItem> {
  const text = note.trim();
  if (text.length > 2000 || text.includes('\u0000'))
    throw new PlansError('Отметка проверяющего — не длиннее 2000 символов, без служебных символов.');
  return db.transaction(async (tx) => {
    const ctx = await lockForRow(tx, planId, itemId);
    assertCan(user, 'plans.verify', ctx.scope);
    assertExecuting(ctx.plan);
    assertMove(ctx.item, 'verified');
    return moveRow(tx, ctx, user, 'plans.row.verify', {
      status: 'verified',
      verifiedAt: new Date(),
      verifiedBy: user.name,
      verifiedRole: user.role,
      verificationNote: text || null,
      rejectedReason: null,
    });
  });
}

export async function rejectRow(
  db: Db,
  planId: string,
  itemId: string,
  reason: string,
  user: SessionUser,
): Promise<PlanItem> {
  const text = reason.trim();
  if (!text) throw new PlansError('Укажите, почему подтверждение не принято: организация увидит причину.');
  if (text.length > 2000 || text.includes('\u0000'))
    throw new PlansError('Причина — не длиннее 2000 символов, без служебных символов.');
  return db.transaction(async (tx) => {
    const ctx = await lockForRow(tx, planId, itemId);
    assertCan(user, 'plans.verify', ctx.scope);
    assertExecuting(ctx.plan);
    assertMove(ctx.item, 'in_progress');
    return moveRow(
      tx,
      ctx,
      user,
      'plans.row.reject',
      {
        status: 'in_progress',
        rejectedReason: text,
        verifiedBy: user.name,
        verifiedRole: user.role,
        verifiedAt: new Date(),
      },
      text,
    );
  });
}

/** The authority agrees to drop a row (with the reason) or to carry it over into the next cycle's plan. */
export async function closeRow(
  db: Db,
  planId: string,
  itemId: string,
  to: 'cancelled' | 'carried_over',
  reason: string,
  user: SessionUser,
): Promise<PlanItem> {
  const text = reason.trim();
  if (!text)
    throw new PlansError(
      to === 'cancelled'
        ? 'Укажите причину отмены мероприятия.'
        : 'Укажите причину переноса (например, нет финансирования в этом году).',
    );
  if (text.length > 2000 || text.includes('\u0000'))
    throw new PlansError('Причина — не длиннее 2000 символов, без служебных символов.');
  return db.transaction(async (tx) => {
    const ctx = await lockForRow(tx, planId, itemId);
    assertCan(user, 'plans.approve', ctx.scope);
    assertExecuting(ctx.plan);
    assertMove(ctx.item, to);
    return moveRow(
      tx,
      ctx,
      user,
      to === 'cancelled' ? 'plans.row.cancel' : 'plans.row.carryOver',
      { status: to, cancelReason: text, cancelAgreedBy: user.name },
      text,
    );
  });
}

// ── Verification by re-audit of the site ────────────────────────────────────────────────────────────────

export type SiteCheck = { at: string; url: string; present: boolean; detail: string };

/** Checklist rows the site auditor can check: the site list of 1.1 and the channels of 1.2. */
export const isSiteRow = (i: Pick<PlanItem, 'checklist'>) => i.checklist === '1.1-site' || i.checklist === '1.2';

const CHANNEL_OF_ITEM: Record<string, string> = {
  phone: 'telephone',
  email: 'email',
  'e-service': 'electronic-service',
  faq: 'faq',
  opinion: 'opinion',
};

/** Is the item a row answers present in a fresh audit report? (pure) */
export function siteItemPresent(
  report: AuditReport,
  checklist: string,
  itemId: string,
  section: string | null,
): { present: boolean; detail: string } {
  if (!report.reachable) return { present: false, detail: 'сайт не открылся при повторной проверке' };
  if (checklist === '1.2') {
    const ch = report.answers.indicator12.channels.find((c) => c.channel === CHANNEL_OF_ITEM[itemId]);
    if (!ch)
      return {
        present: false,
        detail: 'этот способ связи автоматическая проверка не распознаёт — проверьте его при посещении',
      };
    return ch.detected
      ? { present: true, detail: `найдено: ${ch.title}${ch.url ? ` (${ch.url})` : ''}` }
      : { present: false, detail: `не найдено: ${ch.title}` };
  }
  const slug = section?.replace('/sveden/', '') ?? '';
  const s = report.sections.find((x) => x.slug === slug);
  if (!s) return { present: false, detail: `раздел ${section ?? ''} не проверялся` };
  if (!s.found) return { present: false, detail: `раздел ${section} на сайте не найден` };
  const required = s.items.filter((i) => i.required);
  const missing = required.filter((i) => i.information !== 'present');
  return missing.length === 0
    ? {
        present: true,
        detail: `раздел ${section} найден${s.url ? ` (${s.url})` : ''}, сведения есть по всем ${required.length} обязательным элементам`,
      }
    : {
        present: false,
        detail: `в разделе ${section} нет сведений: ${missing
          .slice(0, 5)
          .map((i) => i.itemprop)
          .join(', ')}${missing.length > 5 ? ` и ещё ${missing.length - 5}` : ''}`,
      };
}

export type Auditor = (url: string, orgType: AuditReport['orgType']) => Promise<AuditReport>;

/**
 * Re-runs the site audit of the row's organisation and checks the item the row answers. Present: the row
 * is verified with the check beside it. Absent: the check is recorded; a claimed row goes back to «in
 * progress» with the finding as the reason.
 */
export async function verifyBySiteAudit(
  db: Db,
  planId: string,
  itemId: string,
  user: SessionUser,
  auditor: Auditor,
): Promise<{ item: PlanItem; check: SiteCheck }> {
  // Permission and row checks before the network: a refused user never makes the server fetch a site.
  const pre = await db.transaction(async (tx) => {
    const ctx = await lockForRow(tx, planId, itemId);
    assertCan(user, 'plans.verify', ctx.scope);
    assertExecuting(ctx.plan);
    if (!isSiteRow(ctx.item) || !ctx.item.itemId)
      throw new PlansError('Эта строка не о сайте: её проверяют по подтверждениям или при посещении.', 409);
    if (!['planned', 'in_progress', 'claimed'].includes(ctx.item.status))
      throw new PlansError('Строка закрыта: повторная проверка не нужна.', 409);
    const [org] = await tx
      .select({ website: organisations.website, type: organisations.type })
      .from(organisations)
      .where(eq(organisations.id, ctx.plan.organisationId));
    const [c] = await tx
      .select({ methodologyId: campaigns.methodologyId })
      .from(campaigns)
      .where(eq(campaigns.id, ctx.plan.campaignId));
    if (!org?.website)
      throw new PlansError('В реестре не указан адрес сайта организации: повторная проверка невозможна.', 409);
    const m = requireMethodology(c!.methodologyId);
    const section = m.informationItems.lists[org.type]?.site.find((i) => i.id === ctx.item.itemId)?.section ?? null;
    return { website: org.website, type: org.type, section, checklist: ctx.item.checklist!, item: ctx.item.itemId };
  });
  const report = await auditor(pre.website, pre.type);
  const found = siteItemPresent(report, pre.checklist, pre.item, pre.section);
  const check: SiteCheck = { at: new Date().toISOString(), url: pre.website, ...found };
  const item = await db.transaction(async (tx) => {
    const ctx = await lockForRow(tx, planId, itemId);
    if (!['planned', 'in_progress', 'claimed'].includes(ctx.item.status))
      throw new PlansError('Строку закрыли, пока шла проверка.', 409);
    const today = check.at.slice(0, 10);
    if (check.present) {
      return moveRow(tx, ctx, user, 'plans.row.verifySite', {
        status: 'verified',
        siteCheck: check,
        verifiedAt: new Date(),
        verifiedBy: user.name,
        verifiedRole: user.role,
        verificationNote: `повторная проверка сайта: ${check.detail}`,
        implemented: ctx.item.implemented ?? 'Сведения размещены на официальном сайте',
        actualDate: ctx.item.actualDate ?? today,
        rejectedReason: null,
      });
    }
    if (ctx.item.status === 'claimed')
      return moveRow(
        tx,
        ctx,
        user,
        'plans.row.rejectSite',
        { status: 'in_progress', siteCheck: check, rejectedReason: `повторная проверка сайта: ${check.detail}` },
        check.detail,
      );
    return moveRow(tx, ctx, user, 'plans.row.checkSite', { siteCheck: check });
  });
  return { item, check };
}

// ── Progress reports ───────────────────────────────────────────────────────────────────────────────────

export type Report = typeof planReports.$inferSelect;
export type ReportRow = {
  section: string;
  position: number;
  shortfall: string;
  measure: string;
  status: PlanItemStatus;
  implemented: string | null;
  actualDate: string | null;
  plannedDate: string | null;
};

export async function reportsOf(db: Tx, planId: string): Promise<Report[]> {
  return db
    .select()
    .from(planReports)
    .where(eq(planReports.planId, planId))
    .orderBy(desc(planReports.periodEnd), desc(planReports.submittedAt));
}

/** The organisation submits the report for the period ending `periodEnd`: rows frozen as they are now. */
export async function submitReport(
  db: Db,
  planId: string,
  periodEnd: string,
  user: SessionUser,
  now = new Date(),
): Promise<Report> {
  return db.transaction(async (tx) => {
    if (!isUuid(planId)) throw new PlansError('План не найден.', 404);
    await tx.execute(sql`select id from ${improvementPlans} where id = ${planId} for update`);
    const plan = await getPlan(tx, planId);
    if (!plan) throw new PlansError('План не найден.', 404);
    const scope = await planScope(tx, plan);
    assertCan(user, 'plans.edit', scope);
    assertExecuting(plan);
    const settings = await getSettings(tx, plan.territoryId);
    const today = now.toISOString().slice(0, 10);
    const periods = [plan.year, plan.year + 1].flatMap((y) =>
      reportPeriods(calendar(), y, settings.reportPeriod, settings.reportDays),
    );
    const period = periods.find((p) => p.end === periodEnd);
    if (!period) throw new PlansError('Такого отчётного периода нет.');
    if (period.end > today)
      throw new PlansError(`Период «${period.label}» ещё не закончился: сведения сдаются после ${ruDate(period.end)}.`);
    const previous = (await reportsOf(tx, planId)).find((r) => r.periodEnd === periodEnd);
    if (previous && previous.status !== 'returned') throw new PlansError(`Сведения за ${period.label} уже сданы.`, 409);
    const rows: ReportRow[] = (await planItemsOf(tx, planId)).map((i) => ({
      section: i.section,
      position: i.position,
      shortfall: i.shortfall,
      measure: i.measure,
      status: i.status,
      implemented: i.implemented,
      actualDate: i.actualDate,
      plannedDate: i.plannedDate,
    }));
    const [r] = await tx
      .insert(planReports)
      .values({
        planId,
        periodStart: period.start,
        periodEnd: period.end,
        dueDate: period.due,
        submittedAt: now,
        submittedBy: user.name,
        rows,
      })
      .returning();
    await recordAudit(tx, {
      actor: user,
      action: 'plans.report.submit',
      entity: 'plan_report',
      entityId: r!.id,
      after: { period: period.label, rows: rows.length, late: today > period.due },
      territoryId: scope.territoryIds[0],
    });
    return r!;
  });
}

export async function reviewReport(
  db: Db,
  reportId: string,
  verdict: 'accepted' | 'returned',
  comment: string,
  user: SessionUser,
): Promise<Report> {
  const text = comment.trim();
  if (verdict === 'returned' && !text) throw new PlansError('Напишите, что исправить в сведениях о ходе реализации.');
  if (text.length > 4000 || text.includes('\u0000'))
    throw new PlansError('Комментарий — не длиннее 4000 символов, без служебных символов.');
  return db.transaction(async (tx) => {
    if (!isUuid(reportId)) throw new PlansError('Сведения не найдены.', 404);
    const [r] = await tx.select().from(planReports).where(eq(planReports.id, reportId));
    if (!r) throw new PlansError('Сведения не найдены.', 404);
    const plan = (await getPlan(tx, r.planId))!;
    const scope = await planScope(tx, plan);
    assertCan(user, 'plans.approve', scope);
    if (r.status !== 'submitted') throw new PlansError('Эти сведения уже рассмотрены.', 409);
    const [after] = await tx
      .update(planReports)
      .set({ status: verdict, reviewComment: text || null, reviewedBy: user.name, reviewedAt: new Date() })
      .where(and(eq(planReports.id, reportId), eq(planReports.status, 'submitted')))
      .returning();
    await recordAudit(tx, {
      actor: user,
      action: `plans.report.${verdict === 'accepted' ? 'accept' : 'return'}`,
      entity: 'plan_report',
      entityId: reportId,
      before: { status: r.status },
      after: { status: verdict },
      reason: text || null,
      territoryId: scope.territoryIds[0],
    });
    return after!;
  });
}
