import { data } from 'react-router';
import { publicCampaign } from '../../../src/campaigns/public.server';
import { formatRu, organisationsRu } from '../../../src/campaigns/dates';
import { typeLabels } from '../../../src/registry/validation';
import { campaignCriteria } from '../../../src/council/criteria.server';
import { AdditionalCriteria, publicCriteriaView } from '../council/additional-criteria';
import type { Route } from './+types/campaign';
import { TableScroll } from '../../ui/controls';

export function meta({ data: d }: Route.MetaArgs) {
  return [{ title: d ? `${d.title}: перечень организаций — НОКО` : 'Кампания не найдена — НОКО' }];
}

/** Public, no login: the list of organisations a campaign assesses and the council decision behind it. */
export async function loader({ context, params }: Route.LoaderArgs) {
  const p = await publicCampaign(context.db, params.campaignId);
  // Drafts are not public: the list is not decided yet.
  if (!p || !p.campaign.councilDecisionNumber)
    throw data('Кампания не найдена или перечень ещё не утверждён.', { status: 404 });
  return {
    id: p.campaign.id,
    title: p.campaign.title,
    year: p.campaign.year,
    territoryName: p.territoryName,
    decisionNumber: p.campaign.councilDecisionNumber,
    decisionDate: p.campaign.councilDecisionDate,
    operatorName: p.campaign.operatorName,
    documents: p.documents.map((d) => ({ id: d.id, fileName: d.fileName, size: d.size })),
    // Only from a published protocol; shown apart from the official score (decision 0074).
    criteria: publicCriteriaView(await campaignCriteria(context.db, p.campaign.id, { publishedOnly: true })),
    organisations: p.organisations.map((o) => ({
      id: o.id,
      fullName: o.fullName,
      shortName: o.shortName,
      type: o.type,
      address: o.address,
      website: o.website,
    })),
  };
}

export default function PublicCampaign({ loaderData: d }: Route.ComponentProps) {
  return (
    <section>
      <h1>{d.title}</h1>
      <p>
        Независимая оценка качества условий образовательной деятельности, {d.territoryName}, {d.year} год.
        {d.operatorName ? ` Оператор: ${d.operatorName}.` : ''}
      </p>
      <h2>Решение общественного совета</h2>
      <p>
        Перечень организаций утверждён решением общественного совета № {d.decisionNumber} от {formatRu(d.decisionDate)}.
      </p>
      {d.documents.length ? (
        <ul>
          {d.documents.map((doc) => (
            <li key={doc.id}>
              <a href={`/c/${d.id}/document/${doc.id}`}>{doc.fileName}</a> ({Math.ceil(doc.size / 1024)} КБ)
            </li>
          ))}
        </ul>
      ) : null}
      <AdditionalCriteria c={d.criteria} showNone={false} />
      <h2>Организации, которые оцениваются ({organisationsRu(d.organisations.length)})</h2>
      <TableScroll label="Таблица: организации, которые оцениваются">
        <table>
          <caption className="visually-hidden">Перечень организаций</caption>
          <thead>
            <tr>
              <th scope="col">Организация</th>
              <th scope="col">Тип</th>
              <th scope="col">Адрес</th>
              <th scope="col">Сайт</th>
            </tr>
          </thead>
          <tbody>
            {d.organisations.map((o) => (
              <tr key={o.id}>
                <td>{o.fullName}</td>
                <td>{typeLabels[o.type]}</td>
                <td>{o.address ?? '—'}</td>
                <td>
                  {o.website ? (
                    <a href={o.website} rel="noopener noreferrer">
                      {o.website.replace(/^https?:\/\//, '')}
                    </a>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}
