// A campaign's calendar in the database: the operator's report date, hand-marked steps, the steps with
// their states and legal clocks, and the overdue steps across territories. The rules themselves are in
// calendar.ts (pure); events are recorded by events.server.ts.
import { and, eq } from 'drizzle-orm';
import type { Db, Tx } from '../db/index.server';
import { recordAudit, type Actor } from '../db/audit.server';
import { campaignSteps, type StepStatus } from '../db/schema/campaigns';
import { campaigns } from '../db/schema/registry';
import type { ProductionCalendar } from '../calendar/production-calendar';
import { loadCalendar } from '../calendar/store.server';
import { legalClocks, stepStates, stepTemplate } from './calendar';
import { listCampaigns, listSteps, type Campaign, type CampaignStep } from './campaigns.server';
import { formatRu, todayIso } from './dates';
import { CampaignError, isoDate, isUuid } from './errors';
import {
  CampaignEventError,
  campaignEventsOf,
  eventDates,
  recordCampaignEvent,
  storedDeadlines,
} from './events.server';

/** Records the documented receipt of the operator's report: it starts the council's month. */
export async function setOperatorReportDate(
  db: Db,
  campaignId: string,
  date: string | null,
  actor: Actor,
  today?: string,
  document?: string | null,
): Promise<void> {
  if (date === null) throw new CampaignError('Укажите дату получения отчёта оператора.');
  try {
    await recordCampaignEvent(db, {
      campaignId,
      kind: 'operator_report_received',
      occurredOn: date,
      document: document ?? null,
      actor,
      ...(today ? { today } : {}),
    });
  } catch (err) {
    if (err instanceof CampaignEventError) throw new CampaignError('Дата не сохранена.', [err.message]);
    throw err;
  }
}

/**
 * Marks a hand-marked step done / skipped / planned, or moves any step's planned date. Steps that the law
 * ties to a document are completed only by recording their event, and no step is done in the future.
 */
export async function updateStep(
  db: Db,
  args: {
    campaignId: string;
    stepId: string;
    status: StepStatus;
    doneOn?: string | null;
    plannedOn?: string | null;
    actor: Actor;
    today?: string;
  },
): Promise<void> {
  if (!isUuid(args.stepId)) throw new CampaignError('Шаг не найден.');
  if (args.status === 'done' && !isoDate(args.doneOn)) throw new CampaignError('Укажите дату выполнения шага.');
  const today = args.today ?? todayIso();
  if (args.status === 'done' && args.doneOn! > today)
    throw new CampaignError(
      `Дата выполнения ${formatRu(args.doneOn)} ещё не наступила: шаг отмечают, когда он выполнен.`,
    );
  if (args.plannedOn && !isoDate(args.plannedOn)) throw new CampaignError('Неверная плановая дата.');
  await db.transaction(async (tx) => {
    // The join brings the campaign's territory for the audit entry without another round trip.
    const [found] = await tx
      .select({ step: campaignSteps, territoryId: campaigns.territoryId })
      .from(campaignSteps)
      .innerJoin(campaigns, eq(campaigns.id, campaignSteps.campaignId))
      .where(and(eq(campaignSteps.id, args.stepId), eq(campaignSteps.campaignId, args.campaignId)));
    if (!found) throw new CampaignError('Шаг не найден.');
    const step = found.step;
    const def = stepTemplate.find((d) => d.key === step.key);
    const plannedOn = args.plannedOn !== undefined ? isoDate(args.plannedOn) : step.plannedOn;
    if (def?.event) {
      if (args.status !== step.status && !(args.status === 'planned' && step.status === 'planned')) {
        throw new CampaignError(
          'Этот шаг отмечается записью события с датой и документом (раздел «События кампании»), а не выбором состояния.',
        );
      }
      await tx.update(campaignSteps).set({ plannedOn }).where(eq(campaignSteps.id, step.id));
      await recordAudit(tx, {
        actor: args.actor,
        action: 'campaign.step',
        entity: 'campaign_step',
        entityId: step.id,
        territoryId: found.territoryId,
        before: step,
        after: { plannedOn },
      });
      return;
    }
    const doneOn = args.status === 'done' ? isoDate(args.doneOn) : null;
    await tx.update(campaignSteps).set({ status: args.status, doneOn, plannedOn }).where(eq(campaignSteps.id, step.id));
    await recordAudit(tx, {
      actor: args.actor,
      action: 'campaign.step',
      entity: 'campaign_step',
      entityId: step.id,
      territoryId: found.territoryId,
      before: step,
      after: { status: args.status, doneOn, plannedOn },
    });
  });
}

/** Steps with their states, the two legal clocks and the recorded events of one campaign. */
export async function campaignCalendar(db: Tx, campaign: Campaign, today = todayIso(), calendar?: ProductionCalendar) {
  const [steps, events, stored, cal] = await Promise.all([
    listSteps(db, campaign.id),
    campaignEventsOf(db, campaign.id),
    storedDeadlines(db, campaign.id),
    calendar ? Promise.resolve(calendar) : loadCalendar(db),
  ]);
  const dates = eventDates(events);
  const clocks = legalClocks({ events: dates, calendar: cal, today, stored });
  return { steps: stepStates(steps, dates, clocks, today), clocks, events };
}

export type OverdueStep = CampaignStep & {
  campaignTitle: string;
  campaignYear: number;
  territoryId: string;
  territoryName: string;
  dueOn: string;
};

/** Steps that could start and whose due date has passed, across the given territories (or all). */
export async function overdueSteps(
  db: Tx,
  territoryIds: string[] | undefined,
  today = todayIso(),
): Promise<OverdueStep[]> {
  const list = (await listCampaigns(db, territoryIds)).filter((c) => c.status !== 'closed');
  const calendar = await loadCalendar(db);
  const out: OverdueStep[] = [];
  for (const c of list) {
    const cal = await campaignCalendar(db, c, today, calendar);
    for (const s of cal.steps) {
      if (s.state !== 'overdue' || !s.dueOn) continue;
      const { state: _s, dueOn, event: _e, waitingFor: _w, overdue: _o, ...step } = s;
      out.push({
        ...step,
        campaignTitle: c.title,
        campaignYear: c.year,
        territoryId: c.territoryId,
        territoryName: c.territoryName,
        dueOn,
      });
    }
  }
  return out.sort((a, b) => a.dueOn.localeCompare(b.dueOn));
}
