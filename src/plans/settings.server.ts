// Territory settings of the plans room and the deadlines computed from them on the production calendar.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { bundledCalendar } from '../calendar/bundled.server';
import {
  computeDeadline,
  describeRule,
  preliminaryNote,
  type Deadline,
  type DeadlineRule,
} from '../calendar/deadlines';
import type { ProductionCalendar } from '../calendar/production-calendar';
import { assertCan, type SessionUser } from '../auth/policy';
import { territoryScope } from '../auth/scope.server';
import type { Db, Tx } from '../db/index.server';
import { recordAudit } from '../db/audit.server';
import { planSettings, reportPeriods as periodKinds, type ReportPeriod } from '../db/schema/plans';
import { PlansError } from './errors';

const ruleSchema = z.object({
  kind: z.enum(['months', 'days', 'working_days']),
  count: z.number().int().min(1).max(366),
});

export type PlanSettings = {
  draftRule: DeadlineRule;
  approvalRule: DeadlineRule;
  publicationRule: DeadlineRule;
  reportPeriod: ReportPeriod;
  reportDays: number;
};

/**
 * Defaults where the territory set nothing: the authority's month after the council's decision plus a
 * month to draft (art. 95.2 clocks), a month to approve, ten working days to publish; quarterly reports
 * by the 3rd day after the quarter (../shared/domain/after-results.md).
 */
export const defaultSettings: PlanSettings = {
  draftRule: { kind: 'months', count: 2 },
  approvalRule: { kind: 'months', count: 1 },
  publicationRule: { kind: 'working_days', count: 10 },
  reportPeriod: 'quarter',
  reportDays: 3,
};

export function calendar(): ProductionCalendar {
  return bundledCalendar();
}

export async function getSettings(db: Tx, territoryId: string): Promise<PlanSettings> {
  const [row] = await db.select().from(planSettings).where(eq(planSettings.territoryId, territoryId));
  if (!row) return defaultSettings;
  return {
    draftRule: ruleSchema.parse(row.draftRule),
    approvalRule: ruleSchema.parse(row.approvalRule),
    publicationRule: ruleSchema.parse(row.publicationRule),
    reportPeriod: row.reportPeriod,
    reportDays: row.reportDays,
  };
}

const formSchema = z.object({
  draftKind: z.enum(['months', 'days', 'working_days'], { message: 'Выберите единицу срока подготовки.' }),
  draftCount: z.coerce
    .number({ message: 'Срок подготовки — целое число.' })
    .int('Срок подготовки — целое число.')
    .min(1, 'Срок подготовки — не меньше 1.')
    .max(366, 'Срок подготовки — не больше 366.'),
  approvalKind: z.enum(['months', 'days', 'working_days'], { message: 'Выберите единицу срока утверждения.' }),
  approvalCount: z.coerce
    .number({ message: 'Срок утверждения — целое число.' })
    .int('Срок утверждения — целое число.')
    .min(1, 'Срок утверждения — не меньше 1.')
    .max(366, 'Срок утверждения — не больше 366.'),
  publicationKind: z.enum(['months', 'days', 'working_days'], { message: 'Выберите единицу срока публикации.' }),
  publicationCount: z.coerce
    .number({ message: 'Срок публикации — целое число.' })
    .int('Срок публикации — целое число.')
    .min(1, 'Срок публикации — не меньше 1.')
    .max(366, 'Срок публикации — не больше 366.'),
  reportPeriod: z.enum(periodKinds, { message: 'Выберите периодичность сведений о ходе реализации.' }),
  reportDays: z.coerce
    .number({ message: 'День сдачи сведений — целое число.' })
    .int('День сдачи сведений — целое число.')
    .min(1, 'День сдачи сведений — от 1 до 60.')
    .max(60, 'День сдачи сведений — от 1 до 60.'),
});

export async function saveSettings(
  db: Db,
  territoryId: string,
  raw: Record<string, unknown>,
  user: SessionUser,
): Promise<PlanSettings> {
  const scope = await territoryScope(db, territoryId);
  if (!scope) throw new PlansError('Территория не найдена.', 404);
  assertCan(user, 'plans.approve', scope);
  const parsed = formSchema.safeParse(raw);
  if (!parsed.success) throw new PlansError(parsed.error.issues[0]?.message ?? 'Проверьте настройки.');
  const v = parsed.data;
  const next: PlanSettings = {
    draftRule: { kind: v.draftKind, count: v.draftCount },
    approvalRule: { kind: v.approvalKind, count: v.approvalCount },
    publicationRule: { kind: v.publicationKind, count: v.publicationCount },
    reportPeriod: v.reportPeriod,
    reportDays: v.reportDays,
  };
  await db.transaction(async (tx) => {
    const before = await getSettings(tx, territoryId);
    await tx
      .insert(planSettings)
      .values({ territoryId, ...next, updatedBy: user.name, updatedAt: new Date() })
      .onConflictDoUpdate({
        target: planSettings.territoryId,
        set: { ...next, updatedBy: user.name, updatedAt: new Date() },
      });
    await recordAudit(tx, {
      actor: user,
      action: 'plans.settings',
      entity: 'plan_settings',
      entityId: territoryId,
      before,
      after: next,
      territoryId,
    });
  });
  return next;
}

export type PlanDeadlines = {
  draft: Deadline;
  approval: Deadline;
  publication: Deadline | null;
  rules: { draft: string; approval: string; publication: string };
};

/** Drafting and approval deadlines from the council's decision date; publication from the act's date once approved. */
export function planDeadlines(
  settings: PlanSettings,
  councilDecisionDate: string,
  actDate: string | null,
  cal = calendar(),
): PlanDeadlines {
  const draft = computeDeadline(cal, councilDecisionDate, settings.draftRule);
  const approval = computeDeadline(cal, draft.due, settings.approvalRule);
  const publication = actDate ? computeDeadline(cal, actDate, settings.publicationRule) : null;
  return {
    draft,
    approval,
    publication,
    rules: {
      draft: describeRule(settings.draftRule),
      approval: describeRule(settings.approvalRule),
      publication: describeRule(settings.publicationRule),
    },
  };
}

export { preliminaryNote };
