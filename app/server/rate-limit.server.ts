import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { rateLimiter } from 'hono-rate-limiter';

/**
 * The client's network as a rate-limit key: the IPv4 address, or the /64 prefix of an IPv6 address
 * (one household or phone gets a whole /64, so limiting single v6 addresses would limit nothing).
 */
export function networkKey(c: Context): string {
  let address: string | undefined;
  try {
    address = getConnInfo(c).remote.address;
  } catch {
    address = undefined; // requests built in-process (tests) have no socket
  }
  if (!address) return 'local';
  if (address.startsWith('::ffff:')) return address.slice(7);
  if (address.includes(':')) return address.split(':').slice(0, 4).join(':') + '::/64';
  return address;
}

// Per-instance counters: with several app instances the effective limit is multiplied by their count,
// which is acceptable for abuse protection (see docs/decisions/0001-stack.md).
export function rateLimit(options: { windowMs: number; limit: number }): MiddlewareHandler {
  return rateLimiter({
    windowMs: options.windowMs,
    limit: options.limit,
    standardHeaders: 'draft-6',
    keyGenerator: networkKey,
    message: 'Слишком много запросов. Подождите минуту и попробуйте снова.',
    statusCode: 429,
  });
}
