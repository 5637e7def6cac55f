// The council's adopted proposals on an organisation's public card (hot path: renderToString, cached by
// the key returned with the element, so a newly published protocol changes the page).
import { createHash } from 'node:crypto';
import type { ReactNode } from 'react';
import type { Tx } from '../../src/db/index.server';
import { addresseeLabels, criterionLabels } from '../../src/council/labels';
import { ruDate } from '../../src/council/protocol';
import { publicProposals } from '../../src/council/public.server';

// Remembered briefly, like the page's other inputs (src/results/public.ts): the hot card costs no query per request.
const TTL_MS = 2000;
const memo = new Map<string, { at: number; value: Promise<Awaited<ReturnType<typeof publicProposals>>> }>();
function proposalsOf(db: Tx, campaignId: string, organisationId: string, now = Date.now()) {
  const k = `${campaignId}|${organisationId}`;
  const hit = memo.get(k);
  if (hit && now - hit.at < TTL_MS) return hit.value;
  const value = publicProposals(db, campaignId, organisationId);
  value.catch(() => memo.delete(k));
  if (memo.size > 5000) memo.clear();
  memo.set(k, { at: now, value });
  return value;
}

export async function councilCardSection(
  db: Tx,
  campaignId: string,
  organisationId: string,
): Promise<{ key: string; element: ReactNode }> {
  const list = await proposalsOf(db, campaignId, organisationId);
  const key = createHash('sha1')
    .update(JSON.stringify(list.map((p) => [p.id, p.text, p.decisionNumber])))
    .digest('hex');
  if (list.length === 0) return { key, element: null };
  const first = list[0]!;
  return {
    key,
    element: (
      <section aria-labelledby="council-proposals">
        <h2 id="council-proposals">Предложения общественного совета</h2>
        <p>
          Приняты решением совета № {first.decisionNumber} от {ruDate(first.decisionDate)}; на их основе организация
          составляет план по устранению недостатков.
        </p>
        <ul>
          {list.map((p) => (
            <li key={p.id}>
              {p.text}{' '}
              <span className="muted">
                ({criterionLabels[p.criterion] ?? p.criterion}
                {p.indicator ? `, показатель ${p.indicator}` : ''}; {addresseeLabels[p.addressee]}
                {p.needsFunding ? '; требует средств' : ''})
              </span>
            </li>
          ))}
        </ul>
      </section>
    ),
  };
}
