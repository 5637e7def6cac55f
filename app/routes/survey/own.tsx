import { desc, eq } from 'drizzle-orm';
import { campaignStatusLabels } from '../../../src/campaigns/status';
import { formatRu } from '../../../src/campaigns/dates';
import { campaignOrganisations, campaigns, organisations } from '../../../src/db/schema/registry';
import { ownCount } from '../../../src/survey/dashboard.server';
import { ensureSurveyLinks, linkFor } from '../../../src/survey/links.server';
import { questionnaireUrl } from '../../../src/survey/poster.server';
import { requireCan } from '../../server/guard';
import type { Route } from './+types/own';
import { responsesRu } from '../../ui/survey';
import { GUESSED_WARNING, LOOPBACK_REFUSAL, printableBase } from '../../../src/survey/public-base';

export function meta(_: Route.MetaArgs) {
  return [{ title: 'Опрос получателей услуг — НОКО' }];
}

// An organisation's representative sees how many questionnaires arrived and the materials to spread the
// link — never the answers, the flags or the suggestions (the organisation is the one being assessed).
export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireCan(context, request, 'survey.ownCount', {
    organisationId: context.user?.organisationId ?? undefined,
  });
  const organisationId = user.organisationId!;
  const [org] = await context.db
    .select({ name: organisations.shortName })
    .from(organisations)
    .where(eq(organisations.id, organisationId));
  const list = await context.db
    .select({
      id: campaigns.id,
      title: campaigns.title,
      status: campaigns.status,
      opensOn: campaigns.surveyOpensOn,
      closesOn: campaigns.surveyClosesOn,
    })
    .from(campaignOrganisations)
    .innerJoin(campaigns, eq(campaigns.id, campaignOrganisations.campaignId))
    .where(eq(campaignOrganisations.organisationId, organisationId))
    .orderBy(desc(campaigns.year));
  const where = printableBase(context.config.publicUrl, new URL(request.url).origin);
  const base = where.base;
  const rows = [];
  for (const c of list) {
    if (c.status === 'draft') continue;
    await ensureSurveyLinks(context.db, c.id);
    const link = await linkFor(context.db, c.id, organisationId);
    const { received } = await ownCount(context.db, c.id, organisationId);
    rows.push({
      id: c.id,
      title: c.title,
      status: campaignStatusLabels[c.status],
      collecting: c.status === 'collecting',
      opensOn: formatRu(c.opensOn),
      closesOn: formatRu(c.closesOn),
      received,
      url: link ? questionnaireUrl(base, link.code) : null,
    });
  }
  return {
    organisation: org?.name ?? '',
    organisationId,
    campaigns: rows,
    printNotice: !where.ok ? LOOPBACK_REFUSAL : where.guessed ? GUESSED_WARNING : null,
  };
}

export default function OwnSurvey({ loaderData }: Route.ComponentProps) {
  const { organisation, organisationId, campaigns: list, printNotice } = loaderData;
  return (
    <>
      <h1>Опрос получателей услуг: {organisation}</h1>
      <p>
        Родители и обучающиеся отвечают на анкету анонимно. Организации показывается только число полученных анкет —
        сами ответы не видны никому из её сотрудников. Пожалуйста, не заполняйте анкеты за получателей услуг: такие
        ответы распознаются и исключаются.
      </p>
      {list.length === 0 ? <p>Сейчас опрос по вашей организации не проводится.</p> : null}
      {list.map((c) => {
        const api = `/api/survey/campaigns/${c.id}/organisations/${organisationId}`;
        return (
          <section key={c.id} aria-labelledby={`c-${c.id}`}>
            <h2 id={`c-${c.id}`}>{c.title}</h2>
            <p className="survey-count">
              Получено: <strong>{responsesRu(c.received)}</strong>
            </p>
            <p>
              Этап: {c.status}.
              {c.opensOn || c.closesOn
                ? ` Анкеты принимаются${c.opensOn ? ` с ${c.opensOn}` : ''}${c.closesOn ? ` по ${c.closesOn} включительно` : ''}.`
                : ''}
            </p>
            {c.collecting && c.url ? (
              <>
                <p>
                  Адрес анкеты для родителей: <a href={c.url}>{c.url}</a>
                </p>
                {printNotice ? (
                  <p className="notice warn" role="note">
                    {printNotice}
                  </p>
                ) : null}
                <ul>
                  <li>
                    <a href={`${api}/poster.pdf`}>Плакат для стенда (PDF, А4)</a>
                  </li>
                  <li>
                    <a href={`${api}/qr.png`}>QR-код (PNG)</a>
                  </li>
                  <li>
                    <a href={`${api}/qr.svg`}>QR-код (SVG)</a>
                  </li>
                </ul>
              </>
            ) : null}
          </section>
        );
      })}
    </>
  );
}
