import type { Context, MiddlewareHandler } from 'hono';
import { rateLimiter, type Store } from 'hono-rate-limiter';
import { counterKey, type SharedWindowCounter } from '../../src/security/shared-limits.server';
import { clientAddressOf } from './client-address.server';

/**
 * The client's network as a rate-limit key: the IPv4 address, or the /64 prefix of an IPv6 address
 * (one household or phone gets a whole /64, so limiting single v6 addresses would limit nothing). Behind
 * a trusted proxy this is the address the proxy forwarded (app/server/client-address.server.ts).
 */
export function networkKey(c: Context): string {
  const address = clientAddressOf(c);
  if (!address) return 'local';
  if (address.startsWith('::ffff:')) return address.slice(7);
  if (address.includes(':')) return address.split(':').slice(0, 4).join(':') + '::/64';
  return address;
}

/**
 * A hono-rate-limiter store over `shared_counters`, so that N instances allow the limit once, not N
 * times. Keys are hashed: no address is stored in clear.
 */
export function sharedRateLimitStore(counter: SharedWindowCounter, name: string): Store {
  let windowMs = 60_000;
  return {
    init: (options) => {
      windowMs = options.windowMs;
    },
    increment: async (key) => {
      const hit = await counter.hit(counterKey(`rate:${name}`, key), windowMs);
      return { totalHits: hit.count, resetTime: hit.resetAt };
    },
    decrement: () => undefined,
    resetKey: (key) => counter.reset(counterKey(`rate:${name}`, key), windowMs),
    localKeys: false,
    prefix: name,
  };
}

/**
 * Per-network request budget. With `store` the counts are shared through the database (credentials, the
 * questionnaire); without it they are per process (the coarse page-flood limit, decision 0017).
 */
export function rateLimit(options: { windowMs: number; limit: number; store?: Store }): MiddlewareHandler {
  return rateLimiter({
    windowMs: options.windowMs,
    limit: options.limit,
    standardHeaders: 'draft-6',
    keyGenerator: networkKey,
    message: 'Слишком много запросов. Подождите минуту и попробуйте снова.',
    statusCode: 429,
    ...(options.store ? { store: options.store } : {}),
  });
}
