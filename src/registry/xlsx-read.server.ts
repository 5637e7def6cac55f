// Reads the first sheet of an uploaded XLSX off the event loop that serves requests: the declared sizes
// are checked first (zip-check.ts), then a worker thread with its own memory cap streams the rows with
// exceljs's streaming reader, stopping at the row limit. A file that lies about its sizes, or takes too
// long, costs that worker, never /healthz or the questionnaire (issue 10 item 2).
import { resolvePackage } from '../lib/lazy.server';
import { Worker } from 'node:worker_threads';
import { checkZip } from './zip-check';

export type SheetRecord = { cells: string[]; line: number };

export type XlsxLimits = {
  maxRows: number;
  /** Sum of the declared uncompressed sizes of every part. */
  maxUnpackedBytes: number;
  /** Memory cap of the worker (V8 old generation), MB. */
  workerMemoryMb: number;
  timeoutMs: number;
};

export const DEFAULT_XLSX_LIMITS: XlsxLimits = {
  maxRows: 20_000,
  maxUnpackedBytes: 100 * 1024 * 1024,
  workerMemoryMb: 256,
  timeoutMs: 30_000,
};

export type XlsxOutcome =
  | { ok: true; records: SheetRecord[] }
  | { ok: false; reason: 'unreadable' | 'too-big' | 'too-many-rows' | 'no-sheet' | 'timeout'; detail?: string };

// The worker runs as evaluated CommonJS, so it needs no TypeScript loader and no file next to the bundle
// (the React Router build moves this module into build/server). exceljs is resolved here and passed in.
const WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const { Readable } = require('node:stream');
const ExcelJS = require(workerData.exceljs);

function cellText(value) {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if (Array.isArray(value.richText)) return value.richText.map((r) => r.text).join('');
    if (typeof value.text === 'string') return value.text;
    if ('result' in value) return cellText(value.result === undefined ? null : value.result);
    return '';
  }
  return String(value);
}

(async () => {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(workerData.bytes)]), {
    sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'emit',
  });
  const records = [];
  let sheets = 0;
  for await (const sheet of reader) {
    sheets++;
    for await (const row of sheet) {
      const cells = [];
      for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value));
      if (cells.every((c) => c.trim() === '')) continue;
      records.push({ cells, line: row.number });
      // Header + the row limit + one more is enough to refuse; the rest is never read.
      if (records.length > workerData.maxRows + 1) {
        parentPort.postMessage({ ok: false, reason: 'too-many-rows' });
        return;
      }
    }
    break;
  }
  parentPort.postMessage(sheets === 0 ? { ok: false, reason: 'no-sheet' } : { ok: true, records });
})().catch((err) => parentPort.postMessage({ ok: false, reason: 'unreadable', detail: String(err && err.message || err) }));
`;

let exceljsPath: string | undefined;

// At most two XLSX files are read at once per process: each worker may take its memory cap.
const MAX_PARALLEL = 2;
let running = 0;
const waiting: (() => void)[] = [];

async function slot<T>(task: () => Promise<T>): Promise<T> {
  if (running >= MAX_PARALLEL) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await task();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** The first sheet's non-empty rows as text, with their row numbers; or why the file was refused. */
export async function readXlsxRecords(
  bytes: Uint8Array,
  limits: XlsxLimits = DEFAULT_XLSX_LIMITS,
): Promise<XlsxOutcome> {
  const zip = checkZip(bytes, {
    maxEntries: 2000,
    maxEntryBytes: limits.maxUnpackedBytes,
    maxTotalBytes: limits.maxUnpackedBytes,
  });
  if (!zip.ok) {
    if (zip.reason === 'not-zip')
      return { ok: false, reason: 'unreadable', detail: `not a zip (${bytes.length} bytes)` };
    return { ok: false, reason: 'too-big', detail: zip.reason };
  }
  exceljsPath ??= resolvePackage('exceljs');
  const first = await slot(() => readInWorker(bytes, limits));
  if (first.ok || first.reason !== 'unreadable') return first;
  // A worker can fail for reasons of its own — a thread that did not start, the temporary file exceljs writes
  // for a sheet stored before its shared strings — and a person re-sending the same file would then succeed.
  // A file that really is unreadable fails the same way twice; the second try costs one more worker.
  const second = await slot(() => readInWorker(bytes, limits));
  if (second.ok || second.reason !== 'unreadable') return second;
  return { ...second, detail: `${first.detail ?? '?'}; again: ${second.detail ?? '?'}` };
}

function readInWorker(bytes: Uint8Array, limits: XlsxLimits): Promise<XlsxOutcome> {
  return new Promise<XlsxOutcome>((resolve) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { bytes, exceljs: exceljsPath, maxRows: limits.maxRows },
      resourceLimits: { maxOldGenerationSizeMb: limits.workerMemoryMb, maxYoungGenerationSizeMb: 32 },
      stdout: true,
      stderr: true,
    });
    let settled = false;
    const finish = (outcome: XlsxOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish({ ok: false, reason: 'timeout' }), limits.timeoutMs);
    worker.on('message', (m: XlsxOutcome) => finish(m));
    // ERR_WORKER_OUT_OF_MEMORY: the parts unpack to more than they declared.
    worker.on('error', (err: NodeJS.ErrnoException) =>
      finish(
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? { ok: false, reason: 'too-big', detail: 'memory' }
          : { ok: false, reason: 'unreadable', detail: `${err.code ?? 'error'}: ${err.message}` },
      ),
    );
    worker.on('exit', (code) => finish({ ok: false, reason: 'unreadable', detail: `worker exited with code ${code}` }));
  });
}
