// The questionnaire as the survey room needs it: derived from the methodology version's data, so the
// form, validation, tallies and export all follow the pinned version without code changes.
import { requireMethodology } from '../methodology/registry';
import type { MethodologyVersion } from '../methodology/types';
import { SURVEY_QUESTION_SLOTS } from './slots';

export type YesNoQuestion = {
  id: string;
  number: number;
  text: string;
  shortLabel: string;
  /** 1-based answer column (q1..q14) in survey_responses and survey_tallies. */
  slot: number;
  /** Filter question that must be answered "yes" for this one to be answered. */
  gatedBy: string | null;
  /** Questions this one gates (skipped when it is answered "no"). */
  gates: string[];
  isFilter: boolean;
};

export type ProfileField = {
  id: 'respondent' | 'sex' | 'age';
  text: string;
  options: { value: string; label: string }[];
};

export type SurveyQuestionnaire = {
  methodologyId: string;
  title: string;
  intro: string;
  questions: YesNoQuestion[];
  /** The free-text question (suggestions), if the version has one. */
  textQuestion: { id: string; number: number; text: string } | null;
  profile: ProfileField[];
};

const PROFILE_IDS = new Set(['respondent', 'sex', 'age']);
const cache = new Map<string, SurveyQuestionnaire>();

export function questionnaireFromMethodology(m: MethodologyVersion): SurveyQuestionnaire {
  const yesNo = m.questionnaire.questions.filter((q) => q.kind === 'yesNo');
  if (yesNo.length > SURVEY_QUESTION_SLOTS) {
    throw new Error(
      `Методика ${m.id}: ${yesNo.length} вопросов «да/нет», а в базе столбцов только на ${SURVEY_QUESTION_SLOTS}`,
    );
  }
  const gatedBy = new Map<string, string>();
  for (const q of yesNo) for (const d of q.skipIfNo) gatedBy.set(d, q.id);
  const text = m.questionnaire.questions.find((q) => q.kind === 'text');
  return {
    methodologyId: m.id,
    title: m.questionnaire.title,
    intro: m.questionnaire.intro,
    questions: yesNo.map((q, i) => ({
      id: q.id,
      number: q.number,
      text: q.text,
      shortLabel: q.shortLabel,
      slot: i + 1,
      gatedBy: gatedBy.get(q.id) ?? null,
      gates: [...q.skipIfNo],
      isFilter: q.skipIfNo.length > 0 || q.role === 'filter',
    })),
    textQuestion: text ? { id: text.id, number: text.number, text: text.text } : null,
    profile: m.questionnaire.profile
      .filter((p) => PROFILE_IDS.has(p.id))
      .map((p) => ({ id: p.id as ProfileField['id'], text: p.text, options: p.options })),
  };
}

/** The questionnaire of a methodology version (cached: versions are immutable data). */
export function questionnaireFor(methodologyId: string): SurveyQuestionnaire {
  let q = cache.get(methodologyId);
  if (!q) {
    q = questionnaireFromMethodology(requireMethodology(methodologyId));
    cache.set(methodologyId, q);
  }
  return q;
}
