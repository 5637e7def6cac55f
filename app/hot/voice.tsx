// Citizens' voice, public side (/golos): the permanent questionnaire (also as an embeddable iframe page),
// the review form, the organisation's voice card, the rules of moderation and open data. Plain Hono +
// renderToString like /q: no client bundle; every form is a plain POST and works without JavaScript.
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { ReactNode } from 'react';
import { renderToString } from 'react-dom/server';
import { formatRu, todayIso } from '../../src/campaigns/dates';
import { elapsedSinceRender, signRenderTime } from '../../src/survey/codes.server';
import { IntegrityMonitor } from '../../src/survey/integrity';
import { qrPng, qrSvg } from '../../src/survey/poster.server';
import type { SurveyQuestionnaire } from '../../src/survey/questionnaire';
import { SurveyError } from '../../src/survey/submit.server';
import {
  ABUSE_REJECTIONS_TO_BLOCK,
  BLOCK_DAYS,
  CONSENT_VERSION,
  consentText,
  MAX_NAME_CHARS,
  MAX_REVIEW_CHARS,
  moderationReasons,
  ratingCriteria,
  reasonLabel,
  subjectLabels,
} from '../../src/voice/labels';
import { voicePosterPdf } from '../../src/voice/poster.server';
import {
  findVoiceLink,
  permanentQuestionnaire,
  renderSubject,
  respondPermanent,
} from '../../src/voice/questionnaire.server';
import { publicSummary } from '../../src/voice/results.server';
import {
  consentHash,
  consentOperator,
  consentToken,
  openDataCsv,
  openDataRows,
  parseReview,
  postReview,
  publishedReviews,
  reviewStats,
  unpublishedByReason,
  VoiceError,
} from '../../src/voice/reviews.server';
import {
  territoriesWithOrganisations,
  voiceLinkOfOrganisation,
  voiceLinksOfTerritory,
  type VoiceLink,
} from '../../src/voice/settings.server';
import { readForm, type ParsedForm } from '../server/form';
import type { AppEnv, HttpDeps } from '../server/http.server';
import { networkKey, rateLimit } from '../server/rate-limit.server';
import { TOKENS_CSS } from '../ui/tokens.server';
import { ErrorSummary } from '../ui/error-summary';

export type VoiceOptions = { monitor?: IntegrityMonitor; postLimit?: number };

export const VOICE_COOKIE_PREFIX = 'noko_g_';
/** Questionnaire bodies are small; a review of 4 000 Cyrillic characters is ~24 KB url-encoded. */
export const VOICE_MAX_BODY = 32 * 1024;
/** An embedded form's signed render time is accepted for this long (it stands in for the CSRF cookie). */
const EMBED_TOKEN_MAX_AGE_MS = 12 * 3_600_000;

const isEmbedPath = (path: string) =>
  /^\/golos\/[^/]+\/[^/]+\/vstavka(?:\/spasibo)?$|^\/golos\/[a-z2-9]{6,12}\/vstavka(?:\/spasibo)?$/.test(path);

/**
 * Outermost middleware: the embed pages (and only they) may be shown in a frame on another site — the
 * authority's and the organisations' sites. Everything else keeps frame-ancestors 'none'.
 */
export function allowFramingOfEmbeds(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (!isEmbedPath(c.req.path)) return;
    c.res.headers.delete('X-Frame-Options');
    const csp = c.res.headers.get('Content-Security-Policy');
    if (csp) c.res.headers.set('Content-Security-Policy', csp.replace(/frame-ancestors [^;]+/, 'frame-ancestors *'));
  };
}

/**
 * CSRF for /golos: ordinary pages use the cookie-based check like every form. An embedded form is posted
 * from inside a frame on another site, where browsers do not send our SameSite cookies, so the cookie
 * check would refuse every answer; there is no session to protect there, and the form carries a signed
 * render time that the handler checks instead (with the same-origin check below).
 */
export function voiceCsrf(inner: MiddlewareHandler): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === 'POST' && isEmbedPath(c.req.path)) {
      const site = c.req.header('sec-fetch-site');
      const origin = c.req.header('origin');
      let cross = !!site && site !== 'same-origin' && site !== 'none';
      if (!cross && origin && origin !== 'null') {
        try {
          cross = new URL(origin).host !== new URL(c.req.url).host;
        } catch {
          cross = true;
        }
      }
      if (cross)
        return c.text('Форма отправлена не со страницы НОКО. Обновите страницу и отправьте форму ещё раз.', 403);
      c.set('csrfToken', '');
      return next();
    }
    return inner(c, next);
  };
}

/** Reads /golos form posts once (limit 32 KB → 413 in Russian), before the CSRF check, which reuses it. */
export function voiceFormBody(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method !== 'POST' || c.get('parsedForm')) return next();
    const read = await readForm(c, VOICE_MAX_BODY);
    if (read.ok) c.set('parsedForm', read.form);
    else if (read.reason === 'too-large') {
      return notice(c, 413, 'Слишком большой текст', [
        `Отзыв не длиннее ${MAX_REVIEW_CHARS} знаков. Сократите текст и отправьте ещё раз — ничего не сохранено.`,
      ]);
    }
    await next();
  };
}

export function createVoiceApp(deps: HttpDeps, options: VoiceOptions = {}) {
  const app = new Hono<AppEnv>();
  const monitor = options.monitor ?? new IntegrityMonitor();
  const secure = deps.config.nodeEnv === 'production' && !!deps.config.publicUrl?.startsWith('https:');
  const base = (c: Context) => (deps.config.publicUrl ?? new URL(c.req.url).origin).replace(/\/+$/, '');
  const limit = rateLimit({ windowMs: 60_000, limit: options.postLimit ?? 20 });

  const guard = async (c: Context<AppEnv>, fn: () => Promise<Response>) => {
    c.header('Cache-Control', 'no-store');
    try {
      return await fn();
    } catch (err) {
      if (err instanceof SurveyError) return notice(c, err.status, titleFor(err.status), err.messages);
      throw err;
    }
  };

  app.get('/', (c) =>
    guard(c, async () => {
      const list = await territoriesWithOrganisations(deps.db);
      return page(
        c,
        200,
        'Голос граждан',
        <>
          <h1>Мнение об образовательной организации</h1>
          <p>
            Здесь круглый год можно ответить на анкету о качестве условий в детском саду, школе, колледже или
            организации дополнительного образования и оставить отзыв.
          </p>
          <NotOfficial />
          <h2>Выберите территорию</h2>
          <ul>
            {list.map((t) => (
              <li key={t.id}>
                <a href={`/golos/t/${t.id}`}>{t.name}</a>
              </li>
            ))}
          </ul>
          <p>
            <a href="/golos/pravila">Правила модерации отзывов</a>
          </p>
        </>,
      );
    }),
  );

  app.get('/pravila', (c) => guard(c, async () => page(c, 200, 'Правила модерации отзывов', <Rules />)));

  const territoryPage = (embed: boolean) => (c: Context<AppEnv>) =>
    guard(c, async () => {
      const id = c.req.param('territoryId') ?? '';
      if (!/^[0-9a-f-]{36}$/i.test(id)) throw new SurveyError(404, ['Территория не найдена.']);
      const links = await voiceLinksOfTerritory(deps.db, id).catch(() => []);
      if (links.length === 0) throw new SurveyError(404, ['Территория не найдена или в ней нет организаций.']);
      const chosen = c.req.query('org');
      if (chosen) {
        const link = links.find((l) => l.organisationId === chosen);
        if (link) return c.redirect(embed ? `/golos/${link.code}/vstavka` : `/golos/${link.code}`, 303);
      }
      return page(
        c,
        200,
        links[0]!.territoryName,
        <>
          <h1>Анкета и отзывы: {links[0]!.territoryName}</h1>
          <NotOfficial />
          <form method="get" action={embed ? `/golos/t/${id}/vstavka` : `/golos/t/${id}`}>
            <p>
              <label htmlFor="org">Организация</label>
              <select id="org" name="org" required>
                {links.map((l) => (
                  <option key={l.organisationId} value={l.organisationId}>
                    {l.organisationShortName}
                  </option>
                ))}
              </select>
            </p>
            <button type="submit">Перейти к анкете</button>
          </form>
          {!embed ? (
            <>
              <h2>Открытые данные</h2>
              <p>
                Опубликованные отзывы и ответы организаций без персональных данных:{' '}
                <a href={`/golos/t/${id}/otzyvy.csv`}>CSV</a>, <a href={`/golos/t/${id}/otzyvy.json`}>JSON</a>.
              </p>
            </>
          ) : null}
        </>,
        embed,
      );
    });
  app.get('/t/:territoryId', territoryPage(false));
  app.get('/t/:territoryId/vstavka', territoryPage(true));

  app.get('/t/:territoryId/:file{otzyvy\\.csv|otzyvy\\.json}', (c) =>
    guard(c, async () => {
      const id = c.req.param('territoryId');
      if (!/^[0-9a-f-]{36}$/i.test(id)) throw new SurveyError(404, ['Территория не найдена.']);
      const rows = await openDataRows(deps.db, id);
      c.header('Cache-Control', 'public, max-age=300');
      if (c.req.param('file').endsWith('.json'))
        return c.json({
          territoryId: id,
          generatedOn: todayIso(),
          note: 'Отзывы граждан не входят в официальную независимую оценку качества.',
          reviews: rows,
        });
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', 'attachment; filename="otzyvy.csv"');
      return c.body(openDataCsv(rows));
    }),
  );

  app.get('/o/:orgId', (c) =>
    guard(c, async () => {
      const orgId = c.req.param('orgId');
      if (!/^[0-9a-f-]{36}$/i.test(orgId)) throw new SurveyError(404, ['Организация не найдена.']);
      const link = await voiceLinkOfOrganisation(deps.db, orgId).catch(() => null);
      if (!link) throw new SurveyError(404, ['Организация не найдена.']);
      const today = todayIso();
      const [summary, reviews, stats, unpublished] = await Promise.all([
        publicSummary(deps.db, link, today),
        publishedReviews(deps.db, orgId),
        reviewStats(deps.db, orgId, today),
        unpublishedByReason(deps.db, orgId),
      ]);
      return page(
        c,
        200,
        `${link.organisationShortName}: мнения граждан`,
        <VoiceCard link={link} summary={summary} reviews={reviews} stats={stats} unpublished={unpublished} />,
      );
    }),
  );

  // ---- one organisation's code ----

  const questionnairePage = (embed: boolean) => (c: Context<AppEnv>) =>
    guard(c, async () => {
      const link = await findVoiceLink(deps.db, c.req.param('code') ?? '');
      if (!link.questionnaireOpen)
        throw new SurveyError(410, ['Постоянная анкета сейчас закрыта. Оставить отзыв можно на странице отзывов.']);
      return page(
        c,
        200,
        link.organisationShortName,
        <PermanentForm
          link={link}
          q={permanentQuestionnaire(link.methodologyId)}
          csrf={c.get('csrfToken')}
          nonce={c.get('secureHeadersNonce')}
          t={signRenderTime(link.secret, renderSubject(link.code), Date.now())}
          embed={embed}
        />,
        embed,
      );
    });
  app.get('/:code', questionnairePage(false));
  app.get('/:code/vstavka', questionnairePage(true));

  const answer = (embed: boolean) => async (c: Context<AppEnv>) => {
    c.header('Cache-Control', 'no-store');
    const code = (c.req.param('code') ?? '').toLowerCase();
    const form = c.get('parsedForm');
    if (!form)
      return notice(
        c,
        400,
        'Ошибка в анкете',
        ['Не удалось прочитать анкету. Обновите страницу и отправьте ещё раз.'],
        embed,
      );
    const cookieName = VOICE_COOKIE_PREFIX + code.replace(/[^a-z0-9]/g, '');
    try {
      if (embed) {
        const link = await findVoiceLink(deps.db, code);
        const t = form.get('t');
        const age = elapsedSinceRender(
          link.secret,
          renderSubject(link.code),
          typeof t === 'string' ? t : null,
          Date.now(),
        );
        if (age === null || age > EMBED_TOKEN_MAX_AGE_MS)
          throw new SurveyError(403, ['Форма устарела. Обновите страницу и ответьте ещё раз.']);
      }
      const result = await respondPermanent(deps.db, monitor, {
        code,
        fields: form,
        browserToken: embed ? null : (getCookie(c, cookieName) ?? null),
        networkKey: networkKey(c),
      });
      // One current opinion per browser and month: answering again within a month replaces the answer.
      if (!embed)
        setCookie(c, cookieName, result.browserToken, {
          httpOnly: true,
          sameSite: 'Lax',
          secure,
          path: `/golos/${result.link.code}`,
          maxAge: 60 * 60 * 24 * 31,
        });
      return c.redirect(`/golos/${result.link.code}${embed ? '/vstavka' : ''}/spasibo`, 303);
    } catch (err) {
      if (!(err instanceof SurveyError)) throw err;
      if (err.status === 400 || err.status === 403) {
        const link = await findVoiceLink(deps.db, code).catch(() => null);
        if (link?.questionnaireOpen) {
          const t =
            err.status === 403
              ? signRenderTime(link.secret, renderSubject(link.code), Date.now())
              : String(form.get('t') ?? '');
          return page(
            c,
            err.status,
            link.organisationShortName,
            <PermanentForm
              link={link}
              q={permanentQuestionnaire(link.methodologyId)}
              csrf={c.get('csrfToken')}
              nonce={c.get('secureHeadersNonce')}
              t={t}
              embed={embed}
              errors={err.messages}
              values={form}
            />,
            embed,
          );
        }
      }
      return notice(c, err.status, titleFor(err.status), err.messages, embed);
    }
  };
  app.post('/:code', limit, answer(false));
  app.post('/:code/vstavka', limit, answer(true));

  const thanks = (embed: boolean) => (c: Context<AppEnv>) =>
    guard(c, async () => {
      const link = await findVoiceLink(deps.db, c.req.param('code') ?? '');
      return page(
        c,
        200,
        'Спасибо',
        <>
          <h1>Спасибо! Ваши ответы приняты</h1>
          <p>
            Ответы анонимны. Они показывают организации и органу управления образованием, как меняется мнение родителей
            и обучающихся в течение года.
          </p>
          <NotOfficial />
          <p>
            <a
              href={`/golos/${link.code}/otzyv`}
              target={embed ? '_blank' : undefined}
              rel={embed ? 'noopener' : undefined}
            >
              Оставить отзыв об организации{embed ? ' (откроется в новой вкладке)' : ''}
            </a>
          </p>
          {!embed ? (
            <p>
              <a href={`/golos/o/${link.organisationId}`}>Отзывы и результаты анкеты: {link.organisationShortName}</a>
            </p>
          ) : null}
        </>,
        embed,
      );
    });
  app.get('/:code/spasibo', thanks(false));
  app.get('/:code/vstavka/spasibo', thanks(true));

  app.get('/:code/otzyv', (c) =>
    guard(c, async () => {
      const link = await findVoiceLink(deps.db, c.req.param('code'));
      if (!link.reviewsOpen) throw new SurveyError(410, ['Приём отзывов на этой территории сейчас закрыт.']);
      return page(c, 200, `Отзыв: ${link.organisationShortName}`, <ReviewForm link={link} csrf={c.get('csrfToken')} />);
    }),
  );

  app.post('/:code/otzyv', limit, async (c) => {
    c.header('Cache-Control', 'no-store');
    const form = c.get('parsedForm');
    if (!form)
      return notice(c, 400, 'Отзыв не отправлен', [
        'Не удалось прочитать форму. Обновите страницу и отправьте ещё раз.',
      ]);
    let link: VoiceLink;
    try {
      link = await findVoiceLink(deps.db, c.req.param('code'));
    } catch (err) {
      if (err instanceof SurveyError) return notice(c, err.status, titleFor(err.status), err.messages);
      throw err;
    }
    const parsed = parseReview(link, form);
    if (!parsed.ok)
      return page(
        c,
        400,
        `Отзыв: ${link.organisationShortName}`,
        <ReviewForm link={link} csrf={c.get('csrfToken')} errors={parsed.errors} values={form} />,
      );
    try {
      const posted = await postReview(deps.db, link, parsed.value, networkKey(c));
      return c.redirect(`/golos/${link.code}/otzyv/prinyat?s=${posted.status === 'held' ? 'h' : 'p'}`, 303);
    } catch (err) {
      if (err instanceof VoiceError || err instanceof SurveyError)
        return notice(c, err.status, titleFor(err.status), err.messages);
      throw err;
    }
  });

  app.get('/:code/otzyv/prinyat', (c) =>
    guard(c, async () => {
      const link = await findVoiceLink(deps.db, c.req.param('code'));
      const held = c.req.query('s') === 'h';
      return page(
        c,
        200,
        'Отзыв принят',
        <>
          <h1>Спасибо! Отзыв принят</h1>
          <p>
            {held
              ? 'Автоматическая проверка нашла в тексте то, что по правилам не публикуется (например, телефон, адрес почты, имя ребёнка или работника, ссылку). Модератор прочитает отзыв и опубликует его или отклонит с указанием причины.'
              : 'Отзыв появится на странице организации после проверки модератором.'}
          </p>
          <p>
            Отзыв — не обращение: индивидуального ответа на него не будет, но организация может ответить публично.
            {link.appealsUrl ? (
              <>
                {' '}
                Если вам нужен ответ по существу,{' '}
                <a href={link.appealsUrl}>направьте обращение в орган управления образованием</a>.
              </>
            ) : null}
          </p>
          <p>
            <a href={`/golos/o/${link.organisationId}`}>Отзывы об организации «{link.organisationShortName}»</a> ·{' '}
            <a href="/golos/pravila">Правила модерации</a>
          </p>
        </>,
      );
    }),
  );

  // QR code and poster of an organisation's permanent questionnaire: public, like the link itself.
  app.get('/:code/:file{qr\\.svg|qr\\.png|plakat\\.pdf}', (c) =>
    guard(c, async () => {
      const link = await findVoiceLink(deps.db, c.req.param('code'));
      const url = `${base(c)}/golos/${link.code}`;
      const file = c.req.param('file');
      c.header('Cache-Control', 'public, max-age=3600');
      if (file === 'qr.svg') {
        c.header('Content-Type', 'image/svg+xml');
        return c.body(await qrSvg(url));
      }
      if (file === 'qr.png') {
        c.header('Content-Type', 'image/png');
        return c.body(new Uint8Array(await qrPng(url)));
      }
      c.header('Content-Type', 'application/pdf');
      c.header('Content-Disposition', `inline; filename="plakat-${link.code}.pdf"`);
      return c.body(
        new Uint8Array(
          await voicePosterPdf({ organisationName: link.organisationName, territoryName: link.territoryName, url }),
        ),
      );
    }),
  );

  return app;
}

function titleFor(status: number): string {
  return (
    (
      {
        400: 'Ошибка в форме',
        403: 'Недоступно',
        404: 'Страница не найдена',
        409: 'Уже рассмотрено',
        410: 'Приём закрыт',
        413: 'Слишком большой текст',
        429: 'Слишком много попыток',
      } as Record<number, string>
    )[status] ?? 'Голос граждан'
  );
}

function notice(c: Context, status: number, title: string, messages: string[], embed = false) {
  return page(
    c,
    status,
    title,
    <>
      <h1>{title}</h1>
      {messages.map((m) => (
        <p key={m}>{m}</p>
      ))}
      <p>
        <a href="/golos" target={embed ? '_top' : undefined}>
          Голос граждан: все территории
        </a>
      </p>
    </>,
    embed,
  );
}

function page(c: Context, status: number, title: string, body: ReactNode, embed = false) {
  const html =
    '<!doctype html>' +
    renderToString(
      <Shell title={title} embed={embed}>
        {body}
      </Shell>,
    );
  return c.html(html, status as 200);
}

// The kit's tokens, focus style and error summary (app/ui/tokens.css), then this page's own layout.
const CSS =
  TOKENS_CSS +
  `
body{font-size:1.0625rem;background:var(--surface)}
main{max-width:44rem;margin:0 auto;padding:1rem;background:#fff;min-height:100vh}.embed{background:#fff}.embed main{max-width:none;min-height:auto}.scroll{overflow-x:auto;max-width:100%}
h1{font-size:1.4rem;line-height:1.25;margin:.5rem 0 1rem}h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
.org{font-weight:600}fieldset{border:1px solid #c8ccd2;border-radius:.5rem;margin:0 0 1rem;padding:.75rem 1rem}
legend{font-weight:600;padding:0 .25rem}.opts{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;margin-top:.5rem}
.opts label{display:flex;align-items:center;gap:.5rem;min-height:44px;min-width:4rem;cursor:pointer;font-weight:400;margin:0}
.hint{font-size:.95rem}
textarea,input[type=text],select{width:100%;padding:.5rem}
textarea{min-height:9rem}button{border-radius:.5rem;padding:.8rem 1.5rem;min-height:48px}
.note{border-left:4px solid #0b57d0;padding:.25rem .75rem;background:#eef3fc}.warn{border-left:4px solid #b45309;padding:.25rem .75rem;background:#fdf6ec}
.consent{font-size:.95rem;border:1px dashed #6b7280;border-radius:.5rem;padding:.75rem 1rem}.check{display:flex;gap:.6rem;align-items:flex-start}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}th,td{border:1px solid #c8ccd2;padding:.35rem .5rem;text-align:left;vertical-align:top}td.n{text-align:right}
.review{border:1px solid #c8ccd2;border-radius:.5rem;padding:.75rem 1rem;margin:0 0 1rem}.review p{white-space:pre-wrap;margin:.25rem 0}.meta{color:#444;font-size:.95rem}
.reply{margin:.5rem 0 0 1rem;border-left:3px solid #6b7280;padding-left:.75rem}
@media (min-width:40rem){main{margin:1rem auto;border-radius:.75rem;min-height:auto;padding:1.5rem 2rem}.embed main{margin:0;padding:1rem}}
`;

function Shell({ title, embed, children }: { title: string; embed: boolean; children: ReactNode }) {
  return (
    <html lang="ru">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {embed ? <meta name="robots" content="noindex" /> : null}
        <title>{`${title} — голос граждан, НОКО`}</title>
        <style dangerouslySetInnerHTML={{ __html: CSS }} />
      </head>
      <body className={embed ? 'embed' : undefined}>
        {/* Framed on a site that has its own main landmark: the embed's one is named to stay distinct. */}
        <main id="main" aria-label={embed ? 'Анкета НОКО' : undefined}>
          {children}
        </main>
      </body>
    </html>
  );
}

function NotOfficial() {
  return (
    <p className="note">
      Постоянная анкета и отзывы не входят в официальную независимую оценку качества: её проводит оператор по решению
      общественного совета в сроки кампании.
    </p>
  );
}

const SKIP_SCRIPT = `(function(){var f=document.getElementById('qf');if(!f)return;function u(){f.querySelectorAll('[data-gated-by]').forEach(function(s){var g=s.getAttribute('data-gated-by');var y=f.querySelector('input[name="'+g+'"][value="yes"]');var show=!!(y&&y.checked);s.hidden=!show;if(!show){s.querySelectorAll('input').forEach(function(i){i.checked=i.value==='';});}});}f.addEventListener('change',u);u();})();`;

function valueOf(values: ParsedForm | undefined, name: string): string {
  const v = values?.get(name);
  return typeof v === 'string' ? v : '';
}

function Errors({ errors, title }: { errors?: string[] | undefined; title: string }) {
  return <ErrorSummary title={title} items={errors ?? []} id="errors" />;
}

function PermanentForm(props: {
  link: VoiceLink;
  q: SurveyQuestionnaire;
  csrf: string;
  t: string;
  embed: boolean;
  nonce?: string | undefined;
  errors?: string[];
  values?: ParsedForm;
}) {
  const { link, q, values, embed } = props;
  const byId = new Map(q.questions.map((x) => [x.id, x]));
  return (
    <>
      <h1>{q.title}</h1>
      <p className="org">{link.organisationName}</p>
      <p>Анкета открыта круглый год. {q.intro}</p>
      <NotOfficial />
      <p className="hint">
        Мы не спрашиваем имя и не сохраняем адрес вашего устройства. Организация не видит ответы отдельных людей.
      </p>
      <Errors errors={props.errors} title="Ответы не отправлены — исправьте, пожалуйста:" />
      <form id="qf" method="post" action={`/golos/${link.code}${embed ? '/vstavka' : ''}`} noValidate>
        {embed ? null : <input type="hidden" name="_csrf" value={props.csrf} />}
        <input type="hidden" name="t" value={props.t} />
        {q.questions.map((question) => {
          const gate = question.gatedBy ? byId.get(question.gatedBy) : undefined;
          const current = valueOf(values, question.id);
          const hintId = `${question.id}-hint`;
          return (
            <fieldset key={question.id} data-gated-by={gate?.id} aria-describedby={gate ? hintId : undefined}>
              <legend>
                {question.number}. {question.text}
              </legend>
              {gate ? (
                <p className="hint" id={hintId}>
                  Отвечайте, только если на вопрос {gate.number} ответили «да».
                </p>
              ) : null}
              <div className="opts">
                <label>
                  <input type="radio" name={question.id} value="yes" defaultChecked={current === 'yes'} /> Да
                </label>
                <label>
                  <input type="radio" name={question.id} value="no" defaultChecked={current === 'no'} /> Нет
                </label>
                {gate ? (
                  <label>
                    <input type="radio" name={question.id} value="" defaultChecked={current === ''} /> Не отвечаю
                  </label>
                ) : null}
              </div>
            </fieldset>
          );
        })}
        {q.profile.map((p) => (
          <fieldset key={p.id}>
            <legend>{p.text} (не обязательно)</legend>
            <div className="opts">
              {p.options.map((o) => (
                <label key={o.value}>
                  <input type="radio" name={p.id} value={o.value} defaultChecked={valueOf(values, p.id) === o.value} />{' '}
                  {o.label}
                </label>
              ))}
            </div>
          </fieldset>
        ))}
        <button type="submit">Отправить ответы</button>
      </form>
      <p>
        <a
          href={`/golos/${link.code}/otzyv`}
          target={embed ? '_blank' : undefined}
          rel={embed ? 'noopener' : undefined}
        >
          Оставить отзыв своими словами{embed ? ' (откроется в новой вкладке)' : ''}
        </a>
      </p>
      <script nonce={props.nonce} dangerouslySetInnerHTML={{ __html: SKIP_SCRIPT }} />
    </>
  );
}

function ReviewForm({
  link,
  csrf,
  errors,
  values,
}: {
  link: VoiceLink;
  csrf: string;
  errors?: string[];
  values?: ParsedForm;
}) {
  const text = consentText(consentOperator(link));
  const subject = valueOf(values, 'subject') || 'organisation';
  return (
    <>
      <h1>Отзыв об организации</h1>
      <p className="org">{link.organisationName}</p>
      <p className="warn">
        <strong>Отзыв — не обращение гражданина.</strong> Индивидуального ответа на отзыв не будет; организация может
        ответить на него публично.{' '}
        {link.appealsUrl ? (
          <>
            Если вам нужен ответ по существу,{' '}
            <a href={link.appealsUrl}>направьте обращение в орган управления образованием</a>.
          </>
        ) : (
          'Если вам нужен ответ по существу, направьте обращение в орган управления образованием вашей территории.'
        )}
      </p>
      <p>
        Отзыв публикуется после проверки модератором по <a href="/golos/pravila">правилам модерации</a>. По умолчанию
        отзыв анонимный. Не пишите имена детей и работников, телефоны и адреса.
      </p>
      <Errors errors={errors} title="Отзыв не отправлен — исправьте, пожалуйста:" />
      <form method="post" action={`/golos/${link.code}/otzyv`} noValidate>
        <input type="hidden" name="_csrf" value={csrf} />
        <fieldset>
          <legend>О чём отзыв</legend>
          <div className="opts">
            {Object.entries(subjectLabels).map(([value, label]) => (
              <label key={value}>
                <input type="radio" name="subject" value={value} defaultChecked={subject === value} /> {label}
              </label>
            ))}
          </div>
        </fieldset>
        <p>
          <label htmlFor="text">
            <strong>Ваш отзыв</strong> (до {MAX_REVIEW_CHARS} знаков)
          </label>
          <textarea
            id="text"
            name="text"
            maxLength={MAX_REVIEW_CHARS}
            required
            aria-required="true"
            defaultValue={valueOf(values, 'text')}
          />
        </p>
        <h2>Оценки по критериям (не обязательно)</h2>
        {ratingCriteria.map((c) => (
          <fieldset key={c.key}>
            <legend>{c.label}</legend>
            <div className="opts">
              <label>
                <input type="radio" name={c.key} value="" defaultChecked={valueOf(values, c.key) === ''} /> без оценки
              </label>
              {[1, 2, 3, 4, 5].map((n) => (
                <label key={n}>
                  <input
                    type="radio"
                    name={c.key}
                    value={String(n)}
                    defaultChecked={valueOf(values, c.key) === String(n)}
                  />{' '}
                  {n}
                </label>
              ))}
            </div>
          </fieldset>
        ))}
        <h2>Показать ваше имя (не обязательно)</h2>
        <p>
          Если поле пустое, отзыв публикуется без имени. Имя показывается только с вашим отдельным согласием на его
          распространение.
        </p>
        <p>
          <label htmlFor="name">Имя для публикации</label>
          <input
            type="text"
            id="name"
            name="name"
            maxLength={MAX_NAME_CHARS}
            autoComplete="off"
            defaultValue={valueOf(values, 'name')}
          />
        </p>
        <div className="consent">
          <p>
            <strong>Согласие на распространение персональных данных</strong> (ст. 10.1 Федерального закона № 152-ФЗ),
            редакция {CONSENT_VERSION}
          </p>
          <p id="consent-text">{text}</p>
          <input type="hidden" name="consent_version" value={CONSENT_VERSION} />
          <input type="hidden" name="consent_hash" value={consentHash(text)} />
          <input type="hidden" name="consent_token" value={consentToken(link, Date.now())} />
          <p className="check">
            <input
              type="checkbox"
              id="consent"
              name="consent"
              value="yes"
              aria-describedby="consent-text"
              defaultChecked={valueOf(values, 'consent') === 'yes'}
            />
            <label htmlFor="consent">Даю согласие на публикацию моего имени рядом с отзывом</label>
          </p>
        </div>
        <p>
          <button type="submit">Отправить отзыв</button>
        </p>
      </form>
    </>
  );
}

function Rules() {
  return (
    <>
      <h1>Правила модерации отзывов</h1>
      <p>
        Отзывы и ответы организаций публикуются после проверки. Сначала текст проверяется автоматически, затем его
        читает модератор — орган управления образованием или, если так решил орган, сама организация. Ответы организаций
        всегда проверяет орган управления образованием.
      </p>
      <h2>Что не публикуется</h2>
      <ul>
        {moderationReasons.map((r) => (
          <li key={r.code}>{r.label}</li>
        ))}
      </ul>
      <p>
        Отклонённый отзыв не удаляется: он хранится вместе с причиной отклонения, причина видна в журнале модерации
        органа управления образованием.
      </p>
      <h2>Повторные нарушения</h2>
      <p>
        Если из одной сети за {BLOCK_DAYS} дней отклонено {ABUSE_REJECTIONS_TO_BLOCK} и больше отзывов за брань,
        рекламу, дискриминацию или спам, отзывы из этой сети не принимаются {BLOCK_DAYS} дней. Адрес сети хранится
        только в виде необратимого хеша.
      </p>
      <h2>Имя автора</h2>
      <p>
        Отзыв анонимный по умолчанию. Имя показывается только при отдельном согласии на распространение персональных
        данных (ст. 10.1 152-ФЗ); согласие можно отозвать, и тогда имя перестанет показываться.
      </p>
      <h2>Отзыв и обращение</h2>
      <p>
        Отзыв не является обращением гражданина по Федеральному закону № 59-ФЗ: на него не дают индивидуальный ответ.
        Для обращения используйте канал органа управления образованием, ссылка на него есть в форме отзыва.
      </p>
      <p>
        <a href="/golos">Голос граждан: все территории</a>
      </p>
    </>
  );
}

function percent(x: number): string {
  return `${Math.round(x * 100)} %`;
}

function VoiceCard({
  link,
  summary,
  reviews,
  stats,
  unpublished,
}: {
  link: VoiceLink;
  summary: Awaited<ReturnType<typeof publicSummary>>;
  reviews: Awaited<ReturnType<typeof publishedReviews>>;
  stats: Awaited<ReturnType<typeof reviewStats>>;
  unpublished: { reason: string; n: number }[];
}) {
  return (
    <>
      <h1>{link.organisationShortName}: мнения граждан</h1>
      <p>
        {link.organisationName}, {link.territoryName}.
      </p>
      <NotOfficial />
      <p>
        <a href={`/golos/${link.code}`}>Ответить на анкету</a> ·{' '}
        <a href={`/golos/${link.code}/otzyv`}>Оставить отзыв</a> · <a href="/golos/pravila">Правила модерации</a>
      </p>
      <h2>Постоянная анкета за 12 месяцев</h2>
      {summary.shown ? (
        <div className="scroll" role="region" aria-label="Постоянная анкета (таблица прокручивается)" tabIndex={0}>
          <table>
            <caption>Доля ответов «да», {summary.valid} ответов (не входит в официальную оценку)</caption>
            <thead>
              <tr>
                <th scope="col">Вопрос</th>
                <th scope="col">«Да»</th>
                <th scope="col">Ответили</th>
                <th scope="col">Доля «да»</th>
              </tr>
            </thead>
            <tbody>
              {summary.questions.map((q) => (
                <tr key={q.number}>
                  <td>
                    {q.number}. {q.text}
                  </td>
                  <td className="n">{q.yes}</td>
                  <td className="n">{q.answered}</td>
                  <td className="n">{q.answered > 0 ? percent(q.share) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>
          Пока получено ответов: {summary.valid}. Результаты показываются, когда ответов за 12 месяцев наберётся не
          меньше {summary.minSample}: по меньшему числу выводы были бы случайными.
        </p>
      )}
      <h2>Оценки в отзывах</h2>
      {stats.published === 0 ? (
        <p>Опубликованных отзывов пока нет.</p>
      ) : (
        <div className="scroll" role="region" aria-label="Оценки в отзывах (таблица прокручивается)" tabIndex={0}>
          <table>
            <caption>Число опубликованных отзывов с оценкой от 1 до 5</caption>
            <thead>
              <tr>
                <th scope="col">Критерий</th>
                {[1, 2, 3, 4, 5].map((n) => (
                  <th scope="col" key={n}>
                    {n}
                  </th>
                ))}
                <th scope="col">Средняя</th>
              </tr>
            </thead>
            <tbody>
              {ratingCriteria.map((c) => {
                const counts = stats.ratings[c.key];
                const total = counts.reduce((a, b) => a + b, 0);
                const mean = total > 0 ? counts.reduce((a, n, i) => a + n * (i + 1), 0) / total : null;
                return (
                  <tr key={c.key}>
                    <td>{c.label}</td>
                    {counts.map((n, i) => (
                      <td className="n" key={i}>
                        {n}
                      </td>
                    ))}
                    <td className="n">{mean === null ? '—' : mean.toFixed(1).replace('.', ',')}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <p>
        Ответы организации в срок ({link.replyDays} дн. после публикации отзыва):{' '}
        {stats.due === 0
          ? 'сроки ещё не наступили'
          : `${stats.answeredInTime} из ${stats.due} (${percent(stats.answeredInTime / stats.due)})`}
        .
      </p>
      <h2>Отзывы ({reviews.length})</h2>
      {reviews.map((r) => (
        <article className="review" key={r.id} aria-labelledby={`r-${r.id}`}>
          <h3 className="meta" id={`r-${r.id}`}>
            Отзыв {subjectLabels[r.subject]}, {formatRu(r.publishedOn)}
            {r.displayName ? `, ${r.displayName}` : ', автор не указан'}
          </h3>
          <p>{r.text}</p>
          {Object.keys(r.ratings).length > 0 ? (
            <p className="meta">
              Оценки:{' '}
              {ratingCriteria
                .filter((c) => r.ratings[c.key])
                .map((c) => `${c.label} — ${r.ratings[c.key]}`)
                .join('; ')}
            </p>
          ) : null}
          {r.reply ? (
            <div className="reply">
              <p className="meta">Ответ организации, {formatRu(r.reply.publishedOn)}:</p>
              <p>{r.reply.text}</p>
            </div>
          ) : r.replyDueOn ? (
            <p className="meta">Организация может ответить до {formatRu(r.replyDueOn)}.</p>
          ) : null}
        </article>
      ))}
      <h2>Не опубликовано по правилам модерации</h2>
      {unpublished.length === 0 ? (
        <p>Отклонённых и снятых отзывов нет.</p>
      ) : (
        <ul>
          {unpublished.map((u) => (
            <li key={u.reason}>
              {reasonLabel(u.reason) || 'причина не указана'}: {u.n}
            </li>
          ))}
        </ul>
      )}
      <p>
        Тексты отклонённых и снятых отзывов не показываются, но хранятся вместе с причиной из{' '}
        <a href="/golos/pravila">правил модерации</a>.
      </p>
    </>
  );
}
