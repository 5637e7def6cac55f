// A methodology compiled for scoring: lookups and the static Russian strings of explanations are
// prepared once per version, so scoring an organisation only does arithmetic.
import type { ExplanationInput } from './explain.ts';
import { POLICY_RU } from './explain.ts';
import type { CriterionDef, IndicatorDef, MethodologyVersion, RatioSource, ZeroDenominatorPolicy } from './types.ts';

export interface PartPlan {
  weight: number;
  label: string;
  source: RatioSource;
  numerator: Omit<ExplanationInput, 'value'>;
  denominator: Omit<ExplanationInput, 'value'>;
  missingNote: Record<ZeroDenominatorPolicy, string>;
}

export interface IndicatorPlan {
  def: IndicatorDef;
  criterion: string;
  formula: { text: string; symbolic: string };
  parts: PartPlan[];
  isSurvey: boolean;
  countInput: Omit<ExplanationInput, 'value'> | null;
}

export interface CriterionPlan {
  def: CriterionDef;
  formula: { text: string; symbolic: string };
  indicators: IndicatorPlan[];
  inputs: Omit<ExplanationInput, 'value'>[];
  missingNotes: string[];
}

export interface Plan {
  criteria: CriterionPlan[];
  indicatorCount: number;
  totalFormula: { text: string; symbolic: string };
  totalInputs: Omit<ExplanationInput, 'value'>[];
}

const ru = (n: number) => String(n).replace('.', ',');

export function compileCriterion(m: MethodologyVersion, def: CriterionDef): CriterionPlan {
  const questions = new Map(m.questionnaire.questions.map((q) => [q.id, q]));
  const checklists = new Map(m.checklists.map((c) => [c.id, c]));
  const qLabel = (id: string) => {
    const q = questions.get(id);
    return q ? `ответили «да» на вопрос ${q.number}: ${q.shortLabel}` : `ответили «да» на вопрос ${id}`;
  };
  const indicators = def.indicators.map((ind): IndicatorPlan => {
    const f = ind.formula;
    const formula = { text: ind.formulaText, symbolic: ind.formulaSymbolic };
    if (f.kind === 'cappedCount') {
      const list = checklists.get(f.checklist);
      return {
        def: ind,
        criterion: def.id,
        formula,
        parts: [],
        isSurvey: false,
        countInput: { symbol: 'Т', label: `отмечено пунктов перечня ${list ? `«${list.title}»` : f.checklist}` },
      };
    }
    const parts = f.parts.map((p): PartPlan => {
      const s = p.source;
      const numerator =
        s.kind === 'information'
          ? { symbol: `I(${p.label})`, label: `найдено пунктов: ${p.label}` }
          : { symbol: `У(${p.label})`, label: qLabel(s.question) };
      const denominator =
        s.kind === 'information'
          ? { symbol: `Iнорм(${p.label})`, label: `пунктов по норме: ${p.label}` }
          : s.denominator === 'valid'
            ? { symbol: 'Чобщ', label: 'всего действительных анкет' }
            : { symbol: `Ч(${p.label})`, label: qLabel(s.denominator.filter) };
      const single = f.parts.length === 1;
      const what = `нет данных (${p.label}: знаменатель равен 0)`;
      return {
        weight: p.weight,
        label: p.label,
        source: s,
        numerator,
        denominator,
        missingNote: {
          reweight: single
            ? `${what}: показатель не рассчитывается, его вес передан остальным показателям критерия`
            : `${what}: учитывается только другая часть показателя`,
          zero: `${what}: по политике «${POLICY_RU.zero}» эта часть считается равной 0`,
          full: `${what}: по политике «${POLICY_RU.full}» эта часть считается равной 100`,
        },
      };
    });
    return {
      def: ind,
      criterion: def.id,
      formula,
      parts,
      isSurvey: parts.some((p) => p.source.kind === 'survey'),
      countInput: null,
    };
  });
  const terms = def.indicators.map((i) => `${ru(i.weight)} × П${i.id}`).join(' + ');
  return {
    def,
    formula: {
      text: `${terms} (веса показателей без данных передаются остальным)`,
      symbolic: `${def.id} = ${terms.replaceAll(' × ', '·')}`,
    },
    indicators,
    inputs: def.indicators.map((i) => ({ symbol: `П${i.id}`, label: i.title })),
    missingNotes: def.indicators.map(
      (i) => `показатель ${i.id} без данных: его вес ${ru(i.weight)} распределён между остальными`,
    ),
  };
}

const planCache = new WeakMap<MethodologyVersion, Plan>();

export function compile(m: MethodologyVersion): Plan {
  const cached = planCache.get(m);
  if (cached) return cached;
  const ids = m.criteria.map((c) => c.id);
  const plan: Plan = {
    criteria: m.criteria.map((c) => compileCriterion(m, c)),
    indicatorCount: m.criteria.reduce((s, c) => s + c.indicators.length, 0),
    totalFormula: {
      text: `среднее арифметическое ${ids.length} критериев`,
      symbolic: `Sn = (${ids.join(' + ')}) / ${ids.length}`,
    },
    totalInputs: m.criteria.map((c) => ({ symbol: c.id, label: c.title })),
  };
  planCache.set(m, plan);
  return plan;
}
