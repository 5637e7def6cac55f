// `noko import-orgs <file> --territory <id>`: loads organisations into a municipality, all or nothing.
// Exit codes: 0 loaded, 1 the file was refused (report on stderr) or the database is unavailable, 2 usage.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { formatIssues, importOrganisations, MAX_IMPORT_BYTES } from '../src/registry/import.server';
import { parseCliArgs, usageError } from './args';
import { openForCli } from './open-db';

const USAGE = 'Использование: noko import-orgs <файл.xlsx|файл.csv> --territory <id муниципалитета>';

export async function run(args: string[]): Promise<number> {
  const parsed = parseCliArgs(args, { usage: USAGE, options: { territory: { type: 'string' } }, positionals: true });
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
    process.stderr.write(`Файл слишком большой: ${(size / 1024 / 1024).toFixed(1).replace('.', ',')} МБ при допустимых ${MAX_IMPORT_BYTES / 1024 / 1024} МБ. Разделите его на части.\n`);
    return 1;
  }
  const bytes = new Uint8Array(await readFile(file));
  const opened = await openForCli();
  if (!opened) return 1;
  try {
    const report = await importOrganisations(opened.handle.db, {
      territoryId,
      bytes,
      fileName: path.basename(file),
      actor: { id: null, name: 'командная строка (noko import-orgs)' },
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
