// The public questionnaire at /q/<code>: the hot path. Plain Hono + React renderToString, no client
// bundle, no React Router; a dozen lines of inline script only hide questions that the answers skip.
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { ReactNode } from 'react';
import { renderToString } from 'react-dom/server';
import { signRenderTime } from '../../src/survey/codes.server';
import { IntegrityMonitor } from '../../src/survey/integrity';
import type { SurveyLink } from '../../src/survey/links.server';
import { questionnaireFor, type SurveyQuestionnaire } from '../../src/survey/questionnaire';
import { findLink, respondOnline, windowError } from '../../src/survey/respond.server';
import { SurveyError } from '../../src/survey/submit.server';
import { MAX_SUGGESTION_CHARS } from '../../src/survey/validate';
import type { AppEnv, HttpDeps } from '../server/http.server';
import { readForm, type ParsedForm } from '../server/form';
import { networkKey, rateLimit } from '../server/rate-limit.server';

export type QuestionnaireOptions = {
  monitor?: IntegrityMonitor;
  /** POSTs per network per minute. */
  postLimit?: number;
  /** Request body limit in bytes. */
  maxBodyBytes?: number;
};

export const RESPONSE_COOKIE_PREFIX = 'noko_r_';

export function createQuestionnaireApp(deps: HttpDeps, options: QuestionnaireOptions = {}) {
  const app = new Hono<AppEnv>();
  const monitor = options.monitor ?? new IntegrityMonitor();
  const secure = deps.config.nodeEnv === 'production' && !!deps.config.publicUrl?.startsWith('https:');

  app.get('/:code', async (c) => {
    c.header('Cache-Control', 'no-store');
    try {
      const { link, window } = await findLink(deps.db, c.req.param('code'));
      const closed = windowError(window);
      if (closed) return notice(c, closed, link);
      return page(c, 200, <QuestionnaireForm link={link} q={questionnaireFor(link.methodologyId)} csrf={c.get('csrfToken')} t={signRenderTime(link.secret, link.code, Date.now())} />, link.organisationShortName);
    } catch (err) {
      if (err instanceof SurveyError) return notice(c, err, null);
      throw err;
    }
  });

  app.get('/:code/spasibo', (c) => {
    c.header('Cache-Control', 'no-store');
    return page(c, 200, <ThankYou code={c.req.param('code').toLowerCase().replace(/[^a-z0-9]/g, '')} />, 'Спасибо');
  });

  app.post('/:code', rateLimit({ windowMs: 60_000, limit: options.postLimit ?? 20 }), questionnaireFormBody(options.maxBodyBytes), async (c) => {
    const code = c.req.param('code').toLowerCase();
    const form = c.get('parsedForm');
    if (!form) return notice(c, new SurveyError(400, ['Не удалось прочитать анкету. Обновите страницу и отправьте ещё раз.']), null);
    const cookieName = RESPONSE_COOKIE_PREFIX + code.replace(/[^a-z0-9]/g, '');
    try {
      const result = await respondOnline(deps.db, monitor, {
        code,
        fields: form,
        browserToken: getCookie(c, cookieName) ?? null,
        networkKey: networkKey(c),
      });
      setCookie(c, cookieName, result.browserToken, { httpOnly: true, sameSite: 'Lax', secure, path: `/q/${result.link.code}`, maxAge: 60 * 60 * 24 * 365 });
      return c.redirect(`/q/${result.link.code}/spasibo`, 303);
    } catch (err) {
      if (!(err instanceof SurveyError)) throw err;
      if (err.status === 400 || err.status === 403) {
        // Show the form again with the answers kept, so nobody has to start over.
        try {
          const { link, window } = await findLink(deps.db, code);
          if (window === 'open') {
            return page(c, err.status, <QuestionnaireForm link={link} q={questionnaireFor(link.methodologyId)} csrf={c.get('csrfToken')} t={stringOf(form.get('t'))} errors={err.messages} values={form} />, link.organisationShortName);
          }
        } catch {
          /* fall through to the plain notice */
        }
      }
      return notice(c, err, null);
    }
  });
  return app;
}

/**
 * Reads the posted questionnaire once (limit 16 KB → 413 page) and shares it as `parsedForm` with the CSRF
 * check and the handler. Mounted before the CSRF middleware (app/server/http.ts) and again on the route for
 * a standalone sub-app; the second run finds the form already parsed. An unreadable body is left unset:
 * the CSRF check then refuses it (no token) or the handler answers 400.
 */
export function questionnaireFormBody(maxBodyBytes = 16 * 1024): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method !== 'POST' || c.get('parsedForm')) return next();
    const read = await readForm(c, maxBodyBytes);
    if (read.ok) c.set('parsedForm', read.form);
    else if (read.reason === 'too-large') {
      return notice(c, new SurveyError(413, ['Слишком большой объём данных в анкете. Сократите текст предложений и отправьте ещё раз.']), null);
    }
    await next();
  };
}

function stringOf(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function page(c: Context, status: number, body: ReactNode, title: string) {
  const html = '<!doctype html>' + renderToString(<Shell title={title}>{body}</Shell>);
  return c.html(html, status as 200);
}

function notice(c: Context, err: SurveyError, link: SurveyLink | null) {
  const titles: Record<number, string> = { 404: 'Анкета не найдена', 410: 'Опрос завершён', 403: 'Анкета недоступна', 413: 'Слишком много данных', 400: 'Ошибка в анкете', 429: 'Слишком много попыток' };
  const title = titles[err.status] ?? 'Анкета';
  return page(
    c,
    err.status,
    <>
      <h1>{title}</h1>
      {link ? <p className="org">{link.organisationName}</p> : null}
      {err.messages.map((m) => (
        <p key={m}>{m}</p>
      ))}
    </>,
    title,
  );
}

const CSS = `
*{box-sizing:border-box}body{margin:0;font:1.0625rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1a1a1a;background:#f6f7f9}
main{max-width:40rem;margin:0 auto;padding:1rem;background:#fff;min-height:100vh}h1{font-size:1.4rem;line-height:1.25;margin:.5rem 0 1rem}
.org{font-weight:600}.intro{color:#333}fieldset{border:1px solid #c8ccd2;border-radius:.5rem;margin:0 0 1rem;padding:.75rem 1rem}
legend{font-weight:600;padding:0 .25rem}.opts{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;margin-top:.5rem}
.opts label{display:flex;align-items:center;gap:.5rem;min-height:44px;min-width:5rem;cursor:pointer}
input[type=radio]{width:1.4rem;height:1.4rem;margin:0}.hint{font-size:.95rem;color:#444;margin:.25rem 0 0}
textarea,input[type=text]{width:100%;font:inherit;padding:.5rem;border:1px solid #6b7280;border-radius:.375rem}
textarea{min-height:7rem}button{font:inherit;font-weight:600;background:#0b57d0;color:#fff;border:0;border-radius:.5rem;padding:.8rem 1.5rem;min-height:48px;width:100%;cursor:pointer}
button:focus-visible,input:focus-visible,textarea:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.errors{border:2px solid #b3261e;border-radius:.5rem;padding:.75rem 1rem;margin-bottom:1rem;color:#8c1d18}.errors h2{font-size:1.1rem;margin:0 0 .5rem}
.privacy{font-size:.95rem;color:#333;border-left:4px solid #0b57d0;padding-left:.75rem}[hidden]{display:none!important}
@media (min-width:40rem){main{margin:1rem auto;border-radius:.75rem;min-height:auto;padding:1.5rem 2rem}button{width:auto}}
`;

function Shell({ title, children }: { title: string; children: ReactNode }) {
  return (
    <html lang="ru">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${title} — анкета НОКО`}</title>
        <style dangerouslySetInnerHTML={{ __html: CSS }} />
      </head>
      <body>
        <main>{children}</main>
      </body>
    </html>
  );
}

function formatDate(iso: string | null): string | null {
  if (!iso) return null;
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
}

// Hides questions that a "no" to their filter question skips, and clears their answers; the server
// enforces the same rule, so with scripts off the respondent simply leaves them unanswered.
const SKIP_SCRIPT = `(function(){var f=document.getElementById('qf');if(!f)return;function u(){f.querySelectorAll('[data-gated-by]').forEach(function(s){var g=s.getAttribute('data-gated-by');var y=f.querySelector('input[name="'+g+'"][value="yes"]');var show=!!(y&&y.checked);s.hidden=!show;if(!show){s.querySelectorAll('input').forEach(function(i){i.checked=i.value==='';});}});}f.addEventListener('change',u);u();})();`;

function QuestionnaireForm(props: { link: SurveyLink; q: SurveyQuestionnaire; csrf: string; t: string; errors?: string[]; values?: ParsedForm }) {
  const { link, q, values } = props;
  const byId = new Map(q.questions.map((x) => [x.id, x]));
  const valueOf = (name: string) => {
    const v = values?.get(name);
    return typeof v === 'string' ? v : '';
  };
  const until = formatDate(link.closesOn);
  return (
    <>
      <h1>{q.title}</h1>
      <p className="org">{link.organisationName}</p>
      <p className="intro">{q.intro}</p>
      <p className="privacy">
        Мы не спрашиваем имя и не сохраняем адрес вашего устройства. Организация видит только число ответов, но не сами ответы.
        {until ? ` Анкета открыта до ${until} включительно.` : ''}
      </p>
      {props.errors && props.errors.length > 0 ? (
        <div className="errors" role="alert" tabIndex={-1} id="errors">
          <h2>Анкета не отправлена — исправьте, пожалуйста:</h2>
          <ul>
            {props.errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <form id="qf" method="post" action={`/q/${link.code}`} noValidate>
        <input type="hidden" name="_csrf" value={props.csrf} />
        <input type="hidden" name="t" value={props.t} />
        {link.closed ? (
          <p>
            <label htmlFor="access">Код доступа с листка, который вам выдали (например, ABCD-EFGH)</label>
            <input type="text" id="access" name="access" autoComplete="off" autoCapitalize="characters" spellCheck={false} required aria-required="true" defaultValue={valueOf('access')} />
          </p>
        ) : null}
        {q.questions.map((question) => {
          const gate = question.gatedBy ? byId.get(question.gatedBy) : undefined;
          const current = valueOf(question.id);
          const hintId = `${question.id}-hint`;
          return (
            <fieldset key={question.id} id={`f-${question.id}`} data-gated-by={gate?.id} aria-describedby={gate ? hintId : undefined}>
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
        {q.textQuestion ? (
          <p>
            <label htmlFor={q.textQuestion.id}>
              <strong>
                {q.textQuestion.number}. {q.textQuestion.text}
              </strong>{' '}
              (не обязательно; не пишите имена и телефоны)
            </label>
            <textarea id={q.textQuestion.id} name={q.textQuestion.id} maxLength={MAX_SUGGESTION_CHARS} defaultValue={valueOf(q.textQuestion.id)} />
          </p>
        ) : null}
        {q.profile.map((p) => (
          <fieldset key={p.id}>
            <legend>{p.text} (не обязательно)</legend>
            <div className="opts">
              {p.options.map((o) => (
                <label key={o.value}>
                  <input type="radio" name={p.id} value={o.value} defaultChecked={valueOf(p.id) === o.value} /> {o.label}
                </label>
              ))}
            </div>
          </fieldset>
        ))}
        <button type="submit">Отправить ответы</button>
      </form>
      <script dangerouslySetInnerHTML={{ __html: SKIP_SCRIPT }} />
    </>
  );
}

function ThankYou({ code }: { code: string }) {
  return (
    <>
      <h1>Спасибо! Ваши ответы приняты</h1>
      <p>Ответы анонимны: по ним нельзя узнать, кто их дал. Результаты опроса будут опубликованы вместе с итогами независимой оценки.</p>
      <p>
        Если захотите изменить ответы, откройте <a href={`/q/${code}`}>анкету</a> снова с этого же устройства: новые ответы заменят прежние.
      </p>
    </>
  );
}
