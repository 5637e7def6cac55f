// The shape of a methodology version. A version is plain data validated by zod, so that a campaign can
// pin it, an administrator can override its reference lists, and the engine can interpret any version
// without code changes.
import { z } from 'zod';

export const ORG_TYPES = ['preschool', 'school', 'college', 'additional'] as const;
export const orgTypeSchema = z.enum(ORG_TYPES);
export type OrgType = z.infer<typeof orgTypeSchema>;

export const INFO_CHANNELS = ['stand', 'site'] as const;
export const infoChannelSchema = z.enum(INFO_CHANNELS);
export type InfoChannel = z.infer<typeof infoChannelSchema>;

export const zeroDenominatorPolicySchema = z.enum(['reweight', 'zero', 'full']);
export type ZeroDenominatorPolicy = z.infer<typeof zeroDenominatorPolicySchema>;

export const roundingModeSchema = z.enum(['exact', 'operator']);
export type RoundingMode = z.infer<typeof roundingModeSchema>;

export const legalSourceSchema = z.object({
  id: z.string(),
  title: z.string(),
  issuer: z.string(),
  number: z.string(),
  date: z.iso.date(),
  note: z.string().optional(),
});
export type LegalSource = z.infer<typeof legalSourceSchema>;

/** Where a share's numerator and denominator come from in the raw inputs. */
export const ratioSourceSchema = z.discriminatedUnion('kind', [
  // found / norm items of the 1.1 list of one channel
  z.object({ kind: z.literal('information'), channel: infoChannelSchema }),
  // "yes" answers to `question` over either all valid respondents or the "yes" answers to a filter question
  z.object({
    kind: z.literal('survey'),
    question: z.string(),
    denominator: z.union([z.literal('valid'), z.object({ filter: z.string() })]),
  }),
]);
export type RatioSource = z.infer<typeof ratioSourceSchema>;

export const sharePartSchema = z.object({
  /** Share of the indicator's 100 points this part carries (parts of one indicator sum to 1). */
  weight: z.number().positive().max(1),
  source: ratioSourceSchema,
  /** Russian name of the part for explanations, e.g. «стенды». */
  label: z.string(),
});
export type SharePart = z.infer<typeof sharePartSchema>;

export const formulaSchema = z.discriminatedUnion('kind', [
  /** 100 × Σ weightᵢ · numᵢ/denᵢ; a part with a zero denominator is handled by the zero-denominator policy. */
  z.object({ kind: z.literal('share'), parts: z.array(sharePartSchema).min(1) }),
  /** min(cap, pointsPerItem × items present in a checklist). */
  z.object({
    kind: z.literal('cappedCount'),
    checklist: z.string(),
    pointsPerItem: z.number().positive(),
    cap: z.number().positive(),
  }),
]);
export type Formula = z.infer<typeof formulaSchema>;

export const indicatorDefSchema = z.object({
  id: z.string(),
  title: z.string(),
  weight: z.number().positive().max(1),
  formula: formulaSchema,
  /** Russian formula for people, e.g. «50 × Iстенд / Nстенд + 50 × Iсайт / Nсайт». */
  formulaText: z.string(),
  /** Symbolic form with the official notation. */
  formulaSymbolic: z.string(),
});
export type IndicatorDef = z.infer<typeof indicatorDefSchema>;

export const criterionDefSchema = z.object({
  id: z.string(),
  title: z.string(),
  shortTitle: z.string(),
  indicators: z.array(indicatorDefSchema).min(1),
});
export type CriterionDef = z.infer<typeof criterionDefSchema>;

export const checklistItemSchema = z.object({ id: z.string(), label: z.string() });
export type ChecklistItem = z.infer<typeof checklistItemSchema>;

export const checklistDefSchema = z.object({
  id: z.string(),
  indicator: z.string(),
  title: z.string(),
  /** What the expert must establish for an item to count. */
  rule: z.string(),
  items: z.array(checklistItemSchema).min(1),
});
export type ChecklistDef = z.infer<typeof checklistDefSchema>;

export const answerOptionSchema = z.object({ value: z.string(), label: z.string() });

export const questionSchema = z.object({
  id: z.string(),
  number: z.number().int().positive(),
  kind: z.enum(['yesNo', 'text']),
  /** Plain Russian wording shown to respondents. */
  text: z.string(),
  /** Short Russian label for reports and error messages. */
  shortLabel: z.string(),
  options: z.array(answerOptionSchema),
  /** Questions skipped when this one is answered "no". */
  skipIfNo: z.array(z.string()).default([]),
  /** A filter question's "yes" count is the denominator of the questions it gates. */
  role: z.enum(['filter', 'satisfaction', 'openText']),
  feeds: z.array(z.string()),
});
export type Question = z.infer<typeof questionSchema>;

export const profileQuestionSchema = z.object({
  id: z.string(),
  text: z.string(),
  options: z.array(answerOptionSchema).min(2),
});
export type ProfileQuestion = z.infer<typeof profileQuestionSchema>;

export const organisationTypeDefSchema = z.object({
  id: orgTypeSchema,
  name: z.string(),
  shortName: z.string(),
});

export const infoItemSchema = z.object({
  id: z.string(),
  label: z.string(),
  /** Legal source of the item, e.g. «273-ФЗ ст. 29 ч. 2 п. 1 «а»» or «Приказ Рособрнадзора № 1493 п. 7». */
  source: z.string(),
  /** /sveden/ subsection for site items. */
  section: z.string().optional(),
});
export type InfoItem = z.infer<typeof infoItemSchema>;

export const infoItemListsSchema = z.object({
  /** Reference data: a campaign may override these lists; the official per-type lists are not confirmed. */
  status: z.literal('reference'),
  note: z.string(),
  sources: z.array(z.string()),
  lists: z.record(orgTypeSchema, z.record(infoChannelSchema, z.array(infoItemSchema).min(1))),
});
export type InfoItemLists = z.infer<typeof infoItemListsSchema>;

export const bandSchema = z.object({
  /** Inclusive lower bound in whole points, compared with the score as shown (hundredths): see bands.ts. */
  from: z.number().int().min(0).max(100),
  label: z.string(),
});
export type Band = z.infer<typeof bandSchema>;

export const scoringDefaultsSchema = z.object({
  zeroDenominator: zeroDenominatorPolicySchema,
  rounding: roundingModeSchema,
  minRespondents: z.number().int().nonnegative(),
  sample: z.object({ share: z.number().positive().max(1), cap: z.number().int().positive() }),
  bands: z.array(bandSchema).min(1),
});
export type ScoringDefaults = z.infer<typeof scoringDefaultsSchema>;

export const methodologyVersionSchema = z.object({
  id: z.string(),
  title: z.string(),
  sources: z.array(legalSourceSchema).min(1),
  validFrom: z.iso.date(),
  validTo: z.iso.date().nullable(),
  criteria: z.array(criterionDefSchema).min(1),
  notUsed: z.array(z.object({ id: z.string(), title: z.string(), reason: z.string() })),
  checklists: z.array(checklistDefSchema),
  questionnaire: z.object({
    title: z.string(),
    intro: z.string(),
    questions: z.array(questionSchema).min(1),
    profile: z.array(profileQuestionSchema),
  }),
  organisationTypes: z.array(organisationTypeDefSchema).min(1),
  informationItems: infoItemListsSchema,
  defaults: scoringDefaultsSchema,
});
export type MethodologyVersion = z.infer<typeof methodologyVersionSchema>;
