// Documents as background jobs: one job handler («document») for every registered kind. The stored file
// is reused until the kind's data key changes (a new result version), see enqueueJob.
import type { Db } from '../db/index.server';
import { JobFailure, registerJobHandler } from '../jobs/runner.server';
import './kinds.server';
import { documentKind, DocumentError } from './registry.server';
import { renderInline, renderInWorker } from './render.server';
import { documentJobParams } from './requests.server';

export { enqueueDocument } from './requests.server';

/** Registers the «document» handler. `inWorker`: render off the event loop (the server). */
export function registerDocumentJobs(db: Db, opts: { inWorker: boolean }): void {
  registerJobHandler('document', async ({ params, progress, signal }) => {
    const p = documentJobParams.parse(params);
    const k = documentKind(p.kind);
    if (!k) throw new JobFailure(`Неизвестный вид документа «${p.kind}».`);
    try {
      const data = await k.load(db, { campaignId: p.campaignId, options: p.options }, progress);
      const bytes = opts.inWorker
        ? await renderInWorker(p.kind, data, p.format, progress, signal)
        : await renderInline(p.kind, data, p.format, progress);
      return { bytes, ext: p.format };
    } catch (err) {
      if (err instanceof DocumentError) throw new JobFailure(err.message);
      throw err;
    }
  });
}
