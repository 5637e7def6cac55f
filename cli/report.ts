// `noko report <campaignId> --kind … --format … --out <file>`: a document of a campaign for scripted and
// bulk use, through the same job as the download page (so a file the server already made is reused, and
// one the command makes is there for the page). Progress goes to stderr.
// Exit codes: 0 written, 1 nothing to build from / database unavailable / failed, 2 usage error.
import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  documentFormats,
  documentKind,
  documentKinds,
  DocumentError,
  type DocumentFormat,
} from '../src/documents/registry.server';
import { enqueueDocument, registerDocumentJobs } from '../src/documents/jobs.server';
import { getJob, JobRunner, readResult } from '../src/jobs/runner.server';
import { parseCliArgs, usageError as printUsageError } from './args';
import { openForCli } from './open-db';
import { isUuid } from '../src/lib/ids';

const USAGE = `Использование: noko report <кампания> --kind <вид> --format <формат> --out <файл> [--version N] [--meeting ID] [--organisation ID] [--as-of ГГГГ-ММ-ДД]

  --kind          вид документа:
                    analytical — аналитический отчёт оператора (docx, pdf)
                    protocol   — протокол заседания совета (docx, pdf; нужен --meeting)
                    decision   — решение совета о результатах и предложениях (docx, pdf)
                    tor        — предложения в техническое задание оператору (docx, pdf)
                    list       — перечень организаций на год (docx, pdf)
                    order      — проект приказа органа о результатах и мерах (docx, pdf)
                    plan       — план организации по форме постановления № 457 (docx, pdf; нужен --organisation)
                    plans      — планы территории и сводка их выполнения (xlsx, docx, pdf)
                    deadlines  — сроки кампании (xlsx, pdf, docx)
                    busgov     — пакет для bus.gov.ru (zip)
  --format        docx, pdf, xlsx или zip (какие доступны — зависит от вида)
  --out           куда записать файл
  --version       номер опубликованной версии результатов (по умолчанию текущая)
  --meeting       заседание совета (для протокола)
  --organisation  организация (для плана одной организации)
  --as-of         дата «по состоянию на» (для отчёта о выполнении плана)`;

const usageError = (message: string) => printUsageError(USAGE, message);

export async function run(args: string[]): Promise<number> {
  const parsed = parseCliArgs(args, {
    usage: USAGE,
    options: {
      kind: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      version: { type: 'string' },
      meeting: { type: 'string' },
      organisation: { type: 'string' },
      'as-of': { type: 'string' },
    },
    positionals: true,
    errorPrefix: 'Ошибка в параметрах: ',
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (positionals.length !== 1 || !isUuid(positionals[0])) return usageError('Укажите идентификатор кампании (UUID).');
  await import('../src/documents/kinds.server');
  const kind = values.kind ? documentKind(values.kind) : undefined;
  if (!kind)
    return usageError(
      values.kind
        ? `Неизвестный вид документа «${values.kind}». Есть: ${documentKinds()
            .map((k) => k.kind)
            .join(', ')}.`
        : 'Укажите вид документа (--kind).',
    );
  const format = values.format as DocumentFormat | undefined;
  if (!format || !(documentFormats as readonly string[]).includes(format))
    return usageError(`Укажите формат (--format): ${documentFormats.join(', ')}.`);
  if (!kind.formats.includes(format))
    return usageError(`«${kind.title}» выпускается в форматах: ${kind.formats.join(', ')}.`);
  if (!values.out) return usageError('Укажите файл для записи (--out).');
  const options: Record<string, string> = {};
  if (values.version !== undefined) options.version = values.version;
  if (values.meeting !== undefined) options.meeting = values.meeting;
  if (values.organisation !== undefined) options.organisation = values.organisation;
  if (values['as-of'] !== undefined) options.asOf = values['as-of'];

  const opened = await openForCli(
    'Встроенную базу сейчас держит запущенный сервер НОКО: остановите его или скачайте документ на странице результатов.',
  );
  if (!opened) return 1;
  const { config, handle } = opened;
  let shown = -1;
  const progress = (share: number, stage: string) => {
    const pct = Math.floor(share * 100);
    if (pct === shown) return;
    shown = pct;
    process.stderr.write(`${String(pct).padStart(3)} % ${stage}\n`);
  };
  try {
    registerDocumentJobs(handle.db, { inWorker: true });
    const { job } = await enqueueDocument(handle.db, config.dataDir, {
      kind: kind.kind,
      format,
      params: { campaignId: positionals[0]!, ...(Object.keys(options).length ? { options } : {}) },
      createdBy: 'noko report',
    });
    let current = job;
    if (current.status === 'done')
      process.stderr.write('Файл этой версии данных уже был построен: используется сохранённый.\n');
    else {
      const runner = new JobRunner({
        db: handle.db,
        dataDir: config.dataDir,
        onProgress: (id, share, stage) => id === job.id && progress(share, stage),
      });
      // Another process (the server on PostgreSQL) may hold the job: then wait for it and show its progress.
      while (!(await runner.execute(job.id))) {
        const j = await getJob(handle.db, job.id);
        if (!j || j.status === 'done' || j.status === 'failed') break;
        progress(j.progress, `${j.stage ?? 'В очереди'} (строит другой процесс)`);
        await new Promise((r) => setTimeout(r, 1000));
      }
      current = (await getJob(handle.db, job.id))!;
    }
    if (current.status === 'failed') {
      process.stderr.write(`${current.error ?? 'Не удалось построить документ.'}\n`);
      return 1;
    }
    const bytes = readResult(config.dataDir, current);
    if (!bytes) {
      process.stderr.write('Построенный файл не найден в папке данных.\n');
      return 1;
    }
    const out = path.resolve(values.out);
    const tmp = `${out}.${process.pid}.tmp`;
    writeFileSync(tmp, bytes);
    renameSync(tmp, out);
    process.stderr.write(`100 % Готово: ${out} (${Math.round(bytes.length / 1024)} КБ)\n`);
    return 0;
  } catch (err) {
    if (err instanceof DocumentError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    await handle.close();
  }
}
