// docs2's document kinds in docs1's registry (src/documents/registry.server.ts): the council's protocol,
// decisions (results with annexes, terms of reference, list), the draft order, plans (decree 457 form,
// progress report, territory summary), the bus.gov.ru package and the deadlines sheet. Each kind's data
// key is a hash of the model it renders, so a kept file is reused exactly while its data is unchanged.
import { createHash } from 'node:crypto';
import { and, asc, desc, eq, inArray, ne } from 'drizzle-orm';
import type { Db } from '../../db/index.server';
import { councilMeetings, councils } from '../../db/schema/council';
import { improvementPlans, planReports } from '../../db/schema/plans';
import { campaigns, organisations } from '../../db/schema/registry';
import { PUBLIC_STATUSES } from '../../plans/public.server';
import { renderDocx } from '../docx.server';
import type { Document } from '../model';
import { renderPdf } from '../pdf.server';
import {
  DocumentError,
  registerDocumentKind,
  type DocumentFormat,
  type DocumentParams,
  type Progress,
} from '../registry.server';
import { busGovInput, busGovZip } from './busgov.server';
import { deadlinesSheetOf, planSummaryOf } from './data.server';
import { deadlinesDocument, type DeadlinesSheet } from './deadlines';
import type { PlanSummary } from './plan-summary';
import {
  campaignDecisionDocument,
  decisionDocumentOf,
  orderDocumentOf,
  planDocumentOf,
  protocolDocumentOf,
  campaignDecisionId,
} from './documents.server';
import { deadlinesXlsx, planSummaryXlsx } from './xlsx.server';
import { isUuid } from '../../lib/ids';

const isoDate = (v: string | undefined) =>
  !!v &&
  /^\d{4}-\d{2}-\d{2}$/.test(v) &&
  !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) &&
  new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);
const moscowToday = () => new Date(Date.now() + 3 * 3_600_000).toISOString().slice(0, 10);
const hash = (v: unknown) => createHash('sha256').update(JSON.stringify(v)).digest('hex');

/** «Сегодня» of a document: `options.date` (tests, a report as of a past day) or today in Moscow. */
function todayOf(params: DocumentParams): string {
  const d = params.options?.date;
  if (d === undefined) return moscowToday();
  if (!isoDate(d)) throw new DocumentError('Дата — в виде гггг-мм-дд.', 400);
  return d;
}

async function requireCampaign(db: Db, campaignId: string) {
  const [c] = isUuid(campaignId) ? await db.select().from(campaigns).where(eq(campaigns.id, campaignId)) : [];
  if (!c) throw new DocumentError('Кампания не найдена.', 404);
  return c;
}

async function render(doc: Document, format: DocumentFormat, title: string): Promise<Uint8Array> {
  if (format === 'pdf') return renderPdf(doc);
  if (format === 'docx') return renderDocx(doc);
  throw new DocumentError(`${title} выпускается в форматах DOCX и PDF.`, 400);
}

/** A model document kind: its data key is the hash of the model itself. */
function modelKind(
  kind: string,
  title: string,
  fileName: (p: DocumentParams) => string,
  build: (db: Db, p: DocumentParams) => Promise<Document>,
) {
  registerDocumentKind({
    kind,
    title,
    formats: ['docx', 'pdf'],
    dataKey: async (db, params) => `${kind}:${hash(await build(db, params))}`,
    fileName,
    // The model is plain data: it crosses to the render worker as it is.
    load: async (db, params, progress) => {
      progress(0.1, 'Сбор данных');
      return build(db, params);
    },
    render: async (data, format, progress) => {
      progress(0.4, format === 'pdf' ? 'Вёрстка PDF' : 'Вёрстка DOCX');
      return render(data as Document, format, title);
    },
  });
}

/** The meeting of `options.meeting`, held by the council of the campaign's territory. */
async function meetingOf(
  db: Db,
  params: DocumentParams,
): Promise<{ councilId: string; meetingId: string; number: number; year: number }> {
  const c = await requireCampaign(db, params.campaignId);
  const id = params.options?.meeting;
  if (!isUuid(id)) throw new DocumentError('Укажите заседание совета (--meeting <id>).', 400);
  const [m] = await db
    .select({
      id: councilMeetings.id,
      councilId: councilMeetings.councilId,
      number: councilMeetings.number,
      year: councilMeetings.year,
      territoryId: councils.territoryId,
    })
    .from(councilMeetings)
    .innerJoin(councils, eq(councils.id, councilMeetings.councilId))
    .where(eq(councilMeetings.id, id));
  if (!m || m.territoryId !== c.territoryId)
    throw new DocumentError('Заседание не найдено у совета территории этой кампании.', 404);
  return { councilId: m.councilId, meetingId: m.id, number: m.number, year: m.year };
}

modelKind(
  'protocol',
  'Протокол заседания совета',
  () => 'protokol',
  async (db, params) => {
    const m = await meetingOf(db, params);
    return protocolDocumentOf(db, m.councilId, m.meetingId);
  },
);
modelKind(
  'decision',
  'Решение совета о результатах и предложениях',
  () => 'reshenie-soveta',
  async (db, params) => {
    await requireCampaign(db, params.campaignId);
    return campaignDecisionDocument(db, params.campaignId, 'results');
  },
);
modelKind(
  'tor',
  'Предложения в техническое задание оператору',
  () => 'predlozheniya-v-tz',
  async (db, params) => {
    await requireCampaign(db, params.campaignId);
    return campaignDecisionDocument(db, params.campaignId, 'tor');
  },
);
modelKind(
  'list',
  'Перечень организаций на год',
  () => 'perechen-organizaciy',
  async (db, params) => {
    await requireCampaign(db, params.campaignId);
    return campaignDecisionDocument(db, params.campaignId, 'list');
  },
);
modelKind(
  'order',
  'Проект приказа органа о результатах и мерах',
  () => 'proekt-prikaza',
  async (db, params) => {
    await requireCampaign(db, params.campaignId);
    return orderDocumentOf(db, params.campaignId, todayOf(params));
  },
);

/** One plan of the campaign: `options.plan`, or the current plan of `options.organisation`. */
async function planOf(db: Db, params: DocumentParams): Promise<string> {
  await requireCampaign(db, params.campaignId);
  const { plan, organisation } = params.options ?? {};
  if (plan !== undefined) {
    if (!isUuid(plan)) throw new DocumentError('План не найден.', 404);
    const [p] = await db
      .select({ id: improvementPlans.id })
      .from(improvementPlans)
      .where(and(eq(improvementPlans.id, plan), eq(improvementPlans.campaignId, params.campaignId)));
    if (!p) throw new DocumentError('План не найден в этой кампании.', 404);
    return p.id;
  }
  if (!isUuid(organisation))
    throw new DocumentError('Укажите организацию (--organisation <id>) или план (--plan <id>).', 400);
  const [p] = await db
    .select({ id: improvementPlans.id })
    .from(improvementPlans)
    .where(
      and(
        eq(improvementPlans.campaignId, params.campaignId),
        eq(improvementPlans.organisationId, organisation),
        ne(improvementPlans.status, 'superseded'),
      ),
    )
    .orderBy(desc(improvementPlans.version));
  if (!p) throw new DocumentError('У организации нет плана по устранению недостатков в этой кампании.', 404);
  return p.id;
}

/** `options.asOf` (a date) or `options.report` (a stored report) make the progress report; neither, the approved form. */
function planOptions(params: DocumentParams): { asOf: string | null; reportId: string | null } {
  const { asOf, report } = params.options ?? {};
  if (asOf !== undefined && !isoDate(asOf)) throw new DocumentError('Дата «по состоянию на» — в виде гггг-мм-дд.', 400);
  return { asOf: asOf ?? null, reportId: report ?? null };
}

/** Every public plan of the campaign, in one document (one decree may approve all plans at once). */
async function allPlans(db: Db, params: DocumentParams): Promise<Document> {
  await requireCampaign(db, params.campaignId);
  const plans = await db
    .select({ id: improvementPlans.id })
    .from(improvementPlans)
    .innerJoin(organisations, eq(organisations.id, improvementPlans.organisationId))
    .where(
      and(eq(improvementPlans.campaignId, params.campaignId), inArray(improvementPlans.status, [...PUBLIC_STATUSES])),
    )
    .orderBy(asc(organisations.shortName));
  if (!plans.length) throw new DocumentError('В кампании нет утверждённых планов.', 409);
  const opts = planOptions(params);
  const docs = [];
  for (const p of plans) docs.push(await planDocumentOf(db, p.id, { asOf: opts.asOf, reportId: null }));
  return {
    title: `Планы по устранению недостатков (${plans.length})`,
    tableFontSize: 10,
    sections: docs.flatMap((d) => d.sections),
  };
}

registerDocumentKind({
  kind: 'plan',
  title: 'План по устранению недостатков (форма постановления № 457)',
  formats: ['docx', 'pdf'],
  dataKey: async (db, params) =>
    `plan:${hash(await planDocumentOf(db, await planOf(db, params), planOptions(params)))}`,
  fileName: (params) =>
    params.options?.asOf || params.options?.report
      ? 'svedeniya-o-hode-realizacii-plana'
      : 'plan-po-ustraneniyu-nedostatkov',
  load: async (db, params) => planDocumentOf(db, await planOf(db, params), planOptions(params)),
  render: async (data, format) => render(data as Document, format, 'План'),
});

registerDocumentKind({
  kind: 'plans',
  title: 'Планы территории и сводка их выполнения',
  formats: ['xlsx', 'docx', 'pdf'],
  dataKey: async (db, params) =>
    `plans:${hash(params.options ?? {})}:${hash(await planSummaryOf(db, params.campaignId, todayOf(params)))}`,
  fileName: () => 'vypolnenie-planov',
  // Loads both: the summary (XLSX) and every approved plan (DOCX/PDF); `load` does not know the format.
  load: async (db, params, progress) => {
    progress(0.1, 'Сбор планов');
    const summary = await planSummaryOf(db, params.campaignId, todayOf(params));
    // With an organisation (or a plan): that one plan, as `noko report --kind plans --organisation` asks.
    const one = params.options?.organisation !== undefined || params.options?.plan !== undefined;
    const plans = await (
      one ? planOf(db, params).then((id) => planDocumentOf(db, id, planOptions(params))) : allPlans(db, params)
    ).catch((e: unknown) => (e instanceof DocumentError ? e.message : Promise.reject(e)));
    return { summary, plans };
  },
  render: async (data, format) => {
    const d = data as { summary: PlanSummary; plans: Document | string };
    if (format === 'xlsx') return planSummaryXlsx(d.summary);
    if (typeof d.plans === 'string') throw new DocumentError(d.plans, 409);
    return render(d.plans, format, 'Планы');
  },
});

registerDocumentKind({
  kind: 'deadlines',
  title: 'Сроки кампании',
  formats: ['xlsx', 'pdf', 'docx'],
  dataKey: async (db, params) => `deadlines:${hash(await deadlinesSheetOf(db, params.campaignId, todayOf(params)))}`,
  fileName: () => 'sroki-kampanii',
  load: async (db, params) => {
    await requireCampaign(db, params.campaignId);
    return deadlinesSheetOf(db, params.campaignId, todayOf(params));
  },
  render: async (data, format) =>
    format === 'xlsx'
      ? deadlinesXlsx(data as DeadlinesSheet)
      : render(deadlinesDocument(data as DeadlinesSheet), format, 'Лист сроков'),
});

type PackageDoc = { path: string; title: string; doc: Document };

/** The documents of the package: the council's results decision with its annexes and every public plan (with its latest accepted report). */
async function packageDocs(db: Db, campaignId: string, progress: Progress): Promise<PackageDoc[]> {
  const out: PackageDoc[] = [];
  const decision = await campaignDecisionId(db, campaignId, 'results');
  if (decision)
    out.push({
      path: 'documents/reshenie-soveta-o-rezultatah.pdf',
      title: 'решение общественного совета о результатах и предложениях с приложениями 1 и 2',
      doc: await decisionDocumentOf(db, decision),
    });
  const plans = await db
    .select({ id: improvementPlans.id, inn: organisations.inn, name: organisations.shortName })
    .from(improvementPlans)
    .innerJoin(organisations, eq(organisations.id, improvementPlans.organisationId))
    .where(and(eq(improvementPlans.campaignId, campaignId), inArray(improvementPlans.status, [...PUBLIC_STATUSES])))
    .orderBy(asc(organisations.shortName));
  const reports = plans.length
    ? await db
        .select()
        .from(planReports)
        .where(
          and(
            inArray(
              planReports.planId,
              plans.map((p) => p.id),
            ),
            eq(planReports.status, 'accepted'),
          ),
        )
    : [];
  for (const [k, p] of plans.entries()) {
    progress(0.1 + (0.2 * k) / plans.length, `Планы: ${k + 1} из ${plans.length}`);
    out.push({
      path: `documents/plan-${p.inn}.pdf`,
      title: `план по устранению недостатков: ${p.name} (ИНН ${p.inn})`,
      doc: await planDocumentOf(db, p.id, { asOf: null }),
    });
    const last = reports.filter((r) => r.planId === p.id).sort((a, b) => b.periodEnd.localeCompare(a.periodEnd))[0];
    if (last)
      out.push({
        path: `documents/otchet-${p.inn}-${last.periodEnd}.pdf`,
        title: `сведения о ходе реализации плана по состоянию на ${last.periodEnd.slice(8, 10)}.${last.periodEnd.slice(5, 7)}.${last.periodEnd.slice(0, 4)}: ${p.name}`,
        doc: await planDocumentOf(db, p.id, { asOf: null, reportId: last.id }),
      });
  }
  return out;
}

registerDocumentKind({
  kind: 'busgov',
  title: 'Пакет для bus.gov.ru',
  formats: ['zip'],
  // A PDF per public plan and per progress report: a region's package takes minutes (bench/documents.ts).
  job: true,
  dataKey: async (db, params) => `busgov:${hash(await busGovInput(db, params.campaignId, todayOf(params)))}`,
  fileName: () => 'paket-bus-gov-ru',
  load: async (db, params, progress) => {
    progress(0.05, 'Сбор данных');
    return {
      input: await busGovInput(db, params.campaignId, todayOf(params)),
      docs: await packageDocs(db, params.campaignId, progress),
    };
  },
  render: async (data, format, progress) => {
    if (format !== 'zip') throw new DocumentError('Пакет для bus.gov.ru выпускается в формате ZIP.', 400);
    const d = data as { input: Awaited<ReturnType<typeof busGovInput>>; docs: PackageDoc[] };
    const pdfs: { path: string; title: string; bytes: Uint8Array }[] = [];
    for (const [k, x] of d.docs.entries()) {
      progress(0.3 + (0.6 * k) / Math.max(1, d.docs.length), `PDF: ${k + 1} из ${d.docs.length}`);
      pdfs.push({ path: x.path, title: x.title, bytes: await renderPdf(x.doc) });
    }
    progress(0.95, 'Упаковка');
    return busGovZip(d.input, pdfs);
  },
});
