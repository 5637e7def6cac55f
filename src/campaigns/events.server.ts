// What actually happened in a campaign. Every room that learns of a statutory event (the campaign page,
// the results room on approval and publication, the council room on its decisions) records it here, with
// the documented date; the clocks, the steps and the campaign's stage follow from these records only.
import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../db/index.server';
import { recordAudit, type Actor } from '../db/audit.server';
import {
  campaignDeadlines,
  campaignEvents,
  campaignEventKinds,
  campaignSteps,
  type CampaignEventKind,
} from '../db/schema/campaigns';
import { campaigns } from '../db/schema/registry';
import { computeDeadline } from '../calendar/deadlines';
import type { ProductionCalendar } from '../calendar/production-calendar';
import { loadCalendar } from '../calendar/store.server';
import {
  deadlineRecord,
  eventAfter,
  eventLabels,
  statutoryClocks,
  stepTemplate,
  type DeadlineRecord,
} from './calendar';
import { formatRu, todayIso } from './dates';

// Control characters (NUL, line breaks) never belong in a one-line label.
// eslint-disable-next-line no-control-regex
const controlChars = /[\u0000-\u001f\u007f]/g;

export type CampaignEvent = typeof campaignEvents.$inferSelect;

export class CampaignEventError extends Error {}

/** The stage order; a stage never moves back (a published campaign never reopens collection). */
export const stageOrder = ['draft', 'collecting', 'scoring', 'approved', 'published', 'closed'] as const;
export type Stage = (typeof stageOrder)[number];

const stageOfEvent: Partial<Record<CampaignEventKind, Stage>> = {
  list_approved: 'collecting',
  operator_report_received: 'scoring',
  council_results_adopted: 'approved',
  results_published: 'published',
};

export function laterStage(a: Stage, b: Stage): Stage {
  return stageOrder.indexOf(a) >= stageOrder.indexOf(b) ? a : b;
}

const isIso = (v: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(v) &&
  !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) &&
  new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

export async function campaignEventsOf(db: Tx, campaignId: string): Promise<CampaignEvent[]> {
  return db.select().from(campaignEvents).where(eq(campaignEvents.campaignId, campaignId));
}

export function eventDates(
  events: readonly Pick<CampaignEvent, 'kind' | 'occurredOn'>[],
): Partial<Record<CampaignEventKind, string>> {
  return Object.fromEntries(events.map((e) => [e.kind, e.occurredOn]));
}

export async function storedDeadlines(db: Tx, campaignId: string): Promise<Partial<Record<string, DeadlineRecord>>> {
  const rows = await db.select().from(campaignDeadlines).where(eq(campaignDeadlines.campaignId, campaignId));
  return Object.fromEntries(
    rows.map((r) => [
      r.key,
      {
        from: r.fromDate,
        rule: r.rule as DeadlineRecord['rule'],
        nominal: r.nominal,
        due: r.due,
        preliminary: r.preliminary,
        calendar: r.calendar,
        ruleText: r.ruleText,
        note: r.note,
      },
    ]),
  );
}

async function writeDeadline(
  tx: Tx,
  campaignId: string,
  key: string,
  fromEvent: CampaignEventKind,
  d: DeadlineRecord,
): Promise<void> {
  const values = {
    fromEvent,
    fromDate: d.from,
    rule: d.rule,
    ruleText: d.ruleText,
    nominal: d.nominal,
    due: d.due,
    preliminary: d.preliminary,
    calendar: d.calendar,
    note: d.note,
    computedAt: new Date(),
  };
  await tx
    .insert(campaignDeadlines)
    .values({ campaignId, key, ...values })
    .onConflictDoUpdate({ target: [campaignDeadlines.campaignId, campaignDeadlines.key], set: values });
}

export type RecordEventInput = {
  campaignId: string;
  kind: CampaignEventKind;
  /** The documented date (ISO). */
  occurredOn: string;
  /** «сопроводительное письмо № 12», «решение № 3-ОС»: what proves it. */
  document?: string | null;
  /** The room recording it and its row, e.g. 'results' + a result version id, 'council' + a decision id. */
  source?: string;
  sourceId?: string | null;
  actor: Actor;
  /** Moscow today (tests pass a fixed one). */
  today?: string;
  calendar?: ProductionCalendar;
};

/**
 * Records (or re-dates) one event of a campaign: refuses a date in the future or before the event it
 * follows, stores the statutory deadline that starts from it with the rule and calendar used, moves the
 * campaign's stage forward (never back) and audits everything in the same transaction. Works inside a
 * caller's transaction (the results and council rooms call it from theirs).
 */
export async function recordCampaignEvent(db: Tx, input: RecordEventInput): Promise<CampaignEvent> {
  const today = input.today ?? todayIso();
  if (!(campaignEventKinds as readonly string[]).includes(input.kind))
    throw new CampaignEventError('Неизвестное событие кампании.');
  if (!isIso(input.occurredOn))
    throw new CampaignEventError(`${eventLabels[input.kind]}: укажите дату в виде дд.мм.гггг.`);
  if (input.occurredOn > today)
    throw new CampaignEventError(
      `${eventLabels[input.kind]}: дата ${formatRu(input.occurredOn)} ещё не наступила — событие записывают, когда оно произошло.`,
    );
  const document = input.document?.replace(controlChars, ' ').trim().slice(0, 300) || null;
  return db.transaction(async (tx) => {
    const [campaign] = await tx.select().from(campaigns).where(eq(campaigns.id, input.campaignId)).for('update');
    if (!campaign) throw new CampaignEventError('Кампания не найдена.');
    const existing = await campaignEventsOf(tx, input.campaignId);
    const dates = eventDates(existing);
    const prerequisite = eventAfter[input.kind];
    const prereqDate = prerequisite ? dates[prerequisite] : undefined;
    if (prerequisite && prereqDate && input.occurredOn < prereqDate) {
      throw new CampaignEventError(
        `${eventLabels[input.kind]}: дата ${formatRu(input.occurredOn)} раньше, чем «${eventLabels[prerequisite].toLowerCase()}» (${formatRu(prereqDate)}).`,
      );
    }
    // An event that follows this one may not end up before it either.
    for (const [kind, after] of Object.entries(eventAfter) as [CampaignEventKind, CampaignEventKind][]) {
      const d = dates[kind];
      if (after === input.kind && d && d < input.occurredOn) {
        throw new CampaignEventError(
          `${eventLabels[input.kind]}: дата ${formatRu(input.occurredOn)} позже, чем уже записанное «${eventLabels[kind].toLowerCase()}» (${formatRu(d)}).`,
        );
      }
    }
    const before = existing.find((e) => e.kind === input.kind) ?? null;
    const values = {
      occurredOn: input.occurredOn,
      document,
      source: input.source ?? 'campaigns',
      sourceId: input.sourceId ?? null,
      recordedBy: input.actor.name,
      recordedAt: new Date(),
    };
    const [row] = await tx
      .insert(campaignEvents)
      .values({ campaignId: input.campaignId, kind: input.kind, ...values })
      .onConflictDoUpdate({ target: [campaignEvents.campaignId, campaignEvents.kind], set: values })
      .returning();
    const calendar = input.calendar ?? (await loadCalendar(tx));
    const deadlines: Record<string, DeadlineRecord> = {};
    for (const clock of statutoryClocks.filter((c) => c.from === input.kind)) {
      const d = deadlineRecord(computeDeadline(calendar, input.occurredOn, clock.rule));
      await writeDeadline(tx, input.campaignId, clock.key, clock.from, d);
      deadlines[clock.key] = d;
    }
    // The step the event completes carries the date, so lists of steps agree with the events.
    const step = stepTemplate.find((s) => s.event === input.kind);
    if (step)
      await tx
        .update(campaignSteps)
        .set({ status: 'done', doneOn: input.occurredOn })
        .where(and(eq(campaignSteps.campaignId, input.campaignId), eq(campaignSteps.key, step.key)));
    const implied = stageOfEvent[input.kind];
    const stage = implied ? laterStage(campaign.status, implied) : campaign.status;
    const legacy = input.kind === 'operator_report_received' ? { operatorReportDate: input.occurredOn } : {};
    if (stage !== campaign.status || Object.keys(legacy).length)
      await tx
        .update(campaigns)
        .set({ status: stage, ...legacy })
        .where(eq(campaigns.id, input.campaignId));
    await recordAudit(tx, {
      actor: input.actor,
      action: 'campaign.event',
      entity: 'campaign',
      entityId: input.campaignId,
      territoryId: campaign.territoryId,
      before: before ? { kind: before.kind, occurredOn: before.occurredOn, document: before.document } : null,
      after: {
        kind: input.kind,
        label: eventLabels[input.kind],
        occurredOn: input.occurredOn,
        document,
        source: values.source,
        sourceId: values.sourceId,
        deadlines,
        stage: stage !== campaign.status ? { from: campaign.status, to: stage } : undefined,
      },
    });
    return row!;
  });
}

/** After a calendar year is loaded: recomputes every preliminary deadline that touched one of those years. */
export async function recomputePreliminaryDeadlines(tx: Tx, years: number[], actor: Actor): Promise<number> {
  const rows = await tx.select().from(campaignDeadlines).where(eq(campaignDeadlines.preliminary, true));
  if (!rows.length) return 0;
  const calendar = await loadCalendar(tx);
  let changed = 0;
  const touched = rows.filter((r) =>
    years.some(
      (y) => r.calendar.includes(String(y)) || r.due.startsWith(String(y)) || r.fromDate.startsWith(String(y)),
    ),
  );
  const campaignRows = touched.length
    ? await tx
        .select({ id: campaigns.id, territoryId: campaigns.territoryId })
        .from(campaigns)
        .where(
          inArray(
            campaigns.id,
            touched.map((r) => r.campaignId),
          ),
        )
    : [];
  for (const r of touched) {
    const clock = statutoryClocks.find((c) => c.key === r.key);
    if (!clock) continue;
    const d = deadlineRecord(computeDeadline(calendar, r.fromDate, clock.rule));
    await writeDeadline(tx, r.campaignId, r.key, r.fromEvent, d);
    changed++;
    await recordAudit(tx, {
      actor,
      action: 'campaign.deadline',
      entity: 'campaign',
      entityId: r.campaignId,
      territoryId: campaignRows.find((c) => c.id === r.campaignId)?.territoryId ?? null,
      before: { key: r.key, due: r.due, preliminary: r.preliminary, calendar: r.calendar },
      after: { key: r.key, due: d.due, preliminary: d.preliminary, calendar: d.calendar },
      reason: `загружен производственный календарь на ${years.join(', ')} год`,
    });
  }
  return changed;
}
