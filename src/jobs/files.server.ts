// The jobs' result files in <data folder>/jobs/, named by the SHA-256 of their content: an identical file
// is stored once, and a file on disk never changes under its name (swept by ./sweep.server.ts).
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Job } from '../db/schema/jobs';

export type JobOutput = { bytes: Uint8Array; ext: string };

export function jobFilesDir(dataDir: string): string {
  return path.join(dataDir, 'jobs');
}

/** Stores a result under its content hash (write to a temporary name, then rename: never half a file). */
export function storeResult(dataDir: string, out: JobOutput): string {
  const dir = jobFilesDir(dataDir);
  mkdirSync(dir, { recursive: true });
  const name = `${createHash('sha256').update(out.bytes).digest('hex')}.${out.ext.replace(/[^a-z0-9]/g, '')}`;
  const file = path.join(dir, name);
  if (existsSync(file)) {
    // Reused by a new job: fresh again, so a sweep that found it unreferenced a moment ago leaves it be.
    try {
      const t = new Date();
      utimesSync(file, t, t);
      return name;
    } catch {
      // swept just now: write it again below
    }
  }
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, out.bytes);
  renameSync(tmp, file);
  return name;
}

/** The stored file of a finished job, or null when it is gone from disk. */
export function readResult(dataDir: string, job: Pick<Job, 'resultFile'>): Buffer | null {
  if (!job.resultFile || !/^[0-9a-f]{64}\.[a-z0-9]+$/.test(job.resultFile)) return null;
  const file = path.join(jobFilesDir(dataDir), job.resultFile);
  return existsSync(file) ? readFileSync(file) : null;
}
