// Results benchmark (issue 6):
//  1. recompute a 3,000-organisation campaign from database inputs (checklist answers, survey tallies,
//     registry) to a stored draft (compact snapshot text, decision 0053) — goal under 2 s;
//  2. the public results page of that region (published snapshot, Hono hot path) under 50 concurrent
//     clients on loopback — goal p95 under 150 ms.
// Run: npx tsx bench/results.ts [--orgs 3000] [--seconds 10] [--engine pglite|postgres]
// The server runs in a child process (same file, "serve" mode) so the load generator does not share its
// event loop. Each client connects from its own 127.0.0.x address: the app's per-network rate limit
// (1,200 requests a minute) stays in force and is not what is measured.
import { spawn } from 'node:child_process';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';

const args = process.argv.slice(2);
const opt = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? (args[i + 1] as string) : def;
};

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function serve() {
  const ORGS = Number(opt('orgs', '3000'));
  const { serve: listen } = await import('@hono/node-server');
  const { createHttpApp } = await import('../app/server/http.server');
  const { createLogger } = await import('../src/config/logger.server');
  const { openDatabase } = await import('../src/db/index.server');
  const { seedResultsCampaign } = await import('../test/results/fixtures');
  const { approveVersion, computeDraft, publishVersion } = await import('../src/results/versions.server');
  const url = process.env.BENCH_DATABASE_URL;
  const handle = url ? await openDatabase({ engine: 'postgres', url }) : await openDatabase({ engine: 'pglite' });
  const t0 = performance.now();
  const f = await seedResultsCampaign(handle.db, {
    orgs: ORGS,
    municipalities: 40,
    seed: 42,
    fewResponses: [5, 50, 500],
  });
  const seedMs = performance.now() - t0;
  const runs: number[] = [];
  let versionId = '';
  for (let i = 0; i < 4; i++) {
    const s = performance.now();
    const v = await computeDraft(handle.db, f.campaignId, f.users.operator);
    runs.push(performance.now() - s);
    versionId = v.id;
  }
  // One more run split into phases, to see where the time goes.
  const { assembleInputs, scoreAssembled } = await import('../src/results/versions.server');
  const p0 = performance.now();
  const assembled = await assembleInputs(handle.db, f.campaignId);
  const p1 = performance.now();
  const scored = scoreAssembled(assembled);
  const p2 = performance.now();
  const phases = {
    assembleMs: Math.round(p1 - p0),
    scoreAndSnapshotMs: Math.round(p2 - p1),
    jsonChars: scored.json.length,
  };
  const size = await handle.db.execute(
    (await import('drizzle-orm'))
      .sql`select pg_column_size(snapshot) as bytes, length(snapshot::text) as chars from result_versions where id = ${versionId}`,
  );
  await approveVersion(handle.db, versionId, { number: '1', date: '2025-10-01', confirmGaps: true }, f.users.chair);
  await publishVersion(handle.db, versionId, f.users.authority, new Date(), { confirmGaps: true });
  const config = {
    nodeEnv: 'production' as const,
    host: '127.0.0.1',
    port: 0,
    databaseUrl: url,
    dataDir: os.tmpdir(),
    sessionSecret: 'bench-secret-bench-secret-bench-secret-0',
    logLevel: 'silent',
    publicUrl: undefined,
  };
  const app = createHttpApp({ db: handle.db, config: config as never, logger: createLogger('silent') });
  const server = listen({ fetch: app.fetch, hostname: '0.0.0.0', port: 0 }, (info) => {
    const rows =
      (size as unknown as { rows?: { bytes: number; chars: number }[] }).rows ??
      (size as unknown as { bytes: number; chars: number }[]);
    process.stdout.write(
      JSON.stringify({
        port: info.port,
        campaignId: f.campaignId,
        orgId: f.orgIds[7],
        seedMs,
        runs,
        phases,
        engine: url ? 'postgres' : 'pglite',
        snapshot: rows[0],
      }) + '\n',
    );
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

async function main() {
  const { Client } = await import('undici');
  const seconds = Number(opt('seconds', '10'));
  const CONCURRENCY = 50;
  const child = spawn(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, 'serve', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = await new Promise<{
    phases: Record<string, number>;
    port: number;
    campaignId: string;
    orgId: string;
    seedMs: number;
    runs: number[];
    engine: string;
    snapshot: { bytes: number; chars: number };
  }>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', (l) => resolve(JSON.parse(l)));
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  const paths = {
    table: `/rezultaty/${ready.campaignId}`,
    card: `/rezultaty/${ready.campaignId}/o/${ready.orgId}`,
  };
  let run = 0;
  async function load(path: string, revalidate: boolean) {
    // Each run gets its own source addresses, so no run inherits another's rate-limit window.
    run++;
    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    let bytes = 0;
    const deadline = performance.now() + seconds * 1000;
    let etag: string | undefined;
    const clients = Array.from(
      { length: CONCURRENCY },
      (_, i) => new Client(`http://127.0.0.1:${ready.port}`, { localAddress: `127.0.${run}.${i + 2}`, pipelining: 1 }),
    );
    // Warm-up: first render and snapshot parse are not part of the steady state.
    {
      const r = await clients[0]!.request({ path, method: 'GET', headers: { 'accept-encoding': 'gzip' } });
      etag = r.headers.etag as string | undefined;
      await r.body.arrayBuffer();
    }
    await Promise.all(
      clients.map(async (client) => {
        while (performance.now() < deadline) {
          const s = performance.now();
          const headers: Record<string, string> = { 'accept-encoding': 'gzip' };
          if (revalidate && etag) headers['if-none-match'] = etag;
          const r = await client.request({ path, method: 'GET', headers });
          const body = await r.body.arrayBuffer();
          latencies.push(performance.now() - s);
          bytes += body.byteLength;
          statuses.set(r.statusCode, (statuses.get(r.statusCode) ?? 0) + 1);
        }
      }),
    );
    await Promise.all(clients.map((c) => c.close()));
    latencies.sort((a, b) => a - b);
    return {
      path: path.replace(ready.campaignId, ':campaign').replace(ready.orgId, ':org'),
      revalidate,
      requests: latencies.length,
      rps: Math.round(latencies.length / seconds),
      p50: +percentile(latencies, 50).toFixed(1),
      p95: +percentile(latencies, 95).toFixed(1),
      p99: +percentile(latencies, 99).toFixed(1),
      avgKiB: +(bytes / latencies.length / 1024).toFixed(1),
      statuses: Object.fromEntries(statuses),
    };
  }
  const results = [await load(paths.table, false), await load(paths.table, true), await load(paths.card, false)];
  child.kill('SIGTERM');
  const runs = ready.runs.slice(1);
  console.log(
    JSON.stringify(
      {
        machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, Node ${process.version}`,
        engine: ready.engine,
        seedMs: Math.round(ready.seedMs),
        phases: ready.phases,
        recompute: {
          firstMs: Math.round(ready.runs[0]!),
          measuredMs: runs.map(Math.round),
          medianMs: Math.round([...runs].sort((a, b) => a - b)[1]!),
        },
        snapshot: ready.snapshot,
        load: results,
      },
      null,
      1,
    ),
  );
}

if (args[0] === 'serve') await serve();
else await main();
