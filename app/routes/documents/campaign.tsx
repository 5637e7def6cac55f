// The documents of a campaign: a form per kind and format that queues the job (or finds the stored file
// of the same data) and leads to the job's page.
import { data, Form, redirect } from 'react-router';
import {
  documentKinds,
  DocumentError,
  documentFormats,
  type DocumentFormat,
} from '../../../src/documents/registry.server';
import { enqueueDocument } from '../../../src/documents/requests.server';
import { currentPublished } from '../../../src/results/versions.server';
import { ruDate } from '../../../src/results/view';
import { can } from '../../../src/auth/policy';
import { kindAction } from '../downloads/permissions';
import { campaignForDocuments } from './glue.server';
import { Csrf, FormMessages, Radios, type FormResult } from '../../ui/forms';
import type { Route } from './+types/campaign';

export function meta({ data: d }: Route.MetaArgs) {
  return [{ title: `Документы: ${d?.campaign.title ?? 'кампания'} — НОКО` }];
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { campaign, user, scope } = await campaignForDocuments(context, request, params.campaignId);
  const published = await currentPublished(context.db, campaign.id);
  return {
    campaign: { id: campaign.id, title: campaign.title },
    published: published
      ? { version: published.version, publishedAt: published.publishedAt ? ruDate(published.publishedAt) : null }
      : null,
    // Only the kinds this user may build (the bus.gov.ru package is the publisher's).
    kinds: documentKinds()
      .filter((k) => {
        const own = kindAction(k.kind);
        return !own || can(user, own, scope);
      })
      .map((k) => ({ kind: k.kind, title: k.title, formats: [...k.formats] })),
    csrfToken: context.csrfToken,
  };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const form = await request.formData();
  const kind = String(form.get('kind') ?? '');
  const { campaign, user } = await campaignForDocuments(context, request, params.campaignId, kind);
  const format = String(form.get('format') ?? '');
  // The answer names the kind's form; a kind with no form on the page answers at the top (see the page).
  if (!(documentFormats as readonly string[]).includes(format))
    return data<FormResult>(
      { intent: kind, fieldErrors: { [formatId(kind)]: 'Выберите формат файла.' } },
      { status: 400 },
    );
  try {
    const { job } = await enqueueDocument(context.db, context.config.dataDir, {
      kind,
      format: format as DocumentFormat,
      params: { campaignId: campaign.id },
      createdBy: user.name,
    });
    return redirect(`/documents/jobs/${job.id}`, 303);
  } catch (err) {
    if (err instanceof DocumentError)
      return data<FormResult>({ intent: kind, errors: [err.message] }, { status: err.status });
    throw err;
  }
}

/** The id of a kind's format choice (its first radio), which the error summary links to. */
const formatId = (kind: string) => `format-${kind.replace(/[^A-Za-z0-9_-]/g, '_')}`;

export default function CampaignDocuments({ loaderData, actionData }: Route.ComponentProps) {
  const { campaign, published, kinds, csrfToken } = loaderData;
  const result = actionData as FormResult | undefined;
  // A forged or outdated kind has no form of its own on the page: its answer stands at the top.
  const orphan = result && !kinds.some((k) => k.kind === result.intent) ? result : undefined;
  return (
    <section>
      <h1>Документы кампании «{campaign.title}»</h1>
      <p>
        <a href={`/results/${campaign.id}`}>← к результатам кампании</a>
      </p>
      <FormMessages result={orphan} errorTitle="Документ не поставлен в очередь" id="documents-result" />
      {published ? (
        <p>
          Документы строятся по опубликованной версии результатов №&nbsp;{published.version}
          {published.publishedAt ? ` от ${published.publishedAt}` : ''}. Готовый файл хранится и выдаётся повторно, пока
          версия не изменится.
        </p>
      ) : (
        <p>У кампании ещё нет опубликованных результатов: документы по ним появятся после публикации.</p>
      )}
      <div>
        {kinds.map((k) => (
          <div key={k.kind}>
            <Form method="post">
              <FormMessages result={result} intent={k.kind} errorTitle="Документ не поставлен в очередь" />
              <Csrf token={csrfToken} />
              <input type="hidden" name="kind" value={k.kind} />
              <Radios
                name="format"
                id={formatId(k.kind)}
                legend={k.title}
                inline
                defaultValue={k.formats[0]}
                error={result?.intent === k.kind ? result.fieldErrors?.[formatId(k.kind)] : undefined}
                items={k.formats.map((f) => ({ value: f, label: f.toUpperCase() }))}
              />
              <p>
                <button type="submit" disabled={!published}>
                  Построить
                </button>
              </p>
            </Form>
          </div>
        ))}
      </div>
    </section>
  );
}
