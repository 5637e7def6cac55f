// The operator's analytical report for one result version, built from the version's snapshot only (the
// structure of ../shared/domain/after-results.md). Every figure goes through the same functions the open
// data goes through — shownValue for what is public (survey values below the minimum of responses are
// «недостаточно данных», never a number) and points() for the half-up rounding to hundredths — so each
// number in the report equals the open-data number of the same version (test/documents/reconcile.test.ts).
import { bandRule, shownScore } from '../methodology/bands';
import { requireMethodology } from '../methodology/registry';
import { roundingLabels, zeroDenominatorLabels } from '../campaigns/policies';
import { sectionOf, sectionTitles } from '../plans/measures';
import { criteriaChartSvg } from '../reports/charts.server';
import type { Snapshot, SnapshotOrganisation } from '../results/snapshot';
import { INSUFFICIENT, NO_DATA, isHidden, orgTypeLabels, points, shortfalls, shownValue } from '../results/view';
import { count, ruDate } from './format';
import { b, h, ol, p, ul, type Block, type Document, type Table, type TableRow } from './model';

export type AnalyticalInput = {
  snapshot: Snapshot;
  version: {
    version: number;
    contentHash: string;
    publishedAt: Date | null;
    decisionNumber: string | null;
    decisionDate: string | null;
  };
  campaign: {
    operatorName: string | null;
    operatorContract: string | null;
    operatorReportDate: string | null;
    surveyOpensOn: string | null;
    surveyClosesOn: string | null;
  };
  /** Called as organisations' cards are built (the job's progress bar). */
  onProgress?: (done: number, total: number) => void;
};

const ORGS: [string, string, string] = ['организация', 'организации', 'организаций'];
const SECTIONS = ['I', 'II', 'III', 'IV', 'V'] as const;
// Numeric: «Район № 2» before «Район № 10».
const collator = new Intl.Collator('ru', { numeric: true });

const byRank = (s: Snapshot) =>
  [...s.organisations].sort((a, c) => (a.rank ?? Infinity) - (c.rank ?? Infinity) || collator.compare(a.name, c.name));
const ruK = (id: string) => id.replace('K', 'К');
const cellText = (s: Snapshot, o: SnapshotOrganisation, id: string) =>
  isHidden(s, o, id, 'public') ? INSUFFICIENT : points(shownValue(s, o, id, 'public'));

type Stat = { mean: number | null; min: number | null; max: number | null; withValue: number };
function stat(s: Snapshot, orgs: readonly SnapshotOrganisation[], id: string, mean: number | null): Stat {
  let min: number | null = null;
  let max: number | null = null;
  let withValue = 0;
  for (const o of orgs) {
    const v = shownValue(s, o, id, 'public');
    if (v === null) continue;
    withValue++;
    if (min === null || v < min) min = v;
    if (max === null || v > max) max = v;
  }
  return { mean, min, max, withValue };
}

/**
 * Mean of a group (a type, a municipality) over the published values — rounded to hundredths as the open
 * data has them — so anyone can recompute the figure from the open data of the version.
 */
function meanOf(s: Snapshot, orgs: readonly SnapshotOrganisation[], id: string): number | null {
  let sum = 0;
  let n = 0;
  for (const o of orgs) {
    const v = id === 'Sn' ? o.total : shownValue(s, o, id, 'public');
    if (v !== null) {
      sum += shownScore(v);
      n++;
    }
  }
  return n ? sum / n : null;
}

const numHeader = (labels: string[]): TableRow => ({ cells: labels.map((l) => ({ content: l })) });

/** Organisations with the highest and the lowest shown value of an indicator or criterion (three each). */
function extremes(
  s: Snapshot,
  orgs: readonly SnapshotOrganisation[],
  id: string,
): { best: SnapshotOrganisation[]; worst: SnapshotOrganisation[] } {
  const withValue = orgs.filter((o) => shownValue(s, o, id, 'public') !== null);
  const sorted = [...withValue].sort(
    (a, c) => shownValue(s, c, id, 'public')! - shownValue(s, a, id, 'public')! || collator.compare(a.name, c.name),
  );
  return { best: sorted.slice(0, 3), worst: sorted.slice(-3).reverse() };
}

export function buildAnalyticalReport(input: AnalyticalInput): Document {
  const s = input.snapshot;
  const { version, campaign } = input;
  const m = requireMethodology(s.methodology.id);
  const orgs = byRank(s);
  const n = orgs.length;
  const territory = s.campaign.territoryName;
  const crit = s.criteria.map((c) => c.id);
  const indicators = s.criteria.flatMap((c) => c.indicators);
  const types = [...new Set(orgs.map((o) => o.type))];
  const municipalities = [...new Map(orgs.map((o) => [o.territoryId, o.territoryName])).entries()].sort((a, c) =>
    collator.compare(a[1], c[1]),
  );
  const sampled = orgs.filter((o) => o.sample);
  const adequate = sampled.filter((o) => o.sample!.adequate).length;
  const below = orgs.filter((o) => o.belowMinimum).length;
  const period =
    campaign.surveyOpensOn && campaign.surveyClosesOn
      ? `с ${ruDate(campaign.surveyOpensOn)} по ${ruDate(campaign.surveyClosesOn)}`
      : 'в сроки, установленные графиком кампании';
  const versionLine = `Версия результатов № ${version.version}${version.publishedAt ? ` от ${ruDate(version.publishedAt)}` : ''}; контрольная сумма SHA-256 ${version.contentHash}.`;

  // ---- Title page, contents, introduction ----
  const front: Block[] = [
    p(`Орган, уполномоченный на проведение независимой оценки: ${territory}`, { align: 'center' }),
    p(
      campaign.operatorName
        ? `Организация-оператор: ${campaign.operatorName}`
        : 'Организация-оператор: не указана в кампании',
      { align: 'center' },
    ),
    ...(campaign.operatorContract ? [p(`Контракт (договор): ${campaign.operatorContract}`, { align: 'center' })] : []),
    p('', { spaceAfter: 120 }),
    h(1, 'АНАЛИТИЧЕСКИЙ ОТЧЁТ'),
    p(
      `о результатах независимой оценки качества условий осуществления образовательной деятельности организациями, осуществляющими образовательную деятельность (${territory}), ${s.campaign.year} год`,
      { align: 'center' },
    ),
    p(s.campaign.title, { align: 'center' }),
    p('', { spaceAfter: 160 }),
    p(versionLine, { align: 'center', small: true }),
    p(
      `${s.campaign.year} г.${campaign.operatorReportDate ? ` Дата отчёта: ${ruDate(campaign.operatorReportDate)}.` : ''}`,
      { align: 'center' },
    ),
    h(2, 'Содержание', { pageBreakBefore: true }),
    ol([
      'Введение',
      'Цели и этапы независимой оценки',
      'Методика: организации, выборка, способы сбора и расчёта',
      'Результаты по критериям',
      'Рейтинг организаций',
      'Недостатки по разделам плана',
      'Выводы и рекомендации',
      'Приложение 1. Значения всех показателей',
      'Приложение 2. Объём выборки по организациям',
      'Приложение 3. Карточки организаций',
    ]),
    h(2, 'Введение', { pageBreakBefore: true }),
    p(
      `Независимая оценка качества условий осуществления образовательной деятельности проведена в соответствии со статьёй 95.2 Федерального закона от 29.12.2012 № 273-ФЗ «Об образовании в Российской Федерации» по методике «${m.title}» (версия методики «${s.methodology.id}»).`,
    ),
    p([
      'Правовая основа расчёта: ',
      ...m.sources.flatMap((src, k) => [
        `${k ? '; ' : ''}приказ ${src.issuer} от ${ruDate(src.date)} № ${src.number} «${src.title}»`,
      ]),
      '.',
    ]),
    p(
      `Цель — оценить качество условий в ${count(n, ['организации', 'организациях', 'организациях'])} (${territory}) по пяти общим критериям и дать предложения по их улучшению. Опрос получателей услуг проведён ${period}. Результаты рассчитаны ${ruDate(s.computedAt)}${version.decisionNumber ? `, утверждены решением общественного совета № ${version.decisionNumber}${version.decisionDate ? ` от ${ruDate(version.decisionDate)}` : ''}` : ''}.`,
    ),
    h(2, '1. Цели и этапы независимой оценки'),
    ol([
      'Утверждение перечня организаций и технического задания общественным советом.',
      'Сбор информации: анализ стендов и официальных сайтов, обследование условий, опрос получателей услуг.',
      'Расчёт показателей, критериев и итоговых баллов; формирование рейтинга.',
      'Подготовка предложений по улучшению и передача результатов в общественный совет и учредителю.',
    ]),
  ];

  // ---- 2. Method ----
  const typeRows: TableRow[] = types.map((t) => ({
    cells: [orgTypeLabels[t], { content: String(orgs.filter((o) => o.type === t).length), align: 'right' }],
  }));
  const pol = s.policies;
  const method: Block[] = [
    h(2, '2. Методика: организации, выборка, способы сбора и расчёта'),
    p(
      `Оценено ${count(n, ORGS)} в ${count(municipalities.length, ['муниципальном образовании', 'муниципальных образованиях', 'муниципальных образованиях'])}. Состав по типам организаций приведён в таблице 1.`,
    ),
    {
      kind: 'table',
      caption: 'Таблица 1. Организации по типам',
      columns: [{ width: 4 }, { width: 1, align: 'right' }],
      header: [numHeader(['Тип организации', 'Организаций'])],
      body: [
        ...typeRows,
        {
          cells: [
            { content: 'Всего', bold: true },
            { content: String(n), align: 'right', bold: true },
          ],
        },
      ],
    },
    p(
      `Требуемый объём выборки по каждой организации — ${decimalShare(pol.sample.share)} % численности получателей услуг, но не более ${pol.sample.cap} ответов. Достигнут в ${count(adequate, ['организации', 'организациях', 'организациях'])} из ${sampled.length} с известной численностью получателей (приложение 2). Минимальное число ответов для расчёта показателей по опросу — ${pol.minN}; у ${count(below, ['организации', 'организаций', 'организаций'])} ответов меньше минимума, их показатели по опросу в отчёте не приводятся («${INSUFFICIENT}»).`,
    ),
    p(
      'Информация об организации на стендах и на официальном сайте проверена по перечням методики; условия (комфортность, доступность для инвалидов) — по листам обследования; мнение получателей услуг — анкетированием.',
    ),
    h(3, 'Правила расчёта (политики кампании)'),
    ul([
      `Нулевой знаменатель показателя: ${zeroDenominatorLabels[pol.zeroDenominator]}.`,
      `Округление: ${roundingLabels[pol.rounding]}; в отчёте значения округлены до сотых по правилам арифметики (половина — вверх), как на страницах и в открытых данных.`,
      `Оценочная шкала: ${bandRule(pol.bands)}.`,
      `Итоговый балл организации — среднее арифметическое критериев ${crit.map(ruK).join(', ')}; значения по территории — среднее по организациям без взвешивания.`,
    ]),
  ];

  // ---- 3. Results by criterion ----
  const chartBars = s.criteria.map((c) => ({ label: ruK(c.id), value: s.territory.criteria[c.id] ?? null }));
  const results: Block[] = [
    h(2, '3. Результаты по критериям'),
    p(
      `Итоговый балл по территории — ${points(s.territory.total)} (по ${count(s.territory.withTotal, ['организации', 'организациям', 'организациям'])} с итоговым баллом). Средние значения критериев приведены на рисунке 1 и в таблице 2.`,
    ),
    {
      kind: 'chart',
      title: 'Рисунок 1. Средние значения критериев по территории, баллы',
      svg: criteriaChartSvg(chartBars, {
        title: 'Средние значения критериев по территории, баллы',
        width: 480,
        height: 260,
      }),
      width: 400,
      height: 217,
      table: {
        kind: 'table',
        caption: 'Таблица 2. Критерии: среднее, наименьшее и наибольшее значение',
        columns: [
          { width: 1 },
          { width: 5 },
          { width: 1.3, align: 'right' },
          { width: 1.3, align: 'right' },
          { width: 1.3, align: 'right' },
        ],
        header: [numHeader(['Критерий', 'Наименование', 'Среднее', 'Наим.', 'Наиб.'])],
        body: s.criteria.map((c) => {
          const st = stat(s, orgs, c.id, s.territory.criteria[c.id] ?? null);
          return { cells: [ruK(c.id), c.title, points(st.mean), points(st.min), points(st.max)] };
        }),
      },
    },
  ];
  let tableNo = 3;
  for (const c of s.criteria) {
    const ex = extremes(s, orgs, c.id);
    results.push(
      h(3, `Критерий ${ruK(c.id)}. ${c.title}`),
      {
        kind: 'table',
        caption: `Таблица ${tableNo++}. Показатели критерия ${ruK(c.id)}`,
        columns: [
          { width: 0.8 },
          { width: 6 },
          { width: 1.2, align: 'right' },
          { width: 1.2, align: 'right' },
          { width: 1.2, align: 'right' },
          { width: 1.2, align: 'right' },
        ],
        header: [numHeader(['№', 'Показатель', 'Среднее', 'Наим.', 'Наиб.', 'Организаций'])],
        body: c.indicators.map((ind) => {
          const st = stat(s, orgs, ind.id, s.territory.indicators[ind.id] ?? null);
          return { cells: [ind.id, ind.title, points(st.mean), points(st.min), points(st.max), String(st.withValue)] };
        }),
      },
      p(
        [
          b('Лучшие значения: '),
          ex.best.map((o) => `${o.name} (${points(shownValue(s, o, c.id, 'public'))})`).join('; ') || NO_DATA,
          '.',
        ],
        { align: 'left', indent: false },
      ),
      p(
        [
          b('Худшие значения: '),
          ex.worst.map((o) => `${o.name} (${points(shownValue(s, o, c.id, 'public'))})`).join('; ') || NO_DATA,
          '.',
        ],
        { align: 'left', indent: false },
      ),
    );
  }

  // ---- 4. Rating (landscape: the full sorted table) ----
  const groupTable = (
    caption: string,
    label: string,
    groups: { name: string; list: SnapshotOrganisation[] }[],
  ): Table => ({
    kind: 'table',
    caption,
    columns: [
      { width: 5 },
      { width: 2, align: 'right' },
      ...crit.map(() => ({ width: 1.1, align: 'right' as const })),
      { width: 1.2, align: 'right' },
      { width: 1.2, align: 'right' },
      { width: 1.2, align: 'right' },
    ],
    header: [
      {
        cells: [
          { content: label, rowSpan: 2 },
          { content: 'Организаций', rowSpan: 2 },
          { content: 'Средние значения критериев', colSpan: crit.length },
          { content: 'Итоговый балл', colSpan: 3 },
        ],
      },
      { cells: [...crit.map(ruK), 'Среднее', 'Наим.', 'Наиб.'] },
    ],
    body: groups.map((g) => {
      const st = stat(s, g.list, 'Sn', meanOf(s, g.list, 'Sn'));
      return {
        cells: [
          g.name,
          String(g.list.length),
          ...crit.map((c) => points(meanOf(s, g.list, c))),
          points(st.mean),
          points(st.min),
          points(st.max),
        ],
      };
    }),
  });
  const multi = municipalities.length > 1;
  const fullNo = tableNo + (multi ? 2 : 1);
  const rating: Block[] = [
    h(2, '4. Рейтинг организаций'),
    p(
      `Результаты по типам организаций${multi ? ' и по муниципальным образованиям' : ''} — средние опубликованных значений; организации упорядочены по итоговому баллу, равные баллы дают равное место (1, 2, 2, 4). Полный рейтинг — таблица ${fullNo}.`,
    ),
    groupTable(
      `Таблица ${tableNo}. Результаты по типам организаций`,
      'Тип организации',
      types.map((t) => ({ name: orgTypeLabels[t], list: orgs.filter((o) => o.type === t) })),
    ),
    ...(multi
      ? [
          groupTable(
            `Таблица ${tableNo + 1}. Результаты по муниципальным образованиям`,
            'Муниципальное образование',
            municipalities.map(([id, name]) => ({ name, list: orgs.filter((o) => o.territoryId === id) })),
          ),
        ]
      : []),
    {
      kind: 'table',
      caption: `Таблица ${fullNo}. Рейтинг организаций по итоговому баллу`,
      fontSize: 9,
      columns: [
        { width: 0.9, align: 'right' },
        { width: 7 },
        { width: 3.2 },
        ...crit.map(() => ({ width: 1.05, align: 'right' as const })),
        { width: 1.2, align: 'right' },
        { width: 1.6 },
      ],
      header: [numHeader(['Место', 'Организация', 'Муниципальное образование', ...crit.map(ruK), 'Итого', 'Оценка'])],
      body: orgs.map((o) => ({
        cells: [
          o.rank === null ? '—' : String(o.rank),
          o.name,
          o.territoryName,
          ...crit.map((c) => cellText(s, o, c)),
          points(o.total),
          o.band ?? NO_DATA,
        ],
      })),
    },
  ];
  tableNo = fullNo + 1;

  // ---- 5. Shortfalls by plan section ----
  const falls = new Map(orgs.map((o) => [o.id, shortfalls(s, o, 'public')]));
  const perSection = (o: SnapshotOrganisation) =>
    SECTIONS.map((sec) => falls.get(o.id)!.filter((f) => sectionOf(f.id) === sec));
  const sectionTotals = SECTIONS.map(
    (sec) => orgs.filter((o) => falls.get(o.id)!.some((f) => sectionOf(f.id) === sec)).length,
  );
  const shortfallBlocks: Block[] = [
    h(2, '5. Недостатки по разделам плана'),
    p(
      'Недостаток — показатель ниже 100 баллов; по показателям из листов обследования перечислены отсутствующие позиции (в карточке организации, приложение 3). Разделы соответствуют разделам плана по устранению недостатков (постановление Правительства РФ от 17.04.2018 № 457).',
    ),
    ul(
      SECTIONS.map(
        (sec, k) =>
          `Раздел ${sec} «${sectionTitles[sec]}»: недостатки у ${count(sectionTotals[k]!, ['организации', 'организаций', 'организаций'])}.`,
      ),
    ),
    {
      kind: 'table',
      caption: `Таблица ${tableNo++}. Число показателей ниже 100 баллов по разделам плана`,
      fontSize: 9,
      columns: [
        { width: 0.9, align: 'right' },
        { width: 9 },
        ...SECTIONS.map(() => ({ width: 0.9, align: 'right' as const })),
        { width: 1.1, align: 'right' },
      ],
      header: [
        {
          cells: [
            { content: 'Место', rowSpan: 2 },
            { content: 'Организация', rowSpan: 2 },
            { content: 'Разделы плана', colSpan: 5 },
            { content: 'Всего', rowSpan: 2 },
          ],
        },
        { cells: [...SECTIONS] },
      ],
      body: orgs.map((o) => {
        const ps = perSection(o);
        return {
          cells: [
            o.rank === null ? '—' : String(o.rank),
            o.name,
            ...ps.map((x) => String(x.length)),
            String(falls.get(o.id)!.length),
          ],
        };
      }),
    },
  ];

  // ---- 6. Conclusions ----
  const ranked = s.criteria
    .map((c) => ({ c, mean: s.territory.criteria[c.id] ?? null }))
    .filter((x) => x.mean !== null);
  const weakest = [...ranked].sort((a, c) => a.mean! - c.mean!)[0];
  const strongest = [...ranked].sort((a, c) => c.mean! - a.mean!)[0];
  const bandCounts = [...pol.bands]
    .sort((a, c) => c.from - a.from)
    .map((band) => ({ label: band.label, n: orgs.filter((o) => o.band === band.label).length }));
  const weakSection = SECTIONS[sectionTotals.indexOf(Math.max(...sectionTotals))]!;
  const conclusions: Block[] = [
    h(2, '6. Выводы и рекомендации'),
    h(3, 'Общие выводы'),
    ul([
      `Итоговый балл по территории — ${points(s.territory.total)}.`,
      ...(strongest
        ? [
            `Наиболее высокий средний результат — по критерию ${ruK(strongest.c.id)} «${strongest.c.title}» (${points(strongest.mean)}).`,
          ]
        : []),
      ...(weakest
        ? [
            `Наиболее низкий средний результат — по критерию ${ruK(weakest.c.id)} «${weakest.c.title}» (${points(weakest.mean)}).`,
          ]
        : []),
      `Распределение по оценочной шкале: ${bandCounts.map((x) => `«${x.label}» — ${count(x.n, ORGS)}`).join('; ')}.`,
    ]),
    h(3, 'Рекомендации учредителю'),
    ul([
      `Обеспечить разработку и утверждение планов по устранению недостатков во всех организациях в установленный срок; в первую очередь — по разделу ${weakSection} «${sectionTitles[weakSection]}» (недостатки у ${count(sectionTotals[SECTIONS.indexOf(weakSection)]!, ['организации', 'организаций', 'организаций'])}).`,
      ...(weakest
        ? [`Предусмотреть меры и финансирование по критерию ${ruK(weakest.c.id)} «${weakest.c.title}».`]
        : []),
      `Организовать контроль выполнения планов и размещение отчётов на официальном сайте для размещения информации о государственных (муниципальных) учреждениях.`,
    ]),
    h(3, 'Рекомендации организациям'),
    p(
      'Рекомендации каждой организации приведены в её карточке (приложение 3): недостатки по разделам плана с отсутствующими позициями листов обследования.',
    ),
  ];

  // ---- Annex 1: all indicator values; Annex 2: sample sizes ----
  const annex1: Table = {
    kind: 'table',
    caption: 'Значения показателей, баллы',
    fontSize: 7,
    columns: [
      { width: 1.3, align: 'right' },
      { width: 8 },
      ...indicators.map(() => ({ width: 1.45, align: 'right' as const })),
    ],
    header: [
      {
        cells: [
          { content: 'Место', rowSpan: 2 },
          { content: 'Организация', rowSpan: 2 },
          ...s.criteria.map((c) => ({ content: `Критерий ${ruK(c.id)}`, colSpan: c.indicators.length })),
        ],
      },
      { cells: indicators.map((i) => i.id) },
    ],
    body: orgs.map((o) => ({
      cells: [
        o.rank === null ? '—' : String(o.rank),
        o.name,
        ...indicators.map((i) => (isHidden(s, o, i.id, 'public') ? 'н/д' : points(shownValue(s, o, i.id, 'public')))),
      ],
    })),
  };
  const annex2: Table = {
    kind: 'table',
    caption: 'Объём выборки по организациям',
    fontSize: 9,
    columns: [
      { width: 7 },
      { width: 1.6, align: 'right' },
      { width: 1.6, align: 'right' },
      { width: 1.6, align: 'right' },
      { width: 1.6 },
    ],
    header: [
      numHeader(['Организация', 'Получателей услуг', 'Требуется ответов', 'Получено ответов', 'Выборка достигнута']),
    ],
    body: orgs.map((o) => ({
      cells: [
        o.name,
        o.sample ? String(o.sample.recipients) : '—',
        o.sample ? String(o.sample.target) : '—',
        String(o.respondents),
        o.sample ? (o.sample.adequate ? 'да' : 'нет') : 'нет данных',
      ],
    })),
  };

  // ---- Annex 3: one page per organisation ----
  const cards: Block[] = [h(2, 'Приложение 3. Карточки организаций')];
  orgs.forEach((o, k) => {
    cards.push(...card(s, o, falls.get(o.id)!, k > 0));
    input.onProgress?.(k + 1, n);
  });

  return {
    title: `Аналитический отчёт: ${s.campaign.title}`,
    subject: `Результаты независимой оценки качества условий, версия ${version.version}`,
    author: campaign.operatorName ?? 'НОКО',
    footerText: `${s.campaign.title}, версия ${version.version}`,
    sections: [
      {
        orientation: 'portrait',
        blocks: [...front, ...method, ...results, ...shortfallBlocks.slice(0, 3), ...conclusions],
      },
      { orientation: 'landscape', blocks: [...rating, ...shortfallBlocks.slice(3)] },
      {
        orientation: 'landscape',
        blocks: [
          h(2, 'Приложение 1. Значения всех показателей'),
          p(`«н/д» — ${INSUFFICIENT} (ответов меньше ${pol.minN}); «${NO_DATA}» — показатель не рассчитан.`, {
            small: true,
          }),
          annex1,
        ],
      },
      { orientation: 'portrait', blocks: [h(2, 'Приложение 2. Объём выборки по организациям'), annex2] },
      { orientation: 'portrait', blocks: cards },
    ],
  };
}

function decimalShare(share: number): string {
  return String(Math.round(share * 1000) / 10).replace('.', ',');
}

const MAX_ITEMS_ON_CARD = 10;

/** One page: identity, criteria against the territory, indicators, shortfalls by section. */
function card(
  s: Snapshot,
  o: SnapshotOrganisation,
  falls: ReturnType<typeof shortfalls>,
  breakBefore: boolean,
): Block[] {
  const rows: TableRow[] = s.criteria.flatMap((c) => [
    {
      cells: [
        { content: `${ruK(c.id)}. ${c.title}`, bold: true },
        { content: cellText(s, o, c.id), bold: true },
        { content: points(s.territory.criteria[c.id] ?? null), bold: true },
      ],
      shade: true,
    },
    ...c.indicators.map((i) => ({
      cells: [`${i.id} ${i.title}`, cellText(s, o, i.id), points(s.territory.indicators[i.id] ?? null)],
    })),
  ]);
  const bySection = SECTIONS.map((sec) => ({ sec, list: falls.filter((f) => sectionOf(f.id) === sec) })).filter(
    (x) => x.list.length,
  );
  const items: string[] = [];
  for (const { sec, list } of bySection) {
    for (const f of list) {
      const missing = f.missing.map((x) => x.label);
      items.push(
        `Раздел ${sec}, ${f.id} (${points(f.value)})${missing.length ? `: нет — ${missing.slice(0, 3).join('; ')}${missing.length > 3 ? `; и ещё ${missing.length - 3}` : ''}` : ''}`,
      );
    }
  }
  const shown = items.slice(0, MAX_ITEMS_ON_CARD);
  if (items.length > shown.length)
    shown.push(
      `и ещё ${count(items.length - shown.length, ['недостаток', 'недостатка', 'недостатков'])} — см. приложение 1`,
    );
  return [
    h(3, o.name, { pageBreakBefore: breakBefore }),
    p(
      [
        `${orgTypeLabels[o.type]}; ${o.territoryName}${o.inn ? `; ИНН ${o.inn}` : ''}. `,
        b(`Итоговый балл ${points(o.total)}`),
        `, место ${o.rank ?? '—'}, оценка «${o.band ?? NO_DATA}». Ответов на анкету: ${o.respondents}.`,
      ],
      { align: 'left', indent: false, small: true },
    ),
    {
      kind: 'table',
      fontSize: 8,
      columns: [{ width: 8 }, { width: 1.4, align: 'right' }, { width: 1.4, align: 'right' }],
      header: [numHeader(['Критерий, показатель', 'Организация', 'Территория'])],
      body: rows,
    },
    p(
      shown.length
        ? [b('Недостатки по разделам плана: '), shown.join('. '), '.']
        : 'Недостатков (показателей ниже 100 баллов) не выявлено.',
      { align: 'left', indent: false, small: true },
    ),
  ];
}
