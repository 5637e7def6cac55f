// The registry of document kinds. A kind knows which formats it produces, how to name its data version
// (the key a stored file is reused under until the data changes) and how to build the file. The command
// (`noko report`), the background job and the download pages all dispatch here, so another room adds a
// document by registering one entry (docs2: decision, plans, busgov, deadlines).
import type { Db } from '../db/index.server';

export const documentFormats = ['docx', 'pdf', 'xlsx', 'zip'] as const;
export type DocumentFormat = (typeof documentFormats)[number];

export const formatMime: Record<DocumentFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  zip: 'application/zip',
};

/** Options of one request: the campaign plus the kind's own (a meeting, an organisation, a date). */
export type DocumentParams = { campaignId: string; options?: Record<string, string> };

/** 0–1 with a Russian phrase for the progress bar and the command's stderr. */
export type Progress = (share: number, stage: string) => void;

export type DocumentKind = {
  kind: string;
  /** Russian name: «Аналитический отчёт». */
  title: string;
  formats: readonly DocumentFormat[];
  /**
   * Identifies the data the file is made from (e.g. the result version's content hash). A stored file
   * is reused while this stays the same. Throws a DocumentError when there is nothing to build from.
   */
  dataKey: (db: Db, params: DocumentParams) => Promise<string>;
  /**
   * Reads what the document needs from the database. The result must survive structured cloning (plain
   * data, Dates): it is handed to `render`, which may run in a worker thread so a long layout does not
   * block the web server.
   */
  load: (db: Db, params: DocumentParams, progress: Progress) => Promise<unknown>;
  /** Builds the model and renders it; no database. */
  render: (data: unknown, format: DocumentFormat, progress: Progress) => Promise<Uint8Array>;
  /** File name without extension, Latin letters (headers and shells stay simple). */
  fileName: (params: DocumentParams) => string;
  /**
   * Built only as a background job, never inside an HTTP request: a region's file takes seconds to
   * minutes (the analytical report, the bus.gov.ru package — decision 0067). Pages queue it and show the
   * job's progress; the other kinds take well under a second and download directly.
   */
  job?: boolean;
};

/** A request that cannot be served (no published version, unknown meeting): a 4xx / exit code 1. */
export class DocumentError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 | 409 = 409,
  ) {
    super(message);
    this.name = 'DocumentError';
  }
}

const kinds = new Map<string, DocumentKind>();

export function registerDocumentKind(k: DocumentKind): void {
  kinds.set(k.kind, k);
}

export function documentKind(kind: string): DocumentKind | undefined {
  return kinds.get(kind);
}

export function documentKinds(): DocumentKind[] {
  return [...kinds.values()];
}
