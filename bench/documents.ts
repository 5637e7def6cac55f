// Documents benchmark (issue 15): the operator's analytical report of a 3,000-organisation region (with
// 3,000 cards) in DOCX and in PDF — goal each under 60 s with peak RSS under 1 GB on 2 cores.
// Run: npx tsx bench/documents.ts [--orgs 3000] [--input <prepared input.json>]
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

const mode = args[0];
if (mode === 'prepare') await prepare(Number(opt('orgs', '3000')), opt('out', 'input.json'));
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
