// Anonymised raw responses, streamed: bounded id ranges of one campaign, each batch turned into text and
// handed to the consumer before the next one is read. Neither the rows nor the file
// are ever held whole, so a million-row export costs one batch of memory.
import { PassThrough, Readable } from 'node:stream';
import { sql } from 'drizzle-orm';

import type { Db } from '../db/index.server';
import { SURVEY_QUESTION_SLOTS } from '../db/schema/survey';
import { exceljs as excel } from '../lib/lazy.server';

const slots = Array.from({ length: SURVEY_QUESTION_SLOTS }, (_, i) => i + 1);

/**
 * What leaves the system: no database id, browser key, network hash, fill time or operator, and the day
 * instead of the moment of submission. Free text is not exported here (it goes through moderation).
 */
export const EXPORT_HEADER = [
  'номер',
  'инн_организации',
  'организация',
  'способ',
  'статус',
  'дата',
  ...slots.map((s) => `в${s}`),
  'кто_отвечает',
  'пол',
  'возраст',
];

export type ExportRow = (string | number | null)[];

const MODE_RU: Record<string, string> = { online: 'онлайн', paper: 'бумага', interview: 'интервью', phone: 'телефон' };
const STATUS_RU: Record<string, string> = { counted: 'учтена', quarantined: 'на проверке', excluded: 'исключена' };

/**
 * Rows of a campaign's responses, batch by batch, in id order. Each batch is a bounded id range
 * (`batchSize` ids) read through the (campaign_id, id) index, so its cost does not depend on the planner's
 * statistics (PGlite has no autovacuum, and right after a bulk load PostgreSQL has none either: an
 * `id > last … limit n` page was planned as "fetch the rest, sort, keep n", making a million-row export
 * quadratic). Responses stored after the export started are not included.
 */
export async function* exportBatches(db: Db, campaignId: string, batchSize = 5000): AsyncGenerator<ExportRow[]> {
  const [bounds] = (
    (await db.execute(
      sql`select min(id)::text as lo, max(id)::text as hi from survey_responses where campaign_id = ${campaignId}`,
    )) as unknown as {
      rows: { lo: string | null; hi: string | null }[];
    }
  ).rows;
  if (!bounds?.lo || !bounds.hi) return;
  const last = Number(bounds.hi);
  let n = 0;
  const qcols = sql.raw(slots.map((s) => `r.q${s}`).join(', '));
  for (let from = Number(bounds.lo); from <= last; from += batchSize) {
    const result = await db.execute(sql`select r.id, o.inn, o.short_name, r.mode, r.status,
        to_char(r.submitted_at at time zone 'Europe/Moscow', 'YYYY-MM-DD') as day, ${qcols}, r.respondent, r.sex, r.age
      from survey_responses r join organisations o on o.id = r.organisation_id
      where r.campaign_id = ${campaignId} and r.id >= ${from} and r.id < ${from + batchSize}
      order by r.id`);
    const rows = (result as unknown as { rows: Record<string, unknown>[] }).rows;
    if (rows.length === 0) continue;
    yield rows.map((r) => [
      ++n,
      r.inn as string,
      r.short_name as string,
      MODE_RU[r.mode as string] ?? (r.mode as string),
      STATUS_RU[r.status as string] ?? (r.status as string),
      r.day as string,
      ...slots.map((s) => (r[`q${s}`] === null ? null : Number(r[`q${s}`]))),
      (r.respondent as string | null) ?? null,
      (r.sex as string | null) ?? null,
      (r.age as string | null) ?? null,
    ]);
  }
}

function csvCell(v: string | number | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  // Formula injection guard for spreadsheets opening the file.
  const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[";\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV (UTF-8 with BOM, «;» separator as Russian Excel expects), one chunk per batch. */
export async function* exportCsv(db: Db, campaignId: string, batchSize = 5000): AsyncGenerator<string> {
  yield '\uFEFF' + EXPORT_HEADER.join(';') + '\r\n';
  for await (const batch of exportBatches(db, campaignId, batchSize)) {
    yield batch.map((row) => row.map(csvCell).join(';')).join('\r\n') + '\r\n';
  }
}

export function exportCsvStream(db: Db, campaignId: string, batchSize = 5000): Readable {
  return Readable.from(exportCsv(db, campaignId, batchSize), { objectMode: false });
}

/** XLSX through exceljs' streaming WorkbookWriter: every row is committed (written out) as it is added. */
export function exportXlsxStream(db: Db, campaignId: string, batchSize = 5000): Readable {
  const out = new PassThrough();
  const workbook = new (excel().stream.xlsx.WorkbookWriter)({ stream: out, useStyles: false, useSharedStrings: false });
  void (async () => {
    try {
      const sheet = workbook.addWorksheet('Анкеты');
      sheet.addRow(EXPORT_HEADER).commit();
      for await (const batch of exportBatches(db, campaignId, batchSize)) {
        for (const row of batch) sheet.addRow(row).commit();
        // Respect a slow reader: wait until the zip stream has been drained.
        if (out.writableNeedDrain) await new Promise((r) => out.once('drain', r));
      }
      sheet.commit();
      await workbook.commit();
    } catch (err) {
      out.destroy(err as Error);
    }
  })();
  return out;
}
