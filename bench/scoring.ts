// Scoring engine benchmark: 100,000 organisations of tallies (seeded, so runs are comparable), scored on
// one core with validation, ranking, territory means and explanations. Goal: under 1 s per 100k.
// Run: npx tsx bench/scoring.ts
// With `node --expose-gc --import tsx bench/scoring.ts` the previous run's results are collected before
// each measured run, so a run is not charged for its predecessor's garbage.
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { scoreOrganisations } from '../src/methodology/engine.ts';
import { requireMethodology } from '../src/methodology/registry.ts';
import type { ScoringOptions } from '../src/methodology/engine.ts';
import type { RawInputs } from '../src/methodology/inputs.ts';
import { prng } from '../test/helpers/prng.ts';

const ORGS = 100_000;
const WARMUP_RUNS = 2;
const MEASURED_RUNS = 5;

const TYPES = ['preschool', 'school', 'college', 'additional'] as const;

function generate(n: number, seed: number): RawInputs[] {
  const rnd = prng(seed);
  const int = (max: number) => Math.floor(rnd() * (max + 1));
  const part = (of: number, p = 0.9) => Math.max(0, Math.min(of, Math.round(of * (p + (rnd() - 0.5) * 0.2))));
  const out: RawInputs[] = [];
  for (let i = 0; i < n; i++) {
    const valid = int(600);
    const hasStand = rnd() > 0.05;
    const standNorm = hasStand ? 15 : 0;
    const q1 = part(valid, 0.7);
    const q3 = part(valid, 0.8);
    const q6 = part(valid, 0.03);
    const q10 = part(valid, 0.5);
    out.push({
      id: `org-${i}`,
      name: `Организация ${i}`,
      type: TYPES[i % 4] as RawInputs['type'],
      information: { stand: { found: int(standNorm), norm: standNorm }, site: { found: int(34), norm: 34 } },
      checklists: { '1.2': int(6), '2.1': int(5), '3.1': int(5), '3.2': int(6) },
      survey: {
        valid,
        yes: {
          q1,
          q2: part(q1),
          q3,
          q4: part(q3),
          q5: part(valid),
          q6,
          q7: part(q6, 0.7),
          q8: part(valid),
          q9: part(valid),
          q10,
          q11: part(q10),
          q12: part(valid),
          q13: part(valid),
          q14: part(valid),
        },
      },
      recipients: valid * 2 + int(100),
    });
  }
  return out;
}

interface Sample {
  wallMs: number;
  /** User + system CPU of the process: stable when other processes share the machine. */
  cpuMs: number;
}

function measure(orgs: RawInputs[], options: ScoringOptions): Sample[] {
  const m = requireMethodology('edu-2019');
  let sink = 0;
  for (let i = 0; i < WARMUP_RUNS; i++) sink += scoreOrganisations(orgs, m, options).territory.total ?? 0;
  const times: Sample[] = [];
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < MEASURED_RUNS; i++) {
    gc?.();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const run = scoreOrganisations(orgs, m, options);
    const wallMs = performance.now() - t0;
    const c = process.cpuUsage(c0);
    times.push({ wallMs, cpuMs: (c.user + c.system) / 1000 });
    sink += run.territory.total ?? 0;
  }
  if (Number.isNaN(sink)) console.log('unreachable');
  return times;
}

const fmt = (x: number) => x.toFixed(0);
const orgs = generate(ORGS, 20190313);
const cpu = os.cpus()[0];
console.log(
  `Машина: ${cpu?.model ?? 'неизвестно'}, ядер: ${os.cpus().length}, Node ${process.version}, ${os.platform()} ${os.arch()}`,
);
console.log(
  `Организаций: ${ORGS.toLocaleString('ru-RU')}; прогревочных прогонов: ${WARMUP_RUNS}; замеров: ${MEASURED_RUNS}; ` +
    `сборка мусора между замерами: ${'gc' in globalThis ? 'да' : 'нет'}; загрузка системы: ${os.loadavg()[0]?.toFixed(1)}`,
);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
for (const [label, options] of [
  ['exact, reweight', { rounding: 'exact', zeroDenominator: 'reweight' }],
  ['operator, reweight', { rounding: 'operator', zeroDenominator: 'reweight' }],
  ['exact, zero, без проверки входа', { rounding: 'exact', zeroDenominator: 'zero', validate: false }],
] as const) {
  const samples = measure(orgs, options);
  const wall = median(samples.map((s) => s.wallMs));
  const cpu = median(samples.map((s) => s.cpuMs));
  const best = Math.min(...samples.map((s) => s.wallMs));
  console.log(
    `${label}: медиана ${fmt(wall)} мс на 100 тыс. (лучший ${fmt(best)} мс, процессорное время ${fmt(cpu)} мс), ` +
      `${Math.round((ORGS / wall) * 1000).toLocaleString('ru-RU')} орг./с`,
  );
}
