// Requests for documents (pages and the command): checked against the registry and queued as a job, or
// answered with the stored file of the same data. No rendering code here, so route modules import it
// without pulling the renderers or the worker into the web bundle.
import { z } from 'zod';
import type { Db } from '../db/index.server';
import { enqueueJob, type EnqueueResult } from '../jobs/runner.server';
import './kinds.server';
import {
  documentFormats,
  documentKind,
  DocumentError,
  type DocumentFormat,
  type DocumentParams,
} from './registry.server';

export const documentJobParams = z.object({
  kind: z.string().min(1).max(40),
  format: z.enum(documentFormats),
  campaignId: z.uuid(),
  options: z.record(z.string(), z.string().max(200)).optional(),
});
export type DocumentJobParams = z.infer<typeof documentJobParams>;

export async function enqueueDocument(
  db: Db,
  dataDir: string,
  req: { kind: string; format: DocumentFormat; params: DocumentParams; createdBy?: string | null },
): Promise<EnqueueResult> {
  const k = documentKind(req.kind);
  if (!k) throw new DocumentError(`Неизвестный вид документа «${req.kind}».`, 400);
  if (!k.formats.includes(req.format))
    throw new DocumentError(
      `«${k.title}» выпускается в форматах: ${k.formats.map((f) => f.toUpperCase()).join(', ')}.`,
      400,
    );
  const dataKey = await k.dataKey(db, req.params);
  const params: DocumentJobParams = {
    kind: req.kind,
    format: req.format,
    campaignId: req.params.campaignId,
    ...(req.params.options ? { options: req.params.options } : {}),
  };
  return enqueueJob(db, dataDir, { kind: 'document', params, dataKey, createdBy: req.createdBy ?? null });
}
