// `npm run demo` / `noko demo`: a demo municipality with campaigns and one account per role, passwords
// printed once. Running it again keeps the data and issues new passwords for the demo accounts.
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { seedDemo } from '../src/campaigns/demo.server';
import { createAccount } from '../src/auth/accounts.server';
import { hashPassword } from '../src/auth/password.server';
import { organisations } from '../src/db/schema/registry';
import { users } from '../src/db/schema/auth';
import { parseCliArgs } from './args';
import { openForCli } from './open-db';

const USAGE = `Использование: noko demo

Создаёт демонстрационный муниципалитет (30 организаций), кампании и по учётной записи на каждую роль;
пароли печатаются один раз. Повторный запуск сохраняет данные и выдаёт новые пароли.
Запускайте при остановленном сервере (встроенная база допускает один процесс).
`;

type DemoAccount = {
  email: string;
  name: string;
  role: 'admin' | 'authority' | 'council' | 'operator' | 'organisation';
  councilPosition?: 'chair' | 'secretary' | 'member';
  label: string;
};

const accounts: DemoAccount[] = [
  { email: 'admin@demo.noko', name: 'Администратор Демо', role: 'admin', label: 'администратор' },
  {
    email: 'authority@demo.noko',
    name: 'Орлова Елена Сергеевна',
    role: 'authority',
    label: 'орган управления образованием',
  },
  {
    email: 'council@demo.noko',
    name: 'Громов Павел Андреевич',
    role: 'council',
    councilPosition: 'chair',
    label: 'общественный совет (председатель)',
  },
  {
    email: 'secretary@demo.noko',
    name: 'Белова Анна Игоревна',
    role: 'council',
    councilPosition: 'secretary',
    label: 'общественный совет (секретарь)',
  },
  { email: 'operator@demo.noko', name: 'Соколов Дмитрий Олегович', role: 'operator', label: 'оператор' },
  {
    email: 'school@demo.noko',
    name: 'Иванова Мария Петровна',
    role: 'organisation',
    label: 'представитель организации (МАОУ Гимназия № 1)',
  },
];

function password(): string {
  // Readable: no 0/O, 1/l/I.
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return Array.from(randomBytes(14), (b) => alphabet[b % alphabet.length]).join('');
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseCliArgs(args, { usage: USAGE });
  if (typeof parsed === 'number') return parsed;
  const opened = await openForCli();
  if (!opened) return 1;
  const { db } = opened.handle;
  try {
    const result = await seedDemo(db, opened.config.dataDir);
    const [gymnasium] = await db.select().from(organisations).where(eq(organisations.shortName, 'МАОУ Гимназия № 1'));
    const actor = { id: null, name: 'демонстрационные данные (npm run demo)' };
    const lines: string[] = [];
    for (const a of accounts) {
      const [existing] = await db.select().from(users).where(eq(users.email, a.email));
      let userId = existing?.id;
      if (!existing) {
        const created = await createAccount(db, actor, {
          email: a.email,
          name: a.name,
          role: a.role,
          councilPosition: a.councilPosition ?? null,
          territoryId: a.role === 'admin' || a.role === 'organisation' ? null : result.municipalityId,
          organisationId: a.role === 'organisation' ? (gymnasium?.id ?? null) : null,
        });
        if (!created.ok) {
          process.stderr.write(`Не удалось создать ${a.email}: ${Object.values(created.errors).join(' ')}\n`);
          return 1;
        }
        userId = created.user.id;
      }
      const pw = password();
      await db
        .update(users)
        .set({ passwordHash: await hashPassword(pw), failedLogins: 0, lockedUntil: null, active: true })
        .where(eq(users.id, userId!));
      lines.push(`  ${a.label.padEnd(48)} ${a.email.padEnd(22)} ${pw}`);
    }
    const base = opened.config.publicUrl ?? `http://localhost:${opened.config.port}`;
    process.stdout.write(
      [
        result.created
          ? 'Демонстрационные данные созданы.'
          : 'Демонстрационные данные уже были созданы раньше; выданы новые пароли.',
        `Организаций: ${result.organisations}. Текущая кампания: ${base}/campaigns/${result.currentCampaignId}`,
        `Публичная страница кампании: ${base}/c/${result.currentCampaignId}`,
        `Опубликованные результаты прошлой кампании: ${base}/rezultaty/${result.pastCampaignId}`,
        '',
        'Учётные записи (пароли показываются один раз):',
        ...lines,
        '',
        'Запустите сервер (npm start) и войдите на странице /login.',
        '',
      ].join('\n'),
    );
    return 0;
  } finally {
    await opened.handle.close();
  }
}
