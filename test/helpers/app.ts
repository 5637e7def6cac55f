import type { Config } from '../../src/config/env.server';
import { createLogger } from '../../src/config/logger.server';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    nodeEnv: 'test',
    host: '127.0.0.1',
    port: 0,
    databaseUrl: undefined,
    dataDir: '/tmp/noko-test-data',
    sessionSecret: 'test-secret-test-secret-test-secret-0123',
    logLevel: 'silent',
    publicUrl: undefined,
    ...overrides,
  };
}

export const silentLogger = createLogger('silent');

/** Cookie header value from a response's Set-Cookie headers (name=value pairs only). */
export function cookiesFrom(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}
