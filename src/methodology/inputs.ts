// The engine's generic input: what any source (CLI file, database tallies, expert checklists) reduces an
// organisation to, and the checks that make contradictory counts an input error rather than a score.
import type { CriterionDef, InfoChannel, MethodologyVersion, OrgType } from './types.ts';

export interface ItemCount {
  /** Items of the 1.1 list found on the channel. */
  found: number;
  /** Items the list requires; 0 when the channel does not exist (an organisation without stands). */
  norm: number;
}

export interface SurveyTally {
  /** Valid respondents of the organisation (N), excluded responses already removed. */
  valid: number;
  /** "Yes" answers per question id; a filter question's count is the denominator of the questions it gates. */
  yes: Readonly<Record<string, number>>;
}

export interface RawInputs {
  id: string;
  name: string;
  type: OrgType;
  information: Readonly<Record<InfoChannel, ItemCount>>;
  /** Items present per checklist id (1.2, 2.1, 3.1, 3.2 and any checklist of additional criteria). */
  checklists: Readonly<Record<string, number>>;
  survey: SurveyTally;
  /** Number of service recipients, when known: enables the sample-size target. */
  recipients?: number;
  /**
   * Sources nobody has filled in yet: `information.stand`, `information.site`, `checklists.<id>`. An
   * indicator that needs one of them has no data («нет данных»), never 0: an unanswered checklist is not
   * a checklist answered «no». (A survey without a single valid response is the same: see engine.ts.)
   */
  noData?: readonly string[];
}

/** The `noData` key of a source: what an unfilled checklist is called in RawInputs. */
export function noDataKey(
  source: { kind: 'information'; channel: InfoChannel } | { kind: 'checklist'; id: string },
): string {
  return source.kind === 'information' ? `information.${source.channel}` : `checklists.${source.id}`;
}

export interface InputIssue {
  orgId: string;
  orgName: string;
  /** Path inside RawInputs, e.g. "survey.yes.q2". */
  path: string;
  /** Russian description of the field. */
  field: string;
  /** Russian description of the problem. */
  message: string;
}

/** The message lists only the first issues; `issues` holds all of them. */
const MESSAGE_ISSUES = 20;

export class InputError extends Error {
  readonly issues: readonly InputIssue[];
  constructor(issues: readonly InputIssue[]) {
    const shown = issues.slice(0, MESSAGE_ISSUES).map(formatIssue);
    if (issues.length > MESSAGE_ISSUES) shown.push(`… и ещё ${issues.length - MESSAGE_ISSUES} ошибок (см. issues)`);
    super(shown.join('\n'));
    this.name = 'InputError';
    this.issues = issues;
  }
}

export function formatIssue(issue: InputIssue): string {
  return `Организация «${issue.orgName}» (id ${issue.orgId}), поле ${issue.path} (${issue.field}): ${issue.message}`;
}

const CHANNEL_RU: Record<InfoChannel, string> = { stand: 'стенды', site: 'сайт' };

interface CheckPlan {
  checklists: { id: string; max: number }[];
  questions: string[];
  filtered: { question: string; filter: string }[];
}

const checkPlans = new WeakMap<MethodologyVersion, CheckPlan>();

function checkPlan(m: MethodologyVersion, additional: readonly CriterionDef[]): CheckPlan {
  const cached = additional.length === 0 ? checkPlans.get(m) : undefined;
  if (cached) return cached;
  const sizes = new Map(m.checklists.map((c) => [c.id, c.items.length]));
  const plan: CheckPlan = { checklists: [], questions: [], filtered: [] };
  const questions = new Set<string>();
  for (const criterion of [...m.criteria, ...additional]) {
    for (const { formula: f } of criterion.indicators) {
      if (f.kind === 'cappedCount') {
        plan.checklists.push({ id: f.checklist, max: sizes.get(f.checklist) ?? Number.POSITIVE_INFINITY });
        continue;
      }
      for (const { source: s } of f.parts) {
        if (s.kind !== 'survey') continue;
        questions.add(s.question);
        if (s.denominator !== 'valid') {
          questions.add(s.denominator.filter);
          plan.filtered.push({ question: s.question, filter: s.denominator.filter });
        }
      }
    }
  }
  plan.questions = [...questions];
  if (additional.length === 0) checkPlans.set(m, plan);
  return plan;
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** Allocation-free check of the common case; the detailed pass runs only when something is wrong. */
function looksValid(raw: RawInputs, plan: CheckPlan): boolean {
  const { stand, site } = raw.information ?? {};
  if (!stand || !site || !isCount(stand.found) || !isCount(stand.norm) || !isCount(site.found) || !isCount(site.norm))
    return false;
  if (stand.found > stand.norm || site.found > site.norm) return false;
  for (const c of plan.checklists) {
    const v = raw.checklists?.[c.id];
    if (!isCount(v) || v > c.max) return false;
  }
  const valid = raw.survey?.valid;
  const yes = raw.survey?.yes;
  if (!isCount(valid) || !yes) return false;
  for (const q of plan.questions) {
    const v = yes[q];
    if (!isCount(v) || v > valid) return false;
  }
  for (const { question, filter } of plan.filtered) {
    if ((yes[question] as number) > (yes[filter] as number)) return false;
  }
  return raw.recipients === undefined || isCount(raw.recipients);
}

const NO_ISSUES: readonly InputIssue[] = Object.freeze([]);

/** Checks one organisation against the methodology; returns every problem found, not just the first. */
export function validateRawInputs(
  raw: RawInputs,
  methodology: MethodologyVersion,
  additionalCriteria: readonly CriterionDef[] = [],
): readonly InputIssue[] {
  if (looksValid(raw, checkPlan(methodology, additionalCriteria))) return NO_ISSUES;
  return describeIssues(raw, methodology, additionalCriteria);
}

function describeIssues(
  raw: RawInputs,
  methodology: MethodologyVersion,
  additionalCriteria: readonly CriterionDef[],
): InputIssue[] {
  const issues: InputIssue[] = [];
  const add = (path: string, field: string, message: string) =>
    issues.push({ orgId: raw.id, orgName: raw.name, path, field, message });
  const count = (value: unknown, path: string, field: string): value is number => {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      add(path, field, value === undefined ? 'значение отсутствует' : 'должно быть числом');
      return false;
    }
    if (!Number.isInteger(value)) add(path, field, `${value} — должно быть целым числом`);
    else if (value < 0) add(path, field, `${value} — не может быть отрицательным`);
    else return true;
    return false;
  };

  for (const channel of ['stand', 'site'] as const) {
    const item = raw.information[channel];
    const ru = CHANNEL_RU[channel];
    const okFound = count(item?.found, `information.${channel}.found`, `найдено пунктов, ${ru}`);
    const okNorm = count(item?.norm, `information.${channel}.norm`, `пунктов по норме, ${ru}`);
    if (okFound && okNorm && item && item.found > item.norm) {
      add(
        `information.${channel}.found`,
        `найдено пунктов, ${ru}`,
        `найдено ${item.found} пунктов, а по норме их ${item.norm}: найденных не может быть больше нормы`,
      );
    }
  }

  const checklistSize = new Map(methodology.checklists.map((c) => [c.id, c]));
  const criteria = [...methodology.criteria, ...additionalCriteria];
  const questions = new Map(methodology.questionnaire.questions.map((q) => [q.id, q]));
  const questionLabel = (id: string) => {
    const q = questions.get(id);
    return q ? `вопрос ${q.number}: ${q.shortLabel}` : `вопрос ${id}`;
  };
  const okValid = count(raw.survey?.valid, 'survey.valid', 'всего действительных анкет');
  const checkedQuestions = new Set<string>();
  const checkQuestion = (q: string): boolean => {
    const value = raw.survey?.yes?.[q];
    if (checkedQuestions.has(q)) return typeof value === 'number' && Number.isInteger(value) && value >= 0;
    checkedQuestions.add(q);
    const ok = count(value, `survey.yes.${q}`, questionLabel(q));
    if (ok && okValid && value !== undefined && value > raw.survey.valid) {
      add(
        `survey.yes.${q}`,
        questionLabel(q),
        `${value} ответов «да» при ${raw.survey.valid} действительных анкетах: не может быть больше числа анкет`,
      );
    }
    return ok;
  };
  const checkedChecklists = new Set<string>();

  for (const criterion of criteria) {
    for (const indicator of criterion.indicators) {
      const f = indicator.formula;
      if (f.kind === 'cappedCount') {
        if (checkedChecklists.has(f.checklist)) continue;
        checkedChecklists.add(f.checklist);
        const def = checklistSize.get(f.checklist);
        const field = def ? `перечень ${def.id}: ${def.title}` : `перечень ${f.checklist}`;
        const value = raw.checklists?.[f.checklist];
        if (
          count(value, `checklists.${f.checklist}`, field) &&
          def &&
          value !== undefined &&
          value > def.items.length
        ) {
          add(
            `checklists.${f.checklist}`,
            field,
            `${value} — в перечне всего ${def.items.length} пунктов, больше отметить нельзя`,
          );
        }
        continue;
      }
      for (const part of f.parts) {
        const s = part.source;
        if (s.kind !== 'survey') continue;
        const okQ = checkQuestion(s.question);
        if (s.denominator === 'valid') continue;
        const filter = s.denominator.filter;
        const okF = checkQuestion(filter);
        const y = raw.survey.yes[s.question];
        const d = raw.survey.yes[filter];
        if (okQ && okF && y !== undefined && d !== undefined && y > d) {
          add(
            `survey.yes.${s.question}`,
            questionLabel(s.question),
            `${y} удовлетворённых больше, чем ответивших «да» на фильтрующий вопрос (${questionLabel(filter)}: ${d})`,
          );
        }
      }
    }
  }
  if (raw.recipients !== undefined) count(raw.recipients, 'recipients', 'число получателей услуг');
  return issues;
}
