// Pieces shared by the pages of one published version.
import type { SnapshotOrganisation } from '../../../src/results/snapshot';
import { decisionText, withPin, type View } from './view';
import { INSUFFICIENT, isHidden, ruDate, shownText } from '../../../src/results/view';

export function VersionNotice({ v }: { v: View }) {
  return (
    <div className={v.pin ? 'notice warn' : 'notice'}>
      <p>
        {`Версия ${v.version.version} от ${ruDate(v.version.publishedAt)}. ${decisionText(v.version)}.`}
        {v.version.reason ? ` Причина исправления: ${v.version.reason}.` : ''}{' '}
        {v.versions.length > 1 ? <a href={`${v.base}/versii`}>Все версии ({v.versions.length})</a> : null}
      </p>
      {v.pin ? (
        <p>
          <strong>Эта версия заменена исправленной.</strong>{' '}
          <a href={v.base}>{`Открыть действующую версию ${v.current.version}`}</a>
        </p>
      ) : null}
    </div>
  );
}

export function ValueLink({
  v,
  org,
  id,
  strong,
}: {
  v: View;
  org: SnapshotOrganisation;
  id: string;
  strong?: boolean;
}) {
  if (isHidden(v.snapshot, org, id, 'public')) return <span className="insufficient">{INSUFFICIENT}</span>;
  const text = shownText(v.snapshot, org, id, 'public');
  const label = `${text}: как рассчитан ${id === 'Sn' ? 'итоговый балл' : id} — ${org.name}`;
  return (
    <a href={withPin(v, `${v.base}/o/${org.id}/kak/${id}`)} aria-label={label}>
      {strong ? <strong>{text}</strong> : text}
    </a>
  );
}
