import { z } from 'zod';
import type { DocumentRecord } from './types';

const documentRecord = z.object({
  url: z.string().url(),
  itemprop: z.string(),
  section: z.string(),
  reachable: z.boolean(),
  status: z.number().int().nullable(),
  contentType: z.string(),
  size: z.number().nullable(),
  kind: z.enum(['pdf', 'office', 'signature', 'archive', 'image', 'html', 'other']),
  textLayer: z.boolean().nullable(),
  internal: z.boolean().optional(),
  etag: z.string().max(1000).optional(),
  lastModified: z.string().max(200).optional(),
  headRefused: z.boolean().optional(),
  via: z.enum(['get', 'head', 'not-modified', 'page']),
});

/** The part of a previous `--json` report a re-audit uses: its documents and their validators. */
const previousReport = z.object({ documents: z.array(documentRecord).max(1000).default([]) });

/** Parses a previous report (JSON text); null with the reason when it is not one. */
export function parsePreviousReport(text: string): { documents: DocumentRecord[] } | { error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { error: 'файл не является JSON' };
  }
  const parsed = previousReport.safeParse(raw);
  if (!parsed.success) return { error: 'это не отчёт «noko audit --json»: список документов не читается' };
  return { documents: parsed.data.documents as DocumentRecord[] };
}
