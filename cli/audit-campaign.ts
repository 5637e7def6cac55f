// `noko audit-campaign <campaignId> [--resume <runId>]`: audits the websites of every organisation of a
// campaign in the foreground, storing each result as it comes, with a progress bar on stderr.
import { createAddressGuard } from '../src/site-audit/address-guard.server';
import { progressLine, runBulkAudit, type BulkProgress } from '../src/site-audit/job.server';
import { CampaignAuditError, startCampaignAudit } from '../src/site-audit/campaign-audit.server';
import { DbAuditStore } from '../src/site-audit/store-db.server';
import { dateOptionOk, parseCliArgs, usageError } from './args';
import { readCaFile } from './ca-file';
import { openForCli } from './open-db';

const USAGE = `Использование: noko audit-campaign <id кампании> [параметры]

Проверяет сайты всех организаций кампании и сохраняет результаты (с историей изменений).

Параметры:
  --resume <id проверки>  продолжить прерванную проверку
  --date ГГГГ-ММ-ДД       дата, на которую применяются требования (по умолчанию сегодня)
  --concurrency N         сколько сайтов проверять одновременно (по умолчанию 8)
  --ca-file путь          дополнительный корневой сертификат (PEM)
  --insecure              не проверять сертификаты сайтов (отмечается в отчётах)
  --no-documents          не проверять ссылки на документы
`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCliArgs(args, {
    usage: USAGE,
    options: {
      resume: { type: 'string' },
      date: { type: 'string' },
      concurrency: { type: 'string' },
      'ca-file': { type: 'string' },
      insecure: { type: 'boolean' },
      'no-documents': { type: 'boolean' },
    },
    positionals: true,
    help: true,
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const campaignId = positionals[0];
  if (!campaignId || positionals.length > 1) return usageError(USAGE);
  if (!dateOptionOk(values.date)) return 2;
  const concurrency = values.concurrency === undefined ? 8 : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    process.stderr.write('--concurrency: целое число от 1 до 64.\n');
    return 2;
  }
  const extraCa = readCaFile(values['ca-file']);
  if (!extraCa) return 2;
  const allowedNetworks = (process.env.SITE_AUDIT_ALLOW_NETWORKS ?? '').split(/[\s,]+/).filter(Boolean);
  try {
    createAddressGuard(allowedNetworks);
  } catch (err) {
    process.stderr.write(`SITE_AUDIT_ALLOW_NETWORKS: ${(err as Error).message}\n`);
    return 2;
  }

  const opened = await openForCli(
    'Встроенную базу сейчас держит запущенный сервер НОКО. Запустите проверку сайтов в веб-интерфейсе ' +
      '(страница кампании → «Проверка сайтов»): сервер выполнит её в фоне. Или остановите сервер и повторите команду.',
  );
  if (!opened) return 1;
  const { handle } = opened;
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const store = new DbAuditStore(handle.db);
    let runId: string;
    if (values.resume) {
      const existing = await store.getRun(values.resume);
      if (!existing || existing.campaignId !== campaignId) {
        process.stderr.write(`Проверка ${values.resume} этой кампании не найдена.\n`);
        return 1;
      }
      if (existing.status === 'done') {
        process.stdout.write(`Проверка ${values.resume} уже завершена: ${existing.done} из ${existing.total}.\n`);
        return 0;
      }
      runId = existing.id;
    } else {
      try {
        const started = await startCampaignAudit(
          handle.db,
          campaignId,
          { id: null, name: 'командная строка (noko audit-campaign)' },
          {
            runner: 'cli',
            settings: {
              ...(values.date ? { date: values.date } : {}),
              insecure: values.insecure ?? false,
              checkDocuments: !values['no-documents'],
            },
          },
        );
        runId = started.runId;
        process.stderr.write(`Проверка ${runId}: организаций ${started.total}.\n`);
        if (started.withoutWebsite.length) {
          process.stderr.write(`Не указан адрес сайта в реестре (${started.withoutWebsite.length}):\n`);
          for (const o of started.withoutWebsite) process.stderr.write(`  — ${o.shortName}\n`);
        }
      } catch (err) {
        if (err instanceof CampaignAuditError) {
          process.stderr.write(`${err.message}\n`);
          return 1;
        }
        throw err;
      }
    }
    const bar = progressReporter(process.stderr);
    const final = await runBulkAudit(store, runId, {
      concurrency,
      signal: stop.signal,
      // The addresses come from the registry, typed in by authorities: guarded as on the server
      // (SITE_AUDIT_ALLOW_NETWORKS names intranet ranges); only `noko audit <url>` is unguarded.
      fetcher: { extraCa, addressGuard: createAddressGuard(allowedNetworks) },
      onProgress: bar.update,
    });
    bar.end(final);
    if (stop.signal.aborted && final.done < final.total) {
      process.stderr.write(`Прервано. Продолжить: noko audit-campaign ${campaignId} --resume ${runId}\n`);
      return 130;
    }
    process.stdout.write(
      `Проверено сайтов: ${final.done} из ${final.total}, недоступно или без адреса: ${final.failed}. Номер проверки: ${runId}\n`,
    );
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await handle.close();
  }
}

/** TTY: one line redrawn in place; otherwise (logs, CI) a line at every 5 %. */
export function progressReporter(stream: { isTTY?: boolean; write: (s: string) => unknown; columns?: number }) {
  let lastStep = -1;
  const tty = !!stream.isTTY;
  return {
    update(p: BulkProgress) {
      if (tty) {
        const line = progressLine(p);
        const width = stream.columns ?? 100;
        stream.write(`\r${line.length >= width ? line.slice(0, width - 1) : line}\x1b[K`);
        return;
      }
      const step = p.total > 0 ? Math.floor((p.done / p.total) * 20) : 20;
      if (step === lastStep) return;
      lastStep = step;
      stream.write(`${progressLine({ ...p, current: [] })}\n`);
    },
    end(p: BulkProgress) {
      if (tty) stream.write(`\r${progressLine({ ...p, current: [] })}\x1b[K\n`);
    },
  };
}
