// The client's address behind a reverse proxy. The socket's peer is the proxy, so every parent would share
// one "network" for rate limits and survey integrity; the forwarding headers tell the real client, but
// anyone can send them, so they are read only as far as the hops we trust (TRUST_PROXY): walking from the
// socket towards the client, each address we trust may name the next one, and the first untrusted
// address is the client.
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import ipaddr from 'ipaddr.js';
import type { TrustProxySetting } from '../../src/config/env.server';
import { parseAllowedRanges } from '../../src/site-audit/address-guard.server';

export type ForwardedHeader = 'x-forwarded-for' | 'forwarded';

function normalise(address: string): string | null {
  try {
    const parsed = ipaddr.process(address);
    return parsed.toString();
  } catch {
    return null;
  }
}

/** Addresses named by the forwarding header, nearest hop first (the order we walk them in). */
export function forwardedChain(value: string | undefined, header: ForwardedHeader): string[] {
  if (!value) return [];
  const entries = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const addresses = header === 'x-forwarded-for' ? entries : entries.map(forwardedFor);
  return addresses.reverse().map((a) => stripPort(a ?? ''));
}

/** `for=` of one RFC 7239 element: `for=192.0.2.60;proto=https`, `for="[2001:db8::1]:4711"`. */
function forwardedFor(element: string): string | null {
  for (const pair of element.split(';')) {
    const [name, ...rest] = pair.split('=');
    if (name?.trim().toLowerCase() === 'for') return rest.join('=').trim().replace(/^"|"$/g, '');
  }
  return null;
}

function stripPort(a: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed) return bracketed[1]!;
  if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(a)) return a.slice(0, a.lastIndexOf(':'));
  return a;
}

/** The client's address from the socket's peer and the forwarding header, trusting only `trust`. */
export function resolveClientAddress(
  socket: string | undefined,
  headerValue: string | undefined,
  trust: TrustProxySetting | null,
  header: ForwardedHeader = 'x-forwarded-for',
): string | undefined {
  if (!socket) return undefined;
  let current = normalise(socket) ?? socket;
  if (!trust) return current;
  const ranges = 'ranges' in trust ? parseAllowedRanges(trust.ranges) : [];
  const trusted = (address: string, hop: number) => {
    if ('hops' in trust) return hop < trust.hops;
    const parsed = ipaddr.process(address);
    return ranges.some(([range, bits]) => range.kind() === parsed.kind() && parsed.match(range, bits));
  };
  const chain = forwardedChain(headerValue, header);
  for (let hop = 0; hop < chain.length && trusted(current, hop); hop++) {
    const next = normalise(chain[hop]!);
    if (!next) break; // "unknown" or garbage: the last address we could read is the client
    current = next;
  }
  return current;
}

/** Sets `clientAddress` for the rate limits, the survey and anything else that needs the client's network. */
export function clientAddress(
  trust: TrustProxySetting | null,
  header: ForwardedHeader = 'x-forwarded-for',
): MiddlewareHandler {
  if (trust && 'ranges' in trust) parseAllowedRanges(trust.ranges); // fail at start, not per request
  return async (c, next) => {
    let socket: string | undefined;
    try {
      socket = getConnInfo(c).remote.address;
    } catch {
      socket = undefined; // requests built in-process (tests) have no socket
    }
    c.set('clientAddress' as never, resolveClientAddress(socket, c.req.header(header), trust, header) as never);
    await next();
  };
}

export function clientAddressOf(c: Context): string | undefined {
  const set = c.get('clientAddress' as never) as string | undefined;
  if (set !== undefined) return set;
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}
