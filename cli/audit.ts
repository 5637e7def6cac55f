// `noko audit <url>`: audits the «Сведения об образовательной организации» section of one site.
import { readFileSync } from 'node:fs';
import { auditSite } from '../src/site-audit/audit.server';
import { parsePreviousReport } from '../src/site-audit/previous';
import { toJson, renderText } from '../src/site-audit/report';
import { ORG_TYPES, type DocumentRecord, type OrgType } from '../src/site-audit/types';
import { dateOptionOk, parseCliArgs, usageError } from './args';
import { readCaFile } from './ca-file';

const USAGE = `Использование: noko audit <адрес сайта> [параметры]

Параметры:
  --type school|preschool|college|additional|higher   тип организации (по умолчанию school)
  --date ГГГГ-ММ-ДД     дата, на которую применяются требования (по умолчанию сегодня)
  --json                вывести результат в JSON
  --ca-file путь        дополнительный корневой сертификат (PEM), например Russian Trusted Root CA
  --insecure            не проверять сертификат сайта (отмечается в отчёте)
  --no-documents        не проверять ссылки на документы
  --previous файл       отчёт прошлой проверки (--json): неизменённые документы не скачиваются заново

Переменная окружения SITE_AUDIT_BROWSER=/usr/bin/chromium: подразделы, которые строятся скриптами,
отрисовываются в браузере, и найденное после отрисовки отмечается в отчёте.
`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCliArgs(args, {
    usage: USAGE,
    options: {
      type: { type: 'string' },
      date: { type: 'string' },
      json: { type: 'boolean' },
      insecure: { type: 'boolean' },
      'ca-file': { type: 'string' },
      'no-documents': { type: 'boolean' },
      previous: { type: 'string' },
    },
    positionals: true,
    help: true,
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const url = positionals[0];
  if (!url || positionals.length > 1) return usageError(USAGE);
  const type = values.type ?? 'school';
  if (!(ORG_TYPES as readonly string[]).includes(type)) {
    process.stderr.write(`Неизвестный тип организации «${type}». Допустимо: ${ORG_TYPES.join(', ')}.\n`);
    return 2;
  }
  if (!dateOptionOk(values.date)) return 2;
  const extraCa = readCaFile(values['ca-file']);
  if (!extraCa) return 2;
  let previous: { documents: DocumentRecord[] } | null = null;
  if (values.previous) {
    let text: string;
    try {
      text = readFileSync(values.previous, 'utf8');
    } catch {
      process.stderr.write(`Не удалось прочитать файл прошлой проверки «${values.previous}».\n`);
      return 2;
    }
    const parsed = parsePreviousReport(text);
    if ('error' in parsed) {
      process.stderr.write(`Файл прошлой проверки «${values.previous}»: ${parsed.error}.\n`);
      return 2;
    }
    previous = parsed;
  }
  let report;
  try {
    report = await auditSite(url, {
      orgType: type as OrgType,
      ...(values.date ? { date: values.date } : {}),
      insecure: values.insecure ?? false,
      extraCa,
      checkDocuments: !values['no-documents'],
      previous,
    });
  } catch (err) {
    process.stderr.write(`Не удалось проверить сайт: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  process.stdout.write(values.json ? JSON.stringify(toJson(report), null, 2) + '\n' : renderText(report));
  // 0: audited; 1: the site could not be audited (unreachable, untrusted certificate).
  return report.reachable ? 0 : 1;
}
