import { Form, Link, data, redirect } from 'react-router';
import { can, canActOnCampaignOrganisation } from '../../../src/auth/policy';
import { campaignStatusLabels } from '../../../src/campaigns/status';
import { formatRu } from '../../../src/campaigns/dates';
import { surveyDashboard } from '../../../src/survey/dashboard.server';
import { ensureSurveyLinks, linksOfCampaign, setClosedMode } from '../../../src/survey/links.server';
import { questionnaireUrl } from '../../../src/survey/poster.server';
import { accessCodeStats, createAccessCodes } from '../../../src/survey/review.server';
import { SurveyError } from '../../../src/survey/submit.server';
import { Csrf, FormMessages, Select, TextInput, type FormResult } from '../../ui/forms';
import type { Route } from './+types/dashboard';
import { codesRu, responsesRu, ruDateTime } from '../../ui/survey';
import { surveyCampaign } from './survey.server';
import { GUESSED_WARNING, LOOPBACK_REFUSAL, printableBase } from '../../../src/survey/public-base';
import { TableScroll } from '../../ui/controls';

export function meta({ data: d }: Route.MetaArgs) {
  return [{ title: `Опрос получателей услуг — ${d?.campaign.title ?? 'кампания'} — НОКО` }];
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { campaign, scope, user } = await surveyCampaign(context, request, params.campaignId, 'survey.monitor');
  await ensureSurveyLinks(context.db, campaign.id);
  const [rows, links] = await Promise.all([
    surveyDashboard(context.db, campaign.id),
    linksOfCampaign(context.db, campaign.id),
  ]);
  const linkByOrg = new Map(links.map((l) => [l.organisationId, l]));
  const where = printableBase(context.config.publicUrl, new URL(request.url).origin);
  const base = where.base;
  const canManage = can(user, 'survey.paperEntry', scope);
  const organisations = await Promise.all(
    rows.map(async (r) => {
      const link = linkByOrg.get(r.organisationId);
      const closed = link?.closed ?? false;
      const codes = closed && canManage ? await accessCodeStats(context.db, campaign.id, r.organisationId) : [];
      return {
        id: r.organisationId,
        name: r.name,
        recipients: r.recipients,
        target: r.target,
        received: r.received,
        valid: r.valid,
        quarantined: r.quarantined,
        excluded: r.excluded,
        adequate: r.adequate,
        lastResponseAt: ruDateTime(r.lastResponseAt),
        signals: r.signals,
        code: link?.code ?? null,
        url: link ? questionnaireUrl(base, link.code) : null,
        closed,
        codes: codes.map((c) => ({ group: c.groupLabel, total: Number(c.total), used: Number(c.used) })),
      };
    }),
  );
  return {
    campaign: {
      id: campaign.id,
      title: campaign.title,
      status: campaignStatusLabels[campaign.status],
      opensOn: formatRu(campaign.surveyOpensOn),
      closesOn: formatRu(campaign.surveyClosesOn),
    },
    organisations,
    // Said where posters and QR codes are made: a loopback address is refused, a guessed one warned about.
    printNotice: !where.ok ? LOOPBACK_REFUSAL : where.guessed ? GUESSED_WARNING : null,
    can: {
      manage: canManage,
      paperEntry: canManage,
      quarantine: can(user, 'survey.quarantine', scope),
      moderate: can(user, 'survey.moderate', scope),
      export: can(user, 'survey.export', scope),
    },
    csrfToken: context.csrfToken,
  };
}

// Live figures, and after generating a pack the codes in clear: nothing on this page may be cached.
export const headers = () => ({ 'Cache-Control': 'no-store' });

type CodePack = { organisation: string; group: string; url: string; codes: string[] };

type Answer = FormResult & { pack: CodePack | null };

export async function action({ request, context, params }: Route.ActionArgs) {
  // Closed mode and code packs change how respondents get in: the operator who runs the survey decides.
  const { campaign, user, scope } = await surveyCampaign(context, request, params.campaignId, 'survey.paperEntry');
  const form = await request.formData();
  const intent = String(form.get('intent') ?? '');
  const organisationId = String(form.get('organisationId') ?? '');
  const links = await linksOfCampaign(context.db, campaign.id);
  const link = links.find((l) => l.organisationId === organisationId);
  // A refusal of the codes form names its field (the summary links to it); the row buttons have none.
  const refuse = (errors: string[], field: string, status: number) =>
    data<Answer>(
      intent === 'codes'
        ? { intent, fieldErrors: { [field]: errors.join(' ') }, pack: null }
        : { intent, errors, pack: null },
      { status },
    );
  if (intent !== 'closed' && intent !== 'codes')
    return data<Answer>({ errors: ['Неизвестное действие.'], pack: null }, { status: 400 });
  if (!link) return refuse(['Выберите организацию этой кампании.'], 'codes-org', 400);
  // The same question the API asks (src/auth/policy.ts): an organisation of this campaign, in the user's scope.
  if (!canActOnCampaignOrganisation(user, 'survey.paperEntry', scope, { id: organisationId, inCampaign: true })) {
    return refuse(['Недостаточно прав для этой организации.'], 'codes-org', 403);
  }
  if (intent === 'closed') {
    await setClosedMode(context.db, campaign.id, organisationId, form.get('closed') === '1');
    return redirect(`/campaigns/${campaign.id}/survey?updated=${link.code}#org-${link.code}`);
  }
  const group = String(form.get('group') ?? '');
  const count = Number(String(form.get('count') ?? '').trim() || NaN);
  try {
    const codes = await createAccessCodes(context.db, {
      campaignId: campaign.id,
      organisationId,
      groupLabel: group,
      count,
      actor: { id: user.id, name: user.name },
    });
    const base = context.config.publicUrl ?? new URL(request.url).origin;
    const pack: CodePack = {
      organisation: link.organisationName,
      group: group.trim(),
      url: questionnaireUrl(base, link.code),
      codes,
    };
    // The codes exist in clear only in this response: never cache it.
    return data<Answer>({ intent, pack }, { headers: { 'Cache-Control': 'no-store' } });
  } catch (err) {
    if (err instanceof SurveyError) {
      const field = err.messages.some((m) => m.startsWith('Число')) ? 'codes-count' : 'codes-group';
      return refuse(err.messages, field, 400);
    }
    throw err;
  }
}

export default function SurveyDashboard({ loaderData, actionData }: Route.ComponentProps) {
  const { campaign, organisations, can: allowed, csrfToken, printNotice } = loaderData;
  const api = `/api/survey/campaigns/${campaign.id}`;
  const self = `/campaigns/${campaign.id}/survey`;
  const result = actionData as Answer | undefined;
  const pack = result?.pack ?? null;
  const codesError = (id: string) => (result?.intent === 'codes' ? result.fieldErrors?.[id] : undefined) ?? undefined;
  const totalValid = organisations.reduce((s, o) => s + o.valid, 0);
  const adequate = organisations.filter((o) => o.adequate).length;

  if (pack) return <CodePackPage pack={pack} back={self} />;

  return (
    <>
      <p>
        <Link to={`/campaigns/${campaign.id}`}>← {campaign.title}</Link>
      </p>
      <h1>Опрос получателей услуг</h1>
      <p>
        Кампания: {campaign.status}.{campaign.opensOn ? ` Анкеты принимаются с ${campaign.opensOn}` : ''}
        {campaign.closesOn ? ` по ${campaign.closesOn} включительно` : ''}
        {campaign.opensOn || campaign.closesOn ? '.' : ''} Учтено {responsesRu(totalValid)}; достаточная выборка набрана
        в {adequate} из {organisations.length}.
      </p>
      {printNotice ? (
        <p className="notice warn" role="note">
          {printNotice}
        </p>
      ) : null}
      <ul className="survey-actions">
        {allowed.paperEntry ? (
          <li>
            <Link to={`${self}/paper`}>Ввести бумажные анкеты</Link>
          </li>
        ) : null}
        {allowed.quarantine ? (
          <li>
            <Link to={`${self}/quarantine`}>Анкеты на проверке</Link>
          </li>
        ) : null}
        {allowed.moderate ? (
          <li>
            <Link to={`${self}/suggestions`}>Предложения на модерации</Link>
          </li>
        ) : null}
        <li>
          <a href={`${api}/posters.zip`} download>
            Все плакаты одним архивом (ZIP)
          </a>
        </li>
        {allowed.export ? (
          <>
            <li>
              <a href={`${api}/responses.csv`} download>
                Обезличенные ответы (CSV)
              </a>
            </li>
            <li>
              <a href={`${api}/responses.xlsx`} download>
                Обезличенные ответы (XLSX)
              </a>
            </li>
          </>
        ) : null}
      </ul>

      {result?.intent !== 'codes' ? <FormMessages result={result} errorTitle="Не получилось" /> : null}

      <TableScroll label="Таблица: ход опроса по организациям">
        <table className="survey-table">
          <caption>Ход опроса по организациям</caption>
          <thead>
            <tr>
              <th scope="col">Организация</th>
              <th scope="col">Учтено / получено</th>
              <th scope="col">Нужно для выборки</th>
              <th scope="col">Выборка</th>
              <th scope="col">Последний ответ</th>
              <th scope="col">Сигналы</th>
              <th scope="col">Материалы</th>
              <th scope="col">Вход по кодам</th>
            </tr>
          </thead>
          <tbody>
            {organisations.map((o) => (
              <tr key={o.id} id={o.code ? `org-${o.code}` : undefined}>
                <th scope="row">
                  {o.name}
                  {o.url ? (
                    <>
                      <br />
                      <a href={o.url} className="survey-link">
                        {o.url.replace(/^https?:\/\//, '')}
                      </a>
                    </>
                  ) : null}
                </th>
                <td>
                  {o.valid} / {o.received}
                </td>
                <td>{o.target === null ? 'неизвестно число получателей' : o.target}</td>
                <td>
                  {o.adequate === null ? (
                    '—'
                  ) : o.adequate ? (
                    <strong className="ok-text">достаточна</strong>
                  ) : (
                    <span className="warn-text">недостаточна</span>
                  )}
                </td>
                <td>{o.lastResponseAt || 'ответов нет'}</td>
                <td>
                  {o.signals.length ? (
                    <ul className="changes">
                      {o.signals.map((s) => (
                        <li key={s}>{s}</li>
                      ))}
                    </ul>
                  ) : (
                    'нет'
                  )}
                </td>
                <td>
                  <a href={`${api}/organisations/${o.id}/qr.svg`} aria-label={`QR-код SVG: ${o.name}`}>
                    QR (SVG)
                  </a>
                  <br />
                  <a href={`${api}/organisations/${o.id}/qr.png`} aria-label={`QR-код PNG: ${o.name}`}>
                    QR (PNG)
                  </a>
                  <br />
                  <a href={`${api}/organisations/${o.id}/poster.pdf`} aria-label={`Плакат PDF: ${o.name}`}>
                    Плакат (PDF)
                  </a>
                </td>
                <td>
                  {o.closed ? 'включён' : 'выключен'}
                  {o.codes.length ? (
                    <ul className="changes">
                      {o.codes.map((c) => (
                        <li key={c.group}>
                          {c.group}: использовано {c.used} из {codesRu(c.total)}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                  {allowed.manage ? (
                    <Form method="post">
                      <Csrf token={csrfToken} />
                      <input type="hidden" name="intent" value="closed" />
                      <input type="hidden" name="organisationId" value={o.id} />
                      <input type="hidden" name="closed" value={o.closed ? '0' : '1'} />
                      <button
                        type="submit"
                        aria-label={`${o.closed ? 'Выключить' : 'Включить'} вход по кодам: ${o.name}`}
                      >
                        {o.closed ? 'Выключить' : 'Включить'}
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>

      {allowed.manage ? (
        <section aria-labelledby="codes-title">
          <h2 id="codes-title">Коды доступа для класса или группы</h2>
          <p>
            В режиме «вход по кодам» анкету можно отправить только с одноразовым кодом. Коды показываются один раз —
            сразу распечатайте их и разрежьте на листки. Код не связан с ответами: по нему нельзя узнать, кто как
            ответил.
          </p>
          <Form method="post" className="stack">
            <FormMessages result={result} intent="codes" errorTitle="Не получилось" />
            <Csrf token={csrfToken} />
            <input type="hidden" name="intent" value="codes" />
            <Select
              name="organisationId"
              id="codes-org"
              label="Организация"
              required
              error={codesError('codes-org')}
              options={organisations.map((o) => ({
                value: o.id,
                label: `${o.name}${o.closed ? '' : ' (вход по кодам выключен)'}`,
              }))}
            />
            <TextInput
              name="group"
              id="codes-group"
              label="Класс или группа"
              required
              maxLength={100}
              placeholder="например, 5 «Б»"
              error={codesError('codes-group')}
            />
            <TextInput
              name="count"
              id="codes-count"
              label="Сколько кодов"
              type="number"
              min={1}
              max={2000}
              required
              defaultValue={30}
              inputMode="numeric"
              error={codesError('codes-count')}
            />
            <p>
              <button type="submit">Создать коды</button>
            </p>
          </Form>
        </section>
      ) : null}
    </>
  );
}

function CodePackPage({ pack, back }: { pack: CodePack; back: string }) {
  return (
    <section className="code-pack" aria-labelledby="pack-title">
      <p className="no-print">
        <Link to={back}>← К ходу опроса</Link>
      </p>
      <h1 id="pack-title">
        Коды доступа: {pack.organisation}, {pack.group}
      </h1>
      <p className="no-print" role="status">
        Создано {codesRu(pack.codes.length)}. Распечатайте эту страницу (Ctrl+P) и разрежьте по линиям: каждому
        участнику — один листок. Больше эти коды нигде не показываются.
      </p>
      <ul className="code-cards">
        {pack.codes.map((code) => (
          <li key={code}>
            <span className="code-card-org">
              {pack.organisation}, {pack.group}
            </span>
            <span className="code-card-url">Анкета: {pack.url}</span>
            <span>
              Ваш код: <strong className="code-card-code">{code}</strong>
            </span>
            <span className="code-card-note">Код одноразовый и не связан с вашими ответами.</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
