// The council's adopted proposals on an organisation's public card (hot path: renderToString, cached by
// the key returned with the element, so a newly published protocol changes the page).
import { createHash } from 'node:crypto';
import type { ReactNode } from 'react';
import type { Tx } from '../../src/db/index';
import { addresseeLabels, criterionLabels } from '../../src/council/labels';
import { ruDate } from '../../src/council/protocol';
import { publicProposals } from '../../src/council/public.server';

export async function councilCardSection(db: Tx, campaignId: string, organisationId: string): Promise<{ key: string; element: ReactNode }> {
  const list = await publicProposals(db, campaignId, organisationId);
  const key = createHash('sha1').update(JSON.stringify(list.map((p) => [p.id, p.text, p.decisionNumber]))).digest('hex');
  if (list.length === 0) return { key, element: null };
  const first = list[0]!;
  return {
    key,
    element: (
      <section aria-labelledby="council-proposals">
        <h2 id="council-proposals">Предложения общественного совета</h2>
        <p>Приняты решением совета № {first.decisionNumber} от {ruDate(first.decisionDate)}; на их основе организация составляет план по устранению недостатков.</p>
        <ul>
          {list.map((p) => (
            <li key={p.id}>
              {p.text} <span className="muted">({criterionLabels[p.criterion] ?? p.criterion}{p.indicator ? `, показатель ${p.indicator}` : ''}; {addresseeLabels[p.addressee]}{p.needsFunding ? '; требует средств' : ''})</span>
            </li>
          ))}
        </ul>
      </section>
    ),
  };
}
