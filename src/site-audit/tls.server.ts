import { existsSync, readFileSync } from 'node:fs';
import tls from 'node:tls';

// Debian/Ubuntu, RHEL/Fedora, Alpine/openSUSE bundles: the "system roots" the brief asks for on Node 20,
// which has no API to read the OS store.
const SYSTEM_BUNDLES = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/ca-bundle.pem',
];

let systemCache: string[] | null = null;

function systemRoots(): string[] {
  if (systemCache) return systemCache;
  const found: string[] = [];
  for (const file of SYSTEM_BUNDLES) {
    if (existsSync(file)) {
      found.push(readFileSync(file, 'utf8'));
      break;
    }
  }
  systemCache = found;
  return found;
}

/** Mozilla roots bundled with Node, the OS bundle, and the operator's extra CAs (e.g. Russian Trusted Root CA). */
export function trustStore(extraCaPem: readonly string[] = []): string[] {
  return [...tls.rootCertificates, ...systemRoots(), ...extraCaPem];
}

const UNTRUSTED_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_UNTRUSTED',
  'CERT_CHAIN_TOO_LONG',
]);

export type TlsProblem = 'untrusted' | 'expired' | 'hostname' | 'other';

/** Classifies a certificate error from the socket, or returns null when the error is not about TLS trust. */
export function classifyTlsError(err: unknown): TlsProblem | null {
  const code = errorCode(err);
  if (!code) return null;
  if (UNTRUSTED_CODES.has(code)) return 'untrusted';
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') return 'expired';
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'HOSTNAME_MISMATCH') return 'hostname';
  if (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || code.includes('CERT')) return 'other';
  return null;
}

export function errorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET' && code !== 'UND_ERR') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export const TLS_MESSAGES: Record<TlsProblem, string> = {
  untrusted: 'сертификат не подтверждён общедоступным корневым центром',
  expired: 'срок действия сертификата истёк или ещё не начался',
  hostname: 'сертификат выдан для другого имени сайта',
  other: 'ошибка защищённого соединения',
};
