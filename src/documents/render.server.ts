// Rendering a loaded document, in this thread or in a worker thread. pdfmake and docx lay out
// synchronously: a region's report holds the event loop for tens of seconds, so the server renders in a
// worker (render-worker.mjs) and only the command and tests render inline.
import { Worker } from 'node:worker_threads';
import './kinds.server';
import { documentKind, DocumentError, type DocumentFormat, type Progress } from './registry.server';

export async function renderInline(
  kind: string,
  data: unknown,
  format: DocumentFormat,
  progress: Progress,
): Promise<Uint8Array> {
  const k = documentKind(kind);
  if (!k) throw new DocumentError(`Неизвестный вид документа «${kind}».`, 400);
  return k.render(data, format, progress);
}

/**
 * The worker's old-generation heap: V8 grows a heap lazily up to gigabytes before it collects hard; a
 * bound makes it collect, keeping a region's report under 1 GB of resident memory (decision 0093).
 */
export const WORKER_HEAP_MB = Number(process.env.NOKO_DOCUMENT_HEAP_MB ?? 640);

type WorkerMessage =
  { progress: [number, string] } | { bytes: Uint8Array } | { error: string; documentError?: boolean };

export function renderInWorker(
  kind: string,
  data: unknown,
  format: DocumentFormat,
  progress: Progress,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./render-worker.mjs', import.meta.url), {
      workerData: { kind, data, format },
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    const stop = () => void worker.terminate();
    signal?.addEventListener('abort', stop, { once: true });
    let settled = false;
    worker.on('message', (m: WorkerMessage) => {
      if ('progress' in m) progress(...m.progress);
      else if ('bytes' in m) {
        settled = true;
        resolve(m.bytes);
      } else {
        settled = true;
        reject(m.documentError ? new DocumentError(m.error, 400) : new Error(m.error));
      }
    });
    worker.on('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.on('exit', (code) => {
      signal?.removeEventListener('abort', stop);
      if (!settled) reject(new Error(signal?.aborted ? 'rendering stopped' : `render worker exited with code ${code}`));
    });
  });
}
