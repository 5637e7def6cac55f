// The online questionnaire's use case, independent of HTTP: resolve the code, check the window, validate,
// screen, store. The Hono handler in app/hot only translates requests and renders pages.
import type { Db } from '../db/index.server';
import type { ResponseMode } from '../db/schema/survey';
import { consumeOnce } from '../security/shared-limits.server';
import {
  FORM_TOKEN_TTL_MS,
  isLinkCode,
  isSignedBrowserToken,
  keyedHash,
  newBrowserToken,
  readFormToken,
} from './codes.server';
import type { IntegrityMonitor } from './integrity';
import type { SurveyKeyStore } from './network-keys.server';
import { linkFor, resolveLink, surveyWindow, todayIn, SURVEY_TIME_ZONE, type SurveyLink } from './links.server';
import { questionnaireFor } from './questionnaire';
import { submitResponse, SurveyError, type SubmitResult } from './submit.server';
import { parseAnswers, parsePaperString, type FieldSource } from './validate';

export type OpenLink = { link: SurveyLink; window: ReturnType<typeof surveyWindow> };

/** The link behind a public code, or SurveyError 404. */
export async function findLink(db: Db, code: string, now = new Date()): Promise<OpenLink> {
  const normal = code.toLowerCase();
  const link = isLinkCode(normal) ? await resolveLink(db, normal, now.getTime()) : null;
  if (!link)
    throw new SurveyError(404, ['Анкета с таким адресом не найдена. Проверьте адрес или отсканируйте QR-код ещё раз.']);
  return { link, window: surveyWindow(link, todayIn(SURVEY_TIME_ZONE, now)) };
}

export function windowError(w: OpenLink['window']): SurveyError | null {
  if (w === 'closed')
    return new SurveyError(410, ['Опрос завершён, ответы больше не принимаются. Спасибо за желание помочь!']);
  if (w === 'notYet') return new SurveyError(403, ['Опрос ещё не начался. Зайдите по этой ссылке позже.']);
  return null;
}

export type OnlineSubmission = {
  code: string;
  fields: FieldSource;
  /** Value of the browser's response cookie for this questionnaire, if it has one. */
  browserToken: string | null;
  /** Network of the client as the rate limiter sees it (IPv4 address or IPv6 /64); hashed before storage. */
  networkKey: string;
};

/** The message when a rendered form is sent a second time (replayed, or a double submit). */
export const FORM_ALREADY_SENT =
  'Эта форма уже была отправлена. Ваши ответы остались на странице — проверьте их и нажмите «Отправить ответы» ещё раз.';

export async function respondOnline(
  db: Db,
  monitor: IntegrityMonitor,
  keys: SurveyKeyStore,
  s: OnlineSubmission,
  now = new Date(),
): Promise<SubmitResult & { browserToken: string; link: SurveyLink }> {
  const { link, window } = await findLink(db, s.code, now);
  const closed = windowError(window);
  if (closed) throw closed;
  const q = questionnaireFor(link.methodologyId);
  const parsed = parseAnswers(q, s.fields);
  if (!parsed.ok) throw new SurveyError(400, parsed.errors);
  const token = readFormToken(link.secret, link.code, stringField(s.fields, 't'), now.getTime());
  // Each rendered form counts once: a replayed token stores nothing. A missing or forged token is still
  // accepted, flagged «no-timing», and waits in quarantine.
  if (token && !(await consumeOnce(db, `survey-form:${link.code}`, token.nonce, FORM_TOKEN_TTL_MS, now.getTime()))) {
    throw new SurveyError(409, [FORM_ALREADY_SENT]);
  }
  const elapsed = token?.elapsedMs ?? null;
  // The key lives outside the database (network-keys.server.ts): a copy of the database cannot reverse the hashes.
  const networkHash = keyedHash(keys.key(link.campaignId, now.getTime()), 'net', s.networkKey);
  const flags = await monitor.check(
    {
      scope: `${link.campaignId}|${link.organisationId}`,
      networkHash,
      answers: parsed.value.answers,
      elapsedMs: elapsed,
    },
    now.getTime(),
  );
  const returningBrowser = isSignedBrowserToken(link.secret, link.code, s.browserToken);
  const browserToken = returningBrowser ? s.browserToken! : newBrowserToken(link.secret, link.code);
  const result = await submitResponse(db, link, {
    mode: 'online',
    parsed: parsed.value,
    flags,
    browserToken,
    returningBrowser,
    networkHash,
    fillSeconds: elapsed === null ? null : Math.min(2_000_000_000, Math.round(elapsed / 1000)),
    accessCode: link.closed ? (stringField(s.fields, 'access') ?? '').trim() || null : null,
    enteredBy: null,
    today: todayIn(SURVEY_TIME_ZONE, now),
  });
  return { ...result, browserToken, link };
}

function stringField(f: FieldSource, name: string): string | null {
  const v = f.get(name);
  return typeof v === 'string' ? v : null;
}

/**
 * A questionnaire keyed in by staff (paper, interview, phone). Either `q1…q14` fields or the compact
 * `answers` string (1/0/- per question). Staff entry is not screened and not limited by the survey window
 * (paper forms collected before the deadline arrive later), but the campaign must still be collecting.
 */
export async function enterOffline(
  db: Db,
  input: {
    campaignId: string;
    organisationId: string;
    mode: Exclude<ResponseMode, 'online'>;
    fields: FieldSource;
    enteredBy: string;
  },
  now = new Date(),
): Promise<SubmitResult> {
  const link = await linkFor(db, input.campaignId, input.organisationId);
  if (!link) throw new SurveyError(404, ['Организация не участвует в этой кампании.']);
  if (link.campaignStatus !== 'collecting')
    throw new SurveyError(410, ['Кампания не в стадии сбора данных: ввод анкет закрыт.']);
  const q = questionnaireFor(link.methodologyId);
  let fields: FieldSource = input.fields;
  const compact = stringField(input.fields, 'answers');
  if (compact !== null && compact !== '') {
    const p = parsePaperString(q, compact);
    if (!p.ok) throw new SurveyError(400, p.errors);
    const merged = new Map(p.fields);
    for (const name of ['respondent', 'sex', 'age', q.textQuestion?.id ?? 'q15']) {
      const v = stringField(input.fields, name);
      if (v !== null) merged.set(name, v);
    }
    fields = merged;
  }
  const parsed = parseAnswers(q, fields);
  if (!parsed.ok) throw new SurveyError(400, parsed.errors);
  return submitResponse(
    db,
    { ...link, closed: false },
    {
      mode: input.mode,
      parsed: parsed.value,
      flags: [],
      browserToken: null,
      networkHash: null,
      fillSeconds: null,
      accessCode: null,
      enteredBy: input.enteredBy,
      today: todayIn(SURVEY_TIME_ZONE, now),
    },
  );
}
