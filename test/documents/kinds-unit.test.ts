// Unit tests of docs2's pure builders on small hand-made data: what each cell says, dates, plurals.
import { describe, expect, it } from 'vitest';
import { busGovFiles, BUSGOV_FILES, type BusGovInput } from '../../src/documents/kinds/busgov';
import { proposalsTable, type DecisionProposal } from '../../src/documents/kinds/council';
import { deadlinesSheet } from '../../src/documents/kinds/deadlines';
import { excelCsv, keyCell, plural, ruDate, ruScore } from '../../src/documents/kinds/format';
import { orderDocument } from '../../src/documents/kinds/order';
import { planDocument, planTable } from '../../src/documents/kinds/plan';
import { planSummary, shareDone } from '../../src/documents/kinds/plan-summary';
import { blocksOf, plainText, validateTable, type Table } from '../../src/documents/model';
import { planDocumentModel, type PlanForDocument } from '../../src/plans/model';
import type { Snapshot } from '../../src/results/snapshot';

const cellText = (t: Table, r: number, c: number) => {
  const cell = t.body[r]!.cells[c]!;
  return plainText(typeof cell === 'string' ? cell : cell.content);
};

const plan = (over: Partial<PlanForDocument> = {}): PlanForDocument => ({
  organisationName: 'МБОУ СОШ № 1',
  year: 2026,
  status: 'approved',
  version: 1,
  act: {
    kind: 'приказ',
    number: '45-о',
    date: '2026-01-20',
    approverPost: 'начальник управления образования',
    approverName: 'И. И. Иванов',
  },
  items: [
    {
      section: 'I',
      shortfall: 'Нет FAQ',
      measure: 'Создать раздел FAQ',
      plannedKind: 'date',
      plannedDate: '2026-02-20',
      periodicNote: null,
      responsibleName: 'Петрова А. С.',
      responsiblePost: 'заместитель директора',
      implemented: 'Раздел создан',
      actualDate: '2026-02-10',
      status: 'verified',
    },
    {
      section: 'III',
      shortfall: 'Нет пандуса',
      measure: 'Купить мобильный пандус',
      plannedKind: 'date',
      plannedDate: '2026-07-20',
      periodicNote: null,
      responsibleName: 'Сидоров В. В.',
      responsiblePost: 'завхоз',
      implemented: null,
      actualDate: null,
      status: 'planned',
    },
    {
      section: 'III',
      shortfall: 'Нет табличек Брайля',
      measure: 'Установить таблички',
      plannedKind: 'permanent',
      plannedDate: null,
      periodicNote: null,
      responsibleName: 'Сидоров В. В.',
      responsiblePost: 'завхоз',
      implemented: null,
      actualDate: null,
      status: 'cancelled',
    },
  ],
  ...over,
});

describe('format', () => {
  it('dates дд.мм.гггг, scores with a decimal comma rounded half-up, plurals', () => {
    expect(ruDate('2026-02-03')).toBe('03.02.2026');
    expect(ruDate(new Date('2026-12-31T10:00:00Z'))).toBe('31.12.2026');
    expect(ruDate(null)).toBe('');
    expect(ruScore(87.455)).toBe('87,46');
    expect(ruScore(null)).toBe('');
    expect([1, 2, 5, 11, 21, 22].map((n) => plural(n, ['план', 'плана', 'планов']))).toEqual([
      '1 план',
      '2 плана',
      '5 планов',
      '11 планов',
      '21 план',
      '22 плана',
    ]);
  });

  it('CSV for Russian Excel: BOM, «;», keys as text keeping a leading zero, formulas neutralised, quotes doubled', () => {
    const csv = excelCsv(
      ['ИНН', 'Текст'],
      [
        [keyCell('0123456789'), '=HYPERLINK("x")'],
        [keyCell(null), 'a;b'],
      ],
      [0],
    );
    expect(csv).toBe('\ufeffИНН;Текст\r\n="0123456789";"\'=HYPERLINK(""x"")"\r\n;"a;b"\r\n');
  });
});

describe('plan in the form of decree 457', () => {
  it('as approved: columns 5.1/5.2 empty, rows numbered by section, every section present, header merged over two rows', () => {
    const doc = planDocument(plan(), { asOf: null });
    const table = [...blocksOf(doc)].find((b) => b.kind === 'table') as Table;
    validateTable(table);
    expect(table.header).toHaveLength(3);
    const rows = table.body.map((r) => r.cells.map((c) => plainText(typeof c === 'string' ? c : c.content)));
    expect(rows[0]![0]).toBe('I. Открытость и доступность информации об организации');
    expect(rows[1]).toEqual([
      'I.1',
      'Нет FAQ',
      'Создать раздел FAQ',
      '20.02.2026',
      'Петрова А. С., заместитель директора',
      '',
      '',
    ]);
    expect(rows.find((r) => r[0] === 'II. Комфортность условий предоставления услуг')).toBeDefined();
    expect(rows.filter((r) => r[0] === 'Недостатки не выявлены')).toHaveLength(3);
    expect(rows.find((r) => r[0] === 'III.2')![3]).toBe('постоянно');
    const approval = [...blocksOf(doc)].find((b) => b.kind === 'approval');
    expect(approval).toMatchObject({
      title: 'УТВЕРЖДАЮ',
      lines: ['начальник управления образования', 'И. И. Иванов', 'приказ от 20.01.2026 № 45-о'],
    });
    expect(doc.sections[0]!.orientation).toBe('landscape');
  });

  it('the progress report fills 5.1/5.2 «по состоянию на» the date; a cancelled row says so; a draft is marked ПРОЕКТ', () => {
    const m = planDocumentModel({ ...plan(), asOf: '2026-03-31' });
    const t = planTable(m, true);
    expect(cellText(t, 1, 5)).toBe('Раздел создан');
    expect(cellText(t, 1, 6)).toBe('10.02.2026');
    const report = planDocument(plan(), { asOf: '2026-03-31' });
    const texts = [...blocksOf(report)].filter((b) => b.kind === 'paragraph').map((b) => plainText(b.content));
    expect(texts).toContain('Сведения о ходе реализации по состоянию на 31.03.2026');
    expect(texts).toContain('Всего мероприятий: 3; выполнено и проверено: 1.');
    expect(
      planTable(m, true).body.some((r) =>
        r.cells.some((c) => (typeof c === 'string' ? c : plainText(c.content)) === 'мероприятие отменено'),
      ),
    ).toBe(true);
    const draft = planDocument(plan({ status: 'draft', act: null }), { asOf: null });
    expect([...blocksOf(draft)].some((b) => b.kind === 'paragraph' && plainText(b.content) === 'ПРОЕКТ')).toBe(true);
  });
});

describe('plan summary', () => {
  it('counts per organisation and in total; overdue on the given day; share of verified among rows not cancelled', () => {
    const s = planSummary({
      campaign: { title: 'НОК 2025', year: 2025, territoryName: 'Город' },
      today: '2026-08-01',
      organisations: [
        { id: 'a', name: 'Школа № 1', inn: '0123456789', territoryName: 'Город' },
        { id: 'b', name: 'Сад № 2', inn: '1234567890', territoryName: 'Город' },
      ],
      plans: [
        {
          organisationId: 'a',
          status: 'approved',
          version: 2,
          act: { kind: 'приказ', number: '1', date: '2026-01-20' },
          lastReport: { periodEnd: '2026-06-30', status: 'accepted' },
          items: plan().items.map((i) => ({
            section: i.section,
            status: i.status,
            plannedKind: i.plannedKind,
            plannedDate: i.plannedDate,
            needsFunding: i.section === 'III',
          })),
        },
      ],
    });
    const [b, a] = s.rows;
    expect(a).toMatchObject({
      organisation: 'Школа № 1',
      plan: 'утверждён (редакция 2)',
      act: 'приказ от 20.01.2026 № 1',
      rows: 3,
      verified: 1,
      open: 1,
      overdue: 1,
      cancelled: 1,
      funding: 2,
      share: 50,
      lastReport: 'на 30.06.2026, приняты',
    });
    expect(b).toMatchObject({ organisation: 'Сад № 2', plan: 'плана нет', rows: 0, share: null });
    expect(s.total).toMatchObject({ organisation: 'организаций: 2, с планом: 1', rows: 3, overdue: 1, share: 50 });
    expect(s.sections.find((x) => x.section === 'III')).toMatchObject({ rows: 2, cancelled: 1, overdue: 1 });
    expect(shareDone(1, 3, 0)).toBe(33.3);
    expect(shareDone(0, 2, 2)).toBeNull();
  });
});

describe('deadlines sheet', () => {
  it('statutory months with their rule and calendar; plan deadlines with «из N планов»; steps', () => {
    const sheet = deadlinesSheet({
      campaign: { title: 'НОК 2026', year: 2026, territoryName: 'Город' },
      today: '2026-12-01',
      clocks: [
        {
          key: 'council_results',
          title: 'Результаты и предложения совета',
          startsOn: '2026-09-15',
          deadline: '2026-10-15',
          computed: {
            from: '2026-09-15',
            rule: { kind: 'months', count: 1 },
            nominal: '2026-10-15',
            due: '2026-10-15',
            preliminary: false,
            calendar: 'производственный календарь на 2026 год',
            ruleText: '1 месяц со дня, следующего за событием',
            note: null,
          },
          provisional: false,
          preliminary: null,
          doneOn: '2026-10-10',
          daysLeft: null,
          label: 'выполнено в срок',
          state: 'met',
        },
        {
          key: 'authority_measures',
          title: 'Решение органа о мерах',
          startsOn: '2026-10-10',
          deadline: '2026-11-10',
          computed: {
            from: '2026-10-10',
            rule: { kind: 'months', count: 1 },
            nominal: '2026-11-10',
            due: '2026-11-10',
            preliminary: false,
            calendar: 'производственный календарь на 2026 год',
            ruleText: '1 месяц со дня, следующего за событием',
            note: null,
          },
          provisional: false,
          preliminary: null,
          doneOn: null,
          daysLeft: -21,
          label: 'просрочено на 21 день',
          state: 'overdue',
        },
      ],
      councilClocks: null,
      steps: [
        {
          id: 's',
          key: 'publish_results',
          title: 'Орган публикует результаты',
          responsibleRole: 'authority',
          plannedOn: '2026-11-30',
          doneOn: null,
          status: 'planned',
          state: 'overdue',
          dueOn: '2026-11-30',
          event: 'results_published',
          waitingFor: [],
          overdue: true,
        },
      ],
      plans: {
        decisionDate: '2026-10-10',
        draft: null,
        approval: null,
        plans: { total: 1, submitted: 1, approved: 0 },
        acts: [],
        reports: [{ label: '1 квартал 2027 года', end: '2027-03-31', due: '2027-04-05', expected: 1, submitted: 0 }],
      },
    });
    const law = sheet.groups[0]!.rows;
    expect(law[0]).toMatchObject({
      from: '15.09.2026',
      due: '15.10.2026',
      done: '10.10.2026',
      status: 'выполнен в срок',
      calendar: 'производственный календарь на 2026 год',
      overdue: false,
    });
    expect(law[1]).toMatchObject({ status: 'просрочено на 21 день', overdue: true });
    const plans = sheet.groups.find((g) => g.title.startsWith('Планы'))!.rows;
    expect(plans[0]!.status).toBe('ожидает решения совета');
    expect(plans.at(-1)).toMatchObject({
      title: 'Сведения о ходе реализации планов за 1 квартал 2027 года',
      due: '05.04.2027',
      status: 'период не закончился',
      overdue: false,
    });
    expect(sheet.groups.at(-1)!.rows[0]).toMatchObject({ due: '30.11.2026', status: 'просрочен', overdue: true });
    expect(sheet.counts).toEqual({ total: 6, overdue: 2 });
    expect(sheet.subtitle).toContain('по состоянию на 01.12.2026');
  });
});

describe('council annex 2 and the draft order', () => {
  const proposals: DecisionProposal[] = [
    {
      organisationId: 'a',
      organisationName: 'Школа № 1',
      addressee: 'organisation',
      criterion: 'K1',
      indicator: '1.1',
      text: 'Разместить на сайте расписание',
      needsFunding: false,
    },
    {
      organisationId: 'a',
      organisationName: 'Школа № 1',
      addressee: 'founder',
      criterion: 'K3',
      indicator: '3.1',
      text: 'Оборудовать вход пандусом',
      needsFunding: true,
    },
    {
      organisationId: 'b',
      organisationName: 'Сад № 2',
      addressee: 'founder',
      criterion: 'K3',
      indicator: '3.1',
      text: 'Оборудовать вход пандусом',
      needsFunding: true,
    },
    {
      organisationId: null,
      organisationName: null,
      addressee: 'all',
      criterion: 'K4',
      indicator: '4.3',
      text: 'Утвердить правило ответа на звонки',
      needsFunding: false,
    },
  ];

  it('annex 2: per organisation, then to all, then to the founder naming the organisation', () => {
    const t = proposalsTable(proposals, 'Предложения');
    validateTable(t);
    const firsts = t.body.map((r) => plainText(typeof r.cells[0] === 'string' ? r.cells[0] : r.cells[0]!.content));
    expect(firsts).toEqual(['Школа № 1', '1', 'Всем организациям', '1', 'Учредителю', '1', '2']);
    expect(cellText(t, 5, 2)).toBe('Школа № 1: Оборудовать вход пандусом');
    expect(cellText(t, 5, 3)).toBe('требуется');
  });

  it('the draft order: blanks for number and date, basis with dates, the founder’s proposal once for both organisations', () => {
    const org = (id: string, name: string, rank: number) => ({
      id,
      name,
      rank,
      total: 80,
      respondents: 10,
      belowMinimum: false,
      criteria: {},
      indicators: {},
    });
    const snapshot = {
      campaign: { title: 'НОК 2026' },
      organisations: [org('a', 'Школа № 1', 1), org('b', 'Сад № 2', 2)],
      criteria: [],
      territory: { criteria: {}, total: null },
    } as unknown as Snapshot;
    const doc = orderDocument({
      campaign: { title: 'НОК 2026', year: 2026, territoryName: 'Город' },
      decision: { number: '2/1', decidedOn: '2026-10-10', receivedOn: '2026-10-12' },
      version: { number: 3 },
      snapshot,
      proposals,
      plans: {
        draftDue: '2026-12-10',
        publicationRule: '10 рабочих дней со дня утверждения',
        reportRule: 'ежеквартально',
      },
      publishBy: null,
      measuresDue: '2026-11-12',
      measuresText: null,
      preparedOn: '2026-10-20',
    });
    const text = [...blocksOf(doc)]
      .map((b) =>
        b.kind === 'paragraph' ? plainText(b.content) : b.kind === 'list' ? b.items.map(plainText).join('\n') : '',
      )
      .join('\n');
    expect(text).toContain('от «___» ____________ 20__ г.');
    expect(text).toContain('решения общественного совета от 10.10.2026 № 2/1 (получено 12.10.2026)');
    expect(text).toContain('2 организациями в 2026 году');
    expect(text).toContain('в срок до 10.12.2026');
    expect(text.match(/Оборудовать вход пандусом/g)).toHaveLength(1);
    expect(text).toContain(
      'Оборудовать вход пандусом (Сад № 2, Школа № 1) — предложение общественного совета учредителю; предусмотреть финансирование.',
    );
    expect(text).toContain('Срок принятия решения о мерах — 12.11.2026');
  });
});

describe('bus.gov.ru files', () => {
  it('keys from the registry (leading zero kept), «недостаточно данных» for a hidden survey value, README names every file', () => {
    const snapshot = {
      campaign: { id: 'c', title: 'НОК 2026', year: 2026, territoryId: 't', territoryName: 'Город' },
      methodology: { id: 'edu-2019', title: 'Методика 2019' },
      criteria: [
        {
          id: 'K1',
          title: 'К1',
          shortTitle: 'К1',
          indicators: [
            { id: '1.1', title: '', weight: 1, survey: false, checklist: null },
            { id: '1.3', title: '', weight: 1, survey: true, checklist: null },
          ],
        },
      ],
      territory: { criteria: {}, indicators: {}, total: null },
      organisations: [
        {
          id: 'a',
          name: 'Школа',
          fullName: 'МБОУ Школа',
          inn: '0123456789',
          type: 'school',
          territoryName: 'Город',
          belowMinimum: true,
          rank: 1,
          total: 80.126,
          respondents: 3,
          criteria: { K1: { value: 80.126 } },
          indicators: { '1.1': { value: 90 }, '1.3': { value: 50 } },
        },
      ],
    } as unknown as Snapshot;
    const input: BusGovInput = {
      campaign: {
        id: 'c',
        title: 'НОК 2026',
        year: 2026,
        territoryName: 'Город',
        operatorName: 'ООО «Оператор»',
        operatorContract: '№ 5 от 01.03.2026',
        operatorReportDate: '2026-09-15',
        councilDecisionNumber: '2/1',
        councilDecisionDate: '2026-10-10',
      },
      version: { number: 3, contentHash: 'ab'.repeat(32), publishedAt: '2026-10-20T10:00:00.000Z' },
      snapshot,
      organisations: [
        {
          id: 'a',
          inn: '0123456789',
          kpp: '012301001',
          ogrn: '1020000000001',
          fullName: 'МБОУ Школа',
          shortName: 'Школа',
        },
      ],
      proposals: [],
      plans: [],
      reports: [],
      pdfs: [],
      generatedOn: '2026-11-01',
    };
    const files = busGovFiles(input);
    expect(files.map((f) => f.path)).toEqual([
      BUSGOV_FILES.organisations,
      BUSGOV_FILES.results,
      BUSGOV_FILES.operator,
      BUSGOV_FILES.proposals,
      BUSGOV_FILES.plans,
      BUSGOV_FILES.reports,
      BUSGOV_FILES.readme,
    ]);
    const results = files[1]!.content.split('\r\n');
    expect(results[0]).toBe(
      '\ufeffИНН;КПП;ОГРН;Организация;Показатель 1.1;Показатель 1.3;Критерий К1;Итоговый балл;Место в рейтинге;Ответов на анкету',
    );
    expect(results[1]).toBe(
      '="0123456789";="012301001";="1020000000001";МБОУ Школа;90,00;недостаточно данных;80,13;80,13;1;3',
    );
    const readme = files.at(-1)!.content;
    expect(readme).toContain('Сформирован НОКО 01.11.2026');
    expect(readme).toContain('от 20.10.2026');
    expect(readme).toContain('1 строка');
    expect(readme).toContain('0 планов, 0 мероприятий');
    expect(readme).toContain('documents/ — документов для прикрепления нет.');
  });
});
