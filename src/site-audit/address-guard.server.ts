// The server-side auditor fetches addresses that authorities type in. Without a guard it becomes a way to
// read services inside the operator's network (SSRF): `http://127.0.0.1:8099/`, cloud metadata at
// 169.254.169.254, a public name that resolves to 10.x, or a public site redirecting to any of those. The
// check runs at connect time, on the address the socket is about to use, so DNS rebinding between a check
// and the connection is not possible, and every redirect hop and document link passes through it.
import dns from 'node:dns';
import net from 'node:net';
import ipaddr from 'ipaddr.js';
import { buildConnector } from 'undici';

export const INTERNAL_ADDRESS_CODE = 'ERR_NOKO_INTERNAL_ADDRESS';
export const INTERNAL_ADDRESS_MESSAGE = 'адрес во внутренней сети — проверка запрещена';

export class InternalAddressError extends Error {
  readonly code = INTERNAL_ADDRESS_CODE;
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(`${INTERNAL_ADDRESS_MESSAGE} (${host} → ${address})`);
    this.name = 'InternalAddressError';
  }
}

type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** Which addresses the auditor may connect to: public unicast only, plus ranges an intranet installation names. */
export type AddressGuard = {
  /** True when connecting to this literal address is refused. */
  refuses(address: string): boolean;
  /** `lookup` for net/tls.connect: resolves the name and fails when any address it returns is refused. */
  lookup: net.LookupFunction;
  /** The ranges allowed despite being internal, as given (for reports and logs). */
  readonly allowed: readonly string[];
};

/**
 * Parses allowed ranges (`10.20.0.0/16`, `fd00::/8`, a single address) and throws a Russian message naming
 * the bad entry; used to validate SITE_AUDIT_ALLOW_NETWORKS at start.
 */
export function parseAllowedRanges(list: readonly string[]): Cidr[] {
  return list.map((raw) => {
    const entry = raw.trim();
    try {
      if (entry.includes('/')) return ipaddr.parseCIDR(entry);
      const address = ipaddr.parse(entry);
      return [address, address.kind() === 'ipv4' ? 32 : 128];
    } catch {
      throw new Error(`«${entry}» — не адрес и не диапазон (ожидается, например, 10.20.0.0/16 или fd00::/8)`);
    }
  });
}

/**
 * The embedded IPv4 address of IPv6 forms that carry one (IPv4-mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96,
 * SIIT), so that `::ffff:127.0.0.1` is judged as 127.0.0.1 and a NAT64 network can still reach public sites.
 */
function effective(address: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  if (address.kind() === 'ipv6') {
    const v6 = address as ipaddr.IPv6;
    const range = v6.range();
    if (range === 'ipv4Mapped' || range === 'rfc6052' || range === 'rfc6145') {
      const b = v6.toByteArray();
      return new ipaddr.IPv4(b.slice(12, 16));
    }
  }
  return address;
}

/** Loopback, private, link-local, multicast, unspecified, CGNAT, documentation and reserved: anything but public unicast. */
export function isInternalAddress(address: string, allowed: readonly Cidr[] = []): boolean {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = effective(ipaddr.parse(address.replace(/^\[|\]$/g, '').replace(/%.*$/, '')));
  } catch {
    return true; // not an address we understand: never connect to it
  }
  for (const [range, bits] of allowed) {
    if (range.kind() === parsed.kind() && parsed.match(range, bits)) return false;
  }
  return parsed.range() !== 'unicast';
}

export function createAddressGuard(allowedRanges: readonly string[] = []): AddressGuard {
  const allowed = parseAllowedRanges(allowedRanges);
  const refuses = (address: string) => isInternalAddress(address, allowed);
  const lookup = ((hostname: string, options: dns.LookupOptions, callback: (...args: unknown[]) => void) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err);
      // Every address of the name must be public: a name with one public and one internal record would
      // otherwise reach inside on the connection attempt that happens to pick the second.
      const bad = addresses.find((a) => refuses(a.address));
      if (bad) return callback(new InternalAddressError(hostname, bad.address));
      if (options.all) return callback(null, addresses);
      const first = addresses[0]!;
      return callback(null, first.address, first.family);
    });
  }) as unknown as net.LookupFunction;
  return { refuses, lookup, allowed: [...allowedRanges] };
}

/**
 * An undici connector with the guard in front: names resolve through the guarded lookup, literal
 * addresses (which net.connect never looks up) are checked here.
 */
export function guardedConnector(guard: AddressGuard, options: buildConnector.BuildOptions): buildConnector.connector {
  const base = buildConnector({ ...options, lookup: guard.lookup } as buildConnector.BuildOptions);
  return (opts, callback) => {
    const host = opts.hostname.replace(/^\[|\]$/g, '');
    if (net.isIP(host) && guard.refuses(host)) {
      callback(new InternalAddressError(host, host), null);
      return;
    }
    base(opts, callback);
  };
}
