import { CSRF_COOKIE, csrfTokenFor } from '../../app/server/csrf.server';
import type { createHttpApp } from '../../app/server/http.server';
import type { Config } from '../../src/config/env.server';

export const NONCE = 'TestNonceTestNonce1234';

/** Requests as a browser would send them: the CSRF cookie always, the form token unless told not to. */
export function browser(app: ReturnType<typeof createHttpApp>, config: Config) {
  const token = csrfTokenFor(config.sessionSecret, NONCE);
  const cookieHeader = (session?: string) => [`${CSRF_COOKIE}=${NONCE}`, session].filter(Boolean).join('; ');
  return {
    token,
    get: (path: string, session?: string) =>
      app.request(`http://localhost${path}`, { headers: { cookie: cookieHeader(session) } }),
    /** A fetch() from the page: JSON body, token in the x-csrf-token header. */
    postJson: (path: string, body: unknown, session?: string) =>
      app.request(`http://localhost${path}`, {
        method: 'POST',
        headers: {
          cookie: cookieHeader(session),
          'content-type': 'application/json',
          'x-csrf-token': token,
          origin: 'http://localhost',
        },
        body: JSON.stringify(body),
      }),
    post: (path: string, fields: Record<string, string>, session?: string, options: { csrf?: boolean } = {}) => {
      const body = new URLSearchParams(fields);
      if (options.csrf !== false) body.set('_csrf', token);
      return app.request(`http://localhost${path}`, {
        method: 'POST',
        headers: {
          cookie: cookieHeader(session),
          'content-type': 'application/x-www-form-urlencoded',
          origin: 'http://localhost',
        },
        body: body.toString(),
      });
    },
  };
}

export function sessionCookieFrom(res: Response): string | undefined {
  return res.headers.getSetCookie().find((c) => c.startsWith('noko_session='));
}
