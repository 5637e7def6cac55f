// Public plans at /plany/*: a plan page with the «Устранено? да / нет» question (per-visitor forms, so only
// the visitor's browser keeps it, revalidating by ETag), published evidence photos, and the open data of a
// campaign's plans (CSV/JSON). The organisation's public card (app/hot/results/organisation-page.tsx) shows
// the same plan through <PublicPlanCard>.
import { createHash, randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { Hono, type Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { ReactNode } from 'react';
import { renderToStaticMarkup, renderToString } from 'react-dom/server';
import { todayIso } from '../../src/campaigns/dates';
import { readUpload } from '../../src/files/storage.server';
import { PlansError } from '../../src/plans/errors';
import {
  answeredBy,
  answerFixed,
  FEEDBACK_COOKIE,
  isBrowserToken,
  newBrowserToken,
  openDataCsv,
  publicPlan,
  publicPlansOfCampaign,
  publicStamp,
  publishedPhoto,
  type PublicPlan,
  type PublicRow,
} from '../../src/plans/public.server';
import type { AppEnv, HttpDeps } from '../server/http.server';
import { readForm } from '../server/form';
import { networkKey, rateLimit } from '../server/rate-limit.server';
import { ruDate } from '../../src/lib/ru';
import { TOKENS_CSS } from '../ui/tokens.server';
import { matches, RenderCache } from './render-cache.server';

const ru = ruDate;

/** The plan on the organisation's public card: shortfall → measure → due → status → evidence → «Устранено?». */
export function PublicPlanCard({
  plan,
  answered,
  csrf,
  standalone,
  voice,
}: {
  plan: PublicPlan | null;
  answered?: Set<string>;
  csrf?: string;
  standalone?: boolean;
  /** The «Устранено?» cell of an open row on the standalone page (the cached page puts a slot there). */
  voice?: (row: PublicRow) => ReactNode;
}) {
  if (!plan) return null;
  const Heading = standalone ? 'h1' : 'h2';
  return (
    <section aria-labelledby="plan-title" className="public-plan">
      <Heading id="plan-title">{`План по устранению недостатков на ${plan.year} год`}</Heading>
      {standalone ? <p>{plan.organisationFullName}</p> : null}
      <p>
        {`${plan.statusLabel}${plan.act ? `: ${plan.act}` : ''}. Мероприятий: ${plan.counts.total}, выполнено и проверено: ${plan.counts.done}${plan.counts.overdue ? `, просрочено: ${plan.counts.overdue}` : ''}.`}
        {plan.siteUrl ? (
          <>
            {' '}
            План на сайте организации:{' '}
            <a href={plan.siteUrl} rel="noopener noreferrer nofollow">
              {plan.siteUrl}
            </a>
            .
          </>
        ) : null}
      </p>
      {!standalone ? (
        <p>
          <a href={`/plany/${plan.id}`}>Ответить, устранены ли недостатки</a>
        </p>
      ) : (
        <p>Вы можете ответить на вопрос «Устранено?» по каждому мероприятию один раз. Ответ анонимный.</p>
      )}
      {plan.sections.map((s) => (
        <div key={s.number} className="table-scroll" role="region" aria-label={`Раздел ${s.number}`} tabIndex={0}>
          <table>
            <caption>{`${s.number}. ${s.title}`}</caption>
            <thead>
              <tr>
                <th scope="col">Недостаток</th>
                <th scope="col">Мероприятие</th>
                <th scope="col">Срок</th>
                <th scope="col">Состояние</th>
                <th scope="col">Подтверждение</th>
                <th scope="col">Устранено?</th>
              </tr>
            </thead>
            <tbody>
              {s.rows.map((r) => (
                <tr key={r.id} id={`p-${r.id}`}>
                  <th scope="row">{r.shortfall}</th>
                  <td>{r.measure}</td>
                  <td>{r.planned}</td>
                  <td>
                    {`${r.statusLabel}${r.overdue ? ', просрочено' : ''}${r.actualDate ? ` (${ru(r.actualDate)})` : ''}`}
                    {r.implemented ? (
                      <>
                        <br />
                        {r.implemented}
                      </>
                    ) : null}
                  </td>
                  <td>
                    {r.photos.map((id, k) => (
                      <a key={id} href={`/plany/foto/${id}`}>{`фото ${k + 1}`}</a>
                    ))}
                    {r.links.map((u, k) => (
                      <span key={u}>
                        {r.photos.length || k ? ', ' : ''}
                        <a href={u} rel="noopener noreferrer nofollow">{`ссылка ${k + 1}`}</a>
                      </span>
                    ))}
                    {r.photos.length + r.links.length === 0 ? '—' : null}
                  </td>
                  <td>
                    {`да — ${r.fixedYes}, нет — ${r.fixedNo}`}
                    {standalone && r.open ? (
                      voice ? (
                        voice(r)
                      ) : (
                        <VoiceCell row={r} planId={plan.id} answered={!!answered?.has(r.id)} csrf={csrf} />
                      )
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      <p className="hint">
        Фотографии показываются, только когда организация решила их опубликовать. Ответ «Устранено?» — мнение
        посетителя, а не официальная проверка.
      </p>
    </section>
  );
}

/** This visitor's part of a row's «Устранено?» cell: «Вы уже ответили» or the two buttons. */
function VoiceCell({
  row,
  planId,
  answered,
  csrf,
}: {
  row: PublicRow | null;
  planId: string;
  answered: boolean;
  csrf: string | undefined;
}) {
  if (!csrf) return null;
  return answered || !row ? (
    <>
      <br />
      Вы уже ответили.
    </>
  ) : (
    <form method="post" action={`/plany/${planId}/ustraneno`} className="voice">
      <input type="hidden" name="_csrf" value={csrf} />
      <input type="hidden" name="itemId" value={row.id} />
      <button type="submit" name="fixed" value="1" aria-label={`Устранено: ${row.shortfall}`}>
        да
      </button>{' '}
      <button type="submit" name="fixed" value="0" aria-label={`Не устранено: ${row.shortfall}`}>
        нет
      </button>
    </form>
  );
}

const NOTICES: Record<string, string> = {
  ok: 'Спасибо, ответ учтён.',
  uzhe: 'Вы уже отвечали на этот вопрос: учитывается один ответ из одного браузера.',
  zaderzhan: 'Спасибо. Из вашей сети пришло много ответов подряд: этот ответ сохранён, но пока не учитывается.',
};

// Slots in the cached page where each request puts its visitor's part. The markers carry a per-process
// random nonce and a NUL, which no stored text can contain (inputs refuse NUL), so plan text cannot
// forge one.
const NONCE = randomBytes(9).toString('base64url');
const slot = (name: string) => `\u0000${NONCE}${name}\u0000`;
const SLOTS = new RegExp(`\u0000${NONCE}([^\u0000]*)\u0000`);
const CSRF_SLOT = slot('csrf');

/**
 * The public plan page rendered once per plan version stamp and Moscow day (decision 0087): the HTML
 * split at its visitor slots, and each open row's two variants of its «Устранено?» cell, the form's
 * token still a slot.
 */
type CachedPlanPage = {
  key: string;
  revision: number;
  parts: string[];
  forms: Map<string, string[]>;
  answeredHtml: string;
  notices: Record<string, string>;
};

function renderCachedPlanPage(plan: PublicPlan, key: string): CachedPlanPage {
  const html = pageHtml(
    <>
      <p>
        <a
          href={`/rezultaty/${plan.campaignId}/o/${plan.organisationId}`}
        >{`← ${plan.organisation}: результаты оценки`}</a>
      </p>
      {slot('notice')}
      <PublicPlanCard plan={plan} standalone voice={(r) => slot(`row:${r.id}`)} />
    </>,
    `План: ${plan.organisation}`,
  );
  const forms = new Map<string, string[]>();
  for (const s of plan.sections)
    for (const r of s.rows)
      if (r.open)
        forms.set(
          r.id,
          renderToStaticMarkup(<VoiceCell row={r} planId={plan.id} answered={false} csrf={CSRF_SLOT} />).split(
            CSRF_SLOT,
          ),
        );
  const notices: Record<string, string> = {};
  for (const [k, text] of Object.entries(NOTICES))
    notices[k] = renderToStaticMarkup(
      <p role="status" className="notice">
        {text}
      </p>,
    );
  return {
    key,
    revision: plan.revision,
    parts: html.split(SLOTS),
    forms,
    answeredHtml: renderToStaticMarkup(<VoiceCell row={null} planId={plan.id} answered csrf="-" />),
    notices,
  };
}

/** The cached page with this visitor's answers, form token and notice in their slots. */
function fillPlanPage(
  page: CachedPlanPage,
  visitor: { answered: Set<string>; csrf: string; notice: string | undefined },
) {
  const csrf = escapeAttribute(visitor.csrf);
  let out = '';
  for (let i = 0; i < page.parts.length; i++) {
    const part = page.parts[i]!;
    if (i % 2 === 0) {
      out += part;
      continue;
    }
    if (part === 'notice') out += (visitor.notice && page.notices[visitor.notice]) || '';
    else if (part.startsWith('row:')) {
      const id = part.slice(4);
      out += visitor.answered.has(id) ? page.answeredHtml : (page.forms.get(id) ?? []).join(csrf);
    }
  }
  return out;
}

const escapeAttribute = (v: string) =>
  v.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' })[ch]!);

export function createPublicPlansApp(deps: HttpDeps) {
  const app = new Hono<AppEnv>();
  const secure = deps.config.nodeEnv === 'production' && !!deps.config.publicUrl?.startsWith('https:');
  app.use('/:planId/ustraneno', rateLimit({ windowMs: 60_000, limit: 60 }));

  app.get('/foto/:id', async (c) => {
    const id = /^\d{1,15}$/.test(c.req.param('id')) ? Number(c.req.param('id')) : 0;
    const photo = id ? await publishedPhoto(deps.db, id) : null;
    const bytes = photo ? await readUpload(deps.config.dataDir, photo.sha256) : null;
    if (!photo || !bytes)
      return page(
        c,
        404,
        <>
          <h1>Фотография не найдена</h1>
          <p>Возможно, организация сняла её с публикации.</p>
        </>,
        'Не найдено',
      );
    c.header('Content-Type', photo.mediaType);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Cache-Control', 'public, max-age=300');
    c.header('Content-Security-Policy', "default-src 'none'; sandbox");
    return c.body(bytes as Uint8Array<ArrayBuffer>);
  });

  async function openData(c: Context<AppEnv>, kind: 'csv' | 'json') {
    const plans = await publicPlansOfCampaign(deps.db, c.req.param('campaignId') ?? '');
    if (!plans.length)
      return page(
        c,
        404,
        <>
          <h1>Планы не найдены</h1>
          <p>У этой кампании нет утверждённых планов.</p>
        </>,
        'Не найдено',
      );
    c.header('Cache-Control', 'public, max-age=60');
    if (kind === 'csv') {
      c.header('Content-Type', 'text/csv; charset=UTF-8');
      c.header('Content-Disposition', 'attachment; filename="plany-otkrytye-dannye.csv"');
      return c.body(openDataCsv(plans));
    }
    c.header('Content-Disposition', 'attachment; filename="plany-otkrytye-dannye.json"');
    return c.json({ format: 'noko.plans/1', generatedAt: new Date().toISOString(), plans });
  }
  app.get('/kampaniya/:campaignId/otkrytye-dannye.csv', (c) => openData(c, 'csv'));
  app.get('/kampaniya/:campaignId/otkrytye-dannye.json', (c) => openData(c, 'json'));

  // One entry per plan: a newer stamp or day replaces it.
  const planPages = new RenderCache<CachedPlanPage>(1000);
  app.get('/:planId', async (c) => {
    // The page carries this visitor's form token and answers, so only the browser may keep it; it asks
    // again every time (no-cache) and gets a 304 while the plan's version stamp (its revision, bumped in
    // the same transaction as every change and every counted answer, and its organisation's names), the
    // Moscow day («просрочено»), the visitor's cookies, answers and notice are the same.
    c.header('Cache-Control', 'private, no-cache');
    c.header('Vary', 'Cookie, Accept-Encoding');
    const planId = c.req.param('planId');
    const today = todayIso();
    const stamp = await publicStamp(deps.db, planId);
    const voice = getCookie(c, FEEDBACK_COOKIE) ?? null;
    const notice = c.req.query('otvet');
    // A held answer changes what this browser sees (no form on that row) without bumping the revision.
    const answered = stamp === null ? new Set<string>() : await answeredBy(deps.db, planId, voice);
    const etag =
      stamp === null
        ? null
        : `W/"${createHash('sha256')
            .update(
              [
                planId,
                stamp.key,
                today,
                c.get('csrfToken'),
                voice ?? '',
                notice ?? '',
                [...answered].sort().join(','),
              ].join('|'),
            )
            .digest('base64url')
            .slice(0, 27)}"`;
    if (etag && !c.get('csrfFresh') && matches(c.req.header('if-none-match'), etag)) {
      c.header('ETag', etag);
      return c.body(null, 304);
    }
    const key = stamp ? `${stamp.key}|${today}` : '';
    let cached = stamp ? planPages.get(planId) : undefined;
    if (!cached || cached.key !== key) {
      const plan = stamp === null ? null : await publicPlan(deps.db, planId, today);
      if (!plan) {
        c.header('Cache-Control', 'no-store');
        return page(
          c,
          404,
          <>
            <h1>План не найден</h1>
            <p>План ещё не утверждён или адрес набран с ошибкой.</p>
          </>,
          'Не найдено',
        );
      }
      cached = renderCachedPlanPage(plan, key);
      // Read after the stamp, the plan is at least that new; kept under the stamp only when it is exactly
      // that version (a change in between would otherwise be served under the older stamp).
      if (plan.revision === stamp!.revision) planPages.set(planId, cached);
    }
    if (etag && cached.revision === stamp!.revision) c.header('ETag', etag);
    const html = fillPlanPage(cached, { answered, csrf: c.get('csrfToken'), notice });
    c.header('Content-Type', 'text/html; charset=UTF-8');
    if (/\bgzip\b/.test(c.req.header('Accept-Encoding') ?? '')) {
      // zlib in one call costs a fifth of the compress middleware's stream on this page (0.4 vs ≈ 2 ms).
      c.header('Content-Encoding', 'gzip');
      return c.body(gzipSync(html, { level: 6 }) as Uint8Array<ArrayBuffer>);
    }
    return c.body(html);
  });

  app.post('/:planId/ustraneno', async (c) => {
    const planId = c.req.param('planId');
    const read = c.get('parsedForm') ? { ok: true as const, form: c.get('parsedForm')! } : await readForm(c, 4 * 1024);
    if (!read.ok)
      return page(
        c,
        read.reason === 'too-large' ? 413 : 400,
        <>
          <h1>Ответ не принят</h1>
          <p>Форма не прочиталась. Вернитесь к плану и нажмите «да» или «нет».</p>
        </>,
        'Ответ не принят',
      );
    const fixed = read.form.get('fixed');
    const itemId = read.form.get('itemId');
    if ((fixed !== '1' && fixed !== '0') || typeof itemId !== 'string') {
      return page(
        c,
        400,
        <>
          <h1>Ответ не принят</h1>
          <p>Выберите «да» или «нет».</p>
          <p>
            <a href={`/plany/${encodeURIComponent(planId)}`}>Вернуться к плану</a>
          </p>
        </>,
        'Ответ не принят',
      );
    }
    let token = getCookie(c, FEEDBACK_COOKIE) ?? null;
    if (!isBrowserToken(token)) {
      token = newBrowserToken();
      setCookie(c, FEEDBACK_COOKIE, token, {
        httpOnly: true,
        sameSite: 'Lax',
        secure,
        path: '/plany',
        maxAge: 400 * 86_400,
      });
    }
    try {
      const r = await answerFixed(deps.db, {
        planId,
        itemId,
        fixed: fixed === '1',
        browserToken: token,
        networkKey: networkKey(c),
        secret: deps.config.sessionSecret,
      });
      return c.redirect(
        `/plany/${planId}?otvet=${r === 'counted' ? 'ok' : r === 'already' ? 'uzhe' : 'zaderzhan'}#p-${itemId}`,
        303,
      );
    } catch (err) {
      if (err instanceof PlansError)
        return page(
          c,
          err.status,
          <>
            <h1>Ответ не принят</h1>
            <p>{err.message}</p>
          </>,
          'Ответ не принят',
        );
      throw err;
    }
  });
  return app;
}

function page(c: Context, status: number, body: ReactNode, title: string) {
  return c.html(pageHtml(body, title), status as 200);
}

function pageHtml(body: ReactNode, title: string): string {
  return (
    '<!doctype html>' +
    renderToString(
      <html lang="ru">
        <head>
          <meta charSet="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${title} — НОКО`}</title>
          <style dangerouslySetInnerHTML={{ __html: CSS }} />
        </head>
        <body>
          <a className="skip" href="#main">
            Перейти к содержанию
          </a>
          <header>
            <a className="brand" href="/rezultaty">
              НОКО: результаты оценки
            </a>
          </header>
          <main id="main">{body}</main>
        </body>
      </html>,
    )
  );
}

// The kit's tokens, focus style and error summary (app/ui/tokens.css), then this page's own layout.
const CSS =
  TOKENS_CSS +
  `
header{padding:.75rem 1rem;background:#0b3d66}header a{color:#fff;font-weight:600}main{max-width:72rem;margin:0 auto;padding:1rem}
a{color:var(--accent)}.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;color:#0a4f8a}
h1{font-size:1.5rem;line-height:1.25}table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border:1px solid #b7c0c9;padding:.4rem .5rem;vertical-align:top;text-align:left}thead th{background:#eef2f6}.table-scroll{overflow-x:auto}.table-scroll table{min-width:44rem}
button{padding:.35rem .9rem;min-width:44px}
.notice{background:var(--ok-bg);border-left:4px solid var(--ok);padding:.5rem .75rem}
.voice{margin-top:.35rem}
`;
