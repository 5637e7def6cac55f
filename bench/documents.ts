// Documents benchmark (issue 15): the operator's analytical report of a 3,000-organisation region (with
// 3,000 cards) in DOCX and in PDF — goal each under 60 s with peak RSS under 1 GB on 2 cores.
// Run: npx tsx bench/documents.ts [--orgs 3000] [--input <prepared input.json>]
//      npx tsx bench/documents.ts busgov [--orgs 3000] — the region's bus.gov.ru package (ZIP with a PDF per
//      public plan): is it short enough to build inside an HTTP request (decision 0067)?
// The region is seeded and scored in one process, its published snapshot written to a file; each format
// is then rendered in a fresh process under /usr/bin/time -v, so the figure is the document's own time
// and peak memory, not PGlite's first start (≈ 900 MB, docs/stack-notes).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const args = process.argv.slice(2);
const opt = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? (args[i + 1] as string) : def;
};

async function prepare(orgs: number, out: string) {
  const { openDatabase } = await import('../src/db/index.server');
  const { seedResultsCampaign } = await import('../test/results/fixtures');
  const { approveVersion, computeDraft, publishVersion } = await import('../src/results/versions.server');
  const { loadAnalyticalInput } = await import('../src/documents/kinds.server');
  const handle = await openDatabase({ engine: 'pglite' });
  const f = await seedResultsCampaign(handle.db, { orgs, municipalities: 40, seed: 42, fewResponses: [5, 50, 500] });
  const v = await computeDraft(handle.db, f.campaignId, f.users.operator);
  await approveVersion(handle.db, v.id, { number: '1', date: '2025-10-01', confirmGaps: true }, f.users.chair);
  await publishVersion(handle.db, v.id, f.users.authority, new Date(), { confirmGaps: true });
  const input = await loadAnalyticalInput(handle.db, { campaignId: f.campaignId });
  writeFileSync(out, JSON.stringify(input));
  await handle.close();
}

async function render(file: string, format: 'docx' | 'pdf', out: string) {
  // As the server and the command do it: the loaded data handed to a render worker thread.
  const { renderInWorker } = await import('../src/documents/render.server');
  const input = JSON.parse(readFileSync(file, 'utf8'));
  if (input.version.publishedAt) input.version.publishedAt = new Date(input.version.publishedAt);
  const t0 = performance.now();
  const bytes = await renderInWorker('analytical', input, format, () => {});
  const t1 = performance.now();
  writeFileSync(out, bytes);
  console.log(JSON.stringify({ renderMs: Math.round(t1 - t0), bytes: bytes.length }));
}

function timed(argv: string[]): { wallS: number; cpuS: number; rssMb: number; stdout: string } {
  const r = spawnSync('/usr/bin/time', ['-v', process.execPath, '--import', 'tsx', ...argv], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed:\n${r.stderr}`);
  const wall = /Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)/.exec(r.stderr)!;
  const wallS = Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
  const rssKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)![1]);
  // CPU seconds (user + system, all threads): what the work costs whatever else the machine runs.
  const cpuS =
    Number(/User time \(seconds\): ([\d.]+)/.exec(r.stderr)![1]) +
    Number(/System time \(seconds\): ([\d.]+)/.exec(r.stderr)![1]);
  return { wallS, cpuS, rssMb: Math.round(rssKb / 1024), stdout: r.stdout.trim() };
}

async function busgov(orgs: number) {
  // The region as months of work leave it: results published, every organisation's plan approved (one
  // act) with one accepted progress report — each becomes a PDF inside the package.
  const { sql } = await import('drizzle-orm');
  const { openDatabase } = await import('../src/db/index.server');
  const { seedResultsCampaign } = await import('../test/results/fixtures');
  const { approveVersion, computeDraft, publishVersion } = await import('../src/results/versions.server');
  const { generatePlans } = await import('../src/plans/generate.server');
  await import('../src/documents/kinds.server');
  const { documentKind } = await import('../src/documents/registry.server');
  const { renderInline } = await import('../src/documents/render.server');
  const handle = await openDatabase({ engine: 'pglite' });
  const db = handle.db;
  const s0 = performance.now();
  const f = await seedResultsCampaign(db, { orgs, municipalities: 40, seed: 42 });
  const v = await computeDraft(db, f.campaignId, f.users.operator);
  await approveVersion(db, v.id, { number: '1', date: '2025-10-01', confirmGaps: true }, f.users.chair);
  await publishVersion(db, v.id, f.users.authority, new Date(), { confirmGaps: true });
  await generatePlans(db, f.campaignId, f.users.authority);
  await db.execute(
    sql`insert into plan_acts (territory_id, kind, number, date, approver_post, approver_name) values (${f.regionId}, 'приказ', '1', '2025-12-01', 'министр', 'И. И. Иванов')`,
  );
  await db.execute(
    sql`update improvement_plans set status = 'approved', act_id = (select id from plan_acts limit 1), approved_at = now()`,
  );
  await db.execute(sql`insert into plan_reports (plan_id, period_start, period_end, due_date, submitted_by, rows, status)
    select p.id, date '2026-01-01', date '2026-03-31', date '2026-04-03', 'бенчмарк',
      coalesce((select jsonb_agg(jsonb_build_object('section', i.section, 'position', i.position, 'shortfall', i.shortfall, 'measure', i.measure, 'status', i.status, 'implemented', i.implemented, 'actualDate', i.actual_date, 'plannedDate', i.planned_date)) from plan_items i where i.plan_id = p.id), '[]'::jsonb), 'accepted'
    from improvement_plans p`);
  await db.execute(sql`analyze plan_items, improvement_plans, plan_reports`);
  const plans = (
    (await db.execute(sql`select count(*)::int as n from improvement_plans`)) as unknown as { rows: { n: number }[] }
  ).rows[0]!.n;
  console.log(`seed + score + publish + ${plans} approved plans: ${((performance.now() - s0) / 1000).toFixed(1)} s`);
  const k = documentKind('busgov')!;
  const params = { campaignId: f.campaignId, options: { date: '2026-04-10' } };
  const t0 = performance.now();
  await k.dataKey(db, params);
  const t1 = performance.now();
  const loaded = await k.load(db, params, () => {});
  const t2 = performance.now();
  const bytes = await renderInline('busgov', loaded, 'zip', () => {});
  const t3 = performance.now();
  const rss = Math.round(process.memoryUsage().rss / 2 ** 20);
  console.log(
    `busgov zip: data key ${Math.round(t1 - t0)} ms, load ${Math.round(t2 - t1)} ms, render ${Math.round(t3 - t2)} ms — ` +
      `${((t3 - t0) / 1000).toFixed(1)} s in all, ${(bytes.length / 2 ** 20).toFixed(1)} MiB, RSS ${rss} MB — ` +
      `${t3 - t0 < 1000 ? 'short enough for a request' : 'too long for a request: a job'}`,
  );
  await handle.close();
}

const mode = args[0];
if (mode === 'busgov') await busgov(Number(opt('orgs', '3000')));
else if (mode === 'prepare') await prepare(Number(opt('orgs', '3000')), opt('out', 'input.json'));
else if (mode === 'render')
  await render(opt('in', 'input.json'), opt('format', 'pdf') as 'docx' | 'pdf', opt('out', 'out.bin'));
else {
  const orgs = Number(opt('orgs', '3000'));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'noko-bench-docs-'));
  // --input: reuse a prepared region (from an earlier run's folder) instead of seeding again.
  const input = opt('input', '') || path.join(dir, 'input.json');
  const self = path.join(import.meta.dirname, 'documents.ts');
  console.log(`${os.cpus()[0]?.model ?? 'CPU'} × ${os.cpus().length}, Node ${process.version}; ${orgs} organisations`);
  if (!opt('input', '')) {
    const s0 = performance.now();
    execFileSync(process.execPath, ['--import', 'tsx', self, 'prepare', '--orgs', String(orgs), '--out', input], {
      stdio: 'inherit',
    });
    console.log(
      `seed + score + publish: ${((performance.now() - s0) / 1000).toFixed(1)} s; snapshot input ${(statSync(input).size / 2 ** 20).toFixed(1)} MiB`,
    );
  }
  for (const format of ['docx', 'pdf'] as const) {
    const out = path.join(dir, `report.${format}`);
    const load = os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
    const r = timed([self, 'render', '--in', input, '--format', format, '--out', out]);
    const pages =
      format === 'pdf' ? /Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [out], { encoding: 'utf8' }))?.[1] : undefined;
    const ok = r.wallS < 60 && r.rssMb < 1024;
    console.log(
      `${format}: ${r.wallS.toFixed(1)} s wall, ${r.cpuS.toFixed(1)} s CPU, peak RSS ${r.rssMb} MB, ${r.stdout}${pages ? `, ${pages} pages` : ''} — load before ${load} — ${ok ? 'within' : 'OVER'} the goal (60 s, 1 GB)`,
    );
  }
  console.log(`files in ${dir}`);
}
