// The results downloads (XLSX, CSV for Excel, open data CSV and JSON) of one published version; they
// share the pages' ETag rules.
import type { Context } from 'hono';
import { resultsCsv, resultsCsvExcel, resultsJson, resultsXlsx } from '../../../src/reports/results-export.server';
import { etagOf, matches } from './http-cache';
import { decisionText, type View } from './view';

export type DownloadKind = 'xlsx' | 'csv' | 'json' | 'excel-csv';

export async function download(c: Context, v: View, kind: DownloadKind) {
  const etag = etagOf(v.version.contentHash, `download|${kind}`);
  c.header('ETag', etag);
  c.header('Cache-Control', v.pin ? 'public, max-age=31536000, immutable' : 'public, max-age=0, must-revalidate');
  if (matches(c.req.header('If-None-Match'), etag)) return c.body(null, 304);
  const name = `nok-${v.snapshot.campaign.year}-v${v.version.version}`;
  if (kind === 'json') {
    c.header('Content-Disposition', `attachment; filename="${name}.json"`);
    return c.json(resultsJson(v.snapshot, v.version));
  }
  if (kind === 'excel-csv') {
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${name}-excel.csv"`);
    return c.body(resultsCsvExcel(v.snapshot, v.version.version));
  }
  if (kind === 'csv') {
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${name}.csv"`);
    return c.body(resultsCsv(v.snapshot, v.version.version));
  }
  const bytes = await resultsXlsx(v.snapshot, {
    version: v.version.version,
    contentHash: v.version.contentHash,
    decision: decisionText(v.version),
  });
  c.header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  c.header('Content-Disposition', `attachment; filename="${name}.xlsx"`);
  return c.body(bytes as Uint8Array<ArrayBuffer>);
}
