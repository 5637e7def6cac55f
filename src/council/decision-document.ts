// A decision as a document (the terms-of-reference points for the operator, the list, the criteria):
// plain data from a pure function, like the protocol; the HTML page and later DOCX/PDF render it.
import type { DecisionKind } from './enums';
import { ruDate } from './protocol';

export type DecisionDocumentInput = {
  councilName: string;
  kind: DecisionKind;
  number: string;
  decidedOn: string;
  text: string;
  payload: Record<string, unknown>;
  campaignTitle: string | null;
  organisations: { id: string; name: string }[];
  proposalsAdopted: number;
};

export type DecisionDocument = {
  councilName: string;
  title: string;
  subtitle: string;
  basis: string | null;
  paragraphs: string[];
  list: { heading: string; items: string[] } | null;
};

export function decisionDocument(d: DecisionDocumentInput): DecisionDocument {
  const meeting = d.payload.meeting as { number: number; heldOn: string } | undefined;
  const basis = meeting ? `протокол заседания № ${meeting.number} от ${ruDate(meeting.heldOn)}` : null;
  const points = Array.isArray(d.payload.points) ? (d.payload.points as string[]) : [];
  let list: DecisionDocument['list'] = null;
  if (d.kind === 'tor')
    list = { heading: 'Предложения совета в техническое задание организации-оператору', items: points };
  if (d.kind === 'criteria') list = { heading: 'Дополнительные критерии оценки', items: points };
  if (d.kind === 'list') list = { heading: 'Перечень организаций', items: d.organisations.map((o) => o.name) };
  const paragraphs = d.text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (d.kind === 'results')
    paragraphs.push(
      `Утверждена версия результатов № ${String(d.payload.version ?? '—')}; приняты предложения об улучшении деятельности организаций: ${d.proposalsAdopted}.`,
    );
  return {
    councilName: d.councilName,
    title: `РЕШЕНИЕ № ${d.number}`,
    subtitle: `от ${ruDate(d.decidedOn)}${d.campaignTitle ? ` · ${d.campaignTitle}` : ''}`,
    basis,
    paragraphs,
    list,
  };
}
