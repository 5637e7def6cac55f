// `npm run demo` as a newcomer runs it: the real command (`tsx cli/index.ts demo`) on a fresh embedded
// database in a throw-away DATA_DIR, timed from spawn to exit, twice (first load, then a second run that
// only issues new passwords). Goal: the demo is ready in under a minute. Also prints what was loaded.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { count } from 'drizzle-orm';
import { openDatabase } from '../src/db/index.server';
import { checklistAnswers } from '../src/db/schema/checklists';
import { siteAuditResults } from '../src/db/schema/site-audit';
import { surveyResponses } from '../src/db/schema/survey';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'noko-bench-demo-'));
const run = () => {
  const started = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/index.ts', 'demo'], {
    env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`noko demo failed (${r.status}):\n${r.stderr}`);
  return (performance.now() - started) / 1000;
};
try {
  const first = run();
  const second = run();
  const h = await openDatabase({ engine: 'pglite', dataDir });
  const n = async (t: typeof surveyResponses | typeof checklistAnswers | typeof siteAuditResults) =>
    Number((await h.db.select({ n: count() }).from(t))[0]!.n);
  const loaded = {
    responses: await n(surveyResponses),
    checklistAnswers: await n(checklistAnswers),
    siteAudits: await n(siteAuditResults),
  };
  await h.close();
  console.log(
    `npm run demo, fresh embedded database: ${first.toFixed(1)} s (goal < 60 s); second run: ${second.toFixed(1)} s`,
  );
  console.log(
    `loaded: ${loaded.responses} responses, ${loaded.checklistAnswers} checklist answers, ${loaded.siteAudits} site audits`,
  );
  console.log(
    `load average: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
