// Gathers what the bus.gov.ru package needs from the database — the published result version (the same
// one the open data serves), the registry's keys, the adopted proposals, the public plans and their
// progress reports — and zips the files with the PDFs the caller rendered.
import { createRequire } from 'node:module';
import type { ZipArchive as ZipArchiveType } from 'archiver';
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../db/index.server';
import { councilDecisions } from '../../db/schema/council';
import { planReports } from '../../db/schema/plans';
import { campaigns, organisations, territories } from '../../db/schema/registry';
import { publicProposals } from '../../council/public.server';
import { itemStatusLabels } from '../../plans/model';
import { publicPlansOfCampaign } from '../../plans/public.server';
import { withRegistryInn } from '../../results/public.server';
import { currentPublished, getVersion } from '../../results/versions.server';
import type { ReportRow } from '../../plans/execution.server';
import { busGovFiles, type BusGovInput, type PackageFile } from './busgov';
import { DocumentError } from '../registry.server';
import { isUuid } from '../../lib/ids';

const requireLazy = createRequire(import.meta.url);
const reportStatusLabels: Record<string, string> = {
  submitted: 'представлен, ждёт рассмотрения',
  accepted: 'принят',
  returned: 'возвращён на доработку',
};

export async function busGovInput(db: Tx, campaignId: string, today: string): Promise<Omit<BusGovInput, 'pdfs'>> {
  if (!isUuid(campaignId)) throw new DocumentError('Кампания не найдена.', 404);
  const [c] = await db
    .select({ c: campaigns, territoryName: territories.name })
    .from(campaigns)
    .innerJoin(territories, eq(territories.id, campaigns.territoryId))
    .where(eq(campaigns.id, campaignId));
  if (!c) throw new DocumentError('Кампания не найдена.', 404);
  const published = await currentPublished(db, campaignId);
  if (!published)
    throw new DocumentError(
      'Результаты кампании ещё не опубликованы: пакет для bus.gov.ru собирают из опубликованной версии.',
      409,
    );
  const version = (await getVersion(db, published.id))!;
  const snapshot = await withRegistryInn(db, version.snapshot);
  const ids = snapshot.organisations.map((o) => o.id);
  const orgs: BusGovInput['organisations'][number][] = [];
  for (let i = 0; i < ids.length; i += 1000) {
    orgs.push(
      ...(await db
        .select({
          id: organisations.id,
          inn: organisations.inn,
          kpp: organisations.kpp,
          ogrn: organisations.ogrn,
          fullName: organisations.fullName,
          shortName: organisations.shortName,
        })
        .from(organisations)
        .where(inArray(organisations.id, ids.slice(i, i + 1000)))),
    );
  }
  const [decision] = await db
    .select()
    .from(councilDecisions)
    .where(and(eq(councilDecisions.campaignId, campaignId), eq(councilDecisions.kind, 'results')))
    .orderBy(desc(councilDecisions.decidedOn))
    .limit(1);
  const proposals = await publicProposals(db, campaignId);
  const plans = await publicPlansOfCampaign(db, campaignId, today);
  const reports = plans.length
    ? await db
        .select()
        .from(planReports)
        .where(
          inArray(
            planReports.planId,
            plans.map((p) => p.id),
          ),
        )
        .orderBy(planReports.planId, planReports.periodEnd)
    : [];
  const orgOfPlan = new Map(plans.map((p) => [p.id, p.organisationId]));
  return {
    campaign: {
      id: c.c.id,
      title: c.c.title,
      year: c.c.year,
      territoryName: c.territoryName,
      operatorName: c.c.operatorName,
      operatorContract: c.c.operatorContract,
      operatorReportDate: c.c.operatorReportDate,
      councilDecisionNumber: decision?.number ?? c.c.councilDecisionNumber,
      councilDecisionDate: decision?.decidedOn ?? c.c.councilDecisionDate,
    },
    version: {
      number: published.version,
      contentHash: published.contentHash,
      publishedAt: published.publishedAt?.toISOString() ?? null,
    },
    snapshot,
    organisations: orgs,
    proposals: proposals.map((p) => ({
      organisationId: p.organisationId,
      addressee: p.addressee,
      criterion: p.criterion,
      indicator: p.indicator,
      text: p.text,
      needsFunding: p.needsFunding,
      decisionNumber: p.decisionNumber,
      decisionDate: p.decisionDate,
    })),
    plans: plans.map((p) => ({
      id: p.id,
      organisationId: p.organisationId,
      year: p.year,
      version: p.version,
      statusLabel: p.statusLabel,
      act: p.act,
      siteUrl: p.siteUrl,
      rows: p.sections.flatMap((s) =>
        s.rows.map((r) => ({
          section: s.number,
          number: r.number,
          shortfall: r.shortfall,
          measure: r.measure,
          planned: r.planned,
          implemented: r.implemented,
          actualDate: r.actualDate,
          statusLabel: r.statusLabel,
        })),
      ),
    })),
    reports: reports.map((r) => ({
      planId: r.planId,
      organisationId: orgOfPlan.get(r.planId)!,
      periodStart: r.periodStart,
      periodEnd: r.periodEnd,
      dueDate: r.dueDate,
      submittedAt: r.submittedAt.toISOString(),
      statusLabel: reportStatusLabels[r.status] ?? r.status,
      rows: (r.rows as ReportRow[]).map((x) => ({
        section: x.section,
        position: x.position,
        shortfall: x.shortfall,
        measure: x.measure,
        implemented: x.implemented,
        actualDate: x.actualDate,
        statusLabel: itemStatusLabels[x.status] ?? x.status,
      })),
    })),
    generatedOn: today,
  };
}

/** The ZIP: the CSV files and README at the top, the PDFs under documents/. */
export async function busGovZip(
  input: Omit<BusGovInput, 'pdfs'>,
  pdfs: readonly { path: string; title: string; bytes: Uint8Array }[],
): Promise<Uint8Array> {
  const files: PackageFile[] = busGovFiles({ ...input, pdfs: pdfs.map((p) => ({ path: p.path, title: p.title })) });
  // archiver is loaded on first use (~0.25 s), not at server start.
  const { ZipArchive } = requireLazy('archiver') as { ZipArchive: typeof ZipArchiveType };
  const zip = new ZipArchive({ zlib: { level: 6 } });
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    zip.on('data', (c: Buffer) => chunks.push(c));
    zip.on('end', () => resolve());
    zip.on('error', reject);
  });
  // A fixed date keeps the archive identical for identical data (the file can be cached and compared).
  const date = new Date(`${input.generatedOn}T00:00:00Z`);
  for (const f of files) zip.append(Buffer.from(f.content, 'utf8'), { name: f.path, date });
  for (const p of pdfs) zip.append(Buffer.from(p.bytes), { name: p.path, date });
  await zip.finalize();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}
