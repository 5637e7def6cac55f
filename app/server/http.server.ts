import { createRequestHandler, type ServerBuild } from 'react-router';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { secureHeaders } from 'hono/secure-headers';
import { serveStatic } from '@hono/node-server/serve-static';
import { sql } from 'drizzle-orm';
import type { Config } from '../../src/config/env.server';
import type { Logger } from '../../src/config/logger.server';
import type { Db } from '../../src/db/index.server';
import type { NokoContext } from '../context';
import { createApi } from '../api/index';
import { createQuestionnaireApp, questionnaireFormBody } from '../hot/questionnaire';
import { createResultsApp } from '../hot/results';
import { allowFramingOfEmbeds, createVoiceApp, voiceCsrf, voiceFormBody } from '../hot/voice';
import { csrfProtection } from './csrf.server';
import { createPublicPlansApp } from '../hot/plans';
import type { ParsedForm } from './form';
import { rateLimit } from './rate-limit.server';
import { resolveUser } from './session.server';

export type HttpDeps = {
  db: Db;
  config: Config;
  logger: Logger;
  /** The React Router server build; absent in tests that exercise only the Hono layer. */
  build?: ServerBuild;
  /** Where the client assets of the build live. */
  clientDir?: string;
};

export type AppEnv = { Variables: { csrfToken: string; csrfFresh: boolean; parsedForm?: ParsedForm } };

/**
 * The whole HTTP surface: Hono in front (headers, compression, rate limits, health, JSON API and the hot
 * public paths), React Router behind it for every other page.
 */
export function createHttpApp(deps: HttpDeps) {
  const app = new Hono<AppEnv>();

  // Citizens' voice: only its embed pages may be framed by other sites (runs after secureHeaders' headers).
  app.use('/golos/*', allowFramingOfEmbeds());
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
      },
      referrerPolicy: 'same-origin',
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.use('*', compress());

  app.get('/healthz', async (c) => {
    try {
      await deps.db.execute(sql`select 1`);
      return c.json({ status: 'ok' });
    } catch (err) {
      deps.logger.error({ err }, 'health check failed');
      return c.json({ status: 'error', message: 'база данных недоступна' }, 503);
    }
  });

  // Login and other credential endpoints get a much tighter budget than ordinary pages.
  app.use('/login', rateLimit({ windowMs: 60_000, limit: 20 }));
  app.use('/setup/*', rateLimit({ windowMs: 60_000, limit: 20 }));
  app.use('*', rateLimit({ windowMs: 60_000, limit: 1200 }));

  // Checklist saves carry photos (at most 5 × 10 MB): refuse anything bigger before it is read for the CSRF check.
  app.use(
    '/campaigns/:campaignId/org/:orgId/checklists/*',
    bodyLimit({
      maxSize: 52 * 1024 * 1024,
      onError: (c) => c.text('Слишком большой запрос: за одно сохранение можно загрузить не больше 5 фотографий по 10 МБ. Ничего не сохранено.', 413),
    }),
  );
  // Plan evidence (at most 5 × 10 MB per claim): refused before the body is read for the CSRF check.
  app.use(
    '/plans/*',
    bodyLimit({
      maxSize: 52 * 1024 * 1024,
      onError: (c) => c.text('Слишком большой запрос: за один раз можно приложить не больше 5 файлов по 10 МБ. Ничего не сохранено.', 413),
    }),
  );
  // The questionnaire's form is read once, here, under its own size limit; the CSRF check and the handler share it.
  app.use('/q/:code', questionnaireFormBody());
  app.use('/golos/*', voiceFormBody());
  app.use('*', voiceCsrf(csrfProtection(deps.config.sessionSecret, { secureCookie: deps.config.nodeEnv === 'production' && !!deps.config.publicUrl?.startsWith('https:') })));

  app.route('/api', createApi(deps));
  app.route('/q', createQuestionnaireApp(deps));
  app.route('/rezultaty', createResultsApp(deps));
  app.route('/golos', createVoiceApp(deps));
  app.route('/plany', createPublicPlansApp(deps));

  if (deps.build && deps.clientDir) {
    const root = deps.clientDir;
    app.use(
      '/assets/*',
      async (c, next) => {
        await next();
        if (c.res.status === 200) c.header('Cache-Control', 'public, max-age=31536000, immutable');
      },
      serveStatic({ root }),
    );
    app.use('/favicon.ico', serveStatic({ root }));
    const handler = createRequestHandler(deps.build, deps.config.nodeEnv);
    app.all('*', async (c) => {
      const res = await handler(c.req.raw, await routerContext(c, deps));
      // A Response returned as is would drop headers set earlier with c.header()/setCookie (the fresh CSRF
      // cookie, rate-limit headers); newResponse merges them, appending Set-Cookie rather than replacing.
      return c.newResponse(res.body, res);
    });
  }

  app.onError((err, c) => {
    deps.logger.error({ err, path: c.req.path }, 'unhandled error');
    return c.text('Внутренняя ошибка сервера. Попробуйте позже.', 500);
  });

  return app;
}

async function routerContext(c: Context<AppEnv>, deps: HttpDeps): Promise<NokoContext> {
  return {
    db: deps.db,
    config: deps.config,
    logger: deps.logger,
    user: await resolveUser(c, deps),
    csrfToken: c.get('csrfToken'),
  };
}
