// The permanent questionnaire: the survey room's engine (questionnaire from the methodology, validation
// with skip logic, integrity screens, the one-statement insert with its tallies) with the territory's voice
// stream id in place of a campaign id. Nothing here is a copy of survey logic: only the target differs.
import type { Db } from '../db/index.server';
import { elapsedSinceRender, isSignedBrowserToken, keyedHash, newBrowserToken } from '../survey/codes.server';
import type { IntegrityMonitor } from '../survey/integrity';
import { todayIn, SURVEY_TIME_ZONE } from '../survey/links.server';
import { questionnaireFor, type SurveyQuestionnaire } from '../survey/questionnaire';
import { submitResponse, SurveyError, type SubmitResult } from '../survey/submit.server';
import { parseAnswers, type FieldSource } from '../survey/validate';
import { resolveVoiceLink, type VoiceLink } from './settings.server';

const cache = new Map<string, SurveyQuestionnaire>();

/**
 * The campaign questionnaire without its free-text question: open text all year round goes through
 * reviews, which are screened and moderated publicly; the survey's suggestion queue is per campaign.
 */
export function permanentQuestionnaire(methodologyId: string): SurveyQuestionnaire {
  let q = cache.get(methodologyId);
  if (!q) cache.set(methodologyId, (q = { ...questionnaireFor(methodologyId), textQuestion: null }));
  return q;
}

export async function findVoiceLink(db: Db, code: string): Promise<VoiceLink> {
  const link = await resolveVoiceLink(db, code.toLowerCase());
  if (!link)
    throw new SurveyError(404, [
      'Страница с таким адресом не найдена. Проверьте адрес или отсканируйте QR-код ещё раз.',
    ]);
  return link;
}

/** The render-time token's subject: one per code, so a token of one school's form does not fit another's. */
export const renderSubject = (code: string) => `golos:${code}`;

export type PermanentSubmission = {
  code: string;
  fields: FieldSource;
  browserToken: string | null;
  networkKey: string;
};

export async function respondPermanent(
  db: Db,
  monitor: IntegrityMonitor,
  s: PermanentSubmission,
  now = new Date(),
): Promise<SubmitResult & { browserToken: string; link: VoiceLink }> {
  const link = await findVoiceLink(db, s.code);
  if (!link.questionnaireOpen)
    throw new SurveyError(410, [
      'Постоянная анкета этой территории сейчас закрыта. Оставить отзыв об организации можно на странице отзывов.',
    ]);
  const q = permanentQuestionnaire(link.methodologyId);
  const parsed = parseAnswers(q, s.fields);
  if (!parsed.ok) throw new SurveyError(400, parsed.errors);
  const t = s.fields.get('t');
  const elapsed = elapsedSinceRender(
    link.secret,
    renderSubject(link.code),
    typeof t === 'string' ? t : null,
    now.getTime(),
  );
  const networkHash = keyedHash(link.secret, 'net', s.networkKey);
  const flags = await monitor.check(
    {
      scope: `${link.streamId}|${link.organisationId}`,
      networkHash,
      answers: parsed.value.answers,
      elapsedMs: elapsed,
    },
    now.getTime(),
  );
  // Signed like the campaign questionnaire's cookie (issue 10): a made-up value is a new browser.
  const returningBrowser = isSignedBrowserToken(link.secret, renderSubject(link.code), s.browserToken);
  const browserToken = returningBrowser ? s.browserToken! : newBrowserToken(link.secret, renderSubject(link.code));
  const result = await submitResponse(
    db,
    { campaignId: link.streamId, organisationId: link.organisationId, closed: false, secret: link.secret },
    {
      mode: 'online',
      parsed: parsed.value,
      flags,
      browserToken,
      returningBrowser,
      networkHash,
      fillSeconds: elapsed === null ? null : Math.min(2_000_000_000, Math.round(elapsed / 1000)),
      accessCode: null,
      enteredBy: null,
      today: todayIn(SURVEY_TIME_ZONE, now),
    },
  );
  return { ...result, browserToken, link };
}
