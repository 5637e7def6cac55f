// A document job: a progress bar that refreshes itself while the job runs, then the download link.
// Without JavaScript the page reloads by the HTTP `Refresh` header (a <meta http-equiv="refresh"> would do
// the same, but axe flags it as a timed refresh); with JavaScript the loader data is revalidated in place.
import { useEffect } from 'react';
import { data, useRevalidator } from 'react-router';
import { jobForUser } from './glue.server';
import type { Route } from './+types/job';

const REFRESH_S = 2;

export function meta({ data: d }: Route.MetaArgs) {
  const running = d && (d.status === 'pending' || d.status === 'running');
  return [
    {
      title: `${d?.title ?? 'Документ'}: ${running ? `${d.percent} %` : d?.status === 'done' ? 'готово' : 'ошибка'} — НОКО`,
    },
  ];
}

export function headers({ loaderHeaders }: Route.HeadersArgs) {
  return loaderHeaders;
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { job, params: p, campaign } = await jobForUser(context, request, params.jobId);
  const { documentKind } = await import('../../../src/documents/registry.server');
  await import('../../../src/documents/kinds.server');
  const running = job.status === 'pending' || job.status === 'running';
  const payload = {
    id: job.id,
    title: documentKind(p.kind)?.title ?? p.kind,
    format: p.format.toUpperCase(),
    campaign: { id: campaign.id, title: campaign.title },
    status: job.status,
    percent: Math.floor(job.progress * 100),
    stage: job.stage,
    error: job.error,
    bytes: job.resultBytes,
    // A done job's file is swept some days after a newer job was built on changed data (decision 0067).
    swept: job.status === 'done' && !job.resultFile,
  };
  return data(payload, {
    headers: running ? { Refresh: String(REFRESH_S), 'Cache-Control': 'no-store' } : { 'Cache-Control': 'no-store' },
  });
}

export default function DocumentJob({ loaderData: d }: Route.ComponentProps) {
  const running = d.status === 'pending' || d.status === 'running';
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => {
      if (revalidator.state === 'idle') void revalidator.revalidate();
    }, REFRESH_S * 1000);
    return () => clearInterval(timer);
  }, [running, revalidator]);
  return (
    <section>
      <h1>
        {d.title} ({d.format})
      </h1>
      <p>
        Кампания «{d.campaign.title}». <a href={`/documents/campaigns/${d.campaign.id}`}>Все документы кампании</a>
      </p>
      {running ? (
        <>
          <label htmlFor="document-progress">{d.status === 'pending' ? 'В очереди' : (d.stage ?? 'Строится')}</label>
          <progress id="document-progress" max={100} value={d.percent}>
            {d.percent} %
          </progress>
          <p aria-live="polite">
            Готово {d.percent} %. Страница обновляется сама каждые {REFRESH_S} с; её можно закрыть — построение
            продолжится, а файл сохранится.
          </p>
          <p>
            <a href={`/documents/jobs/${d.id}`}>Обновить сейчас</a>
          </p>
        </>
      ) : d.swept ? (
        <p>
          Файл этого задания удалён: данные с тех пор изменились, и по ним построен новый документ. Постройте документ
          заново на <a href={`/documents/campaigns/${d.campaign.id}`}>странице документов кампании</a>.
        </p>
      ) : d.status === 'done' ? (
        <p>
          <a href={`/documents/jobs/${d.id}/file`} download>
            Скачать {d.format}
          </a>
          {d.bytes ? ` (${Math.max(1, Math.round(d.bytes / 1024)).toLocaleString('ru-RU')} КБ)` : ''}
        </p>
      ) : (
        <p role="alert" className="error">
          {d.error ?? 'Не удалось построить документ.'}
        </p>
      )}
    </section>
  );
}
