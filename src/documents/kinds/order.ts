// A draft order of the education authority on the results and the measures (art. 95.2 273-ФЗ: within a
// month of receiving the council's decision). A draft: number, date and signature stay blank for the
// authority to fill; everything else comes from what is recorded — the council's decision, the result
// version, the founder's proposals, the territory's plan deadlines and the measures text if entered.
import type { Snapshot } from '../../results/snapshot';
import { b, h, ol, p, type Block, type Document } from '../model';
import { proposalsTable, resultsTable, type DecisionProposal } from './council';
import { plural, ruDate } from './format';

export type OrderInput = {
  campaign: { title: string; year: number; territoryName: string };
  decision: { number: string; decidedOn: string; receivedOn: string | null } | null;
  version: { number: number };
  snapshot: Snapshot;
  proposals: readonly DecisionProposal[];
  /** Plan deadlines in words, from the territory's settings. */
  plans: { draftDue: string | null; publicationRule: string; reportRule: string };
  /** The step «publish results» planned date, when set. */
  publishBy: string | null;
  /** The authority's deadline for the measures (the second statutory month), when it runs. */
  measuresDue: string | null;
  /** Measures the authority already wrote in the council room (council_clock_events.measures_text). */
  measuresText: string | null;
  preparedOn: string;
};

export function orderDocument(d: OrderInput): Document {
  const s = d.snapshot;
  const year = d.campaign.year;
  const n = s.organisations.length;
  const founder = d.proposals.filter((x) => x.addressee === 'founder');
  const basis = d.decision
    ? `решения общественного совета от ${ruDate(d.decision.decidedOn)} № ${d.decision.number}${d.decision.receivedOn ? ` (получено ${ruDate(d.decision.receivedOn)})` : ''}`
    : 'решения общественного совета о результатах независимой оценки';
  const points: string[] = [
    `Принять к сведению результаты независимой оценки качества условий осуществления образовательной деятельности ${plural(n, ['организацией', 'организациями', 'организациями'])} в ${year} году (приложение 1).`,
    `Руководителям организаций, указанных в приложении 1: разработать с учётом предложений общественного совета (приложение 2) планы по устранению недостатков, выявленных в ходе независимой оценки, по форме, утверждённой постановлением Правительства Российской Федерации от 17.04.2018 № 457, и представить их на согласование${d.plans.draftDue ? ` в срок до ${ruDate(d.plans.draftDue)}` : ''}; разместить утверждённые планы на официальных сайтах организаций и на сайте bus.gov.ru в срок: ${d.plans.publicationRule}; представлять сведения о ходе реализации планов ${d.plans.reportRule}.`,
    'Учитывать результаты независимой оценки при оценке эффективности деятельности руководителей организаций.',
  ];
  // The same founder's proposal about several organisations is one measure of the order.
  const measures = new Map<string, { names: string[]; funding: boolean }>();
  for (const x of founder) {
    const key = x.text.trim().replace(/\.$/, '');
    const m = measures.get(key) ?? { names: [], funding: false };
    if (x.organisationName) m.names.push(x.organisationName);
    m.funding ||= x.needsFunding;
    measures.set(key, m);
  }
  for (const [text, m] of measures)
    points.push(
      `${text}${m.names.length ? ` (${m.names.sort((a, c) => a.localeCompare(c, 'ru')).join(', ')})` : ''} — предложение общественного совета учредителю${m.funding ? '; предусмотреть финансирование' : ''}.`,
    );
  points.push(
    `Разместить результаты независимой оценки и настоящий приказ на официальном сайте органа управления образованием и на сайте bus.gov.ru${d.publishBy ? ` в срок до ${ruDate(d.publishBy)}` : ''}.`,
  );
  points.push('Контроль за исполнением приказа оставляю за собой.');
  const blocks: Block[] = [
    p(b('ПРОЕКТ'), { align: 'right', indent: false }),
    p(b(`Орган управления образованием: ${d.campaign.territoryName}`), { align: 'center', indent: false }),
    h(1, 'ПРИКАЗ', { align: 'center' }),
    p('от «___» ____________ 20__ г.                № ______', { align: 'center', indent: false }),
    p(
      b(
        `Об итогах независимой оценки качества условий осуществления образовательной деятельности в ${year} году и мерах по её результатам`,
      ),
      { align: 'center', indent: false },
    ),
    p(
      `В соответствии со статьёй 95.2 Федерального закона от 29.12.2012 № 273-ФЗ «Об образовании в Российской Федерации», на основании ${basis} п р и к а з ы в а ю:`,
      { align: 'justify' },
    ),
    ol(points),
  ];
  if (d.measuresText) {
    blocks.push(p(b('Меры, записанные органом в НОКО:'), { indent: false, keepWithNext: true }));
    for (const x of d.measuresText
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean))
      blocks.push(p(x, { align: 'justify' }));
  }
  blocks.push({ kind: 'signatures', rows: [{ role: 'Руководитель органа управления образованием', name: '' }] });
  blocks.push(
    p(
      `Проект подготовлен в НОКО ${ruDate(d.preparedOn)} по версии результатов № ${d.version.number} (${d.campaign.title}).${d.measuresDue ? ` Срок принятия решения о мерах — ${ruDate(d.measuresDue)} (один месяц со дня получения решения совета).` : ''}`,
      { small: true, indent: false },
    ),
  );
  return {
    title: `Проект приказа об итогах независимой оценки в ${year} году`,
    subject: `${d.campaign.territoryName} · ${d.campaign.title}`,
    sections: [
      { orientation: 'portrait', blocks },
      {
        orientation: 'landscape',
        headerText: 'Приложение 1 к приказу',
        blocks: [
          h(2, 'Приложение 1. Результаты независимой оценки', { align: 'center' }),
          resultsTable(
            s,
            `Значения критериев и итоговый балл, баллов (из 100), ${plural(n, ['организация', 'организации', 'организаций'])}`,
          ),
        ],
      },
      {
        orientation: 'portrait',
        headerText: 'Приложение 2 к приказу',
        blocks: [
          h(2, 'Приложение 2. Предложения общественного совета', { align: 'center' }),
          proposalsTable(
            d.proposals,
            `Предложения по организациям и учредителю (${plural(d.proposals.length, ['предложение', 'предложения', 'предложений'])})`,
          ),
        ],
      },
    ],
  };
}
