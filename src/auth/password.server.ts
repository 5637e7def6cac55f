import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// Parameters travel inside the hash string, so they can be raised later without invalidating old hashes:
// verify() reads them back, and needsRehash() tells the login code when to upgrade a stored hash.
const PRODUCTION = { N: 2 ** 15, r: 8, p: 1, keyLength: 32, saltLength: 16 } as const;
const MAX_N = 2 ** 20;

/**
 * The cost new hashes get. Test runs may lower N through NOKO_TEST_SCRYPT_LOG2N (decision 0062): the
 * suite creates and logs in hundreds of accounts, and at the production cost that was CPU-seconds of
 * nothing but key stretching. Honoured only when NODE_ENV is `test`; a hash made that cheaply still
 * reports needsRehash() under the production cost, so it could never stay cheap in a real database.
 */
function cost(): { N: number; r: number; p: number; keyLength: number; saltLength: number } {
  const log2n = process.env.NODE_ENV === 'test' ? Number(process.env.NOKO_TEST_SCRYPT_LOG2N) : NaN;
  return Number.isInteger(log2n) && log2n >= 4 && log2n < 15 ? { ...PRODUCTION, N: 2 ** log2n } : PRODUCTION;
}

function scrypt(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password.normalize('NFC'), salt, keyLength, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

function memoryFor(N: number, r: number, p: number): number {
  // Node refuses when 128·N·r·p reaches maxmem; leave headroom.
  return 128 * N * r * p + 16 * 1024 * 1024;
}

/** `scrypt$N$r$p$salt$key` with salt and key in base64url. */
export async function hashPassword(password: string): Promise<string> {
  const { N, r, p, keyLength, saltLength } = cost();
  const salt = randomBytes(saltLength);
  const key = await scrypt(password, salt, keyLength, { N, r, p, maxmem: memoryFor(N, r, p) });
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

type Parsed = { N: number; r: number; p: number; salt: Buffer; key: Buffer };

function parse(stored: string): Parsed | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0)) return null;
  // Refuse absurd parameters from a tampered row instead of letting them exhaust memory.
  if (N > MAX_N || (N & (N - 1)) !== 0 || r > 32 || p > 16) return null;
  const salt = Buffer.from(parts[4] ?? '', 'base64url');
  const key = Buffer.from(parts[5] ?? '', 'base64url');
  if (salt.length < 8 || key.length < 16) return null;
  return { N, r, p, salt, key };
}

export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  const parsed = stored ? parse(stored) : null;
  if (!parsed) {
    // Same work as a real check, so the response time does not tell that the account has no password.
    const c = cost();
    await scrypt(password, randomBytes(c.saltLength), c.keyLength, {
      N: c.N,
      r: c.r,
      p: c.p,
      maxmem: memoryFor(c.N, c.r, c.p),
    });
    return false;
  }
  const { N, r, p, salt, key } = parsed;
  const candidate = await scrypt(password, salt, key.length, { N, r, p, maxmem: memoryFor(N, r, p) });
  return timingSafeEqual(candidate, key);
}

export function needsRehash(stored: string): boolean {
  const parsed = parse(stored);
  const c = cost();
  return !parsed || parsed.N < c.N || parsed.r < c.r || parsed.key.length < c.keyLength;
}
