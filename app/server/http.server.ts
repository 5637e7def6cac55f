import { createRequestHandler, type ServerBuild } from 'react-router';
import { Hono, type Context } from 'hono';
import { compress } from 'hono/compress';
import { getCookie } from 'hono/cookie';
import { NONCE, secureHeaders } from 'hono/secure-headers';
import { serveStatic } from '@hono/node-server/serve-static';
import { sql } from 'drizzle-orm';
import type { Config } from '../../src/config/env.server';
import type { Logger } from '../../src/config/logger.server';
import type { Db } from '../../src/db/index.server';
import type { NokoContext } from '../context';
import { createApi } from '../api/index';
import { createQuestionnaireApp, questionnaireFormBody } from '../hot/questionnaire';
import { createResultsApp } from '../hot/results/routes';
import { SESSION_COOKIE } from '../../src/auth/sessions.server';
import { SharedWindowCounter } from '../../src/security/shared-limits.server';
import type { SurveyKeyStore } from '../../src/survey/network-keys.server';
import { globalBodyLimit } from './body-limit.server';
import { clientAddress } from './client-address.server';
import { allowFramingOfEmbeds, createVoiceApp, voiceCsrf, voiceFormBody } from '../hot/voice';
import { csrfProtection } from './csrf.server';
import { createPublicPlansApp } from '../hot/plans';
import type { ParsedForm } from './form';
import { rateLimit, sharedRateLimitStore } from './rate-limit.server';
import { resolveUser } from './session.server';

export type HttpDeps = {
  db: Db;
  config: Config;
  logger: Logger;
  /** The React Router server build; absent in tests that exercise only the Hono layer. */
  build?: ServerBuild;
  /** Where the client assets of the build live. */
  clientDir?: string;
  /** The survey's network keys (outside the database); default: a store in config.surveyKeyDir. */
  surveyKeys?: SurveyKeyStore;
};

export type AppEnv = {
  Variables: {
    csrfToken: string;
    csrfFresh: boolean;
    parsedForm?: ParsedForm;
    secureHeadersNonce?: string;
    clientAddress?: string;
  };
};

/**
 * The whole HTTP surface: Hono in front (headers, compression, rate limits, health, JSON API and the hot
 * public paths), React Router behind it for every other page.
 */
export function createHttpApp(deps: HttpDeps) {
  const app = new Hono<AppEnv>();

  // Client address first: rate limits and the survey key on it. Behind a proxy only TRUST_PROXY hops may name it.
  app.use('*', clientAddress(deps.config.trustProxy ?? null, deps.config.trustProxyHeader));
  // A NUL byte in the address would reach a query as text PostgreSQL cannot store: a clear 400 instead of a 500.
  app.use('*', async (c, next) => {
    if (/%00/i.test(c.req.url))
      return c.text('В адресе есть недопустимый символ (нулевой байт). Проверьте ссылку.', 400);
    await next();
  });

  // Citizens' voice: only its embed pages may be framed by other sites (runs after secureHeaders' headers).
  app.use('/golos/*', allowFramingOfEmbeds());
  const headers = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      // A fresh nonce per response instead of 'unsafe-inline': only scripts the server wrote run.
      scriptSrc: ["'self'", NONCE],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'self'"],
      objectSrc: ["'none'"],
    },
    referrerPolicy: 'same-origin',
    crossOriginEmbedderPolicy: false,
  });
  app.use('*', async (c, next) => {
    // A route that sets its own, stricter policy (the evidence photo's `sandbox`) keeps it.
    let own: string | null = null;
    await headers(c, async () => {
      await next();
      own = c.res.headers.get('content-security-policy');
    });
    if (own) c.res.headers.set('Content-Security-Policy', own);
    // Pages for signed-in staff carry names, figures and tokens: never kept by a browser or a proxy cache.
    if (getCookie(c, SESSION_COOKIE) && !c.res.headers.has('cache-control'))
      c.res.headers.set('Cache-Control', 'no-store');
  });
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

  // Login and other credential endpoints get a much tighter budget than ordinary pages, counted in the
  // database so that several instances do not multiply it. The page-flood limit stays per process.
  const shared = new SharedWindowCounter(deps.db);
  app.use('/login', rateLimit({ windowMs: 60_000, limit: 20, store: sharedRateLimitStore(shared, 'login') }));
  app.use('/setup/*', rateLimit({ windowMs: 60_000, limit: 20, store: sharedRateLimitStore(shared, 'setup') }));
  app.use('*', rateLimit({ windowMs: 60_000, limit: 1200 }));

  // The questionnaire's form is read once, here, under its own size limit; the CSRF check and the handler share it.
  app.use('/q/:code', questionnaireFormBody());
  app.use('/golos/*', voiceFormBody());
  // One body limit before anything else reads a body (the CSRF check parses forms): small unless a signed-in
  // role that may upload posts to an upload route (app/server/body-limit.server.ts). The two public forms
  // above have already been read under their own, smaller limits.
  app.use('*', globalBodyLimit(deps));
  app.use(
    '*',
    voiceCsrf(
      csrfProtection(deps.config.sessionSecret, {
        secureCookie: deps.config.nodeEnv === 'production' && !!deps.config.publicUrl?.startsWith('https:'),
      }),
    ),
  );

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
    cspNonce: c.get('secureHeadersNonce') ?? '',
  };
}
