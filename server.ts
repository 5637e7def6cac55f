// Production entry: config → logger → database (migrated) → HTTP app → listen, with graceful shutdown.
import './app/server/node-env.server';
import cluster from 'node:cluster';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import type { ServerBuild } from 'react-router';
import { ConfigError, loadConfig, type Config } from './src/config/env.server';
import { createLogger, type Logger } from './src/config/logger.server';
import { openConfiguredDatabase } from './src/db/index.server';
import { DataDirLockedError } from './src/db/lock.server';
import { createHttpApp } from './app/server/http.server';
import { firstAdminSetupUrl, printSetupLink } from './app/server/first-run.server';
import { registerSiteAuditJobs } from './src/site-audit/jobs.server';
import { JobRunner } from './src/jobs/runner.server';
import { registerDocumentJobs } from './src/documents/jobs.server';
import { runsBackgroundJobs, superviseWorkers } from './app/server/cluster.server';
import { SurveyKeyStore, sweepSurveyKeys } from './src/survey/network-keys.server';

const root = path.dirname(fileURLToPath(import.meta.url));

async function main() {
  const started = performance.now();
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(err.message + '\n');
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel, config.nodeEnv === 'development');
  const workers = config.webConcurrency ?? 1;
  if (workers > 1 && cluster.isPrimary) return primary(config, logger, workers);

  let database;
  try {
    database = await openConfiguredDatabase(config, (err) =>
      logger.warn({ err }, 'PostgreSQL dropped an idle connection'),
    );
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      logger.fatal(err.message);
      process.exit(1);
    }
    throw err;
  }
  logger.info(
    { engine: database.engine, dataDir: database.engine === 'pglite' ? config.dataDir : undefined },
    'database ready',
  );
  if (database.engine === 'pglite') {
    logger.warn(
      'Встроенная база (PGlite): только один узел, без защиты от потери питания. Для эксплуатации задайте DATABASE_URL (PostgreSQL).',
    );
  }

  // A fresh installation has no accounts: print the one-time link for the first administrator (the
  // cluster primary has done it already for its workers).
  // Printed once the server listens, as the last thing on the console, so the link is not lost above the
  // start-up log.
  const setupUrl = cluster.isWorker ? null : await firstAdminSetupUrl(database.db, config, logger);

  // Background jobs — documents, bulk site audits, any other registered kind — are executed by the one
  // generic job runner; jobs a previous process left unfinished resume here (a site audit audits only
  // what is still pending). With several workers only the one the primary chose runs them
  // (app/server/cluster.ts). A region's report is laid out in a worker thread so pages keep being served.
  let jobRunner: JobRunner | null = null;
  if (runsBackgroundJobs()) {
    registerDocumentJobs(database.db, { inWorker: true });
    registerSiteAuditJobs({
      bulk: { fetcher: { extraCa: config.siteAuditExtraCa ?? [] } },
      allowNetworks: config.siteAuditAllowNetworks ?? [],
    });
    jobRunner = new JobRunner({
      db: database.db,
      dataDir: config.dataDir,
      logger,
      retentionMs: (config.jobFilesRetentionDays ?? 7) * 86_400_000,
    });
    jobRunner.start();
  }

  // Survey network keys live outside the database and die with their campaign's data collection.
  const surveyKeys = new SurveyKeyStore(config.surveyKeyDir ?? path.join(config.dataDir, 'survey-keys'));
  const sweepKeys = () =>
    sweepSurveyKeys(database.db, surveyKeys).then(
      (gone) =>
        gone.length &&
        logger.info({ campaigns: gone }, 'survey network keys destroyed: campaigns no longer collect responses'),
      (err: unknown) => logger.warn({ err }, 'survey key sweep failed'),
    );
  void sweepKeys();
  setInterval(sweepKeys, 10 * 60_000).unref();

  // NOKO_BUILD_DIR: the browser tests run the server from the tests' own build (build-test/).
  const buildDir = path.join(root, process.env.NOKO_BUILD_DIR || 'build');
  const build = (await import(path.join(buildDir, 'server/index.js'))) as ServerBuild;
  const app = createHttpApp({
    db: database.db,
    config,
    logger,
    build,
    surveyKeys,
    clientDir: path.relative(process.cwd(), path.join(buildDir, 'client')),
  });

  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    logger.info(
      { port: info.port, startupMs: Math.round(performance.now() - started) },
      `НОКО слушает http://localhost:${info.port}`,
    );
    if (setupUrl) printSetupLink(setupUrl);
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('graceful shutdown timed out');
      process.exit(1);
    }, 10_000);
    force.unref();
    server.close(async () => {
      await jobRunner?.stop();
      await database.close();
      logger.info('stopped');
      process.exit(0);
    });
    // Keep-alive sockets would hold close() open until the client goes away.
    if ('closeIdleConnections' in server) (server as { closeIdleConnections: () => void }).closeIdleConnections();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

/** WEB_CONCURRENCY > 1 (PostgreSQL only): migrate and announce once, then fork the HTTP workers. */
async function primary(config: Config, logger: Logger, workers: number) {
  const database = await openConfiguredDatabase(config);
  try {
    const setupUrl = await firstAdminSetupUrl(database.db, config, logger);
    if (setupUrl) printSetupLink(setupUrl);
  } finally {
    await database.close();
  }
  logger.info({ workers }, 'starting HTTP workers');
  superviseWorkers({ count: workers, logger });
}

await main();
