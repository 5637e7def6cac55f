// Sweeping <data folder>/jobs/ (decision 0067). A job's file is kept while it can still be downloaded;
// once a newer job of the same request has finished on other data (a new result version), the old file
// stays for the retention period — someone may be downloading the old version's document — and then
// goes. Files no row points to (a runner overtaken after it stored its result, a crash mid-write) go
// after a grace period.
//
// Several instances may sweep at once (PostgreSQL). The order makes that safe: a row's reference is
// cleared first, by a conditional update that only one sweeper wins; a file is unlinked only when no row
// points to it any more (an identical file is shared by every job with the same content) and it was not
// written or reused recently; unlinking a file already gone is not an error. The one race left — a new
// job storing identical bytes between the check and the unlink — leaves a row without its file, which
// the download answers as «build it again» and `enqueueJob` rebuilds (it reuses a job only if its file
// is on disk); the runner also re-stores a file found missing right after its final update.
import { readdirSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../db/index.server';
import { jobs } from '../db/schema/jobs';
import { jobFilesDir } from './files.server';

export const DEFAULT_RETENTION_DAYS = 7;
/** A file written or reused this recently is never unlinked: its job may be about to point to it. */
export const FILE_GRACE_MS = 60 * 60_000;
/** Rows cleared and files unlinked per pass: one pass never holds the database or the disk for long. */
export const SWEEP_BATCH = 200;

export type SweepResult = { cleared: number; deleted: string[] };

/**
 * One bounded pass. `retentionMs`: how long a superseded file stays after the newer job finished.
 * `now` (tests): the clock for file ages; the database's own clock decides the retention of rows.
 */
export async function sweepJobFiles(
  db: Db,
  dataDir: string,
  opts: { retentionMs: number; graceMs?: number; batch?: number; now?: number } = {
    retentionMs: DEFAULT_RETENTION_DAYS * 86_400_000,
  },
): Promise<SweepResult> {
  const batch = opts.batch ?? SWEEP_BATCH;
  const graceMs = opts.graceMs ?? FILE_GRACE_MS;
  const now = opts.now ?? Date.now();
  // 1. Superseded rows lose their reference: done, with a file, and a newer done job of the same request
  //    on other data that finished longer than the retention ago. `result_file is not null` is checked
  //    again on the locked row, so of two sweepers only one gets the name back.
  const cleared = (await db.execute(sql`
    update ${jobs} set result_file = null, result_bytes = null
    from (
      select j.id, j.result_file from ${jobs} j
      where j.status = 'done' and j.result_file is not null
        and exists (
          select 1 from ${jobs} n
          where n.params_key = j.params_key and n.status = 'done'
            and n.data_key is distinct from j.data_key
            and n.created_at > j.created_at
            and n.finished_at < now() - ${opts.retentionMs} * interval '1 millisecond'
        )
      order by j.created_at
      limit ${batch}
    ) c
    where ${jobs.id} = c.id and ${jobs.resultFile} is not null
    returning c.result_file as file
  `)) as unknown as { rows: { file: string }[] };
  // 2. What rows still point to (after the clearing above), and so is never unlinked. Live rows are a
  //    few per campaign and request; the files looked at are bounded by the batch.
  const referenced = new Set(
    (await db.selectDistinct({ file: jobs.resultFile }).from(jobs).where(isNotNull(jobs.resultFile))).map(
      (r) => r.file!,
    ),
  );

  // 3. The cleared files, then every other file on disk no row points to (leftovers of an overtaken
  //    runner or of a crash mid-write), unlinked once nobody has written them for the grace period.
  const dir = jobFilesDir(dataDir);
  let onDisk: string[] = [];
  try {
    onDisk = readdirSync(dir);
  } catch {
    onDisk = [];
  }
  const deleted: string[] = [];
  for (const name of new Set([...cleared.rows.map((r) => r.file), ...onDisk])) {
    if (deleted.length >= batch) break;
    if (referenced.has(name) || name.includes('/') || name.startsWith('.')) continue;
    const file = path.join(dir, name);
    let mtime: number;
    try {
      mtime = statSync(file).mtimeMs;
    } catch {
      continue; // already gone (another sweeper did it): fine
    }
    if (now - mtime < graceMs) continue;
    try {
      unlinkSync(file);
      deleted.push(name);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  return { cleared: cleared.rows.length, deleted };
}
