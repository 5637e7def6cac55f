// `noko export-orgs [--format xlsx|csv] [--territory <id>] [--out file]`: the registry as a spreadsheet.
// Exit codes: 0 written, 1 database unavailable or territory unknown, 2 usage.
import { writeFile } from 'node:fs/promises';
import { exportOrganisations } from '../src/registry/export.server';
import { getTerritory, territoryWithChildren } from '../src/registry/organisations.server';
import { parseCliArgs, usageError } from './args';
import { openForCli } from './open-db';

const USAGE =
  'Использование: noko export-orgs [--format xlsx|csv] [--territory <id>] [--out файл]  (без --out CSV выводится в stdout)';

export async function run(args: string[]): Promise<number> {
  const parsed = parseCliArgs(args, {
    usage: USAGE,
    options: { format: { type: 'string' }, out: { type: 'string' }, territory: { type: 'string' } },
  });
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const format = values.format ?? (values.out?.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv');
  if (format !== 'xlsx' && format !== 'csv') return usageError(USAGE, `Неизвестный формат «${format}».`);
  if (format === 'xlsx' && !values.out) {
    process.stderr.write(`Для XLSX укажите файл: --out реестр.xlsx\n`);
    return 2;
  }
  const opened = await openForCli();
  if (!opened) return 1;
  try {
    let territoryIds: string[] | undefined;
    if (values.territory) {
      if (!(await getTerritory(opened.handle.db, values.territory))) {
        process.stderr.write(`Территория ${values.territory} не найдена.\n`);
        return 1;
      }
      territoryIds = await territoryWithChildren(opened.handle.db, values.territory);
    }
    const bytes = await exportOrganisations(opened.handle.db, format, territoryIds);
    if (values.out) {
      await writeFile(values.out, bytes);
      process.stderr.write(`Записан файл ${values.out}.\n`);
    } else process.stdout.write(bytes);
    return 0;
  } finally {
    await opened.handle.close();
  }
}
