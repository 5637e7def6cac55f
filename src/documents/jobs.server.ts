// Documents as background jobs: one job handler («document») for every registered kind. The stored file
// is reused until the kind's data key changes (a new result version), see enqueueJob.
import { z } from 'zod';
import type { Db } from '../db/index.server';
import { enqueueJob, JobFailure, registerJobHandler, type EnqueueResult } from '../jobs/runner.server';
import './kinds.server';
import { documentFormats, documentKind, DocumentError, type DocumentFormat, type DocumentParams } from './registry.server';
import { renderInline, renderInWorker } from './render.server';

export const documentJobParams = z.object({
  kind: z.string().min(1).max(40),
  format: z.enum(documentFormats),
  campaignId: z.uuid(),
  options: z.record(z.string(), z.string().max(200)).optional(),
});
export type DocumentJobParams = z.infer<typeof documentJobParams>;

/** Registers the «document» handler. `inWorker`: render off the event loop (the server). */
export function registerDocumentJobs(db: Db, opts: { inWorker: boolean }): void {
  registerJobHandler('document', async ({ params, progress, signal }) => {
    const p = documentJobParams.parse(params);
    const k = documentKind(p.kind);
    if (!k) throw new JobFailure(`Неизвестный вид документа «${p.kind}».`);
    try {
      const data = await k.load(db, { campaignId: p.campaignId, options: p.options }, progress);
      const bytes = opts.inWorker ? await renderInWorker(p.kind, data, p.format, progress, signal) : await renderInline(p.kind, data, p.format, progress);
      return { bytes, ext: p.format };
    } catch (err) {
      if (err instanceof DocumentError) throw new JobFailure(err.message);
      throw err;
    }
  });
}

/** Checks a request against the registry and queues it (or finds the stored file). */
export async function enqueueDocument(db: Db, dataDir: string, req: { kind: string; format: DocumentFormat; params: DocumentParams; createdBy?: string | null }): Promise<EnqueueResult> {
  const k = documentKind(req.kind);
  if (!k) throw new DocumentError(`Неизвестный вид документа «${req.kind}».`, 400);
  if (!k.formats.includes(req.format)) throw new DocumentError(`«${k.title}» выпускается в форматах: ${k.formats.map((f) => f.toUpperCase()).join(', ')}.`, 400);
  const dataKey = await k.dataKey(db, req.params);
  const params: DocumentJobParams = { kind: req.kind, format: req.format, campaignId: req.params.campaignId, ...(req.params.options ? { options: req.params.options } : {}) };
  return enqueueJob(db, dataDir, { kind: 'document', params, dataKey, createdBy: req.createdBy ?? null });
}
