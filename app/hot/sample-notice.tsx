import type { Snapshot, SnapshotOrganisation } from '../../src/results/snapshot';
import { countRu } from '../../src/lib/ru';

const anketRu = (n: number) => countRu(n, ['анкета', 'анкеты', 'анкет']);

/**
 * The public card says when the survey sample is below the size the campaign required (share of the
 * organisation's recipients, capped): the survey part of the score then rests on fewer voices than the
 * rule asks for. Nothing is shown when the sample is adequate or the number of recipients is unknown.
 */
export function SampleNotice({ s, org }: { s: Snapshot; org: SnapshotOrganisation }) {
  const sample = org.sample;
  if (!sample || sample.adequate) return null;
  const rule = s.options.sample;
  return (
    <p className="notice warn" id="sample">
      {`Выборка опроса меньше требуемой: получено ${anketRu(sample.received)} при необходимых ${sample.target} (${Math.round(rule.share * 100)} % из ${sample.recipients} получателей услуг, но не больше ${rule.cap}). Оценки по опросу менее надёжны.`}
    </p>
  );
}
