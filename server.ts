// Production entry: config → logger → database (migrated) → HTTP app → listen, with graceful shutdown.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import type { ServerBuild } from 'react-router';
import { ConfigError, loadConfig } from './src/config/env';
import { createLogger } from './src/config/logger';
import { openConfiguredDatabase } from './src/db/index';
import { DataDirLockedError } from './src/db/lock';
import { createHttpApp } from './app/server/http';
import { ensureFirstAdminSetup, publicBaseUrl } from './src/auth/setup';
import { SiteAuditJobs } from './src/site-audit/jobs';

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

  let database;
  try {
    database = await openConfiguredDatabase(config);
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      logger.fatal(err.message);
      process.exit(1);
    }
    throw err;
  }
  logger.info({ engine: database.engine, dataDir: database.engine === 'pglite' ? config.dataDir : undefined }, 'database ready');
  if (database.engine === 'pglite') {
    logger.warn('Встроенная база (PGlite): только один узел, без защиты от потери питания. Для эксплуатации задайте DATABASE_URL (PostgreSQL).');
  }

  // A fresh installation has no accounts: print the one-time link for the first administrator.
  const setupUrl = await ensureFirstAdminSetup(database.db, publicBaseUrl(config));
  if (setupUrl) {
    logger.warn({ setupUrl }, 'Первый запуск: откройте одноразовую ссылку, чтобы создать учётную запись администратора');
    process.stdout.write(`\nПервый запуск НОКО. Создайте учётную запись администратора по одноразовой ссылке:\n${setupUrl}\n\n`);
  }

  // Bulk site audits run in the background; runs a previous process left unfinished resume here.
  const siteAuditJobs = new SiteAuditJobs({ db: database.db, logger });
  siteAuditJobs.start();

  const buildPath = path.join(root, 'build/server/index.js');
  const build = (await import(buildPath)) as ServerBuild;
  const app = createHttpApp({ db: database.db, config, logger, build, clientDir: path.relative(process.cwd(), path.join(root, 'build/client')) });

  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    logger.info({ port: info.port, startupMs: Math.round(performance.now() - started) }, `НОКО слушает http://localhost:${info.port}`);
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
      await siteAuditJobs.stop();
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

await main();
