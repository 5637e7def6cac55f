// `noko import-orgs <file> --territory <id> [--yes]`: loads organisations into a municipality, all or nothing.
// It prints every change first (organisation by organisation, «было → станет») and writes only after a
// confirmation: --yes, or «да» typed at the prompt. Exit codes: 0 loaded (or nothing to change), 1 the file
// was refused, not confirmed, or the database is unavailable, 2 usage.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import {
  confirmImport,
  formatIssues,
  formatPlan,
  MAX_IMPORT_BYTES,
  previewImport,
} from '../src/registry/import.server';
import { parseCliArgs, usageError } from './args';
import { openForCli } from './open-db';

const USAGE = `Использование: noko import-orgs <файл.xlsx|файл.csv> --territory <id муниципалитета> [--yes]

Сначала печатает все изменения по каждой организации, затем спрашивает подтверждение.
Пустая ячейка ничего не меняет; чтобы стереть значение, напишите в ячейке «очистить».

Параметры:
  --territory <id>  муниципалитет, в реестр которого загружаются организации
  --yes             применить изменения без вопроса (для сценариев)
`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCliArgs(args, {
    usage: USAGE,
    options: { territory: { type: 'string' }, yes: { type: 'boolean' } },
    positionals: true,
  });
  if (typeof parsed === 'number') return parsed;
  const file = parsed.positionals[0];
  const territoryId = parsed.values.territory;
  if (!file || !territoryId || parsed.positionals.length > 1) return usageError(USAGE);
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    process.stderr.write(`Файл «${file}» не найден или недоступен.\n`);
    return 1;
  }
  // Refuse a huge file before reading it into memory.
  if (size > MAX_IMPORT_BYTES) {
    process.stderr.write(
      `Файл слишком большой: ${(size / 1024 / 1024).toFixed(1).replace('.', ',')} МБ при допустимых ${MAX_IMPORT_BYTES / 1024 / 1024} МБ. Разделите его на части.\n`,
    );
    return 1;
  }
  const bytes = new Uint8Array(await readFile(file));
  const opened = await openForCli();
  if (!opened) return 1;
  try {
    const actor = { id: null, name: 'командная строка (noko import-orgs)' };
    const db = opened.handle.db;
    const preview = await previewImport(db, { territoryId, bytes, fileName: path.basename(file), actor });
    if (!preview.ok) {
      process.stderr.write(preview.message + '\n');
      if (preview.issues.length) process.stderr.write(formatIssues(preview.issues) + '\n');
      return 1;
    }
    process.stdout.write(formatPlan(preview.plan) + '\n');
    if (!preview.draftId) {
      process.stdout.write('Файл совпадает с реестром: изменений нет.\n');
      return 0;
    }
    if (!parsed.values.yes && !(await askYes())) {
      process.stderr.write(
        'Реестр не изменён: изменения не подтверждены. Чтобы применить их без вопроса, добавьте --yes.\n',
      );
      return 1;
    }
    const report = await confirmImport(db, {
      territoryId,
      draftId: preview.draftId,
      planHash: preview.plan.hash,
      actor,
    });
    if (!report.ok) {
      process.stderr.write(report.message + '\n');
      if (report.issues.length) process.stderr.write(formatIssues(report.issues) + '\n');
      return 1;
    }
    process.stdout.write(
      `Загружено строк: ${report.total}. Добавлено: ${report.created}, обновлено: ${report.updated}, без изменений: ${report.unchanged}.\n`,
    );
    return 0;
  } finally {
    await opened.handle.close();
  }
}

/** «Применить изменения? [да/нет]» on a terminal; no terminal (a script, a pipe) is not a yes. */
async function askYes(): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = (await rl.question('Применить изменения? [да/нет] ')).trim().toLowerCase();
    return ['да', 'д', 'yes', 'y'].includes(answer);
  } finally {
    rl.close();
  }
}
