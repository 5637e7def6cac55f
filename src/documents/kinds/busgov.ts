// The bus.gov.ru package as plain files. bus.gov.ru's upload format has no confirmed document type for
// НОК (after-results.md): no XML schema is invented here. Each file mirrors one part of the entry form the
// authority fills in by hand, keyed by ИНН/КПП/ОГРН, and the README says which part it feeds (decision
// 0095). Pure: data in, files out; the server module zips them with the PDFs.
import type { Snapshot } from '../../results/snapshot';
import { isHidden, INSUFFICIENT, orgTypeLabels, shownValue } from '../../results/view';
import { excelCsv, keyCell, plural, ruDate, ruScore } from './format';

export type BusGovOrganisation = {
  id: string;
  inn: string | null;
  kpp: string | null;
  ogrn: string | null;
  fullName: string;
  shortName: string;
};

export type BusGovProposal = {
  organisationId: string | null;
  addressee: 'organisation' | 'founder' | 'all';
  criterion: string;
  indicator: string | null;
  text: string;
  needsFunding: boolean;
  decisionNumber: string;
  decisionDate: string;
};

export type BusGovPlanRow = {
  section: string;
  number: number;
  shortfall: string;
  measure: string;
  planned: string;
  implemented: string | null;
  actualDate: string | null;
  statusLabel: string;
};
export type BusGovPlan = {
  id: string;
  organisationId: string;
  year: number;
  version: number;
  statusLabel: string;
  act: string | null;
  siteUrl: string | null;
  rows: BusGovPlanRow[];
};
export type BusGovReport = {
  planId: string;
  organisationId: string;
  periodStart: string;
  periodEnd: string;
  dueDate: string;
  submittedAt: string;
  statusLabel: string;
  rows: {
    section: string;
    position: number;
    shortfall: string;
    measure: string;
    implemented: string | null;
    actualDate: string | null;
    statusLabel: string;
  }[];
};

export type BusGovInput = {
  campaign: {
    id: string;
    title: string;
    year: number;
    territoryName: string;
    operatorName: string | null;
    operatorContract: string | null;
    operatorReportDate: string | null;
    councilDecisionNumber: string | null;
    councilDecisionDate: string | null;
  };
  version: { number: number; contentHash: string; publishedAt: string | null };
  snapshot: Snapshot;
  organisations: readonly BusGovOrganisation[];
  proposals: readonly BusGovProposal[];
  plans: readonly BusGovPlan[];
  reports: readonly BusGovReport[];
  /** The PDFs the server adds under documents/, with what each one is. */
  pdfs: readonly { path: string; title: string }[];
  generatedOn: string;
};

export type PackageFile = { path: string; content: string };

export const BUSGOV_FILES = {
  organisations: '01-organizacii.csv',
  results: '02-rezultaty.csv',
  operator: '03-operator.csv',
  proposals: '04-predlozheniya.csv',
  plans: '05-plany.csv',
  reports: '06-otchety-o-vypolnenii.csv',
  readme: 'README.txt',
} as const;

const addresseeText = {
  organisation: 'руководителю организации',
  founder: 'учредителю',
  all: 'всем организациям',
} as const;

function byRank(s: Snapshot) {
  return [...s.organisations].sort(
    (a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.name.localeCompare(b.name, 'ru'),
  );
}

/** Every file of the package but the PDFs, README last. */
export function busGovFiles(d: BusGovInput): PackageFile[] {
  const s = d.snapshot;
  const reg = new Map(d.organisations.map((o) => [o.id, o]));
  const keys = (id: string) => {
    const o = reg.get(id);
    return [keyCell(o?.inn ?? null), keyCell(o?.kpp ?? null), keyCell(o?.ogrn ?? null)];
  };
  const name = (id: string) => reg.get(id)?.fullName ?? s.organisations.find((o) => o.id === id)?.fullName ?? '';
  const ranked = byRank(s);
  const K = [0, 1, 2];

  const orgs = excelCsv(
    ['ИНН', 'КПП', 'ОГРН', 'Полное наименование', 'Краткое наименование', 'Тип организации', 'Муниципалитет'],
    ranked.map((o) => [
      ...keys(o.id),
      name(o.id),
      reg.get(o.id)?.shortName ?? o.name,
      orgTypeLabels[o.type],
      o.territoryName,
    ]),
    K,
  );

  const indicators = s.criteria.flatMap((c) => c.indicators.map((i) => i.id));
  const value = (o: (typeof ranked)[number], id: string) =>
    isHidden(s, o, id, 'public') ? INSUFFICIENT : ruScore(shownValue(s, o, id, 'public'));
  const results = excelCsv(
    [
      'ИНН',
      'КПП',
      'ОГРН',
      'Организация',
      ...indicators.map((i) => `Показатель ${i}`),
      ...s.criteria.map((c) => `Критерий ${c.id.replace('K', 'К')}`),
      'Итоговый балл',
      'Место в рейтинге',
      'Ответов на анкету',
    ],
    ranked.map((o) => [
      ...keys(o.id),
      name(o.id),
      ...indicators.map((i) => value(o, i)),
      ...s.criteria.map((c) => value(o, c.id)),
      ruScore(o.total),
      o.rank ?? '',
      o.respondents,
    ]),
    K,
  );

  const c = d.campaign;
  const operator = excelCsv(
    [
      'Год оценки',
      'Кампания',
      'Территория',
      'Организация-оператор',
      'Договор (государственный, муниципальный контракт)',
      'Дата получения отчёта оператора',
      'Решение общественного совета о результатах',
      'Версия результатов',
      'Контрольная сумма результатов (SHA-256)',
    ],
    [
      [
        c.year,
        c.title,
        c.territoryName,
        c.operatorName ?? 'не указан',
        c.operatorContract ?? 'не указан',
        ruDate(c.operatorReportDate),
        c.councilDecisionNumber ? `№ ${c.councilDecisionNumber} от ${ruDate(c.councilDecisionDate)}` : '',
        d.version.number,
        d.version.contentHash,
      ],
    ],
  );

  // Proposals to all organisations are repeated for each one: the form takes them per organisation.
  const proposalRows: (string | number)[][] = [];
  for (const o of ranked) {
    const own = d.proposals.filter(
      (p) => p.organisationId === o.id || (p.organisationId === null && p.addressee !== 'founder'),
    );
    own.forEach((p, i) =>
      proposalRows.push([
        ...keys(o.id),
        name(o.id),
        i + 1,
        p.criterion.replace('K', 'К'),
        p.indicator ?? '',
        addresseeText[p.addressee],
        p.text,
        p.needsFunding ? 'да' : 'нет',
        `№ ${p.decisionNumber} от ${ruDate(p.decisionDate)}`,
      ]),
    );
  }
  d.proposals
    .filter((p) => p.addressee === 'founder' && p.organisationId === null)
    .forEach((p, i) =>
      proposalRows.push([
        '',
        '',
        '',
        'Учредителю (всем организациям)',
        i + 1,
        p.criterion.replace('K', 'К'),
        p.indicator ?? '',
        addresseeText.founder,
        p.text,
        p.needsFunding ? 'да' : 'нет',
        `№ ${p.decisionNumber} от ${ruDate(p.decisionDate)}`,
      ]),
    );
  const proposals = excelCsv(
    [
      'ИНН',
      'КПП',
      'ОГРН',
      'Организация',
      '№ п/п',
      'Критерий',
      'Показатель',
      'Кому адресовано',
      'Предложение',
      'Требует финансирования',
      'Решение совета',
    ],
    proposalRows,
    K,
  );

  const planRows: (string | number)[][] = [];
  for (const p of d.plans) {
    for (const r of p.rows)
      planRows.push([
        ...keys(p.organisationId),
        name(p.organisationId),
        p.year,
        p.version,
        p.statusLabel,
        p.act ?? '',
        r.section,
        r.number,
        r.shortfall,
        r.measure,
        r.planned,
        r.implemented ?? '',
        ruDate(r.actualDate),
        r.statusLabel,
      ]);
  }
  const plans = excelCsv(
    [
      'ИНН',
      'КПП',
      'ОГРН',
      'Организация',
      'Год плана',
      'Редакция',
      'Состояние плана',
      'Акт об утверждении',
      'Раздел',
      '№ п/п',
      '1. Недостаток',
      '2. Мероприятие',
      '3. Плановый срок',
      '5.1. Реализованные меры',
      '5.2. Фактический срок',
      'Состояние мероприятия',
    ],
    planRows,
    K,
  );

  const reportRows: (string | number)[][] = [];
  for (const rep of d.reports) {
    for (const r of rep.rows)
      reportRows.push([
        ...keys(rep.organisationId),
        name(rep.organisationId),
        ruDate(rep.periodEnd),
        `${ruDate(rep.periodStart)}–${ruDate(rep.periodEnd)}`,
        ruDate(rep.dueDate),
        ruDate(rep.submittedAt),
        rep.statusLabel,
        r.section,
        r.position,
        r.shortfall,
        r.measure,
        r.implemented ?? '',
        ruDate(r.actualDate),
        r.statusLabel,
      ]);
  }
  const reports = excelCsv(
    [
      'ИНН',
      'КПП',
      'ОГРН',
      'Организация',
      'По состоянию на',
      'Отчётный период',
      'Срок представления',
      'Представлен',
      'Состояние отчёта',
      'Раздел',
      '№ п/п',
      '1. Недостаток',
      '2. Мероприятие',
      '5.1. Реализованные меры',
      '5.2. Фактический срок',
      'Состояние мероприятия',
    ],
    reportRows,
    K,
  );

  const files: PackageFile[] = [
    { path: BUSGOV_FILES.organisations, content: orgs },
    { path: BUSGOV_FILES.results, content: results },
    { path: BUSGOV_FILES.operator, content: operator },
    { path: BUSGOV_FILES.proposals, content: proposals },
    { path: BUSGOV_FILES.plans, content: plans },
    { path: BUSGOV_FILES.reports, content: reports },
  ];
  files.push({
    path: BUSGOV_FILES.readme,
    content: readme(d, {
      organisations: ranked.length,
      proposals: proposalRows.length,
      planRows: planRows.length,
      plans: d.plans.length,
      reportRows: reportRows.length,
      reports: d.reports.length,
    }),
  });
  return files;
}

function readme(
  d: BusGovInput,
  n: { organisations: number; proposals: number; planRows: number; plans: number; reportRows: number; reports: number },
): string {
  const c = d.campaign;
  const lines = [
    `Пакет для размещения на bus.gov.ru: ${c.title} (${c.territoryName}, ${c.year} год)`,
    `Сформирован НОКО ${ruDate(d.generatedOn)} из опубликованной версии результатов № ${d.version.number}${d.version.publishedAt ? ` от ${ruDate(d.version.publishedAt)}` : ''}.`,
    `Контрольная сумма версии (SHA-256): ${d.version.contentHash}`,
    `Методика: ${d.snapshot.methodology.title}.`,
    '',
    'Сайт bus.gov.ru не принимает результаты независимой оценки файлом установленного формата: сведения',
    'вносятся в личном кабинете уполномоченного органа по формам ввода (состав сведений — приказ Минфина',
    'России № 116н от 22.07.2015 в действующей редакции). Каждый файл пакета соответствует одной части',
    'формы ввода; организации опознаются по ИНН, КПП и ОГРН, как в реестре bus.gov.ru.',
    '',
    'Файлы таблиц — CSV для Excel: кодировка UTF-8, разделитель «;», десятичная запятая, даты дд.мм.гггг.',
    'ИНН, КПП и ОГРН записаны как текст, чтобы Excel не потерял ведущий ноль.',
    '',
    `${BUSGOV_FILES.organisations} — организации (${plural(n.organisations, ['строка', 'строки', 'строк'])}): ключи ИНН/КПП/ОГРН и наименования;`,
    '    по ним выбирают организацию в форме ввода результатов.',
    `${BUSGOV_FILES.results} — форма «Результаты независимой оценки»: значения показателей 1.1–5.3, критериев К1–К5,`,
    '    итоговый балл и место в рейтинге; те же числа, что в открытых данных этой версии. «недостаточно данных» —',
    '    показатель анкеты при числе ответов ниже минимума: в форму его не вносят.',
    `${BUSGOV_FILES.operator} — сведения об организации-операторе и договоре, о решении общественного совета.`,
    `${BUSGOV_FILES.proposals} — форма «Предложения об улучшении качества работы» (${plural(n.proposals, ['строка', 'строки', 'строк'])}):`,
    '    по каждой организации, с критерием и показателем; предложения «всем организациям» повторены у каждой,',
    '    предложения учредителю — отдельными строками в конце.',
    `${BUSGOV_FILES.plans} — форма «План по устранению недостатков» (${plural(n.plans, ['план', 'плана', 'планов'])}, ${plural(n.planRows, ['мероприятие', 'мероприятия', 'мероприятий'])}):`,
    '    графы 1–5.2 формы постановления Правительства РФ № 457 с разделом (I–V) и номером строки.',
    `${BUSGOV_FILES.reports} — форма «Отчёт о выполнении плана» (${plural(n.reports, ['отчёт', 'отчёта', 'отчётов'])}, ${plural(n.reportRows, ['строка', 'строки', 'строк'])}):`,
    '    сведения о ходе реализации «по состоянию на» дату, строки с разделом и номером плана.',
  ];
  if (d.pdfs.length) {
    lines.push('', 'documents/ — документы для прикрепления к формам (PDF):');
    for (const p of d.pdfs) lines.push(`${p.path} — ${p.title}`);
  } else {
    lines.push('', 'documents/ — документов для прикрепления нет.');
  }
  lines.push('', 'Сведения о размещении (дата внесения на bus.gov.ru) отмечают в НОКО на странице плана.');
  return lines.join('\r\n') + '\r\n';
}
