// What makes a new password acceptable: client-safe (the forms state the minimum length), and the
// server checks the same rules before hashing.

export const MIN_PASSWORD_LENGTH = 10;

// The most common passwords of at least the minimum length, from public breach lists (Russian and
// international), plus the product's own name. Not exhaustive: it stops the laziest choices.
const common = new Set([
  '1234567890',
  '0987654321',
  '1111111111',
  '0000000000',
  '1234512345',
  '1q2w3e4r5t',
  '1q2w3e4r5t6y',
  'qwertyuiop',
  'qwerty1234',
  'qwerty12345',
  'qwerty123456',
  'qazwsxedc123',
  '1qaz2wsx3edc',
  'zxcvbnm123',
  'password12',
  'password123',
  'password1234',
  'passw0rd123',
  'iloveyou12',
  'abcdefghij',
  'abc1234567',
  'a123456789',
  'q123456789',
  'aa12345678',
  '123456789a',
  '123456789q',
  '12345678910',
  '123123123123',
  '11223344556',
  'йцукенгшщз',
  'йцукен12345',
  'пароль1234',
  'пароль12345',
  'парольпароль',
  'qwertyqwerty',
  'administrator',
  'admin12345',
  'admin123456',
  'adminadmin',
  'welcome123',
  'letmein123',
  'football12',
  'sunshine12',
  'princess12',
  'dragon1234',
  'monkey1234',
  'noko123456',
  'нокопароль',
  'школа12345',
  'образование',
  'obrazovanie',
  'changeme123',
  'testtest12',
  'asdfghjkl1',
  'asdfghjkl;',
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
