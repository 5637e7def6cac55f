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
import { campaignForDocuments } from './glue.server';
import type { Route } from './+types/campaign';

export function meta({ data: d }: Route.MetaArgs) {
  return [{ title: `Документы: ${d?.campaign.title ?? 'кампания'} — НОКО` }];
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { campaign } = await campaignForDocuments(context, request, params.campaignId);
  const published = await currentPublished(context.db, campaign.id);
  return {
    campaign: { id: campaign.id, title: campaign.title },
    published: published
      ? { version: published.version, publishedAt: published.publishedAt ? ruDate(published.publishedAt) : null }
      : null,
    kinds: documentKinds().map((k) => ({ kind: k.kind, title: k.title, formats: [...k.formats] })),
    csrfToken: context.csrfToken,
  };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const { campaign, user } = await campaignForDocuments(context, request, params.campaignId);
  const form = await request.formData();
  const kind = String(form.get('kind') ?? '');
  const format = String(form.get('format') ?? '');
  if (!(documentFormats as readonly string[]).includes(format))
    return data({ message: 'Выберите формат файла.' }, { status: 400 });
  try {
    const { job } = await enqueueDocument(context.db, context.config.dataDir, {
      kind,
      format: format as DocumentFormat,
      params: { campaignId: campaign.id },
      createdBy: user.name,
    });
    return redirect(`/documents/jobs/${job.id}`, 303);
  } catch (err) {
    if (err instanceof DocumentError) return data({ message: err.message }, { status: err.status });
    throw err;
  }
}

export default function CampaignDocuments({ loaderData, actionData }: Route.ComponentProps) {
  const { campaign, published, kinds, csrfToken } = loaderData;
  return (
    <section>
      <h1>Документы кампании «{campaign.title}»</h1>
      <p>
        <a href={`/results/${campaign.id}`}>← к результатам кампании</a>
      </p>
      {actionData?.message ? (
        <p role="alert" className="error">
          {actionData.message}
        </p>
      ) : null}
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
            <Form method="post" className="inline-form">
              <input type="hidden" name="_csrf" value={csrfToken} />
              <input type="hidden" name="kind" value={k.kind} />
              <fieldset>
                <legend>{k.title}</legend>
                {k.formats.map((f, n) => (
                  <label key={f}>
                    <input type="radio" name="format" value={f} defaultChecked={n === 0} /> {f.toUpperCase()}
                  </label>
                ))}
                <button type="submit" disabled={!published}>
                  Построить
                </button>
              </fieldset>
            </Form>
          </div>
        ))}
      </div>
    </section>
  );
}
