// Several HTTP processes on one machine (WEB_CONCURRENCY > 1, PostgreSQL only): the app instances are
// stateless, so node:cluster workers share the listening port and each opens its own pool. The primary
// only supervises: it forks, re-forks a worker that dies, and forwards SIGTERM/SIGINT.
// The background job runner (documents, site-audit runs) runs in exactly ONE process: the primary gives
// the role to the first worker through NOKO_WORKER_JOBS=1 and hands it to the replacement if that worker
// dies.
import cluster, { type Worker } from 'node:cluster';
import type { Logger } from '../../src/config/logger.server';

export const JOBS_ENV = 'NOKO_WORKER_JOBS';

/** True in a single process and in the one worker that runs background jobs. */
export function runsBackgroundJobs(): boolean {
  return !cluster.isWorker || process.env[JOBS_ENV] === '1';
}

export function superviseWorkers(options: { count: number; logger: Logger; onListening?: () => void }): void {
  const { count, logger } = options;
  let stopping = false;
  let listening = 0;
  const fork = (jobs: boolean): Worker => {
    const worker = cluster.fork({ [JOBS_ENV]: jobs ? '1' : '0' });
    worker.once('listening', () => {
      if (++listening === count) options.onListening?.();
    });
    worker.once('exit', (code, signal) => {
      if (stopping) return;
      logger.error({ pid: worker.process.pid, code, signal, jobs }, 'worker exited, starting a new one');
      fork(jobs);
    });
    return worker;
  };
  for (let i = 0; i < count; i++) fork(i === 0);

  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping workers');
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
    let alive = workers.length;
    if (alive === 0) process.exit(0);
    for (const w of workers) {
      w.once('exit', () => {
        if (--alive === 0) process.exit(0);
      });
      w.process.kill('SIGTERM');
    }
    setTimeout(() => process.exit(1), 15_000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}
