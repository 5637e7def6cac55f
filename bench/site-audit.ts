// Site-audit benchmark: throughput on 15-page fixture sites with 20 ms added latency, RSS over a
// 1,000-site bulk run, CPU time per parsed page. Fixture servers run in a child process so that their
// CPU does not count against the auditor.  Usage: npx tsx bench/site-audit.ts [--sites 1000]
import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { runBulkAudit } from '../src/site-audit/job.server';
import { MemoryAuditStore, type AuditResultInput, type AuditTarget } from '../src/site-audit/store';
import { serve } from '../test/site-audit/helpers/server';
import { compliantSchool, type Site } from '../test/site-audit/fixtures/school';

const HOSTS = 64;
const LATENCY_MS = 20;

/** A 15-page site: main page, /sveden/ and 13 subsections (inter is left out), documents not checked. */
function fifteenPageSite(): Site {
  const site = compliantSchool();
  delete site['/sveden/inter'];
  return site;
}

async function serveMode(): Promise<void> {
  const ports: number[] = [];
  for (let i = 0; i < HOSTS; i++) ports.push((await serve(fifteenPageSite(), { latencyMs: LATENCY_MS })).port);
  process.send?.({ ports });
}

/** Keeps only summaries, as a database-backed store would: the run itself must not hold reports. */
class SummaryStore extends MemoryAuditStore {
  pages = 0;
  override async saveResult(runId: string, target: AuditTarget, result: AuditResultInput): Promise<void> {
    this.pages += result.report?.summary.pagesFetched ?? 0;
    await super.saveResult(runId, target, { ...result, report: null });
  }
}

async function startServers(): Promise<{ child: ChildProcess; ports: number[] }> {
  const child = fork(fileURLToPath(import.meta.url), ['--serve'], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  const ports = await new Promise<number[]>((resolve) =>
    child.once('message', (m) => resolve((m as { ports: number[] }).ports)),
  );
  return { child, ports };
}

async function bulk(ports: number[], sites: number, politenessDelayMs: number, concurrency: number) {
  const targets: AuditTarget[] = Array.from({ length: sites }, (_, i) => ({
    organisationId: `org-${i}`,
    url: `http://127.0.0.1:${ports[i % ports.length]}/`,
    orgType: 'school',
  }));
  const store = new SummaryStore();
  const runId = await store.createRun({
    campaignId: null,
    targets,
    settings: { date: '2025-12-01', insecure: false, checkDocuments: false },
  });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const final = await runBulkAudit(store, runId, { concurrency, fetcher: { politenessDelayMs } });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  return {
    sites: final.done,
    failed: final.failed,
    seconds,
    sitesPerMinute: (final.done / seconds) * 60,
    pages: store.pages,
    cpuMsPerPage: (cpu.user + cpu.system) / 1000 / Math.max(1, store.pages),
    peakRssMb: peakRss / 1048576,
  };
}

async function main(): Promise<void> {
  const idx = process.argv.indexOf('--sites');
  const bigRun = idx > 0 ? Number(process.argv[idx + 1]) : 1000;
  const { child, ports } = await startServers();
  try {
    console.log(
      `Машина: ${os.cpus()[0]?.model ?? '?'} × ${os.cpus().length}, ${Math.round(os.totalmem() / 1073741824)} ГБ, Node ${process.version}, ${os.platform()} ${os.release()}`,
    );
    console.log(`Сайты: ${HOSTS} хостов по 15 страниц, задержка ответа ${LATENCY_MS} мс, документы не проверяются`);
    const a = await bulk(ports, 120, 200, 16);
    console.log(
      `Пропускная способность (пауза 200 мс между запросами к хосту, 16 сайтов параллельно): ${a.sitesPerMinute.toFixed(0)} сайтов/мин (${a.sites} сайтов за ${a.seconds.toFixed(1)} с, страниц ${a.pages}, ошибок ${a.failed})`,
    );
    console.log(`CPU на страницу (загрузка, разбор, проверка): ${a.cpuMsPerPage.toFixed(2)} мс`);
    const b = await bulk(ports, bigRun, 0, 16);
    console.log(
      `Массовый прогон ${b.sites} сайтов (без паузы, 16 параллельно): ${b.seconds.toFixed(1)} с, ${b.sitesPerMinute.toFixed(0)} сайтов/мин, пик RSS ${b.peakRssMb.toFixed(0)} МБ, CPU на страницу ${b.cpuMsPerPage.toFixed(2)} мс, ошибок ${b.failed}`,
    );
  } finally {
    child.kill();
  }
}

if (process.argv.includes('--serve')) await serveMode();
else await main();
