// Proposals from the latest automatic site audit (src/site-audit) for the site list of 1.1 and for 1.2.
// They are shown to the expert as pre-selected answers with a hint, never stored by themselves: only what
// the expert saves counts, recorded under the expert's name.
import type { AuditReport } from '../site-audit/types';
import type { ChecklistDefinition, ChecklistKey } from './definitions';
import { ruDate } from '../lib/ru';

export type ItemProposal = { answer: 'yes' | 'no' | null; hint: string };
export type ChecklistProposal = { source: string; items: Record<string, ItemProposal> };
export type Proposals = Partial<Record<ChecklistKey, ChecklistProposal>>;

/** The part of site-audit's AuditStore we need: results of an organisation, newest first. */
export type AuditHistorySource = {
  history(organisationId: string): Promise<{ report: AuditReport | null; finishedAt: string }[]>;
};

// Channel ids of the site auditor → item ids of checklist 1.2 in the methodology.
const CHANNEL_ITEMS: Record<string, string> = {
  telephone: 'phone',
  email: 'email',
  'electronic-service': 'e-service',
  faq: 'faq',
  opinion: 'opinion',
};

/**
 * 1.2: a channel seen on the site is proposed "yes" (the expert still has to test that it works, which is
 * what the methodology counts); a channel not seen is proposed "no". 1.1 site: the auditor checks the
 * /sveden/ sections by their markup, not the methodology's items one by one, so a missing section proposes
 * "no" for its items and a found one only gives a hint with the section's figures.
 */
export function proposalsFromAudit(
  report: Pick<AuditReport, 'auditDate' | 'answers' | 'sections'>,
  definitions: readonly ChecklistDefinition[],
): Proposals {
  const source = `автоматическая проверка сайта от ${ruDate(report.auditDate)}`;
  const out: Proposals = {};
  const c12 = definitions.find((d) => d.key === '1.2');
  if (c12) {
    const items: Record<string, ItemProposal> = {};
    for (const ch of report.answers.indicator12.channels) {
      const itemId = CHANNEL_ITEMS[ch.channel];
      if (!itemId || !c12.items.some((i) => i.id === itemId)) continue;
      items[itemId] = ch.detected
        ? { answer: 'yes', hint: `найден на сайте${ch.url ? `: ${ch.url}` : ''}. Проверьте, что способ работает` }
        : { answer: 'no', hint: 'на сайте не найден' };
    }
    out['1.2'] = { source, items };
  }
  const site = definitions.find((d) => d.key === '1.1-site');
  if (site) {
    const sections = new Map(report.sections.map((s) => [`/sveden/${s.slug}`, s]));
    const items: Record<string, ItemProposal> = {};
    for (const item of site.items) {
      const s = item.section ? sections.get(item.section) : undefined;
      if (!s || !s.applicable) continue;
      if (!s.found) {
        items[item.id] = { answer: 'no', hint: `раздел ${item.section} на сайте не найден` };
        continue;
      }
      const required = s.items.filter((i) => i.required);
      const present = required.filter((i) => i.information === 'present').length;
      items[item.id] = {
        answer: null,
        hint: `раздел найден${s.url ? ` (${s.url})` : ''}: сведения есть по ${present} из ${required.length} обязательных элементов раздела`,
      };
    }
    out['1.1-site'] = { source, items };
  }
  return out;
}

/** Proposals from the newest successful audit of the organisation, or none when it was never audited. */
export async function latestAuditProposals(
  store: AuditHistorySource | null,
  organisationId: string,
  definitions: readonly ChecklistDefinition[],
): Promise<Proposals> {
  if (!store) return {};
  const latest = (await store.history(organisationId)).find((r) => r.report);
  return latest?.report ? proposalsFromAudit(latest.report, definitions) : {};
}
