// Both legal clocks of a campaign, from documented events (art. 95.2 of 273-ФЗ): the council's month runs
// from the day the accepted operator's report was received, the authority's month from the day the
// council's decision was received. Deadlines follow ГК РФ 191–193 on the production calendar and are
// stored with their rule and calendar (decision 0072).
import { and, eq } from 'drizzle-orm';
import type { Db, Tx } from '../db/index.server';
import { recordAudit, type Actor } from '../db/audit.server';
import { campaignSteps } from '../db/schema/campaigns';
import { councilClockEvents } from '../db/schema/council';
import { campaigns } from '../db/schema/registry';
import { bundledCalendar } from '../calendar/bundled.server';
import { computeDeadline, describeRule, preliminaryNote, type Deadline } from '../calendar/deadlines';
import { emptyCalendar, type ProductionCalendar } from '../calendar/production-calendar';
import { CampaignEventError, recordCampaignEvent } from '../campaigns/events.server';
import type { CampaignEventKind } from '../db/schema/campaigns';
import { CouncilError, isIsoDate, isUuid } from './errors';
import { clockWarning, type ClockView } from './clock';
import { ruDate } from '../lib/ru';

export type ClockEvents = typeof councilClockEvents.$inferSelect;

let calendar: ProductionCalendar | null = null;
/** The shipped production calendar; without it every deadline is computed by art. 112 alone and marked preliminary. */
export function productionCalendar(): ProductionCalendar {
  if (calendar) return calendar;
  try {
    calendar = bundledCalendar();
  } catch {
    calendar = emptyCalendar();
  }
  return calendar;
}

export const ONE_MONTH = { kind: 'months', count: 1 } as const;

export function monthFrom(date: string): Deadline {
  return computeDeadline(productionCalendar(), date, ONE_MONTH);
}

export async function clockEvents(db: Tx, campaignId: string): Promise<ClockEvents | null> {
  if (!isUuid(campaignId)) return null;
  const [row] = await db.select().from(councilClockEvents).where(eq(councilClockEvents.campaignId, campaignId));
  return row ?? null;
}

async function campaignOf(tx: Tx, campaignId: string) {
  const [c] = isUuid(campaignId) ? await tx.select().from(campaigns).where(eq(campaigns.id, campaignId)) : [];
  if (!c) throw new CouncilError('Кампания не найдена.', 404);
  return c;
}

async function upsert(
  tx: Tx,
  campaignId: string,
  patch: Partial<typeof councilClockEvents.$inferInsert>,
): Promise<ClockEvents> {
  const [row] = await tx
    .insert(councilClockEvents)
    .values({ campaignId, ...patch })
    .onConflictDoUpdate({ target: councilClockEvents.campaignId, set: { ...patch, updatedAt: new Date() } })
    .returning();
  return row!;
}

/**
 * The campaign's statutory steps follow these events. Kept in one place so that the campaign room's
 * mechanism for recorded events replaces this one function when it lands.
 */
async function feedCampaignSteps(
  tx: Tx,
  campaignId: string,
  key: 'operator_report' | 'council_results' | 'authority_measures',
  doneOn: string,
  nextDue?: string,
): Promise<void> {
  await tx
    .update(campaignSteps)
    .set({ status: 'done', doneOn })
    .where(and(eq(campaignSteps.campaignId, campaignId), eq(campaignSteps.key, key)));
  const next = key === 'operator_report' ? 'council_results' : key === 'council_results' ? 'authority_measures' : null;
  if (next && nextDue)
    await tx
      .update(campaignSteps)
      .set({ plannedOn: nextDue })
      .where(and(eq(campaignSteps.campaignId, campaignId), eq(campaignSteps.key, next)));
}

/** The same event on the campaign (its stage, steps and deadlines page): one record, two views that agree. */
async function campaignEvent(
  tx: Tx,
  campaignId: string,
  kind: CampaignEventKind,
  occurredOn: string,
  document: string,
  actor: Actor,
  what: string,
): Promise<void> {
  try {
    await recordCampaignEvent(tx, { campaignId, kind, occurredOn, document, source: 'council', actor });
  } catch (err) {
    if (err instanceof CampaignEventError) throw new CouncilError(`${what} не сохранено.`, 400, [err.message]);
    throw err;
  }
}

/** The accepted operator's report received by the council: the council's month starts the next day. */
export async function recordReportReceived(
  db: Db,
  campaignId: string,
  args: { date: string; coveringDocument: string },
  actor: Actor,
): Promise<ClockEvents> {
  const problems: string[] = [];
  if (!isIsoDate(args.date)) problems.push('не указана дата получения отчёта');
  if (!args.coveringDocument.trim())
    problems.push('укажите сопроводительный документ (письмо или акт приёмки: номер и дата)');
  if (problems.length) throw new CouncilError('Дата получения отчёта не сохранена.', 400, problems);
  return db.transaction(async (tx) => {
    const c = await campaignOf(tx, campaignId);
    const before = await clockEvents(tx, campaignId);
    if (before?.decisionAdoptedOn)
      throw new CouncilError('Решение совета о результатах уже принято: дату получения отчёта изменить нельзя.', 409);
    const deadline = monthFrom(args.date);
    const row = await upsert(tx, campaignId, {
      reportReceivedOn: args.date,
      reportCoveringDocument: args.coveringDocument.trim(),
      councilDeadline: deadline,
    });
    await tx.update(campaigns).set({ operatorReportDate: args.date }).where(eq(campaigns.id, campaignId));
    await campaignEvent(
      tx,
      campaignId,
      'operator_report_received',
      args.date,
      args.coveringDocument.trim(),
      actor,
      'Получение отчёта',
    );
    await feedCampaignSteps(tx, campaignId, 'operator_report', args.date, deadline.due);
    await recordAudit(tx, {
      actor,
      action: 'council.clock.reportReceived',
      entity: 'campaign',
      entityId: campaignId,
      territoryId: c.territoryId,
      before,
      after: row,
    });
    return row;
  });
}

/** Called inside the results decision's transaction. */
export async function noteResultsDecisionTx(
  tx: Tx,
  campaignId: string,
  decisionId: string,
  adoptedOn: string,
): Promise<void> {
  await upsert(tx, campaignId, { resultsDecisionId: decisionId, decisionAdoptedOn: adoptedOn });
  await feedCampaignSteps(tx, campaignId, 'council_results', adoptedOn);
}

export async function recordDecisionSent(db: Db, campaignId: string, date: string, actor: Actor): Promise<ClockEvents> {
  if (!isIsoDate(date)) throw new CouncilError('Не указана дата направления решения.');
  return db.transaction(async (tx) => {
    const c = await campaignOf(tx, campaignId);
    const before = await clockEvents(tx, campaignId);
    if (!before?.decisionAdoptedOn) throw new CouncilError('Решение совета о результатах ещё не принято.', 409);
    if (date < before.decisionAdoptedOn)
      throw new CouncilError('Решение не может быть направлено раньше, чем принято.');
    const row = await upsert(tx, campaignId, { decisionSentOn: date });
    await recordAudit(tx, {
      actor,
      action: 'council.clock.decisionSent',
      entity: 'campaign',
      entityId: campaignId,
      territoryId: c.territoryId,
      before,
      after: row,
    });
    return row;
  });
}

/** The authority received the council's decision: its month starts the next day. */
export async function recordAuthorityReceived(
  db: Db,
  campaignId: string,
  date: string,
  actor: Actor,
): Promise<ClockEvents> {
  if (!isIsoDate(date)) throw new CouncilError('Не указана дата получения решения совета.');
  return db.transaction(async (tx) => {
    const c = await campaignOf(tx, campaignId);
    const before = await clockEvents(tx, campaignId);
    if (!before?.decisionAdoptedOn) throw new CouncilError('Решение совета о результатах ещё не принято.', 409);
    if (date < before.decisionAdoptedOn) throw new CouncilError('Решение не может быть получено раньше, чем принято.');
    if (before.measuresActDate)
      throw new CouncilError('Решение о мерах уже принято: дату получения изменить нельзя.', 409);
    const deadline = monthFrom(date);
    const row = await upsert(tx, campaignId, { authorityReceivedOn: date, authorityDeadline: deadline });
    await tx
      .update(campaignSteps)
      .set({ plannedOn: deadline.due })
      .where(and(eq(campaignSteps.campaignId, campaignId), eq(campaignSteps.key, 'authority_measures')));
    await recordAudit(tx, {
      actor,
      action: 'council.clock.authorityReceived',
      entity: 'campaign',
      entityId: campaignId,
      territoryId: c.territoryId,
      before,
      after: row,
    });
    return row;
  });
}

export type MeasuresInput = { actNumber: string; actDate: string; text: string; passedOn: string | null };

/** The authority's decision on measures: act number and date, its text, passed on to organisations on a date. */
export async function recordMeasures(
  db: Db,
  campaignId: string,
  input: MeasuresInput,
  actor: Actor,
): Promise<ClockEvents> {
  const problems: string[] = [];
  if (!input.actNumber.trim()) problems.push('не указан номер акта');
  if (!isIsoDate(input.actDate)) problems.push('не указана дата акта');
  if (!input.text.trim()) problems.push('не указано содержание решения о мерах');
  if (input.passedOn !== null && !isIsoDate(input.passedOn)) problems.push('неверная дата доведения до организаций');
  if (input.passedOn && isIsoDate(input.actDate) && input.passedOn < input.actDate)
    problems.push('решение не может быть доведено до организаций раньше, чем принято');
  if (problems.length) throw new CouncilError('Решение о мерах не сохранено.', 400, problems);
  return db.transaction(async (tx) => {
    const c = await campaignOf(tx, campaignId);
    const before = await clockEvents(tx, campaignId);
    if (!before?.authorityReceivedOn)
      throw new CouncilError('Сначала укажите дату получения решения совета органом.', 409);
    if (input.actDate < before.authorityReceivedOn)
      throw new CouncilError('Акт о мерах не может быть датирован раньше получения решения совета.');
    const row = await upsert(tx, campaignId, {
      measuresActNumber: input.actNumber.trim(),
      measuresActDate: input.actDate,
      measuresText: input.text.trim(),
      measuresPassedOn: input.passedOn,
    });
    await feedCampaignSteps(tx, campaignId, 'authority_measures', input.actDate);
    await campaignEvent(
      tx,
      campaignId,
      'authority_measures_taken',
      input.actDate,
      `акт № ${input.actNumber.trim()} от ${ruDate(input.actDate)}`,
      actor,
      'Решение о мерах',
    );
    await recordAudit(tx, {
      actor,
      action: 'council.clock.measures',
      entity: 'campaign',
      entityId: campaignId,
      territoryId: c.territoryId,
      before,
      after: row,
    });
    return row;
  });
}

/** Both clocks of a campaign as pages show them. */
export function clockViews(ev: ClockEvents | null, today: string): ClockView[] {
  const council = (ev?.councilDeadline as Deadline | null) ?? null;
  const authority = (ev?.authorityDeadline as Deadline | null) ?? null;
  const view = (
    key: ClockView['key'],
    title: string,
    startedBy: string,
    from: string | null,
    d: Deadline | null,
    doneOn: string | null,
  ): ClockView => ({
    key,
    title,
    startedBy,
    from,
    due: d?.due ?? null,
    rule: d ? describeRule(d.rule) : null,
    calendar: d?.calendar ?? null,
    preliminary: d ? preliminaryNote(d) : null,
    moved: d?.moved ?? false,
    nominal: d?.nominal ?? null,
    doneOn,
    ...clockWarning(d?.due ?? null, doneOn, today),
  });
  return [
    view(
      'council',
      'Решение совета о результатах и предложениях',
      'получение отчёта оператора',
      ev?.reportReceivedOn ?? null,
      council,
      ev?.decisionAdoptedOn ?? null,
    ),
    view(
      'authority',
      'Решение органа о мерах',
      'получение решения совета органом',
      ev?.authorityReceivedOn ?? null,
      authority,
      ev?.measuresActDate ?? null,
    ),
  ];
}
