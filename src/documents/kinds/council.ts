// The council's documents as the document model: the protocol of a meeting (from the council room's
// protocolModel), the decision on results and proposals with its two annexes, the terms-of-reference
// proposals and the list of organisations for the year. Pure: recorded data in, a Document out.
import type { DecisionDocument } from '../../council/decision-document';
import type { ProtocolModel } from '../../council/protocol';
import type { Snapshot } from '../../results/snapshot';
import { isHidden, orgTypeLabels, shownValue, INSUFFICIENT } from '../../results/view';
import { b, h, ol, p, type Block, type Document, type Table } from '../model';
import { plural, ruDate, ruScore } from './format';

const criterionNames: Record<string, string> = {
  K1: 'Открытость и доступность информации об организации',
  K2: 'Комфортность условий осуществления образовательной деятельности',
  K3: 'Доступность услуг для инвалидов',
  K4: 'Доброжелательность, вежливость работников',
  K5: 'Удовлетворённость условиями осуществления образовательной деятельности',
};
const kRu = (id: string) => id.replace('K', 'К');

const centre = (text: string, bold = true) => p(bold ? b(text) : text, { align: 'center', indent: false });
const line = (label: string, value: string) => p([b(`${label}: `), value], { indent: false, align: 'left' });

// ── The protocol ───────────────────────────────────────────────────────────────────────────────────────

export function protocolDocument(m: ProtocolModel): Document {
  const blocks: Block[] = [
    centre(m.councilName),
    h(1, m.title, { align: 'center' }),
    p(`${m.date}${m.place ? ` · ${m.place}` : ''} · ${m.format}`, { align: 'center', indent: false }),
    line('Председательствующий', m.presiding ?? 'не назначен'),
    line('Секретарь', m.secretary ?? 'не назначен'),
    line(
      `Присутствовали (${m.presentLine})`,
      m.present.length
        ? m.present.map((x) => (x.represents ? `${x.name} (${x.represents})` : x.name)).join('; ')
        : 'никто',
    ),
  ];
  if (m.invitees.length)
    blocks.push(line('Приглашённые', m.invitees.map((x) => (x.post ? `${x.name} — ${x.post}` : x.name)).join('; ')));
  blocks.push(p(`${m.quorum.statement}.`, { indent: false }));
  blocks.push(p(`Порядок голосования: ${m.tieRule}.`, { indent: false, small: true }));
  blocks.push(h(2, 'ПОВЕСТКА ДНЯ', { align: 'center' }));
  blocks.push(m.agenda.length ? ol(m.agenda) : p('Вопросы в повестку не внесены.'));
  for (const it of m.items) {
    blocks.push(h(3, `${it.number}. ${it.title}`));
    const part = (label: string, paras: string[]) => {
      if (!paras.length) return;
      blocks.push(p(b(`${label}:`), { indent: false, keepWithNext: true }));
      for (const x of paras) blocks.push(p(x, { align: 'justify' }));
    };
    part('СЛУШАЛИ', it.heard);
    part('ВЫСТУПИЛИ', it.spoke);
    if (it.decided.length) {
      blocks.push(
        p(b(`РЕШИЛИ${it.decisionNumber ? ` (решение № ${it.decisionNumber})` : ''}:`), {
          indent: false,
          keepWithNext: true,
        }),
      );
      blocks.push(ol(it.decided));
    }
    if (it.votes) {
      blocks.push(
        p(
          `Голосовали: «за» — ${it.votes.for}, «против» — ${it.votes.against}, «воздержались» — ${it.votes.abstained}.`,
          { indent: false },
        ),
      );
      if (it.outcome) blocks.push(p(`${it.outcome}.`, { indent: false }));
    } else {
      blocks.push(p('Голосование не проводилось.', { indent: false, small: true }));
    }
  }
  if (m.annexes.length) {
    blocks.push(p(b('Приложения:'), { indent: false, keepWithNext: true }));
    blocks.push(ol(m.annexes.map((a) => a.title)));
  }
  blocks.push({ kind: 'signatures', rows: m.signatures.map((s) => ({ role: s.role, name: s.name })) });
  return { title: `${m.title} от ${m.date}`, subject: m.councilName, sections: [{ orientation: 'portrait', blocks }] };
}

// ── Decisions ──────────────────────────────────────────────────────────────────────────────────────────

function decisionHead(d: DecisionDocument): Block[] {
  return [
    centre(d.councilName),
    h(1, d.title, { align: 'center' }),
    p(d.subtitle, { align: 'center', indent: false }),
    p(d.basis ? `Основание: ${d.basis}.` : 'Решение внесено без протокола заседания в НОКО.', {
      indent: false,
      small: true,
    }),
    ...d.paragraphs.map((x) => p(x, { align: 'justify' })),
  ];
}

/** A decision with a numbered list (terms-of-reference points, additional criteria) or plain text. */
export function decisionListDocument(d: DecisionDocument, chairName: string | null): Document {
  const blocks: Block[] = decisionHead(d);
  if (d.list) {
    blocks.push(h(2, d.list.heading, { align: 'center' }));
    blocks.push(d.list.items.length ? ol(d.list.items) : p('Пунктов нет.'));
  }
  blocks.push({ kind: 'signatures', rows: [{ role: 'Председатель общественного совета', name: chairName ?? '' }] });
  return { title: `${d.title} ${d.subtitle}`, subject: d.councilName, sections: [{ orientation: 'portrait', blocks }] };
}

export type ListOrganisation = {
  name: string;
  inn: string | null;
  type: keyof typeof orgTypeLabels;
  territoryName: string;
  address: string | null;
  lastAssessedOn: string | null;
  inclusionReason: string | null;
};

/** The list of organisations for the year: the decision and the table of organisations it approved. */
export function organisationListDocument(input: {
  decision: DecisionDocument | null;
  councilName: string;
  campaign: { title: string; year: number; territoryName: string };
  organisations: readonly ListOrganisation[];
  chairName: string | null;
}): Document {
  const { campaign: c } = input;
  const head = input.decision
    ? decisionHead(input.decision)
    : [
        centre(input.councilName),
        h(1, 'ПЕРЕЧЕНЬ ОРГАНИЗАЦИЙ', { align: 'center' }),
        p('Решение совета об утверждении перечня в НОКО не записано: перечень — по составу кампании.', {
          indent: false,
          small: true,
        }),
      ];
  const rows = [...input.organisations].sort(
    (a, b) => a.territoryName.localeCompare(b.territoryName, 'ru') || a.name.localeCompare(b.name, 'ru'),
  );
  const caption = `Перечень организаций, в отношении которых в ${c.year} году проводится независимая оценка качества условий осуществления образовательной деятельности (${plural(rows.length, ['организация', 'организации', 'организаций'])})`;
  const table: Table = {
    kind: 'table',
    columns: [{ width: 4, align: 'right' }, { width: 30 }, { width: 12 }, { width: 12 }, { width: 16 }, { width: 26 }],
    header: [{ cells: ['№', 'Организация', 'ИНН', 'Тип', 'Муниципалитет', 'Последняя оценка / основание повторной'] }],
    body: rows.map((o, i) => ({
      cells: [
        String(i + 1),
        o.address ? `${o.name}, ${o.address}` : o.name,
        o.inn ?? '',
        orgTypeLabels[o.type],
        o.territoryName,
        [o.lastAssessedOn ? ruDate(o.lastAssessedOn) : 'не оценивалась', o.inclusionReason].filter(Boolean).join('; '),
      ],
    })),
  };
  return {
    title: `Перечень организаций для независимой оценки на ${c.year} год`,
    subject: `${input.councilName} · ${c.title}`,
    sections: [
      {
        orientation: 'portrait',
        blocks: [
          ...head,
          { kind: 'signatures', rows: [{ role: 'Председатель общественного совета', name: input.chairName ?? '' }] },
        ],
      },
      {
        orientation: 'landscape',
        headerText: `Приложение к решению${input.decision ? ` ${input.decision.title.replace('РЕШЕНИЕ', '').trim()} ${input.decision.subtitle.split(' · ')[0]}` : ''}`,
        blocks: [p(b(caption), { align: 'center', indent: false }), table],
      },
    ],
  };
}

export type DecisionProposal = {
  organisationId: string | null;
  organisationName: string | null;
  addressee: 'organisation' | 'founder' | 'all';
  criterion: string;
  indicator: string | null;
  text: string;
  needsFunding: boolean;
};

/** The results table of a version: organisation, K1–K5, total and place, as the open data of that version shows them. */
export function resultsTable(s: Snapshot, caption: string): Table {
  const crit = s.criteria.map((c) => c.id);
  const ranked = [...s.organisations].sort(
    (a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.name.localeCompare(b.name, 'ru'),
  );
  const cell = (o: (typeof ranked)[number], id: string) =>
    isHidden(s, o, id, 'public') ? INSUFFICIENT : ruScore(shownValue(s, o, id, 'public')) || 'нет данных';
  return {
    kind: 'table',
    caption,
    columns: [
      { width: 5, align: 'right' },
      { width: 34 },
      ...crit.map(() => ({ width: 8, align: 'right' as const })),
      { width: 8, align: 'right' },
      { width: 7, align: 'right' },
    ],
    header: [
      {
        cells: [
          { content: 'Место', rowSpan: 2 },
          { content: 'Организация', rowSpan: 2 },
          { content: 'Значения критериев, баллов', colSpan: crit.length },
          { content: 'Итоговый балл', rowSpan: 2 },
          { content: 'Ответов', rowSpan: 2 },
        ],
      },
      { cells: crit.map(kRu) },
    ],
    body: [
      ...ranked.map((o) => ({
        cells: [
          o.rank === null ? '—' : String(o.rank),
          o.name,
          ...crit.map((c) => cell(o, c)),
          ruScore(o.total) || 'нет данных',
          String(o.respondents),
        ],
      })),
      {
        bold: true,
        shade: true,
        cells: [
          '',
          'Среднее по территории',
          ...crit.map((c) => ruScore(s.territory.criteria[c] ?? null)),
          ruScore(s.territory.total),
          '',
        ],
      },
    ],
  };
}

/** Annex 2: the proposals to each organisation, then those to all organisations, then those to the founder. */
export function proposalsTable(proposals: readonly DecisionProposal[], caption: string): Table {
  const body: Table['body'][number][] = [];
  const rowOf = (x: DecisionProposal, n: number, who?: string) => ({
    cells: [
      String(n),
      `${kRu(x.criterion)}${x.indicator ? `, ${x.indicator}` : ''}`,
      who ? `${who}: ${x.text}` : x.text,
      x.needsFunding ? 'требуется' : 'нет',
    ],
  });
  const group = (
    title: string,
    list: readonly DecisionProposal[],
    who?: (x: DecisionProposal) => string | undefined,
  ) => {
    if (!list.length) return;
    body.push({ shade: true, bold: true, cells: [{ content: title, colSpan: 4 }] });
    list.forEach((x, i) => body.push(rowOf(x, i + 1, who?.(x))));
  };
  const own = proposals.filter((q) => q.organisationId && q.addressee !== 'founder');
  const names = [...new Set(own.map((q) => q.organisationName ?? ''))].sort((a, c) => a.localeCompare(c, 'ru'));
  for (const name of names)
    group(
      name,
      own.filter((q) => (q.organisationName ?? '') === name),
    );
  group(
    'Всем организациям',
    proposals.filter((q) => !q.organisationId && q.addressee !== 'founder'),
  );
  // Founder's proposals about one organisation name it; those about all stand alone.
  group(
    'Учредителю',
    proposals.filter((q) => q.addressee === 'founder'),
    (x) => x.organisationName ?? undefined,
  );
  if (!body.length) body.push({ cells: [{ content: 'Предложений нет.', colSpan: 4 }] });
  return {
    kind: 'table',
    caption,
    columns: [{ width: 5, align: 'right' }, { width: 13 }, { width: 64 }, { width: 18, align: 'center' }],
    header: [{ cells: ['№', 'Показатель', 'Предложение', 'Финансирование'] }],
    body,
  };
}

export type ResultsDecisionInput = {
  decision: DecisionDocument;
  chairName: string | null;
  version: { number: number; contentHash: string };
  snapshot: Snapshot;
  proposals: readonly DecisionProposal[];
};

/** The council's decision on results and proposals with annex 1 (results) and annex 2 (proposals). */
export function resultsDecisionDocument(d: ResultsDecisionInput): Document {
  const s = d.snapshot;
  const n = s.organisations.length;
  const ownCount = d.proposals.filter((x) => x.addressee !== 'founder').length;
  const founderCount = d.proposals.filter((x) => x.addressee === 'founder').length;
  const blocks: Block[] = [
    ...decisionHead(d.decision),
    h(2, 'Совет решил:', { align: 'left' }),
    ol([
      `Утвердить результаты независимой оценки качества условий осуществления образовательной деятельности ${plural(n, ['организации', 'организаций', 'организаций'])} (${s.campaign.title}) по версии результатов № ${d.version.number} (приложение 1).`,
      `Утвердить предложения об улучшении деятельности организаций: ${plural(ownCount, ['предложение', 'предложения', 'предложений'])} организациям${founderCount ? `, ${plural(founderCount, ['предложение', 'предложения', 'предложений'])} учредителю` : ''} (приложение 2).`,
      'Направить решение в орган управления образованием для принятия мер в течение месяца со дня его получения (ст. 95.2 Федерального закона № 273-ФЗ).',
    ]),
    p(
      `Методика: ${s.methodology.title}. Среднее значение итогового балла по территории — ${ruScore(s.territory.total) || 'нет данных'}. Контрольная сумма версии результатов (SHA-256): ${d.version.contentHash}.`,
      // Left-aligned: justifying the line would stretch its spaces around the 64-character checksum.
      { small: true, indent: false, align: 'left' },
    ),
    { kind: 'signatures', rows: [{ role: 'Председатель общественного совета', name: d.chairName ?? '' }] },
  ];
  const num = d.decision.title.replace('РЕШЕНИЕ', '').trim();
  const date = d.decision.subtitle.split(' · ')[0];
  return {
    title: `${d.decision.title} ${date} о результатах независимой оценки`,
    subject: d.decision.councilName,
    sections: [
      { orientation: 'portrait', blocks },
      {
        orientation: 'landscape',
        headerText: `Приложение 1 к решению ${num} ${date}`,
        blocks: [
          h(2, 'Приложение 1. Результаты независимой оценки качества условий', { align: 'center' }),
          resultsTable(
            s,
            `Значения критериев и итоговый балл, баллов (из 100), ${plural(n, ['организация', 'организации', 'организаций'])}`,
          ),
          ...criteriaLegend(s),
        ],
      },
      {
        orientation: 'portrait',
        headerText: `Приложение 2 к решению ${num} ${date}`,
        blocks: [
          h(2, 'Приложение 2. Предложения об улучшении деятельности организаций', { align: 'center' }),
          proposalsTable(
            d.proposals,
            `Предложения по организациям и учредителю (${plural(d.proposals.length, ['предложение', 'предложения', 'предложений'])})`,
          ),
        ],
      },
    ],
  };
}

function criteriaLegend(s: Snapshot): Block[] {
  return [
    p(
      s.criteria.map((c) => `${kRu(c.id)} — ${criterionNames[c.id] ?? c.title}`).join('; ') +
        '. «недостаточно данных» — число ответов на анкету ниже минимума, значение не публикуется.',
      { small: true, indent: false },
    ),
  ];
}
