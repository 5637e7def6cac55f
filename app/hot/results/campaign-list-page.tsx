// /rezultaty: the list of campaigns with published results.
import type { publishedCampaigns } from '../../../src/results/public.server';
import { plural } from '../../../src/results/view';
import { ORG_FORMS } from './view';

export function CampaignList({ list }: { list: Awaited<ReturnType<typeof publishedCampaigns>> }) {
  return (
    <>
      <h1>Результаты независимой оценки</h1>
      {list.length === 0 ? (
        <p>Опубликованных результатов пока нет.</p>
      ) : (
        <ul className="plain">
          {list.map((x) => (
            <li key={x.campaignId}>
              <a href={`/rezultaty/${x.campaignId}`}>{x.title}</a> — {x.territoryName}, {x.year} г., {x.organisations}{' '}
              {plural(x.organisations, ORG_FORMS)}
              {x.version > 1 ? `, версия ${x.version}` : ''}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
