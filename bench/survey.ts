// Survey hot-path benchmark and durability check (issue 4).
//   npx tsx bench/survey.ts [--seconds 10] [--concurrency 50] [--skip-postgres] [--workers 1,2] [--export-rows 1000000] [--export-only] [--only q|voice]
// Citizens' voice (issue 16): the same load posts the permanent questionnaire (POST /golos/<code>) and
// reviews (POST /golos/<code>/otzyv) on each engine, and checks that every 303 left exactly one row.
// 1. a bare node:http endpoint (the ceiling of this machine), 2. POST /q/<code> on PGlite, 3. on PostgreSQL
// (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres; a throw-away database is
// created; once per WEB_CONCURRENCY value of --workers, as node:cluster workers like server.ts), each at N concurrent keep-alive clients on loopback. Every client uses its own 127.x.y.z source
// address and moves to a fresh one before the per-network limit of /q, so the rate limiter and the
// integrity screens see many households, as in real use. 4. durability: SIGKILL mid-load, restart, check
// that every acknowledged (303) response is in the database and in the tallies. 5. optional streamed
// export of a large campaign with peak memory.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'undici';
import pg from 'pg';
import { csrfTokenFor } from '../app/server/csrf.server';
import { signRenderTime } from '../src/survey/codes.server';
import { startSurveyServer, stopSurveyServer, type SurveySeed } from './survey-harness';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const SECONDS = Number(arg('seconds', '10'));
const CONCURRENCY = Number(arg('concurrency', '50'));
const SKIP_PG = process.argv.includes('--skip-postgres');
const EXPORT_ROWS = Number(arg('export-rows', '0'));
const EXPORT_ONLY = process.argv.includes('--export-only');
const WORKERS = arg('workers', '1,2')
  .split(',')
  .map(Number)
  .filter((n) => n >= 1);
const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SECRET = 'bench-session-secret-0123456789abcdef';
const PER_ADDRESS = 15; // below the /q and /golos limits of 20 POSTs per network per minute
const ONLY = arg('only', 'all');

type Target = 'q' | 'golos' | 'review';
let reviewCounter = 0;
const REVIEW_WORDS = [
  'в столовой',
  'в раздевалке',
  'на сайте',
  'в спортзале',
  'на кружках',
  'у входа',
  'в классах',
  'на переменах',
];

/** Path and body of one POST of the given kind (the voice codes and secret come from the seed). */
function request(
  target: Target,
  seed: Seed | null,
  w: number,
  i: number,
  csrf: string,
): { path: string; body: string } {
  if (target === 'q' || !seed?.voice) {
    const code = (seed?.codes ?? ['benchbare'])[(w + i) % (seed?.codes.length ?? 1)]!;
    return { path: `/q/${code}`, body: formBody(seed, code, csrf) };
  }
  const v = seed.voice;
  const code = v.codes[(w + i) % v.codes.length]!;
  if (target === 'golos') {
    const p = new URLSearchParams(formBody(null, code, csrf));
    p.set('t', signRenderTime(v.secret, `golos:${code}`, Date.now() - 60_000 - Math.floor(Math.random() * 60_000)));
    return { path: `/golos/${code}`, body: p.toString() };
  }
  const n = reviewCounter++;
  const text = `Отзыв ${n}: ${REVIEW_WORDS[n % REVIEW_WORDS.length]} всё хорошо, но хотелось бы ${REVIEW_WORDS[(n >> 3) % REVIEW_WORDS.length]} больше порядка.`;
  const p = new URLSearchParams({ _csrf: csrf, text, subject: 'organisation', k2: String(1 + (n % 5)) });
  return { path: `/golos/${code}/otzyv`, body: p.toString() };
}

type Seed = SurveySeed;
const startServer = (mode: 'app' | 'bare', env: Record<string, string>, seed: boolean) =>
  startSurveyServer(mode, env, seed, SECRET);
const stop = stopSurveyServer;

function formBody(seed: Seed | null, code: string, csrf: string): string {
  const p = new URLSearchParams({ _csrf: csrf });
  if (seed) p.set('t', signRenderTime(seed.secret, code, Date.now() - 60_000 - Math.floor(Math.random() * 60_000)));
  for (let q = 1; q <= 14; q++) p.set(`q${q}`, Math.random() < 0.85 ? 'yes' : 'no');
  // Keep the skip logic: a dependent question is answered only after "yes" to its filter.
  for (const [filter, dep] of [
    [1, 2],
    [3, 4],
    [6, 7],
    [10, 11],
  ] as const)
    if (p.get(`q${filter}`) === 'no') p.delete(`q${dep}`);
  return p.toString();
}

type LoadResult = {
  ok: number;
  failed: number;
  statuses: Record<number, number>;
  rps: number;
  p50: number;
  p99: number;
  /** p99 of the first request on each new connection (the accept queue shows here) */
  p99First: number;
  acked: string[];
};

let addressCounter = 0;
function nextAddress(): string {
  // Hosts .1–.254 only, so that no two clients ever share an address (and its /q rate limit).
  const n = addressCounter++;
  const block = Math.floor(n / 254);
  return `127.${1 + ((block >> 8) & 0xff)}.${block & 0xff}.${1 + (n % 254)}`;
}

/** N workers posting questionnaires for `seconds` (or until `stopSignal` resolves); bounded and loopback only. */
async function load(
  port: number,
  seed: Seed | null,
  seconds: number,
  stopSignal?: Promise<void>,
  target: Target = 'q',
): Promise<LoadResult> {
  const nonce = randomBytes(18).toString('base64url');
  const csrf = csrfTokenFor(SECRET, nonce);
  const latencies: number[] = [];
  const firstOnConnection: number[] = [];
  const statuses: Record<number, number> = {};
  const acked: string[] = [];
  let ok = 0;
  let failed = 0;
  let stopped = false;
  const deadline = Date.now() + seconds * 1000;
  void stopSignal?.then(() => (stopped = true));
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, w) => {
      while (!stopped && Date.now() < deadline) {
        const client = new Client(`http://127.0.0.1:${port}`, { localAddress: nextAddress(), pipelining: 1 });
        try {
          for (let i = 0; i < PER_ADDRESS && !stopped && Date.now() < deadline; i++) {
            const req = request(target, seed, w, i, csrf);
            const t0 = performance.now();
            try {
              const res = await client.request({
                path: req.path,
                method: 'POST',
                headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `noko_csrf=${nonce}` },
                body: req.body,
              });
              await res.body.dump();
              const latency = performance.now() - t0;
              latencies.push(latency);
              if (i === 0) firstOnConnection.push(latency);
              statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
              if (res.statusCode === 303) {
                ok++;
                const set = ([] as string[])
                  .concat(res.headers['set-cookie'] ?? [])
                  .find((c) => c.startsWith('noko_r_'));
                const token = set?.split(';')[0]?.split('=')[1];
                if (token) acked.push(createHash('sha256').update(token).digest('base64url'));
              } else failed++;
            } catch {
              failed++;
              if (stopped) break;
            }
          }
        } finally {
          await client.destroy().catch(() => undefined);
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const pct = (sample: number[], p: number) => {
    sample.sort((a, b) => a - b);
    return sample[Math.min(sample.length - 1, Math.floor(sample.length * p))] ?? NaN;
  };
  return {
    ok,
    failed,
    statuses,
    rps: ok / elapsed,
    p50: pct(latencies, 0.5),
    p99: pct(latencies, 0.99),
    p99First: pct(firstOnConnection, 0.99),
    acked,
  };
}

async function freshPgDatabase(): Promise<{ url: string; drop: () => Promise<void> } | null> {
  const admin = new pg.Client({ connectionString: PG_URL });
  try {
    await admin.connect();
  } catch {
    return null;
  }
  const name = `noko_bench_${Date.now().toString(36)}`;
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const a = new pg.Client({ connectionString: PG_URL });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

async function verify(query: (sql: string) => Promise<Record<string, unknown>[]>, campaignId: string, acked: string[]) {
  const keys = new Set(
    (await query(`select browser_key from survey_responses where campaign_id = '${campaignId}'`)).map(
      (r) => r.browser_key as string,
    ),
  );
  const missing = acked.filter((k) => !keys.has(k)).length;
  const [t] = await query(
    `select coalesce(sum(received),0)::int as received from survey_tallies where campaign_id = '${campaignId}'`,
  );
  const [r] = await query(
    `select count(*)::int as n from survey_responses where campaign_id = '${campaignId}' and status <> 'excluded'`,
  );
  return {
    acked: acked.length,
    stored: keys.size,
    missing,
    tallyReceived: Number(t!.received),
    responses: Number(r!.n),
  };
}

const fmt = (r: LoadResult) =>
  `${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(1)} ms  p99 ${r.p99.toFixed(1)} ms (new connection ${r.p99First.toFixed(1)})  ok ${r.ok} failed ${r.failed} ${JSON.stringify(r.statuses)}`;

async function main() {
  if (EXPORT_ONLY) return exportBench(EXPORT_ROWS || 1_000_000);
  console.log(
    `Survey benchmark: ${os.cpus().length} cores, Node ${process.version}, ${CONCURRENCY} clients, ${SECONDS} s per run`,
  );
  const bare = await startServer('bare', {}, false);
  await load(bare.port, null, 2);
  const bareResult = await load(bare.port, null, SECONDS);
  await stop(bare);
  console.log(`bare node:http          ${fmt(bareResult)}`);

  const engines: {
    name: string;
    env: Record<string, string>;
    drop?: () => Promise<void>;
    query: (sql: string) => Promise<Record<string, unknown>[]>;
  }[] = [];
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'noko-bench-'));
  engines.push({
    name: 'PGlite',
    env: { DATA_DIR: dataDir },
    query: async (sql) => {
      const { openDatabase } = await import('../src/db/index.server');
      const h = await openDatabase({ engine: 'pglite', dataDir, migrate: false });
      try {
        return ((await h.db.execute(sql as never)) as unknown as { rows: Record<string, unknown>[] }).rows;
      } finally {
        await h.close();
      }
    },
  });
  if (!SKIP_PG) {
    const db = await freshPgDatabase();
    if (db) {
      engines.push({
        name: 'PostgreSQL',
        env: { DATABASE_URL: db.url, DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'noko-bench-pg-')) },
        drop: db.drop,
        query: async (sql) => {
          const c = new pg.Client({ connectionString: db.url });
          await c.connect();
          try {
            return (await c.query(sql)).rows;
          } finally {
            await c.end();
          }
        },
      });
    } else console.log('PostgreSQL not reachable: skipped');
  }

  for (const e of engines) {
    // PGlite is single-process; PostgreSQL also runs as several stateless workers (WEB_CONCURRENCY).
    for (const workers of e.name === 'PostgreSQL' && ONLY !== 'voice' ? WORKERS.filter((w) => w > 1) : []) {
      const clustered = await startServer('app', { ...e.env, WEB_CONCURRENCY: String(workers) }, true);
      await load(clustered.port, clustered.seeded!, 2);
      const r = await load(clustered.port, clustered.seeded!, SECONDS);
      console.log(
        `POST /q ${`${e.name} ×${workers}`.padEnd(16)}${fmt(r)}  ratio to bare ${(r.rps / bareResult.rps).toFixed(3)}`,
      );
      await stop(clustered);
    }
    if (ONLY !== 'q') await voiceBench(e, bareResult);
    if (ONLY === 'voice') {
      await e.drop?.();
      continue;
    }
    const server = await startServer('app', e.env, true);
    const seed = server.seeded!;
    await load(server.port, seed, 2); // warm-up (JIT, statement caches)
    const r = await load(server.port, seed, SECONDS);
    console.log(`POST /q ${`${e.name} ×1`.padEnd(16)}${fmt(r)}  ratio to bare ${(r.rps / bareResult.rps).toFixed(3)}`);

    // Durability: kill -9 in the middle of a load run, restart, compare acknowledgements with the database.
    let kill!: () => void;
    const killed = new Promise<void>((resolve) => (kill = resolve));
    const run = load(server.port, seed, 30, killed);
    await new Promise((r) => setTimeout(r, 2000));
    server.child.kill('SIGKILL');
    await new Promise((r) => server.child.once('exit', r));
    kill();
    const during = await run;
    const restarted = await startServer('app', e.env, false);
    await stop(restarted);
    const v = await verify(e.query, seed.campaignId, during.acked);
    const okDurable = v.missing === 0 && v.tallyReceived === v.responses;
    console.log(
      `durability ${e.name.padEnd(13)} acknowledged ${v.acked}, missing after SIGKILL+restart ${v.missing}, tallies ${v.tallyReceived} = responses ${v.responses}: ${okDurable ? 'OK' : 'FAILED'}`,
    );
    if (!okDurable) process.exitCode = 1;
    await e.drop?.();
  }
  rmSync(dataDir, { recursive: true, force: true });

  if (EXPORT_ROWS > 0) await exportBench(EXPORT_ROWS);
}

/**
 * Citizens' voice on one engine: the permanent questionnaire (POST /golos/<code>) and reviews (POST
 * /golos/<code>/otzyv), warm-up then a measured run each, on one server; after it stops, every
 * acknowledged (303) answer and review must be exactly one row (PGlite is read only once the server let go).
 */
async function voiceBench(
  e: { name: string; env: Record<string, string>; query: (sql: string) => Promise<Record<string, unknown>[]> },
  bare: LoadResult,
) {
  const server = await startServer('app', e.env, true);
  const seed = server.seeded!;
  const acked = { golos: 0, review: 0 };
  for (const [target, label] of [
    ['golos', 'POST /golos/<code>'],
    ['review', 'POST /golos/<code>/otzyv'],
  ] as const) {
    acked[target] += (await load(server.port, seed, 2, undefined, target)).ok;
    const r = await load(server.port, seed, SECONDS, undefined, target);
    acked[target] += r.ok;
    console.log(`${label.padEnd(25)}${e.name.padEnd(11)}${fmt(r)}  ratio to bare ${(r.rps / bare.rps).toFixed(3)}`);
  }
  await stop(server);
  const count = async () => ({
    answers: Number(
      (
        await e.query(`select count(*)::int as n from survey_responses where campaign_id = '${seed.voice!.streamId}'`)
      )[0]!.n,
    ),
    reviews: Number(
      (
        await e.query(`select count(*)::int as n from voice_reviews where territory_id = '${seed.voice!.territoryId}'`)
      )[0]!.n,
    ),
  });
  const stored = await count();
  const ok = stored.answers === acked.golos && stored.reviews === acked.review;
  console.log(
    `voice ${e.name.padEnd(10)} acknowledged answers ${acked.golos} = stored ${stored.answers}, reviews ${acked.review} = stored ${stored.reviews}: ${ok ? 'OK' : 'MISMATCH'}`,
  );
  if (!ok) process.exitCode = 1;

  // Durability of reviews: SIGKILL mid-load, restart; every acknowledged review must be there (at most the
  // requests in flight at the kill may have been stored without their 303 reaching the client).
  const again = await startServer('app', e.env, false);
  let kill!: () => void;
  const killed = new Promise<void>((resolve) => (kill = resolve));
  const run = load(again.port, seed, 30, killed, 'review');
  await new Promise((r) => setTimeout(r, 4000));
  again.child.kill('SIGKILL');
  await new Promise((r) => again.child.once('exit', r));
  kill();
  const during = await run;
  await stop(await startServer('app', e.env, false));
  const after = await count();
  const added = after.reviews - stored.reviews;
  const durable = added >= during.ok && added <= during.ok + CONCURRENCY;
  console.log(
    `voice durability ${e.name.padEnd(10)} reviews acknowledged ${during.ok}, stored after SIGKILL+restart ${added}: ${durable ? 'OK' : 'LOST'}`,
  );
  if (!durable) process.exitCode = 1;
}

async function exportBench(rows: number) {
  const { openDatabase } = await import('../src/db/index.server');
  const { exportCsvStream } = await import('../src/survey/export.server');
  const { sql } = await import('drizzle-orm');
  const db = await freshPgDatabase();
  const h = db ? await openDatabase({ engine: 'postgres', url: db.url }) : await openDatabase({ engine: 'pglite' });
  const [t] = (
    (await h.db.execute(
      sql`insert into territories (kind, name) values ('municipality', 'exp') returning id`,
    )) as unknown as { rows: { id: string }[] }
  ).rows;
  const [o] = (
    (await h.db.execute(
      sql`insert into organisations (territory_id, full_name, short_name, type, inn) values (${t!.id}, 'Школа', 'Ш', 'school', '7700000001') returning id`,
    )) as unknown as { rows: { id: string }[] }
  ).rows;
  const [c] = (
    (await h.db.execute(
      sql`insert into campaigns (territory_id, year, title, methodology_id, policies) values (${t!.id}, 2025, 'exp', 'edu-2019', '{}') returning id`,
    )) as unknown as { rows: { id: string }[] }
  ).rows;
  const t0 = performance.now();
  await h.db.execute(sql`insert into survey_responses (campaign_id, organisation_id, mode, status, q1, q2, q5, q14)
    select ${c!.id}::uuid, ${o!.id}::uuid, 'online', 'counted', 1, (g % 2)::smallint, 1, 0 from generate_series(1, ${rows}) g`);
  console.log(`export: seeded ${rows} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s (${h.engine})`);
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  let heapPeak = 0;
  let bytes = 0;
  let chunks = 0;
  const t1 = performance.now();
  for await (const chunk of exportCsvStream(h.db, c!.id)) {
    bytes += (chunk as Buffer).length;
    chunks++;
    const m = process.memoryUsage();
    peak = Math.max(peak, m.rss);
    heapPeak = Math.max(heapPeak, m.heapUsed);
  }
  console.log(
    `export CSV ${rows} rows: ${(bytes / 1e6).toFixed(0)} MB in ${chunks} chunks, ${((performance.now() - t1) / 1000).toFixed(1)} s, peak RSS +${((peak - rssBefore) / 1e6).toFixed(0)} MB, peak V8 heap ${(heapPeak / 1e6).toFixed(0)} MB (NODE_OPTIONS ${process.env.NODE_OPTIONS ?? 'unset'})`,
  );
  await h.close();
  await db?.drop();
}

await main();
