// Worker thread that renders one document (see render.server.ts). Plain JavaScript: it registers the
// TypeScript loader itself, since a worker does not inherit the loader bin/noko.js registered.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { renderInline } = await import('./render.server.ts');
const { DocumentError } = await import('./registry.server.ts');
try {
  const bytes = await renderInline(workerData.kind, workerData.data, workerData.format, (share, stage) =>
    parentPort.postMessage({ progress: [share, stage] }),
  );
  const copy = new Uint8Array(bytes);
  parentPort.postMessage({ bytes: copy }, [copy.buffer]);
} catch (err) {
  parentPort.postMessage({
    error: err instanceof Error ? err.message : String(err),
    documentError: err instanceof DocumentError,
  });
}
