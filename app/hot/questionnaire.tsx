// The public questionnaire at /q/<code>: the hot path. Plain Hono + React renderToString, no client
// bundle, no React Router; a dozen lines of inline script only hide questions that the answers skip.
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { ReactNode } from 'react';
import { renderToString } from 'react-dom/server';
import path from 'node:path';
import { SharedWindowCounter } from '../../src/security/shared-limits.server';
import { renewFormToken, signRenderTime } from '../../src/survey/codes.server';
import { defaultThresholds, IntegrityMonitor } from '../../src/survey/integrity';
import { SurveyKeyStore } from '../../src/survey/network-keys.server';
import type { SurveyLink } from '../../src/survey/links.server';
import { questionnaireFor, type SurveyQuestionnaire } from '../../src/survey/questionnaire';
import { findLink, respondOnline, windowError } from '../../src/survey/respond.server';
import { SurveyError } from '../../src/survey/submit.server';
import { MAX_SUGGESTION_CHARS } from '../../src/survey/validate';
import type { AppEnv, HttpDeps } from '../server/http.server';
import { readForm, type ParsedForm } from '../server/form';
import { networkKey, rateLimit, sharedRateLimitStore } from '../server/rate-limit.server';
import { ruDate } from '../../src/lib/ru';
import { ErrorMessage, errorId, hintId } from '../ui/controls';
import { ErrorSummary, type ErrorItem } from '../ui/error-summary';
import { TOKENS_CSS } from '../ui/tokens.server';

export type QuestionnaireOptions = {
  /** Default: the standard thresholds with windows shared through the database. */
  monitor?: IntegrityMonitor;
  /** POSTs per network per minute. */
  postLimit?: number;
  /** Request body limit in bytes. */
  maxBodyBytes?: number;
};

export const RESPONSE_COOKIE_PREFIX = 'noko_r_';

export function createQuestionnaireApp(deps: HttpDeps, options: QuestionnaireOptions = {}) {
  const app = new Hono<AppEnv>();
  const shared = new SharedWindowCounter(deps.db);
  const monitor = options.monitor ?? new IntegrityMonitor(defaultThresholds, shared);
  const keys =
    deps.surveyKeys ?? new SurveyKeyStore(deps.config.surveyKeyDir ?? path.join(deps.config.dataDir, 'survey-keys'));
  const secure = deps.config.nodeEnv === 'production' && !!deps.config.publicUrl?.startsWith('https:');

  app.get('/:code', async (c) => {
    c.header('Cache-Control', 'no-store');
    try {
      const { link, window } = await findLink(deps.db, c.req.param('code'));
      const closed = windowError(window);
      if (closed) return notice(c, closed, link);
      return page(
        c,
        200,
        <QuestionnaireForm
          link={link}
          q={questionnaireFor(link.methodologyId)}
          csrf={c.get('csrfToken')}
          nonce={c.get('secureHeadersNonce')}
          t={signRenderTime(link.secret, link.code, Date.now())}
        />,
        link.organisationShortName,
      );
    } catch (err) {
      if (err instanceof SurveyError) return notice(c, err, null);
      throw err;
    }
  });

  app.get('/:code/spasibo', (c) => {
    c.header('Cache-Control', 'no-store');
    return page(
      c,
      200,
      <ThankYou
        code={c.req
          .param('code')
          .toLowerCase()
          .replace(/[^a-z0-9]/g, '')}
      />,
      'Спасибо',
    );
  });

  // Counted in the database: several instances must not multiply the limit (issue 10).
  const postLimit = rateLimit({
    windowMs: 60_000,
    limit: options.postLimit ?? 20,
    store: sharedRateLimitStore(shared, `q-post-${options.postLimit ?? 20}`),
  });
  app.post('/:code', postLimit, questionnaireFormBody(options.maxBodyBytes), async (c) => {
    const code = c.req.param('code').toLowerCase();
    const form = c.get('parsedForm');
    if (!form)
      return notice(
        c,
        new SurveyError(400, ['Не удалось прочитать анкету. Обновите страницу и отправьте ещё раз.']),
        null,
      );
    const cookieName = RESPONSE_COOKIE_PREFIX + code.replace(/[^a-z0-9]/g, '');
    try {
      const result = await respondOnline(deps.db, monitor, keys, {
        code,
        fields: form,
        browserToken: getCookie(c, cookieName) ?? null,
        networkKey: networkKey(c),
      });
      setCookie(c, cookieName, result.browserToken, {
        httpOnly: true,
        sameSite: 'Lax',
        secure,
        path: `/q/${result.link.code}`,
        maxAge: 60 * 60 * 24 * 365,
      });
      return c.redirect(`/q/${result.link.code}/spasibo`, 303);
    } catch (err) {
      if (!(err instanceof SurveyError)) throw err;
      if (err.status === 400 || err.status === 403 || err.status === 409) {
        // Show the form again with the answers kept, so nobody has to start over; the form token is
        // single-use, so the page gets a fresh one (with the original render time).
        try {
          const { link, window } = await findLink(deps.db, code);
          if (window === 'open') {
            const t = renewFormToken(link.secret, link.code, stringOf(form.get('t')) || null, Date.now());
            return page(
              c,
              err.status,
              <QuestionnaireForm
                link={link}
                q={questionnaireFor(link.methodologyId)}
                csrf={c.get('csrfToken')}
                nonce={c.get('secureHeadersNonce')}
                t={t}
                errors={err.messages}
                values={safeValues(form)}
              />,
              link.organisationShortName,
            );
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
      return notice(
        c,
        new SurveyError(413, [
          'Слишком большой объём данных в анкете. Сократите текст предложений и отправьте ещё раз.',
        ]),
        null,
      );
    }
    await next();
  };
}

/** The posted answers to show again, without NUL bytes (they are why the form came back). */
function safeValues(form: ParsedForm): ParsedForm {
  return {
    get: (name: string) => {
      const v = form.get(name);
      return typeof v === 'string' ? v.replace(/\0/g, '') : v;
    },
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
  const titles: Record<number, string> = {
    404: 'Анкета не найдена',
    410: 'Опрос завершён',
    403: 'Анкета недоступна',
    409: 'Анкета уже отправлена',
    413: 'Слишком много данных',
    400: 'Ошибка в анкете',
    429: 'Слишком много попыток',
  };
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

// The kit's tokens, focus style and error summary (app/ui/tokens.css), then this page's own layout.
const CSS =
  TOKENS_CSS +
  `
body{font-size:1.0625rem;background:var(--surface)}
main{max-width:40rem;margin:0 auto;padding:1rem;background:var(--bg);min-height:100vh}h1{font-size:1.4rem;line-height:1.25;margin:.5rem 0 1rem}
.org{font-weight:600}.intro{color:#333}fieldset{border-radius:.5rem;margin:0 0 1rem;padding:.75rem 1rem}
.opts{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;margin-top:.5rem}
.opts label{display:flex;align-items:center;gap:.5rem;min-height:44px;min-width:5rem;cursor:pointer;font-weight:400;margin:0}
fieldset.field-error{border-left:4px solid var(--error)}
textarea,input[type=text]{width:100%;padding:.5rem}
textarea{min-height:7rem}button{border-radius:.5rem;padding:.8rem 1.5rem;min-height:48px;width:100%}
.privacy{font-size:.95rem;color:#333;border-left:4px solid var(--accent);padding-left:.75rem}
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

// Hides questions that a "no" to their filter question skips, and clears their answers; the server
// enforces the same rule, so with scripts off the respondent simply leaves them unanswered.
const SKIP_SCRIPT = `(function(){var f=document.getElementById('qf');if(!f)return;function u(){f.querySelectorAll('[data-gated-by]').forEach(function(s){var g=s.getAttribute('data-gated-by');var y=f.querySelector('input[name="'+g+'"][value="yes"]');var show=!!(y&&y.checked);s.hidden=!show;if(!show){s.querySelectorAll('input').forEach(function(i){i.checked=i.value==='';});}});}f.addEventListener('change',u);u();})();`;

function QuestionnaireForm(props: {
  link: SurveyLink;
  q: SurveyQuestionnaire;
  csrf: string;
  t: string;
  nonce?: string | undefined;
  errors?: string[];
  values?: ParsedForm;
}) {
  const { link, q, values } = props;
  const byId = new Map(q.questions.map((x) => [x.id, x]));
  const valueOf = (name: string) => {
    const v = values?.get(name);
    return typeof v === 'string' ? v : '';
  };
  const until = ruDate(link.closesOn);
  const errorsFor = questionErrors(q, props.errors ?? []);
  const summary: ErrorItem[] = (props.errors ?? []).map((text) => ({ text, field: errorsFor.fieldOf.get(text) }));
  return (
    <>
      <h1>{q.title}</h1>
      <p className="org">{link.organisationName}</p>
      <p className="intro">{q.intro}</p>
      <p className="privacy">
        Мы не спрашиваем имя и не сохраняем адрес вашего устройства. Организация видит только число ответов, но не сами
        ответы.
        {until ? ` Анкета открыта до ${until} включительно.` : ''}
      </p>
      <form id="qf" method="post" action={`/q/${link.code}`} noValidate>
        <ErrorSummary title="Анкета не отправлена — исправьте, пожалуйста:" items={summary} id="errors" />
        <input type="hidden" name="_csrf" value={props.csrf} />
        <input type="hidden" name="t" value={props.t} />
        {link.closed ? (
          <p>
            <label htmlFor="access">Код доступа с листка, который вам выдали (например, ABCD-EFGH)</label>
            <input
              type="text"
              id="access"
              name="access"
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              required
              aria-required="true"
              defaultValue={valueOf('access')}
            />
          </p>
        ) : null}
        {q.questions.map((question) => {
          const gate = question.gatedBy ? byId.get(question.gatedBy) : undefined;
          const current = valueOf(question.id);
          const fieldId = `q-${question.id}`;
          const error = errorsFor.byQuestion.get(question.id);
          const described = [gate ? hintId(fieldId) : null, error ? errorId(fieldId) : null].filter(Boolean).join(' ');
          return (
            <fieldset
              key={question.id}
              id={`f-${question.id}`}
              className={error ? 'field-error' : undefined}
              data-gated-by={gate?.id}
              aria-describedby={described || undefined}
            >
              <legend>
                {question.number}. {question.text}
              </legend>
              {gate ? (
                <p className="hint" id={hintId(fieldId)}>
                  Отвечайте, только если на вопрос {gate.number} ответили «да».
                </p>
              ) : null}
              {error ? <ErrorMessage id={fieldId}>{error}</ErrorMessage> : null}
              <div className="opts">
                <label>
                  <input type="radio" id={fieldId} name={question.id} value="yes" defaultChecked={current === 'yes'} />{' '}
                  Да
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
            <textarea
              id={q.textQuestion.id}
              name={q.textQuestion.id}
              maxLength={MAX_SUGGESTION_CHARS}
              defaultValue={valueOf(q.textQuestion.id)}
            />
          </p>
        ) : null}
        {q.profile.map((p) => (
          <fieldset key={p.id}>
            <legend>{p.text} (не обязательно)</legend>
            <div className="opts">
              {p.options.map((o) => (
                <label key={o.value}>
                  <input type="radio" name={p.id} value={o.value} defaultChecked={valueOf(p.id) === o.value} />{' '}
                  {o.label}
                </label>
              ))}
            </div>
          </fieldset>
        ))}
        <button type="submit">Отправить ответы</button>
      </form>
      <script nonce={props.nonce} dangerouslySetInnerHTML={{ __html: SKIP_SCRIPT }} />
    </>
  );
}

function ThankYou({ code }: { code: string }) {
  return (
    <>
      <h1>Спасибо! Ваши ответы приняты</h1>
      <p>
        Ответы анонимны: по ним нельзя узнать, кто их дал. Результаты опроса будут опубликованы вместе с итогами
        независимой оценки.
      </p>
      <p>
        Если захотите изменить ответы, откройте <a href={`/q/${code}`}>анкету</a> снова с этого же устройства: новые
        ответы заменят прежние.
      </p>
    </>
  );
}

/**
 * Which question each message is about: validation names the question by its number («Вопрос 3: …»,
 * «Вопрос 12 (предложения): …»), so the summary can link to the question and show the message beside it.
 */
function questionErrors(
  q: SurveyQuestionnaire,
  errors: readonly string[],
): { fieldOf: Map<string, string>; byQuestion: Map<string, string> } {
  const fieldOf = new Map<string, string>();
  const byQuestion = new Map<string, string>();
  for (const text of errors) {
    const m = /^Вопрос (\d+)[:( ]/.exec(text);
    if (!m) continue;
    const question = q.questions.find((x) => String(x.number) === m[1]);
    if (question) {
      fieldOf.set(text, `q-${question.id}`);
      if (!byQuestion.has(question.id)) byQuestion.set(question.id, text);
    } else if (q.textQuestion && String(q.textQuestion.number) === m[1]) {
      fieldOf.set(text, q.textQuestion.id);
    }
  }
  return { fieldOf, byQuestion };
}
