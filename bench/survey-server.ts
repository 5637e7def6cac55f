// Child process of bench/survey.ts: the real HTTP app (Hono layer: headers, compression, rate limits,
// CSRF, /q) on a port, or a bare node:http endpoint for comparison. Prints one JSON line when ready.
//   tsx bench/survey-server.ts app <port> [--seed]     (DATABASE_URL or DATA_DIR from the environment)
//   tsx bench/survey-server.ts bare <port>
// WEB_CONCURRENCY=N (PostgreSQL only) runs N node:cluster workers as server.ts does; the primary seeds.
import cluster from 'node:cluster';
import http from 'node:http';
import { serve } from '@hono/node-server';
import { superviseWorkers } from '../app/server/cluster.server';
import { createHttpApp } from '../app/server/http.server';
import { loadConfig } from '../src/config/env.server';
import { createLogger } from '../src/config/logger.server';
import { openConfiguredDatabase } from '../src/db/index.server';
import { campaignOrganisations, campaigns, organisations, territories } from '../src/db/schema/registry';
import { ensureSurveyLinks, linksOfCampaign } from '../src/survey/links.server';
import { voiceLinksOfTerritory } from '../src/voice/settings.server';

const [mode, portArg] = process.argv.slice(2);
const port = Number(portArg);

if (mode === 'bare') {
  const server = http.createServer((req, res) => {
    let n = 0;
    req.on('data', (c: Buffer) => (n += c.length));
    req.on('end', () => {
      res.writeHead(303, { location: '/q/x/spasibo', 'content-length': '0' });
      res.end();
    });
  });
  server.listen(port, '127.0.0.1', () => process.stdout.write(JSON.stringify({ ready: true }) + '\n'));
} else {
  const config = loadConfig();
  const logger = createLogger('silent');
  const workers = config.webConcurrency ?? 1;
  const primary = workers > 1 && cluster.isPrimary;
  const database = await openConfiguredDatabase(config);
  let seeded: unknown = null;
  if (process.argv.includes('--seed') && !cluster.isWorker) {
    const [t] = await database.db.insert(territories).values({ kind: 'municipality', name: 'Бенчмарк' }).returning();
    const orgIds: string[] = [];
    for (let i = 0; i < 20; i++) {
      const [o] = await database.db
        .insert(organisations)
        .values({
          territoryId: t!.id,
          fullName: `Школа ${i}`,
          shortName: `Ш${i}`,
          type: 'school',
          inn: `${Date.now()}${i}`.slice(-12),
          recipients: 1000,
        })
        .returning();
      orgIds.push(o!.id);
    }
    const [c] = await database.db
      .insert(campaigns)
      .values({
        territoryId: t!.id,
        year: 2025,
        title: 'bench',
        methodologyId: 'edu-2019',
        policies: {},
        status: 'collecting',
      })
      .returning();
    await database.db
      .insert(campaignOrganisations)
      .values(orgIds.map((organisationId) => ({ campaignId: c!.id, organisationId })));
    await ensureSurveyLinks(database.db, c!.id);
    const links = await linksOfCampaign(database.db, c!.id);
    const voice = await voiceLinksOfTerritory(database.db, t!.id);
    seeded = {
      campaignId: c!.id,
      codes: links.map((l) => l.code),
      secret: links[0]!.secret,
      voice: {
        codes: voice.map((v) => v.code),
        secret: voice[0]!.secret,
        streamId: voice[0]!.streamId,
        territoryId: t!.id,
      },
    };
  }
  const ready = () =>
    process.stdout.write(JSON.stringify({ ready: true, engine: database.engine, workers, seeded }) + '\n');
  if (primary) {
    await database.close();
    superviseWorkers({ count: workers, logger, onListening: ready });
  } else {
    const app = createHttpApp({ db: database.db, config, logger });
    serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => {
      if (!cluster.isWorker) ready();
    });
    process.on('SIGTERM', () => {
      void database.close().then(() => process.exit(0));
    });
  }
}
