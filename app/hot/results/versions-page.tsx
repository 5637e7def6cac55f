// /rezultaty/:campaignId/versii: every published version of a campaign's results.
import { ruDate } from '../../../src/results/view';
import type { View } from './view';
import { TableScroll } from '../../ui/controls';

export function VersionsPage({ v }: { v: View }) {
  return (
    <>
      <p className="crumbs">
        <a href={v.base}>← {v.snapshot.campaign.title}</a>
      </p>
      <h1>Версии результатов</h1>
      <p>
        Опубликованная версия не меняется. Исправление публикуется как новая версия с причиной; прежние версии остаются
        доступны.
      </p>
      <TableScroll label="Таблица: опубликованные версии">
        <table>
          <caption>Опубликованные версии</caption>
          <thead>
            <tr>
              <th scope="col">Версия</th>
              <th scope="col">Опубликована</th>
              <th scope="col">Решение совета</th>
              <th scope="col">Причина исправления</th>
              <th scope="col">Контрольная сумма</th>
            </tr>
          </thead>
          <tbody>
            {v.versions.map((x) => (
              <tr key={x.id}>
                <th scope="row">
                  <a href={x.supersededBy ? `${v.base}?v=${x.version}` : v.base}>{`Версия ${x.version}`}</a>
                  {x.supersededBy ? ' (заменена)' : ' (действующая)'}
                </th>
                <td>{ruDate(x.publishedAt)}</td>
                <td>{x.decisionNumber ? `№ ${x.decisionNumber} от ${ruDate(x.decisionDate)}` : '—'}</td>
                <td>{x.reason ?? '—'}</td>
                <td>
                  <code>{x.contentHash.slice(0, 16)}…</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}
