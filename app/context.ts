import type { Config } from '../src/config/env.server';
import type { Logger } from '../src/config/logger.server';
import type { Db } from '../src/db/index.server';

import type { SessionUser } from '../src/auth/policy';

/** The signed-in person, or null for an anonymous citizen. */
export type CurrentUser = SessionUser | null;

/**
 * Everything a loader or action may use. The server entry builds it per request: route modules are
 * bundled separately from server.ts, so they must never open their own database or read env themselves.
 */
export type NokoContext = {
  db: Db;
  config: Config;
  logger: Logger;
  user: CurrentUser;
  csrfToken: string;
};

declare module 'react-router' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends NokoContext {}
}
