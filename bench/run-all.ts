// `npm run bench`: every benchmark in turn, each in its own process so that one's memory and JIT state do
// not colour the next. Their figures (and the machine they ran on) belong in docs/benchmarks.md.
//   npm run bench [-- scoring survey …]   (default: all, in the order below)
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

const all = ['scoring', 'site-audit', 'survey', 'results', 'plans', 'startup', 'demo'];
const chosen = process.argv.slice(2).filter((a) => all.includes(a));
const unknown = process.argv.slice(2).filter((a) => !all.includes(a));
if (unknown.length) {
  process.stderr.write(`Неизвестные замеры: ${unknown.join(', ')}. Есть: ${all.join(', ')}.\n`);
  process.exit(2);
}

console.log(
  `${os.cpus()[0]?.model ?? 'CPU'} × ${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
const failed: string[] = [];
for (const name of chosen.length ? chosen : all) {
  console.log(`\n== ${name} ==`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, `${name}.ts`)], {
    stdio: 'inherit',
  });
  if (run.status !== 0) failed.push(name);
}
if (failed.length) {
  process.stderr.write(`\nНе завершились успешно: ${failed.join(', ')}.\n`);
  process.exit(1);
}
