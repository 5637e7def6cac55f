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
    await scrypt(password, randomBytes(c.saltLength), c.keyLength, { N: c.N, r: c.r, p: c.p, maxmem: memoryFor(c.N, c.r, c.p) });
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

export const MIN_PASSWORD_LENGTH = 10;

// The most common passwords of at least the minimum length, from public breach lists (Russian and
// international), plus the product's own name. Not exhaustive: it stops the laziest choices.
const common = new Set([
  '1234567890', '0987654321', '1111111111', '0000000000', '1234512345', '1q2w3e4r5t', '1q2w3e4r5t6y',
  'qwertyuiop', 'qwerty1234', 'qwerty12345', 'qwerty123456', 'qazwsxedc123', '1qaz2wsx3edc', 'zxcvbnm123',
  'password12', 'password123', 'password1234', 'passw0rd123', 'iloveyou12', 'abcdefghij', 'abc1234567',
  'a123456789', 'q123456789', 'aa12345678', '123456789a', '123456789q', '12345678910', '123123123123',
  '11223344556', 'йцукенгшщз', 'йцукен12345', 'пароль1234', 'пароль12345', 'парольпароль', 'qwertyqwerty',
  'administrator', 'admin12345', 'admin123456', 'adminadmin', 'welcome123', 'letmein123', 'football12',
  'sunshine12', 'princess12', 'dragon1234', 'monkey1234', 'noko123456', 'нокопароль', 'школа12345',
  'образование', 'obrazovanie', 'changeme123', 'testtest12', 'asdfghjkl1', 'asdfghjkl;',
]);

/** Russian reason why a new password is not acceptable, or null when it is fine. */
export function passwordProblem(password: string, context: { email?: string; name?: string } = {}): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Пароль должен быть не короче ${MIN_PASSWORD_LENGTH} символов.`;
  if (password.length > 200) return 'Пароль слишком длинный: не больше 200 символов.';
  const lower = password.toLowerCase();
  if (common.has(lower)) return 'Этот пароль слишком распространён. Придумайте другой.';
  if (/^(.)\1+$/.test(password)) return 'Пароль не может состоять из одного повторяющегося символа.';
  const local = context.email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) return 'Пароль не должен содержать адрес электронной почты.';
  return null;
}
