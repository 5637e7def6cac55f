// The document kinds НОКО ships. Import this module (the server, the command and the job runner do) to
// have every kind registered. docs2 adds its kinds below the analytical report.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/index.server';
import { campaigns } from '../db/schema/registry';
import { resultVersions } from '../db/schema/results';
import { withRegistryInn } from '../results/public.server';
import { parseSnapshot } from '../results/snapshot';
import { currentPublished } from '../results/versions.server';
import { buildAnalyticalReport, type AnalyticalInput } from './analytical.server';
import { renderDocx } from './docx.server';
import { renderPdf } from './pdf.server';
import { DocumentError, registerDocumentKind, type DocumentParams } from './registry.server';

/** The version a document of a campaign is made from: `options.version` (a number) or the current published one. */
export async function publishedVersionOf(
  db: Db,
  params: DocumentParams,
): Promise<{ id: string; version: number; contentHash: string }> {
  const wanted = params.options?.version;
  if (wanted !== undefined) {
    if (!/^\d{1,6}$/.test(wanted)) throw new DocumentError('Номер версии — целое число.', 400);
    const [row] = await db
      .select({
        id: resultVersions.id,
        version: resultVersions.version,
        contentHash: resultVersions.contentHash,
        status: resultVersions.status,
      })
      .from(resultVersions)
      .where(and(eq(resultVersions.campaignId, params.campaignId), eq(resultVersions.version, Number(wanted))));
    if (!row || row.status !== 'published')
      throw new DocumentError(`Опубликованной версии результатов № ${wanted} у кампании нет.`, 404);
    return row;
  }
  const v = await currentPublished(db, params.campaignId);
  if (!v)
    throw new DocumentError('У кампании нет опубликованных результатов: отчёт строится по опубликованной версии.', 409);
  return { id: v.id, version: v.version, contentHash: v.contentHash };
}

export async function loadAnalyticalInput(db: Db, params: DocumentParams): Promise<AnalyticalInput> {
  const v = await publishedVersionOf(db, params);
  const [row] = await db.select().from(resultVersions).where(eq(resultVersions.id, v.id));
  const [c] = await db.select().from(campaigns).where(eq(campaigns.id, params.campaignId));
  if (!row || !c) throw new DocumentError('Кампания не найдена.', 404);
  const snapshot = await withRegistryInn(db, parseSnapshot(row.snapshot));
  return {
    snapshot,
    version: {
      version: row.version,
      contentHash: row.contentHash,
      publishedAt: row.publishedAt,
      decisionNumber: row.decisionNumber,
      decisionDate: row.decisionDate,
    },
    campaign: {
      operatorName: c.operatorName,
      operatorContract: c.operatorContract,
      operatorReportDate: c.operatorReportDate,
      surveyOpensOn: c.surveyOpensOn,
      surveyClosesOn: c.surveyClosesOn,
    },
  };
}

registerDocumentKind({
  kind: 'analytical',
  title: 'Аналитический отчёт оператора',
  formats: ['docx', 'pdf'],
  job: true,
  dataKey: async (db, params) => `results:${(await publishedVersionOf(db, params)).contentHash}`,
  fileName: () => 'analiticheskiy-otchet',
  load: async (db, params, progress) => {
    progress(0.02, 'Загрузка версии результатов');
    return loadAnalyticalInput(db, params);
  },
  render: async (data, format, progress) => {
    if (format !== 'pdf' && format !== 'docx')
      throw new DocumentError('Аналитический отчёт выпускается в форматах DOCX и PDF.', 400);
    progress(0.1, 'Сборка разделов отчёта');
    const input = data as AnalyticalInput;
    const doc = buildAnalyticalReport({
      ...input,
      onProgress: (done, total) =>
        done % 200 === 0 && progress(0.1 + (0.2 * done) / total, `Карточки организаций: ${done} из ${total}`),
    });
    progress(0.3, format === 'pdf' ? 'Вёрстка PDF' : 'Вёрстка DOCX');
    return format === 'pdf' ? renderPdf(doc) : renderDocx(doc);
  },
});

// docs2's kinds: protocol, decision, tor, list, order, plan, plans, deadlines, busgov.
import './kinds/register.server';
