// Parsing a submitted questionnaire (online form or operator entry) into typed answers, with every
// rule of the questionnaire enforced here on the server: the browser's script is only a convenience.
import type { SurveyQuestionnaire } from './questionnaire';

export type Answer = 0 | 1 | null;

export type ParsedAnswers = {
  /** Indexed by slot − 1: 1 yes, 0 no, null not answered. */
  answers: Answer[];
  profile: { respondent: string | null; sex: string | null; age: string | null };
  suggestion: string | null;
};

export type ValidationResult = { ok: true; value: ParsedAnswers } | { ok: false; errors: string[] };

export const MAX_SUGGESTION_CHARS = 2000;

/** Anything with `get(name)` returning a string or nothing: FormData, URLSearchParams, a Map. */
export type FieldSource = { get(name: string): unknown };

function field(source: FieldSource, name: string): string | null {
  const v = source.get(name);
  if (v === null || v === undefined) return null;
  if (typeof v !== 'string') return '\u0000'; // a file upload where text belongs: rejected as out of range
  return v;
}

/**
 * Validates the fields `q<N>` = yes|no (or absent), the profile choices and the suggestion text.
 * Returns every problem at once, in plain Russian, so a form can show them all.
 */
export function parseAnswers(q: SurveyQuestionnaire, source: FieldSource): ValidationResult {
  const errors: string[] = [];
  const answers: Answer[] = q.questions.map(() => null);
  const byId = new Map(q.questions.map((x) => [x.id, x]));

  for (const question of q.questions) {
    const raw = field(source, question.id);
    if (raw === null || raw === '') continue;
    if (raw === 'yes') answers[question.slot - 1] = 1;
    else if (raw === 'no') answers[question.slot - 1] = 0;
    else errors.push(`Вопрос ${question.number}: допустимы только ответы «да» или «нет».`);
  }

  for (const question of q.questions) {
    if (!question.gatedBy) continue;
    const own = answers[question.slot - 1];
    if (own === null || own === undefined) continue;
    const filter = byId.get(question.gatedBy);
    if (!filter) continue;
    const filterAnswer = answers[filter.slot - 1];
    if (filterAnswer === 0) {
      errors.push(
        `Вопрос ${question.number}: на него не отвечают, если на вопрос ${filter.number} ответ «нет». Уберите ответ на вопрос ${question.number}.`,
      );
    } else if (filterAnswer === null) {
      errors.push(`Вопрос ${question.number}: сначала ответьте на вопрос ${filter.number}.`);
    }
  }

  const profile: ParsedAnswers['profile'] = { respondent: null, sex: null, age: null };
  for (const p of q.profile) {
    const raw = field(source, p.id);
    if (raw === null || raw === '') continue;
    if (p.options.some((o) => o.value === raw)) profile[p.id] = raw;
    else errors.push(`«${p.text}»: выберите один из предложенных вариантов.`);
  }

  let suggestion: string | null = null;
  if (q.textQuestion) {
    const raw = field(source, q.textQuestion.id);
    if (raw === '\u0000') errors.push('Предложения: ожидается текст.');
    else if (raw !== null && raw.includes('\u0000')) {
      // PostgreSQL cannot store it; a clear message keeps the parent's answers on screen (issue 10).
      errors.push(
        `Вопрос ${q.textQuestion.number} (предложения): в тексте есть недопустимый символ (нулевой байт). Уберите его и отправьте ещё раз.`,
      );
    } else if (raw !== null) {
      const trimmed = raw.replace(/\r\n/g, '\n').trim();
      if (trimmed.length > MAX_SUGGESTION_CHARS) {
        errors.push(`Предложения: не больше ${MAX_SUGGESTION_CHARS} знаков (сейчас ${trimmed.length}).`);
      } else if (trimmed) suggestion = trimmed;
    }
  }

  if (errors.length === 0 && answers.every((a) => a === null) && !suggestion) {
    errors.push('Анкета пустая: ответьте хотя бы на один вопрос.');
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: { answers, profile, suggestion } };
}

/** Paper entry shorthand: one character per question, 1/д = yes, 0/н = no, - or space = not answered. */
export function parsePaperString(
  q: SurveyQuestionnaire,
  text: string,
): { ok: true; fields: Map<string, string> } | { ok: false; errors: string[] } {
  const chars = [...text.replace(/[\s]+$/u, '')];
  const fields = new Map<string, string>();
  const errors: string[] = [];
  if (chars.length > q.questions.length) {
    errors.push(`Введено ${chars.length} знаков, а вопросов ${q.questions.length}.`);
  }
  q.questions.forEach((question, i) => {
    const c = (chars[i] ?? '-').toLowerCase();
    if (c === '1' || c === 'д' || c === 'y') fields.set(question.id, 'yes');
    else if (c === '0' || c === 'н' || c === 'n') fields.set(question.id, 'no');
    else if (c === '-' || c === ' ' || c === '.') return;
    else errors.push(`Вопрос ${question.number}: «${c}» — вводите 1 (да), 0 (нет) или - (нет ответа).`);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, fields };
}
