// Control for the authority: the territory dashboard (organisations × rows), the overdue list with the
// responsible people, items for the start pages, e-mail reminders, the expert's view of open rows at the
// next visit, and the next campaign's count of last cycle's shortfalls that are gone.
import { and, asc, desc, eq, inArray, isNotNull, ne, sql } from 'drizzle-orm';
import type { SessionUser } from '../auth/policy';
import type { Db, Tx } from '../db/index.server';
import { improvementPlans, planItems, planReminders, planReports, type PlanSection } from '../db/schema/plans';
import { campaigns, organisations } from '../db/schema/registry';
import { users } from '../db/schema/auth';
import { resultVersions } from '../db/schema/results';
import { territoryWithChildren } from '../registry/organisations.server';
import { parseSnapshot, itemStates, type Snapshot } from '../results/snapshot';
import { lockedVersion } from './generate.server';
import { itemStatusLabels, planStatusLabels, reportPeriods, SURVEY_THRESHOLD } from './model';
import { calendar, getSettings, planDeadlines } from './settings.server';
import { countRu, ruDate } from '../lib/ru';

/** Plans per page of the dashboard's table (the first screen stays light: issue 14's p95). */
export const DASHBOARD_PAGE = 50;
/** Rows per page of the overdue list, and of the «waiting» lists on the dashboard. */
export const LIST_PAGE = 20;

/** Rows of a raw query on either engine (PGlite and node-postgres both answer `{ rows }`). */
function rowsOf(result: unknown): unknown[] {
  return ((result as { rows?: unknown[] }).rows ?? (result as unknown[])) as unknown[];
}

export type DashboardFilters = { section?: PlanSection | null; funding?: boolean; q?: string | null; page?: number };

export type DashboardRow = {
  planId: string;
  organisationId: string;
  organisation: string;
  status: string;
  statusLabel: string;
  version: number;
  total: number;
  done: number;
  overdue: number;
  carried: number;
  claimed: number;
  cancelled: number;
  share: number | null;
};

/** Territories the user sees: their own and below; null for administrators (everything). */
export async function visibleTerritories(db: Tx, user: SessionUser): Promise<string[] | null> {
  if (user.role === 'admin') return null;
  if (!user.territoryId) return [];
  return territoryWithChildren(db, user.territoryId);
}

/** Campaigns that have plans, newest first, within the territories. */
export async function campaignsWithPlans(db: Tx, territories: string[] | null) {
  const where = territories
    ? inArray(improvementPlans.territoryId, territories.length ? territories : ['00000000-0000-0000-0000-000000000000'])
    : undefined;
  return db
    .selectDistinct({
      id: campaigns.id,
      title: campaigns.title,
      year: campaigns.year,
      territoryId: campaigns.territoryId,
    })
    .from(improvementPlans)
    .innerJoin(campaigns, eq(campaigns.id, improvementPlans.campaignId))
    .where(where)
    .orderBy(desc(campaigns.year), asc(campaigns.title));
}

function rowFilter(f: DashboardFilters) {
  const parts = [sql`true`];
  if (f.section) parts.push(sql`i.section = ${f.section}`);
  if (f.funding) parts.push(sql`i.needs_funding`);
  return sql.join(parts, sql` and `);
}

function territoryFilter(territories: string[] | null) {
  if (!territories) return sql`true`;
  if (!territories.length) return sql`false`;
  return sql`p.territory_id in ${territories}`;
}

/**
 * The dashboard: one line per current plan of the campaign, totals for the territory, a page at a time.
 * The page's plans are chosen first and only their rows are counted; the territory's totals come from the
 * tallies (decision 0085) unless a name search narrows the plans, when the few matching plans are counted live.
 */
export async function territoryDashboard(
  db: Tx,
  campaignId: string,
  territories: string[] | null,
  f: DashboardFilters,
  today: string,
) {
  const rf = rowFilter(f);
  const tf = territoryFilter(territories);
  const search = f.q?.trim() ?? '';
  const q = search ? sql`o.short_name ilike ${'%' + search.replace(/[%_\\]/g, (m) => '\\' + m) + '%'}` : sql`true`;
  const page = Math.max(1, Math.floor(f.page ?? 1));
  const counts = sql`
    count(i.id)::int as total,
    count(i.id) filter (where i.status = 'verified')::int as done,
    count(i.id) filter (where i.status in ('planned', 'in_progress') and i.planned_kind <> 'permanent' and i.planned_date < ${today})::int as overdue,
    count(i.id) filter (where i.status = 'carried_over')::int as carried,
    count(i.id) filter (where i.status = 'claimed')::int as claimed,
    count(i.id) filter (where i.status = 'cancelled')::int as cancelled`;
  const plans = sql`from improvement_plans p join organisations o on o.id = p.organisation_id
    where p.campaign_id = ${campaignId} and p.status <> 'superseded' and ${tf} and ${q}`;
  const rows = rowsOf(
    await db.execute(sql`with page as (
      select p.id, p.organisation_id, o.short_name, p.status, p.version ${plans}
      order by o.short_name, p.id limit ${DASHBOARD_PAGE} offset ${(page - 1) * DASHBOARD_PAGE})
    select p.id as plan_id, p.organisation_id, p.short_name as organisation, p.status, p.version, ${counts}
    from page p left join plan_items i on i.plan_id = p.id and ${rf}
    group by p.id, p.organisation_id, p.short_name, p.status, p.version order by p.short_name, p.id`),
  ) as Record<string, unknown>[];
  const [planTotals] = rowsOf(
    await db.execute(sql`select count(*)::int as plans,
    count(*) filter (where p.status = 'submitted')::int as awaiting,
    count(*) filter (where p.status in ('approved', 'published'))::int as approved ${plans}`),
  ) as Record<string, number>[];
  const [rowTotals] = search
    ? (rowsOf(
        await db.execute(sql`select ${counts} from improvement_plans p join organisations o on o.id = p.organisation_id
        join plan_items i on i.plan_id = p.id and ${rf}
        where p.campaign_id = ${campaignId} and p.status <> 'superseded' and ${tf} and ${q}`),
      ) as Record<string, number>[])
    : await tallyTotals(db, campaignId, territories, f, today);
  const totals = { ...(planTotals ?? {}), ...(rowTotals ?? {}) } as Record<string, number>;
  const share = (done: number, total: number, cancelled: number) =>
    total - cancelled > 0 ? done / (total - cancelled) : null;
  return {
    page,
    pageSize: DASHBOARD_PAGE,
    pages: Math.max(1, Math.ceil((totals.plans ?? 0) / DASHBOARD_PAGE)),
    totals: { ...totals, share: share(totals.done ?? 0, totals.total ?? 0, totals.cancelled ?? 0) } as Record<
      string,
      number | null
    >,
    rows: rows.map((r): DashboardRow => ({
      planId: String(r.plan_id),
      organisationId: String(r.organisation_id),
      organisation: String(r.organisation),
      status: String(r.status),
      statusLabel: planStatusLabels[r.status as keyof typeof planStatusLabels] ?? String(r.status),
      version: Number(r.version),
      total: Number(r.total),
      done: Number(r.done),
      overdue: Number(r.overdue),
      carried: Number(r.carried),
      claimed: Number(r.claimed),
      cancelled: Number(r.cancelled),
      share: share(Number(r.done), Number(r.total), Number(r.cancelled)),
    })),
  };
}

/**
 * Row counts of the campaign's current plans (not superseded) in the territories from the tallies: a few
 * hundred tally rows instead of every plan row. «Overdue» is still decided here, against today.
 */
export async function tallyTotals(
  db: Tx,
  campaignId: string,
  territories: string[] | null,
  f: DashboardFilters,
  today: string,
) {
  return rowsOf(
    await db.execute(sql`select
      coalesce(sum(t.n), 0)::int as total,
      coalesce(sum(t.n) filter (where t.status = 'verified'), 0)::int as done,
      coalesce(sum(t.n) filter (where t.due < ${today}), 0)::int as overdue,
      coalesce(sum(t.n) filter (where t.status = 'carried_over'), 0)::int as carried,
      coalesce(sum(t.n) filter (where t.status = 'claimed'), 0)::int as claimed,
      coalesce(sum(t.n) filter (where t.status = 'cancelled'), 0)::int as cancelled
    from plan_row_tallies t
    where t.campaign_id = ${campaignId} and t.plan_status <> 'superseded' and ${tallyFilter(territories, f)}`),
  ) as Record<string, number>[];
}

function tallyFilter(territories: string[] | null, f: DashboardFilters = {}) {
  const parts = [territories ? (territories.length ? sql`t.territory_id in ${territories}` : sql`false`) : sql`true`];
  if (f.section) parts.push(sql`t.section = ${f.section}`);
  if (f.funding) parts.push(sql`t.needs_funding`);
  return sql.join(parts, sql` and `);
}

export type OverdueRow = {
  planId: string;
  itemId: string;
  organisation: string;
  section: string;
  position: number;
  measure: string;
  plannedDate: string;
  responsible: string;
  needsFunding: boolean;
};

export async function overdueRows(
  db: Tx,
  campaignId: string | null,
  territories: string[] | null,
  today: string,
  f: DashboardFilters = {},
  limit = 200,
  offset = 0,
): Promise<OverdueRow[]> {
  const rf = rowFilter(f);
  const tf = territoryFilter(territories);
  const cf = campaignId ? sql`p.campaign_id = ${campaignId}` : sql`true`;
  const rows = rowsOf(
    await db.execute(sql`select p.id as plan_id, i.id as item_id, o.short_name, i.section, i.position, i.measure, i.planned_date::text as planned_date, i.responsible_name, i.responsible_post, i.needs_funding
    from plan_items i join improvement_plans p on p.id = i.plan_id join organisations o on o.id = p.organisation_id
    where ${cf} and p.status in ('approved', 'published') and ${tf} and ${rf}
      and i.status in ('planned', 'in_progress') and i.planned_kind <> 'permanent' and i.planned_date < ${today}
    order by i.planned_date, o.short_name, i.id limit ${limit} offset ${offset}`),
  ) as Record<string, unknown>[];
  return rows.map((r) => ({
    planId: String(r.plan_id),
    itemId: String(r.item_id),
    organisation: String(r.short_name),
    section: String(r.section),
    position: Number(r.position),
    measure: String(r.measure),
    plannedDate: String(r.planned_date).slice(0, 10),
    responsible: `${String(r.responsible_name)}, ${String(r.responsible_post)}`,
    needsFunding: r.needs_funding === true,
  }));
}

// ── Start pages ────────────────────────────────────────────────────────────────────────────────────────

export type StartItem = { text: string; href: string; urgent: boolean };

const ru = ruDate;
/** «5 мероприятий»: the number with its word. */
export const plural = countRu;

/** What the start page shows a person about plans: deadlines, rows due soon or overdue, things waiting for them. */
export async function planStartItems(db: Tx, user: SessionUser, today: string): Promise<StartItem[]> {
  const items: StartItem[] = [];
  if (user.role === 'organisation' && user.organisationId) {
    const plans = await db
      .select()
      .from(improvementPlans)
      .where(and(eq(improvementPlans.organisationId, user.organisationId), ne(improvementPlans.status, 'superseded')))
      .orderBy(desc(improvementPlans.createdAt))
      .limit(3);
    for (const p of plans) {
      const href = `/plans/${p.id}`;
      const settings = await getSettings(db, p.territoryId);
      const [v] = await db
        .select({ decisionDate: resultVersions.decisionDate })
        .from(resultVersions)
        .where(eq(resultVersions.id, p.resultVersionId));
      if (p.status === 'draft' || p.status === 'returned') {
        const d = planDeadlines(settings, v?.decisionDate ?? today, null);
        items.push({
          text: `План на ${p.year} год: ${planStatusLabels[p.status]}. Отправить на согласование до ${ru(d.draft.due)}${d.draft.preliminary ? ' (срок предварительный)' : ''}.`,
          href,
          urgent: d.draft.due < today || p.status === 'returned',
        });
      }
      if (p.status === 'approved' || p.status === 'published') {
        const rows = await db
          .select({
            status: planItems.status,
            plannedKind: planItems.plannedKind,
            plannedDate: planItems.plannedDate,
            rejectedReason: planItems.rejectedReason,
          })
          .from(planItems)
          .where(eq(planItems.planId, p.id));
        const open = rows.filter((r) => r.status === 'planned' || r.status === 'in_progress');
        const overdue = open.filter(
          (r) => r.plannedKind !== 'permanent' && r.plannedDate && r.plannedDate < today,
        ).length;
        const soon = open.filter(
          (r) =>
            r.plannedKind !== 'permanent' &&
            r.plannedDate &&
            r.plannedDate >= today &&
            r.plannedDate <= addDays(today, 14),
        ).length;
        const rejected = open.filter((r) => r.rejectedReason).length;
        if (overdue)
          items.push({
            text: `План на ${p.year} год: просрочено ${plural(overdue, ['мероприятие', 'мероприятия', 'мероприятий'])}.`,
            href,
            urgent: true,
          });
        if (soon)
          items.push({
            text: `План на ${p.year} год: в ближайшие две недели срок у ${plural(soon, ['мероприятия', 'мероприятий', 'мероприятий'])}.`,
            href,
            urgent: false,
          });
        if (rejected)
          items.push({
            text: `План на ${p.year} год: подтверждение не принято по ${plural(rejected, ['строке', 'строкам', 'строкам'])} — посмотрите причину.`,
            href,
            urgent: true,
          });
        const due = nextReportDue(
          settings,
          p.year,
          today,
          await db
            .select({ periodEnd: planReports.periodEnd, status: planReports.status })
            .from(planReports)
            .where(eq(planReports.planId, p.id)),
        );
        if (due)
          items.push({
            text: `Сведения о ходе реализации за ${due.label} — до ${ru(due.due)}.`,
            href: `${href}#reports`,
            urgent: due.due < today,
          });
      }
    }
    return items;
  }
  if (user.role === 'authority' || user.role === 'admin' || user.role === 'operator') {
    const territories = await visibleTerritories(db, user);
    const tf = territoryFilter(territories);
    const [plansWaiting] = rowsOf(
      await db.execute(
        sql`select count(*)::int as submitted from improvement_plans p where p.status = 'submitted' and ${tf}`,
      ),
    ) as Record<string, number>[];
    const [rowsWaiting] = rowsOf(
      await db.execute(sql`select
      coalesce(sum(t.n) filter (where t.status = 'claimed'), 0)::int as claimed,
      coalesce(sum(t.n) filter (where t.due < ${today}), 0)::int as overdue
      from plan_row_tallies t where t.plan_status in ('approved', 'published') and ${tallyFilter(territories)}`),
    ) as Record<string, number>[];
    const c = { ...plansWaiting, ...rowsWaiting } as Record<string, number>;
    const [r] = rowsOf(
      await db.execute(
        sql`select count(*)::int as n from plan_reports r join improvement_plans p on p.id = r.plan_id where r.status = 'submitted' and ${tf}`,
      ),
    ) as Record<string, number>[];
    if (user.role !== 'operator' && c?.submitted)
      items.push({
        text: `Ждут согласования: ${plural(c.submitted, ['план', 'плана', 'планов'])}.`,
        href: '/plans?status=submitted',
        urgent: false,
      });
    if (c?.claimed)
      items.push({
        text: `Ждут проверки: ${plural(c.claimed, ['выполненное мероприятие', 'выполненных мероприятия', 'выполненных мероприятий'])}.`,
        href: '/plans#claimed',
        urgent: false,
      });
    if (user.role !== 'operator' && c?.overdue)
      items.push({
        text: `Просрочено ${plural(c.overdue, ['мероприятие', 'мероприятия', 'мероприятий'])} планов по устранению недостатков.`,
        href: '/plans#overdue',
        urgent: true,
      });
    if (user.role !== 'operator' && r?.n)
      items.push({
        text: `Ждут рассмотрения: ${plural(r.n, ['отчёт', 'отчёта', 'отчётов'])} о ходе реализации планов.`,
        href: '/plans#reports',
        urgent: false,
      });
  }
  return items;
}

function addDays(iso: string, n: number) {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** The first period of the plan's year that has ended (or ends within two weeks) without an accepted or pending report. */
export function nextReportDue(
  settings: Awaited<ReturnType<typeof getSettings>>,
  year: number,
  today: string,
  reports: { periodEnd: string; status: string }[],
) {
  const periods = [year, year + 1].flatMap((y) =>
    reportPeriods(calendar(), y, settings.reportPeriod, settings.reportDays),
  );
  return (
    periods.find(
      (p) => p.end <= addDays(today, 14) && !reports.some((r) => r.periodEnd === p.end && r.status !== 'returned'),
    ) ?? null
  );
}

// ── Reminders by e-mail ───────────────────────────────────────────────────────────────────────────────

export type Reminder = { key: string; to: string; name: string; subject: string; text: string };

/**
 * Reminders due today: rows due within 7 days (before) and rows overdue (after, weekly), to the
 * organisation's accounts and the row's responsible account. Each is keyed so it is sent once.
 */
export async function dueReminders(db: Tx, today: string, publicUrl: string | null): Promise<Reminder[]> {
  const soon = addDays(today, 7);
  const rows = rowsOf(
    await db.execute(sql`select i.id, i.measure, i.planned_date::text as planned_date, i.responsible_user_id, p.id as plan_id, p.organisation_id, o.short_name
    from plan_items i join improvement_plans p on p.id = i.plan_id join organisations o on o.id = p.organisation_id
    where p.status in ('approved', 'published') and i.status in ('planned', 'in_progress') and i.planned_kind <> 'permanent' and i.planned_date <= ${soon}
    order by i.planned_date limit 5000`),
  ) as Record<string, unknown>[];
  if (!rows.length) return [];
  const orgIds = [...new Set(rows.map((r) => String(r.organisation_id)))];
  const people = await db
    .select({ id: users.id, email: users.email, name: users.name, organisationId: users.organisationId })
    .from(users)
    .where(and(inArray(users.organisationId, orgIds), eq(users.active, true)));
  const responsible = rows.map((r) => r.responsible_user_id).filter(Boolean) as string[];
  const named = responsible.length
    ? await db
        .select({ id: users.id, email: users.email, name: users.name })
        .from(users)
        .where(inArray(users.id, responsible))
    : [];
  const out: Reminder[] = [];
  for (const r of rows) {
    const due = String(r.planned_date).slice(0, 10);
    const after = due < today;
    // Overdue reminders repeat weekly, counted from the due date.
    if (after && Math.round((Date.parse(today) - Date.parse(due)) / 86_400_000) % 7 !== 0) continue;
    const kind = after ? `after:${today}` : 'before';
    const link = `${publicUrl ?? ''}/plans/${String(r.plan_id)}`;
    const recipients = [
      ...people.filter((p) => p.organisationId === r.organisation_id),
      ...named.filter((p) => p.id === r.responsible_user_id),
    ];
    for (const p of recipients) {
      out.push({
        key: `${String(r.id)}:${kind}:${p.id}`,
        to: p.email,
        name: p.name,
        subject: after
          ? `Просрочено мероприятие плана: ${String(r.short_name)}`
          : `Срок мероприятия плана — ${ru(due)}`,
        text: [
          `Здравствуйте, ${p.name}!`,
          '',
          after ? `Срок мероприятия истёк ${ru(due)}:` : `Срок мероприятия — ${ru(due)}:`,
          String(r.measure),
          '',
          `Отметьте выполнение и приложите подтверждение: ${link}`,
        ].join('\n'),
      });
    }
  }
  return out;
}

/** Sends due reminders once each; `send` is src/auth/mail.ts's sender (or a test double). Returns how many went out. */
export async function sendReminders(
  db: Db,
  today: string,
  publicUrl: string | null,
  send: (m: Reminder) => Promise<void>,
): Promise<{ sent: number; failed: number }> {
  const due = await dueReminders(db, today, publicUrl);
  let sent = 0;
  let failed = 0;
  for (const m of due) {
    const [claimed] = await db
      .insert(planReminders)
      .values({ key: m.key })
      .onConflictDoNothing()
      .returning({ key: planReminders.key });
    if (!claimed) continue;
    try {
      await send(m);
      sent++;
    } catch {
      // Let the next run retry it.
      await db.delete(planReminders).where(eq(planReminders.key, m.key));
      failed++;
    }
  }
  return { sent, failed };
}

// ── The expert at the next visit ──────────────────────────────────────────────────────────────────────

export type OpenRow = {
  planId: string;
  year: number;
  itemId: string;
  itemKey: string | null;
  measure: string;
  statusLabel: string;
  plannedDate: string | null;
  implemented: string | null;
};

/** Open rows of an organisation's approved plans that answer the given checklist (shown on the expert's sheet). */
export async function openRowsForChecklist(db: Tx, organisationId: string, checklist: string): Promise<OpenRow[]> {
  const rows = await db
    .select({ i: planItems, year: improvementPlans.year })
    .from(planItems)
    .innerJoin(improvementPlans, eq(improvementPlans.id, planItems.planId))
    .where(
      and(
        eq(improvementPlans.organisationId, organisationId),
        inArray(improvementPlans.status, ['approved', 'published']),
        eq(planItems.checklist, checklist),
        inArray(planItems.status, ['planned', 'in_progress', 'claimed']),
      ),
    )
    .orderBy(asc(planItems.section), asc(planItems.position));
  return rows.map(({ i, year }) => ({
    planId: i.planId,
    year,
    itemId: i.id,
    itemKey: i.itemId,
    measure: i.measure,
    statusLabel: itemStatusLabels[i.status],
    plannedDate: i.plannedDate,
    implemented: i.implemented,
  }));
}

// ── Did last cycle's shortfalls go away? ──────────────────────────────────────────────────────────────

export type Resolution = { organisationId: string; organisation: string; previous: number; gone: number };

/** Counts of one organisation's previous rows in one municipality's plans (an organisation may have moved). */
type ResolutionEntry = Resolution & { territoryId: string };

/** Computed resolutions by version and campaign, with the stamp of the previous cycle's plans they were computed from. */
const resolutionMemo = new Map<string, { stamp: string; entries: ResolutionEntry[] }>();
/** Parsed snapshots of locked versions: a version's snapshot never changes once stored. */
const snapshotMemo = new Map<string, Snapshot>();
const MEMO_MAX = 8;

function remember<V>(map: Map<string, V>, key: string, value: V) {
  map.delete(key);
  map.set(key, value);
  while (map.size > MEMO_MAX) map.delete(map.keys().next().value as string);
}

/**
 * For the campaign's locked (or newest) result version: per organisation, how many rows of its previous
 * cycle's plan answer a shortfall, and how many of those shortfalls are gone now — the checklist item is
 * present (or not applicable), or the survey indicator reached the threshold.
 * The comparison parses the version's 3,000-organisation snapshot and reads every row of last cycle's
 * plans, so it is computed once and kept until a previous-cycle plan changes (its revision grows, or a
 * plan or a new version appears): the stamp is one short query over the previous cycle's plans.
 */
export async function resolvedShortfalls(
  db: Tx,
  campaignId: string,
  territories: string[] | null,
): Promise<{ rows: Resolution[]; previous: number; gone: number } | null> {
  const locked = await lockedVersion(db, campaignId);
  const [latest] = locked
    ? [locked]
    : await db
        .select({ id: resultVersions.id })
        .from(resultVersions)
        .where(eq(resultVersions.campaignId, campaignId))
        .orderBy(desc(resultVersions.version))
        .limit(1);
  if (!latest) return null;
  const [c] = await db.select({ year: campaigns.year }).from(campaigns).where(eq(campaigns.id, campaignId));
  const [st] = rowsOf(
    await db.execute(sql`select count(*)::int as n, coalesce(sum(p.revision), 0)::text as r
    from improvement_plans p join campaigns c on c.id = p.campaign_id where p.campaign_id <> ${campaignId} and c.year < ${c!.year}`),
  ) as { n: number; r: string }[];
  const stamp = `${st?.n ?? 0}:${st?.r ?? 0}`;
  const key = `${latest.id}|${campaignId}`;
  let memo = resolutionMemo.get(key);
  if (!memo || memo.stamp !== stamp) {
    memo = { stamp, entries: await computeResolutions(db, latest.id, campaignId, c!.year, (st?.n ?? 0) > 0) };
    remember(resolutionMemo, key, memo);
  }
  const acc = new Map<string, Resolution>();
  for (const e of memo.entries) {
    if (territories && !territories.includes(e.territoryId)) continue;
    const r = acc.get(e.organisationId) ?? {
      organisationId: e.organisationId,
      organisation: e.organisation,
      previous: 0,
      gone: 0,
    };
    r.previous += e.previous;
    r.gone += e.gone;
    acc.set(e.organisationId, r);
  }
  const rows = [...acc.values()].sort((a, b) => a.organisation.localeCompare(b.organisation, 'ru'));
  return { rows, previous: rows.reduce((n, r) => n + r.previous, 0), gone: rows.reduce((n, r) => n + r.gone, 0) };
}

async function computeResolutions(
  db: Tx,
  versionId: string,
  campaignId: string,
  year: number,
  anyPrevious: boolean,
): Promise<ResolutionEntry[]> {
  if (!anyPrevious) return [];
  // The previous cycle's current plan of each organisation: another campaign, an earlier year.
  const prev = await db
    .select({
      item: { checklist: planItems.checklist, itemId: planItems.itemId, indicator: planItems.indicator },
      organisationId: improvementPlans.organisationId,
      organisation: organisations.shortName,
      territoryId: improvementPlans.territoryId,
    })
    .from(planItems)
    .innerJoin(improvementPlans, eq(improvementPlans.id, planItems.planId))
    .innerJoin(campaigns, eq(campaigns.id, improvementPlans.campaignId))
    .innerJoin(organisations, eq(organisations.id, improvementPlans.organisationId))
    .where(
      and(
        ne(improvementPlans.campaignId, campaignId),
        ne(improvementPlans.status, 'superseded'),
        sql`${campaigns.year} < ${year}`,
        isNotNull(planItems.indicator),
        inArray(planItems.source, ['shortfall', 'proposal', 'carried']),
      ),
    );
  if (!prev.length) return [];
  let s = snapshotMemo.get(versionId);
  if (!s) {
    const [stored] = await db
      .select({ snapshot: resultVersions.snapshot })
      .from(resultVersions)
      .where(eq(resultVersions.id, versionId));
    s = parseSnapshot(stored!.snapshot);
    remember(snapshotMemo, versionId, s);
  }
  const byOrg = new Map(s.organisations.map((o) => [o.id, o]));
  const acc = new Map<string, ResolutionEntry>();
  for (const r of prev) {
    const org = byOrg.get(r.organisationId);
    if (!org) continue;
    const k = `${r.organisationId}|${r.territoryId}`;
    const entry = acc.get(k) ?? {
      organisationId: r.organisationId,
      organisation: r.organisation,
      previous: 0,
      gone: 0,
      territoryId: r.territoryId,
    };
    entry.previous++;
    let gone = false;
    if (r.item.checklist && r.item.itemId) {
      const st = itemStates(s, org, r.item.checklist);
      gone = st.yes.has(r.item.itemId) || st.na.has(r.item.itemId);
    } else if (r.item.indicator) {
      const v = org.indicators[r.item.indicator]?.value ?? null;
      gone = v !== null && v >= SURVEY_THRESHOLD;
    }
    if (gone) entry.gone++;
    acc.set(k, entry);
  }
  return [...acc.values()];
}

/** Rows claimed done and waiting for a verifier, oldest claim first. */
export async function claimedRows(db: Tx, campaignId: string, territories: string[] | null, limit = 100) {
  const tf = territoryFilter(territories);
  const rows = rowsOf(
    await db.execute(sql`select p.id as plan_id, i.id as item_id, o.short_name, i.section, i.position, i.measure, i.checklist, i.claimed_at::text as claimed_at
    from plan_items i join improvement_plans p on p.id = i.plan_id join organisations o on o.id = p.organisation_id
    where p.campaign_id = ${campaignId} and p.status in ('approved', 'published') and ${tf} and i.status = 'claimed'
    order by i.claimed_at limit ${limit}`),
  ) as Record<string, unknown>[];
  return rows.map((r) => ({
    planId: String(r.plan_id),
    itemId: String(r.item_id),
    organisation: String(r.short_name),
    section: String(r.section),
    position: Number(r.position),
    measure: String(r.measure),
    site: r.checklist === '1.1-site' || r.checklist === '1.2',
    claimedAt: String(r.claimed_at ?? '').slice(0, 10),
  }));
}

/** Progress reports waiting for the authority's review. */
export async function pendingReports(db: Tx, campaignId: string, territories: string[] | null, limit = 100) {
  const tf = territoryFilter(territories);
  const rows = rowsOf(
    await db.execute(sql`select p.id as plan_id, r.id as report_id, o.short_name, r.period_end::text as period_end, r.due_date::text as due_date, r.submitted_at::text as submitted_at
    from plan_reports r join improvement_plans p on p.id = r.plan_id join organisations o on o.id = p.organisation_id
    where p.campaign_id = ${campaignId} and ${tf} and r.status = 'submitted' order by r.submitted_at limit ${limit}`),
  ) as Record<string, unknown>[];
  return rows.map((r) => ({
    planId: String(r.plan_id),
    reportId: String(r.report_id),
    organisation: String(r.short_name),
    periodEnd: String(r.period_end),
    due: String(r.due_date),
    submittedAt: String(r.submitted_at).slice(0, 10),
  }));
}

/** Campaigns of the territories whose results are locked: plans can be generated (again, for newcomers) for them. */
export async function campaignsReadyForPlans(db: Tx, territories: string[] | null) {
  const tf = territories ? (territories.length ? sql`c.territory_id in ${territories}` : sql`false`) : sql`true`;
  const rows = rowsOf(
    await db.execute(sql`select c.id, c.title, c.year, c.territory_id,
      (select count(*)::int from improvement_plans p where p.campaign_id = c.id) as plans
    from campaigns c where ${tf} and exists (select 1 from result_versions v where v.campaign_id = c.id and v.status in ('approved', 'published'))
    order by c.year desc, c.title`),
  ) as Record<string, unknown>[];
  return rows.map((r) => ({
    id: String(r.id),
    title: String(r.title),
    year: Number(r.year),
    territoryId: String(r.territory_id),
    plans: Number(r.plans),
  }));
}
