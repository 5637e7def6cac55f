// One organisation's improvement plan (decree 457 form) through the registry — load from the database and
// render — goal under 300 ms (issue 15). A scored, approved campaign is seeded in an in-memory PGlite and
// plans generated from it; the largest plan is then loaded and rendered N times in PDF and DOCX.
// Run: npx tsx bench/documents-plan.ts [--runs 20]
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { desc, eq } from 'drizzle-orm';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] ?? 20) || 20;

const { openDatabase } = await import('../src/db/index.server');
const { seedApprovedCampaign } = await import('../test/plans/fixtures');
const { generatePlans } = await import('../src/plans/generate.server');
const { improvementPlans, planItems } = await import('../src/db/schema/plans');
await import('../src/documents/kinds.server');
const { documentKind } = await import('../src/documents/registry.server');

const handle = await openDatabase({ engine: 'pglite' });
const f = await seedApprovedCampaign(handle.db, { orgs: 6 });
await generatePlans(handle.db, f.campaignId, f.users.authority, { proposals: async () => [] });
const plans = await handle.db
  .select({ id: improvementPlans.id })
  .from(improvementPlans)
  .where(eq(improvementPlans.campaignId, f.campaignId))
  .orderBy(desc(improvementPlans.createdAt));
let planId = plans[0]!.id;
let rows = 0;
for (const p of plans) {
  const n = (await handle.db.select({ id: planItems.id }).from(planItems).where(eq(planItems.planId, p.id))).length;
  if (n > rows) [planId, rows] = [p.id, n];
}
const kind = documentKind('plan')!;
const params = { campaignId: f.campaignId, options: { plan: planId } };

const pct = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
console.log(
  `${os.cpus()[0]?.model ?? 'CPU'} × ${os.cpus().length}, Node ${process.version}; plan of ${rows} rows; load average before ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
for (const format of ['pdf', 'docx'] as const) {
  const times: number[] = [];
  const loads: number[] = [];
  let bytes = 0;
  for (let i = 0; i <= runs; i++) {
    const t0 = performance.now();
    const data = await kind.load(handle.db, params, () => {});
    if (i > 0) loads.push(performance.now() - t0);
    const out = await kind.render(data, format, () => {});
    const ms = performance.now() - t0;
    bytes = out.length;
    if (i === 0) console.log(`${format}: first (cold: fonts, modules) ${ms.toFixed(0)} ms`);
    else times.push(ms);
  }
  const p50 = pct(times, 0.5);
  const p95 = pct(times, 0.95);
  console.log(
    `${format}: ${runs} runs, median ${p50.toFixed(0)} ms (of it loading ${pct(loads, 0.5).toFixed(0)} ms), p95 ${p95.toFixed(0)} ms, ${(bytes / 1024).toFixed(0)} KiB — ${p95 < 300 ? 'within' : 'OVER'} the goal (300 ms)`,
  );
}
console.log(
  `load average after ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
await handle.close();
