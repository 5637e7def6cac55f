// The public file contract of `noko score` (issue 2): its zod schema, the adapter onto the engine's
// generic RawInputs, and the JSON output shape. Kept here, not in cli/, so the API can reuse it.
import { z } from 'zod';
import { validateRawInputs } from './inputs.ts';
import type { RawInputs } from './inputs.ts';
import type { ScoringRun } from './engine.ts';
import { ORG_TYPES } from './types.ts';
import type { MethodologyVersion } from './types.ts';

const count = z.number().int().nonnegative();

const surveyFields = [
  'total',
  'usedStand',
  'satStand',
  'usedSite',
  'satSite',
  'satComfort',
  'disabled',
  'satAccess',
  'satFirstContact',
  'satStaff',
  'usedDistance',
  'satDistance',
  'recommend',
  'satOrgConditions',
  'satOverall',
] as const;
type SurveyField = (typeof surveyFields)[number];

export const contractOrganisationSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  type: z.enum(ORG_TYPES),
  info: z.object({ standFound: count, standNorm: count, siteFound: count, siteNorm: count }),
  channels: count,
  comfort: count,
  premisesAccess: count,
  serviceAccess: count,
  survey: z.object(Object.fromEntries(surveyFields.map((f) => [f, count])) as Record<SurveyField, typeof count>),
});

export const contractInputSchema = z.object({ organisations: z.array(contractOrganisationSchema) });
export type ContractOrganisation = z.infer<typeof contractOrganisationSchema>;
export type ContractInput = z.infer<typeof contractInputSchema>;

/** Contract survey field → questionnaire question whose "yes" count it is. */
const SURVEY_QUESTION: Record<Exclude<SurveyField, 'total'>, string> = {
  usedStand: 'q1',
  satStand: 'q2',
  usedSite: 'q3',
  satSite: 'q4',
  satComfort: 'q5',
  disabled: 'q6',
  satAccess: 'q7',
  satFirstContact: 'q8',
  satStaff: 'q9',
  usedDistance: 'q10',
  satDistance: 'q11',
  recommend: 'q12',
  satOrgConditions: 'q13',
  satOverall: 'q14',
};

const CHECKLIST_FIELD = {
  '1.2': 'channels',
  '2.1': 'comfort',
  '3.1': 'premisesAccess',
  '3.2': 'serviceAccess',
} as const;

/** RawInputs path → contract field path, so errors name the field the user wrote. */
const RAW_TO_CONTRACT = new Map<string, string>([
  ['information.stand.found', 'info.standFound'],
  ['information.stand.norm', 'info.standNorm'],
  ['information.site.found', 'info.siteFound'],
  ['information.site.norm', 'info.siteNorm'],
  ['survey.valid', 'survey.total'],
  ...Object.entries(CHECKLIST_FIELD).map(([id, field]): [string, string] => [`checklists.${id}`, field]),
  ...Object.entries(SURVEY_QUESTION).map(([field, q]): [string, string] => [`survey.yes.${q}`, `survey.${field}`]),
]);

export function contractToRawInputs(o: ContractOrganisation): RawInputs {
  const s = o.survey;
  const yes: Record<string, number> = {};
  for (const [field, q] of Object.entries(SURVEY_QUESTION)) yes[q] = s[field as keyof typeof SURVEY_QUESTION];
  return {
    id: o.id,
    name: o.name,
    type: o.type,
    information: {
      stand: { found: o.info.standFound, norm: o.info.standNorm },
      site: { found: o.info.siteFound, norm: o.info.siteNorm },
    },
    checklists: { '1.2': o.channels, '2.1': o.comfort, '3.1': o.premisesAccess, '3.2': o.serviceAccess },
    survey: { valid: s.total, yes },
  };
}

export type ParseResult = { ok: true; organisations: RawInputs[] } | { ok: false; errors: string[] };

function describeOrg(json: unknown, index: number): string {
  const orgs = (json as { organisations?: unknown } | null)?.organisations;
  const org = Array.isArray(orgs) ? (orgs[index] as Record<string, unknown> | undefined) : undefined;
  const id = typeof org?.id === 'string' ? org.id : undefined;
  const name = typeof org?.name === 'string' ? org.name : undefined;
  const who = [id && `id ${id}`, name && `«${name}»`].filter(Boolean).join(', ');
  return `организация № ${index + 1}${who ? ` (${who})` : ''}`;
}

function zodIssueRu(issue: z.core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return 'поле отсутствует';
      if (issue.expected === 'int') return `${JSON.stringify(value)} — должно быть целым числом`;
      return `${JSON.stringify(value)} — ожидается ${issue.expected === 'number' ? 'число' : issue.expected === 'string' ? 'строка' : issue.expected === 'array' ? 'массив' : 'объект'}`;
    case 'too_small':
      return typeof value === 'string'
        ? 'не может быть пустым'
        : `${JSON.stringify(value)} — не может быть отрицательным`;
    case 'invalid_value':
      return `${JSON.stringify(value)} — допустимые значения: ${ORG_TYPES.join(', ')}`;
    default:
      return issue.message;
  }
}

function valueAt(json: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = json;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/**
 * Parses the contract JSON (already JSON.parse'd): schema errors, then duplicate ids, then counts that
 * contradict each other. Every error names the organisation and the field in the user's terms.
 */
export function parseContractInput(json: unknown, methodology: MethodologyVersion): ParseResult {
  const parsed = contractInputSchema.safeParse(json);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => {
      const [head, index, ...rest] = issue.path;
      const value = valueAt(json, issue.path);
      if (head === 'organisations' && typeof index === 'number') {
        const field = rest.length > 0 ? rest.join('.') : '(вся запись)';
        return `${describeOrg(json, index)}: поле ${field}: ${zodIssueRu(issue, value)}`;
      }
      return `поле ${issue.path.join('.') || '(корень)'}: ${zodIssueRu(issue, value)} (ожидается {"organisations": [...]})`;
    });
    return { ok: false, errors };
  }
  const errors: string[] = [];
  const seen = new Map<string, number>();
  parsed.data.organisations.forEach((o, i) => {
    const first = seen.get(o.id);
    if (first !== undefined) {
      errors.push(`${describeOrg(json, i)}: поле id: «${o.id}» уже использован у организации № ${first + 1}`);
    } else seen.set(o.id, i);
  });
  const organisations = parsed.data.organisations.map(contractToRawInputs);
  organisations.forEach((raw, i) => {
    for (const issue of validateRawInputs(raw, methodology)) {
      const field = RAW_TO_CONTRACT.get(issue.path) ?? issue.path;
      errors.push(`${describeOrg(json, i)}: поле ${field} (${issue.field}): ${issue.message}`);
    }
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, organisations };
}

export interface ContractOutput {
  organisations: {
    id: string;
    indicators: Record<string, number | null>;
    criteria: Record<string, number | null>;
    total: number | null;
    band: string | null;
    rank: number | null;
  }[];
  territory: { total: number | null; criteria: Record<string, number | null> };
}

export function toContractOutput(run: ScoringRun, methodology: MethodologyVersion): ContractOutput {
  const indicatorIds = methodology.criteria.flatMap((c) => c.indicators.map((i) => i.id));
  const criterionIds = methodology.criteria.map((c) => c.id);
  return {
    organisations: run.organisations.map((o) => ({
      id: o.id,
      indicators: Object.fromEntries(indicatorIds.map((id) => [id, o.indicators[id]?.value ?? null])),
      criteria: Object.fromEntries(criterionIds.map((id) => [id, o.criteria[id]?.value ?? null])),
      total: o.total,
      band: o.band,
      rank: o.rank,
    })),
    territory: {
      total: run.territory.total,
      criteria: Object.fromEntries(criterionIds.map((id) => [id, run.territory.criteria[id] ?? null])),
    },
  };
}
