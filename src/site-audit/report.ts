import { ruDate } from './format';
import { ORG_TYPE_TITLES, type AuditReport, type Finding, type ItemStatus } from './types';
import { itemName } from './item-names';
import { itemLabel } from './legal';

/**
 * The `--json` contract of the issue (`url`, `fetchedAt`, `tls.trusted`, `sections[].{slug, found, url,
 * addressAsRecommended, items[].{itemprop, status, evidence}}`, `summary.{present, required}`), with
 * extra fields added alongside, never renamed.
 */
export function toJson(report: AuditReport): unknown {
  return {
    url: report.url,
    fetchedAt: report.fetchedAt,
    tls: {
      trusted: report.tls.trusted,
      insecure: report.tls.insecure,
      ...(report.tls.error ? { error: report.tls.error } : {}),
    },
    sections: report.sections.map((s) => ({
      slug: s.slug,
      found: s.found,
      url: s.url,
      addressAsRecommended: s.addressAsRecommended,
      items: s.items.map((i) => ({
        itemprop: i.itemprop,
        name: itemName(i.itemprop),
        status: i.status,
        evidence: i.evidence,
        ...(i.container ? { container: i.container } : {}),
        required: i.required,
        information: i.information,
        monitor: i.monitor,
        ...(i.nearMiss ? { nearMiss: i.nearMiss } : {}),
        ...(i.renderedOnly ? { renderedOnly: true } : {}),
      })),
      title: s.title,
      via: s.via,
      jsOnly: s.jsOnly,
      ...(s.rendered !== undefined ? { rendered: s.rendered } : {}),
      findings: s.findings,
    })),
    summary: {
      present: report.summary.present,
      required: report.summary.required,
      informationPresent: report.summary.informationPresent,
    },
    finalUrl: report.finalUrl,
    auditDate: report.auditDate,
    orgType: report.orgType,
    ruleset: report.ruleset,
    reachable: report.reachable,
    findings: report.findings,
    answers: report.answers,
    documents: report.documents ?? [],
  };
}

const STATUS_RU: Record<ItemStatus, string> = {
  present: 'есть',
  empty: 'пусто',
  missing: 'нет',
  legacy: 'устаревшая разметка',
  'near-miss': 'разметка с ошибкой',
  'not-applicable': 'не требуется',
};

const MARK: Record<Finding['severity'], string> = { error: '✗', warning: '!', info: '·' };

/** Plain-Russian report for the terminal. */
export function renderText(report: AuditReport): string {
  const lines: string[] = [];
  lines.push(`Проверка сайта ${report.url}`);
  lines.push(
    `Дата проверки: ${ruDate(report.auditDate)} (загружено ${ruDate(report.fetchedAt)}), тип: ${ORG_TYPE_TITLES[report.orgType]}, правила: ${report.ruleset}`,
  );
  lines.push(
    `Сертификат: ${report.tls.trusted ? 'подтверждён' : 'не подтверждён'}${report.tls.insecure ? ' (проверка сертификата отключена: --insecure)' : ''}`,
  );
  for (const f of report.findings) lines.push(`  ${MARK[f.severity]} ${f.message}`);
  if (!report.reachable) {
    lines.push('', 'Сайт не проверен.');
    return lines.join('\n') + '\n';
  }
  lines.push('');
  for (const s of report.sections) {
    const required = s.items.filter((i) => i.required);
    const ok = required.filter((i) => i.status === 'present').length;
    const where = s.found ? s.url : 'не найден';
    lines.push(`${s.title}${s.applicable ? '' : ' (не требуется для этого типа)'}`);
    lines.push(
      `  адрес: ${where}${s.found && !s.addressAsRecommended ? ' — не по рекомендации' : ''}; размечено ${ok} из ${required.length}`,
    );
    for (const f of s.findings) {
      if (f.code === 'missing') continue;
      const who = f.itemprop ? `${itemLabel(f.itemprop, f.container)}: ` : '';
      lines.push(`  ${MARK[f.severity]} ${who}${f.message}${f.excerpt ? `\n      ${f.excerpt}` : ''}`);
      if (f.severity !== 'info') lines.push(...actionLines(f));
    }
    const missing = required
      .filter((i) => i.status === 'missing')
      .map((i) => `${itemName(i.itemprop)} (${i.container ? `${i.container}/${i.itemprop}` : i.itemprop})`);
    if (missing.length) lines.push(`  ✗ нет разметки: ${missing.join(', ')}`);
  }
  const { present, required, informationPresent } = report.summary;
  lines.push(
    '',
    `Итого: размечено по рекомендациям ${present} из ${required}; сведения найдены для ${informationPresent} из ${required}.`,
  );
  const a = report.answers;
  lines.push('', 'Предложение для эксперта (подтвердите или исправьте):');
  lines.push(
    `  1.1 (сайт): сведений ${a.indicator11Site.present} из ${a.indicator11Site.norm} → ${a.indicator11Site.points.toFixed(2)} балла`,
  );
  lines.push(`  1.2: найдено каналов ${a.indicator12.detected} → ${a.indicator12.points} баллов, если все работают`);
  for (const c of a.indicator12.channels)
    lines.push(`    ${c.detected ? '✓' : '✗'} ${c.title}${c.evidence ? `: ${c.evidence}` : ''}`);
  lines.push(`  ${a.note}`);
  return lines.join('\n') + '\n';
}

/** «Основание» and «как исправить» under a finding, indented; the snippet on its own lines. */
function actionLines(f: Finding): string[] {
  const out: string[] = [];
  if (f.legal) out.push(`      основание: ${f.legal.order}${f.legal.mr ? `; ${f.legal.mr}` : ''}`);
  if (f.fix) {
    out.push(`      как исправить: ${f.fix.text}`);
    if (f.fix.html) for (const l of f.fix.html.split('\n')) out.push(`        ${l}`);
  }
  return out;
}

export { STATUS_RU };
