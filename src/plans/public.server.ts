// What citizens see: approved and published plans with their execution, the evidence photos staff chose
// to publish, and the «Устранено?» answers — one per browser, with the survey's burst rule per network.
import { createHash, randomBytes } from 'node:crypto';
import { and, asc, desc, eq, gt, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../db/index.server';
import {
  improvementPlans,
  planActs,
  planEvidence,
  planFeedback,
  planItems,
  type PlanSection,
} from '../db/schema/plans';
import { campaigns, organisations } from '../db/schema/registry';
import { defaultThresholds } from '../survey/integrity';
import { keyedHash } from '../survey/codes.server';
import { PlansError } from './errors';
import { isOverdue, itemStatusLabels, plannedText, planStatusLabels, sectionTitles } from './model';
import { isUuid } from './plans.server';
import { ruDate } from '../lib/ru';

export const PUBLIC_STATUSES = ['approved', 'published'] as const;

export type PublicRow = {
  id: string;
  section: PlanSection;
  number: number;
  shortfall: string;
  measure: string;
  planned: string;
  plannedDate: string | null;
  status: string;
  statusLabel: string;
  overdue: boolean;
  implemented: string | null;
  actualDate: string | null;
  verified: boolean;
  photos: number[];
  links: string[];
  fixedYes: number;
  fixedNo: number;
  open: boolean;
};

export type PublicPlan = {
  id: string;
  campaignId: string;
  campaignTitle: string;
  organisationId: string;
  organisation: string;
  organisationFullName: string;
  year: number;
  version: number;
  status: string;
  statusLabel: string;
  act: string | null;
  siteUrl: string | null;
  revision: number;
  sections: { number: PlanSection; title: string; rows: PublicRow[] }[];
  counts: { total: number; done: number; overdue: number };
};

type Heading = {
  organisation: string | null;
  fullName: string | null;
  campaignTitle: string | null;
  act: typeof planActs.$inferSelect | null;
};

/** The plan with its organisation, campaign and act in one statement (the public page is a hot path). */
async function planWithHeading(db: Tx, where: SQL | undefined, order: SQL[] = []) {
  const [row] = await db
    .select({
      plan: improvementPlans,
      organisation: organisations.shortName,
      fullName: organisations.fullName,
      campaignTitle: campaigns.title,
      act: planActs,
    })
    .from(improvementPlans)
    .leftJoin(organisations, eq(organisations.id, improvementPlans.organisationId))
    .leftJoin(campaigns, eq(campaigns.id, improvementPlans.campaignId))
    .leftJoin(planActs, eq(planActs.id, improvementPlans.actId))
    .where(where)
    .orderBy(...order)
    .limit(1);
  return row ?? null;
}

type PublicEvidence = {
  id: number;
  itemId: string;
  kind: 'photo' | 'document' | 'link';
  url: string | null;
  published: boolean;
};

const evidenceColumns = {
  id: planEvidence.id,
  itemId: planEvidence.itemId,
  kind: planEvidence.kind,
  url: planEvidence.url,
  published: planEvidence.published,
};

async function build(
  db: Tx,
  plan: typeof improvementPlans.$inferSelect,
  today: string,
  heading?: Heading,
): Promise<PublicPlan> {
  const head = heading ?? (await planWithHeading(db, eq(improvementPlans.id, plan.id)))!;
  const items = await db
    .select()
    .from(planItems)
    .where(eq(planItems.planId, plan.id))
    .orderBy(asc(planItems.section), asc(planItems.position));
  const evidence = items.length
    ? await db
        .select(evidenceColumns)
        .from(planEvidence)
        .where(
          inArray(
            planEvidence.itemId,
            items.map((i) => i.id),
          ),
        )
        .orderBy(asc(planEvidence.id))
    : [];
  return assemble(plan, head, items, byItem(evidence), today);
}

function byItem(evidence: PublicEvidence[]): Map<string, PublicEvidence[]> {
  const map = new Map<string, PublicEvidence[]>();
  for (const e of evidence) {
    const list = map.get(e.itemId);
    if (list) list.push(e);
    else map.set(e.itemId, [e]);
  }
  return map;
}

function assemble(
  plan: typeof improvementPlans.$inferSelect,
  head: Heading,
  items: (typeof planItems.$inferSelect)[],
  evidence: Map<string, PublicEvidence[]>,
  today: string,
): PublicPlan {
  const act = head.act;
  const rows: PublicRow[] = items.map((i) => {
    const ev = evidence.get(i.id) ?? [];
    return {
      id: i.id,
      section: i.section,
      number: i.position,
      shortfall: i.shortfall,
      measure: i.measure,
      planned: plannedText(i),
      plannedDate: i.plannedDate,
      status: i.status,
      statusLabel: itemStatusLabels[i.status],
      overdue: isOverdue(i, today),
      implemented: i.implemented,
      actualDate: i.actualDate,
      verified: i.status === 'verified',
      // Photos only after staff publish them (decision 0054); links are public references by nature.
      photos: ev.filter((e) => e.kind === 'photo' && e.published).map((e) => e.id),
      links: ev.filter((e) => e.kind === 'link' && e.url).map((e) => e.url!),
      fixedYes: i.fixedYes,
      fixedNo: i.fixedNo,
      open: i.status !== 'cancelled' && i.status !== 'carried_over',
    };
  });
  const sections = (['I', 'II', 'III', 'IV', 'V'] as const)
    .map((number) => ({ number, title: sectionTitles[number], rows: rows.filter((r) => r.section === number) }))
    .filter((s) => s.rows.length);
  return {
    id: plan.id,
    campaignId: plan.campaignId,
    campaignTitle: head.campaignTitle ?? '',
    organisationId: plan.organisationId,
    organisation: head.organisation ?? '',
    organisationFullName: head.fullName ?? '',
    year: plan.year,
    version: plan.version,
    status: plan.status,
    statusLabel: planStatusLabels[plan.status],
    revision: plan.revision,
    act: act ? `${act.kind} от ${ruDate(act.date)} № ${act.number} (${act.approverPost}, ${act.approverName})` : null,
    siteUrl: plan.siteUrl,
    sections,
    counts: {
      total: rows.length,
      done: rows.filter((r) => r.verified).length,
      overdue: rows.filter((r) => r.overdue).length,
    },
  };
}

/** A public plan by id; null unless it is approved or published (drafts are not public). */
export async function publicPlan(
  db: Tx,
  planId: string,
  today = new Date().toISOString().slice(0, 10),
): Promise<PublicPlan | null> {
  if (!isUuid(planId)) return null;
  const row = await planWithHeading(
    db,
    and(eq(improvementPlans.id, planId), inArray(improvementPlans.status, [...PUBLIC_STATUSES])),
  );
  return row ? build(db, row.plan, today, row) : null;
}

/**
 * The version stamp of a public plan's page (null when the plan is not public), in one indexed lookup:
 * the plan's revision — bumped in the same transaction as every change to the plan, its rows, their
 * evidence and every counted «Устранено?» answer — and the moment its organisation (whose names the page
 * shows) last changed. The public page's cache and ETag are keyed on it (decision 0087).
 */
export async function publicStamp(db: Tx, planId: string): Promise<{ revision: number; key: string } | null> {
  if (!isUuid(planId)) return null;
  const [p] = await stampQuery(db).execute({ planId });
  return p ? { revision: p.revision, key: `${p.revision}.${new Date(p.organisation).getTime()}` } : null;
}

// Prepared once per database: on PGlite, building the statement cost more than running it (≈ 1.4 of 2.3 ms).
const stampQueries = new WeakMap<object, ReturnType<typeof buildStampQuery>>();
function buildStampQuery(db: Tx) {
  return db
    .select({ revision: improvementPlans.revision, organisation: organisations.updatedAt })
    .from(improvementPlans)
    .innerJoin(organisations, eq(organisations.id, improvementPlans.organisationId))
    .where(
      and(eq(improvementPlans.id, sql.placeholder('planId')), inArray(improvementPlans.status, [...PUBLIC_STATUSES])),
    )
    .prepare('plans_public_stamp');
}
function stampQuery(db: Tx) {
  let q = stampQueries.get(db);
  if (!q) stampQueries.set(db, (q = buildStampQuery(db)));
  return q;
}

/** The organisation's current public plan (newest cycle), for its public card. */
export async function publicPlanForOrganisation(
  db: Tx,
  organisationId: string,
  today = new Date().toISOString().slice(0, 10),
): Promise<PublicPlan | null> {
  if (!isUuid(organisationId)) return null;
  const row = await planWithHeading(
    db,
    and(eq(improvementPlans.organisationId, organisationId), inArray(improvementPlans.status, [...PUBLIC_STATUSES])),
    [desc(improvementPlans.year), desc(improvementPlans.version)],
  );
  return row ? build(db, row.plan, today, row) : null;
}

/** Every public plan of a campaign: the open data (CSV/JSON) and the API read this. */
export async function publicPlansOfCampaign(
  db: Tx,
  campaignId: string,
  today = new Date().toISOString().slice(0, 10),
): Promise<PublicPlan[]> {
  if (!isUuid(campaignId)) return [];
  // Three statements for the whole campaign (plans with their headings, rows, evidence), not three per plan.
  const where = and(
    eq(improvementPlans.campaignId, campaignId),
    inArray(improvementPlans.status, [...PUBLIC_STATUSES]),
  );
  const plans = await db
    .select({
      plan: improvementPlans,
      organisation: organisations.shortName,
      fullName: organisations.fullName,
      campaignTitle: campaigns.title,
      act: planActs,
    })
    .from(improvementPlans)
    .leftJoin(organisations, eq(organisations.id, improvementPlans.organisationId))
    .leftJoin(campaigns, eq(campaigns.id, improvementPlans.campaignId))
    .leftJoin(planActs, eq(planActs.id, improvementPlans.actId))
    .where(where)
    .orderBy(asc(improvementPlans.organisationId));
  if (!plans.length) return [];
  const ofCampaign = db.select({ id: improvementPlans.id }).from(improvementPlans).where(where);
  const items = await db
    .select()
    .from(planItems)
    .where(inArray(planItems.planId, ofCampaign))
    .orderBy(asc(planItems.planId), asc(planItems.section), asc(planItems.position));
  const evidence = await db
    .select(evidenceColumns)
    .from(planEvidence)
    .innerJoin(planItems, eq(planItems.id, planEvidence.itemId))
    .where(inArray(planItems.planId, ofCampaign))
    .orderBy(asc(planEvidence.id));
  const itemsBy = new Map<string, (typeof planItems.$inferSelect)[]>();
  for (const i of items) {
    const list = itemsBy.get(i.planId);
    if (list) list.push(i);
    else itemsBy.set(i.planId, [i]);
  }
  const evidenceBy = byItem(evidence);
  return plans.map((row) => assemble(row.plan, row, itemsBy.get(row.plan.id) ?? [], evidenceBy, today));
}

export async function publishedPhoto(
  db: Tx,
  evidenceId: number,
): Promise<{ sha256: string; mediaType: string } | null> {
  const [row] = await db
    .select({ sha256: planEvidence.sha256, mediaType: planEvidence.mediaType, status: improvementPlans.status })
    .from(planEvidence)
    .innerJoin(planItems, eq(planItems.id, planEvidence.itemId))
    .innerJoin(improvementPlans, eq(improvementPlans.id, planItems.planId))
    .where(and(eq(planEvidence.id, evidenceId), eq(planEvidence.kind, 'photo'), eq(planEvidence.published, true)));
  if (!row || !row.sha256 || !row.mediaType || !(PUBLIC_STATUSES as readonly string[]).includes(row.status))
    return null;
  return { sha256: row.sha256, mediaType: row.mediaType };
}

// ── «Устранено? да / нет» ─────────────────────────────────────────────────────────────────────────────

export const FEEDBACK_COOKIE = 'noko_plan_voice';

export function newBrowserToken(): string {
  return randomBytes(18).toString('base64url');
}

export const isBrowserToken = (t: string | null | undefined): t is string => !!t && /^[A-Za-z0-9_-]{24}$/.test(t);

export type FeedbackResult = 'counted' | 'already' | 'held';

/**
 * One answer per browser per row (its token hashed); the network is hashed with the server's secret, and
 * more answers from one network to one row than the survey's burst limit within its window are kept but
 * not counted (the survey's burst rule). The counts beside the row change in the same transaction.
 */
export async function answerFixed(
  db: Db,
  input: { planId: string; itemId: string; fixed: boolean; browserToken: string; networkKey: string; secret: string },
  now = new Date(),
): Promise<FeedbackResult> {
  if (!isUuid(input.itemId) || !isUuid(input.planId)) throw new PlansError('Строка плана не найдена.', 404);
  if (!isBrowserToken(input.browserToken))
    throw new PlansError('Не удалось распознать браузер: разрешите cookie и попробуйте ещё раз.');
  const browserKey = createHash('sha256').update(input.browserToken).digest('hex');
  const networkHash = keyedHash(input.secret, 'plan-net', input.networkKey);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ id: planItems.id, status: planItems.status, planStatus: improvementPlans.status })
      .from(planItems)
      .innerJoin(improvementPlans, eq(improvementPlans.id, planItems.planId))
      .where(and(eq(planItems.id, input.itemId), eq(planItems.planId, input.planId)));
    if (!row || !(PUBLIC_STATUSES as readonly string[]).includes(row.planStatus))
      throw new PlansError('Строка плана не найдена.', 404);
    if (row.status === 'cancelled' || row.status === 'carried_over')
      throw new PlansError('Мероприятие отменено или перенесено: вопрос «Устранено?» к нему не задаётся.', 409);
    const since = new Date(now.getTime() - defaultThresholds.burstWindowMs);
    const [{ n } = { n: 0 }] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(planFeedback)
      .where(
        and(
          eq(planFeedback.itemId, input.itemId),
          eq(planFeedback.networkHash, networkHash),
          gt(planFeedback.createdAt, since),
        ),
      );
    const held = n >= defaultThresholds.burstLimit;
    const inserted = await tx
      .insert(planFeedback)
      .values({ itemId: input.itemId, fixed: input.fixed, browserKey, networkHash, quarantined: held, createdAt: now })
      .onConflictDoNothing()
      .returning({ id: planFeedback.id });
    if (!inserted.length) return 'already';
    if (held) return 'held';
    await tx
      .update(planItems)
      .set(input.fixed ? { fixedYes: sql`${planItems.fixedYes} + 1` } : { fixedNo: sql`${planItems.fixedNo} + 1` })
      .where(eq(planItems.id, input.itemId));
    await tx
      .update(improvementPlans)
      .set({ revision: sql`${improvementPlans.revision} + 1` })
      .where(eq(improvementPlans.id, input.planId));
    return 'counted';
  });
}

/** Rows of a plan this browser already answered. */
export async function answeredBy(db: Tx, planId: string, browserToken: string | null): Promise<Set<string>> {
  if (!isBrowserToken(browserToken) || !isUuid(planId)) return new Set();
  const browserKey = createHash('sha256').update(browserToken).digest('hex');
  const rows = await db
    .select({ itemId: planFeedback.itemId })
    .from(planFeedback)
    .innerJoin(planItems, eq(planItems.id, planFeedback.itemId))
    .where(and(eq(planItems.planId, planId), eq(planFeedback.browserKey, browserKey)));
  return new Set(rows.map((r) => r.itemId));
}

// ── Open data ─────────────────────────────────────────────────────────────────────────────────────────

export const OPEN_DATA_COLUMNS = [
  'campaign',
  'organisation_id',
  'organisation',
  'plan_year',
  'plan_version',
  'plan_status',
  'approval_act',
  'section',
  'number',
  'shortfall',
  'measure',
  'planned',
  'status',
  'overdue',
  'implemented',
  'actual_date',
  'fixed_yes',
  'fixed_no',
] as const;

export function openDataRows(plans: readonly PublicPlan[]): (string | number | boolean | null)[][] {
  return plans.flatMap((p) =>
    p.sections.flatMap((s) =>
      s.rows.map((r) => [
        p.campaignTitle,
        p.organisationId,
        p.organisation,
        p.year,
        p.version,
        p.status,
        p.act,
        r.section,
        r.number,
        r.shortfall,
        r.measure,
        r.planned,
        r.status,
        r.overdue,
        r.implemented,
        r.actualDate,
        r.fixedYes,
        r.fixedNo,
      ]),
    ),
  );
}

/** RFC 4180 CSV with a BOM (so spreadsheet programs open the Cyrillic correctly); formulas are defused. */
export function openDataCsv(plans: readonly PublicPlan[]): string {
  const cell = (v: string | number | boolean | null) => {
    if (v === null) return '';
    let s = typeof v === 'boolean' ? (v ? 'да' : 'нет') : String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\n\r;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return (
    '\uFEFF' +
    [OPEN_DATA_COLUMNS.join(','), ...openDataRows(plans).map((r) => r.map(cell).join(','))].join('\r\n') +
    '\r\n'
  );
}
