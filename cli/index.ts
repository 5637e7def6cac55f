// The `noko` command line: each subcommand lives in its own module and is loaded on demand,
// so `noko score` never pays for the database or the web stack.
type Command = { summary: string; load: () => Promise<{ run: (args: string[]) => Promise<number> }> };

const commands: Record<string, Command> = {
  'import-orgs': {
    summary: 'загрузить организации из XLSX/CSV в муниципалитет (всё или ничего)',
    load: () => import('./import-orgs'),
  },
  'export-orgs': { summary: 'выгрузить реестр организаций в XLSX или CSV', load: () => import('./export-orgs') },
  demo: { summary: 'создать демонстрационный муниципалитет, кампании и учётные записи', load: () => import('./demo') },
  backup: { summary: 'резервная копия встроенной базы (PGlite) в файл .tar.gz', load: () => import('./backup') },
  restore: { summary: 'восстановить встроенную базу из резервной копии', load: () => import('./restore') },
  score: { summary: 'рассчитать баллы НОК по файлу с исходными данными', load: () => import('./score') },
  audit: {
    summary: 'проверить раздел «Сведения об образовательной организации» на сайте',
    load: () => import('./audit'),
  },
  'audit-campaign': {
    summary: 'проверить сайты всех организаций кампании (с продолжением после прерывания)',
    load: () => import('./audit-campaign'),
  },
  'plan-reminders': {
    summary: 'разослать напоминания о сроках мероприятий планов (для ежедневного запуска)',
    load: () => import('./plan-reminders'),
  },
  report: {
    summary: 'построить документ кампании (аналитический отчёт и др.) в DOCX/PDF/XLSX/ZIP',
    load: () => import('./report'),
  },
  'create-admin': {
    summary: 'создать администратора и выдать одноразовую ссылку для входа',
    load: () => import('./create-admin'),
  },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  noko ${name.padEnd(12)} ${c.summary}`);
  return ['Использование: noko <команда> [параметры]', '', 'Команды:', ...lines].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name) {
    process.stderr.write(usage() + '\n');
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' && rest[0] ? commands[rest[0]] : undefined;
    if (topic) return (await topic.load()).run(['--help']);
    process.stdout.write(usage() + '\n\nСправка по команде: noko <команда> --help\n');
    return 0;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`Неизвестная команда «${name}».\n\n${usage()}\n`);
    return 2;
  }
  const mod = await command.load();
  return mod.run(rest);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2));
}
