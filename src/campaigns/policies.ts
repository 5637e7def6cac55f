import { z } from 'zod';

/** Methodology versions a campaign may pin (src/methodology holds their content). */
export const knownMethodologies = [
  { id: 'edu-2019', title: 'Образование, 2019 (приказы Минтруда № 344н, Минпросвещения № 114)' },
] as const;
export const DEFAULT_METHODOLOGY = 'edu-2019';

export function isKnownMethodology(id: string): boolean {
  return knownMethodologies.some((m) => m.id === id);
}

export const defaultBands = [
  { from: 81, label: 'отлично' },
  { from: 61, label: 'хорошо' },
  { from: 41, label: 'удовлетворительно' },
  { from: 21, label: 'ниже среднего' },
  { from: 0, label: 'неудовлетворительно' },
];

const bandSchema = z.object({
  from: z.number().int().min(0, 'нижняя граница не меньше 0').max(100, 'нижняя граница не больше 100'),
  label: z.string().trim().min(1, 'у градации нет названия').max(60),
});

/**
 * The scoring policies a campaign pins (methodology.md, "decisions where the acts are silent"). Stored in
 * campaigns.policies; every report prints them.
 */
export const policiesSchema = z.object({
  zeroDenominator: z.enum(['reweight', 'zero', 'full']).default('reweight'),
  rounding: z.enum(['exact', 'operator']).default('exact'),
  bands: z
    .array(bandSchema)
    .min(2, 'нужно хотя бы две градации')
    .max(10)
    .default(defaultBands)
    .refine((b) => b.some((x) => x.from === 0), 'одна из градаций должна начинаться с 0')
    .refine((b) => new Set(b.map((x) => x.from)).size === b.length, 'нижние границы градаций не должны повторяться'),
  minN: z.number().int().min(1, 'минимум ответов — не меньше 1').max(1000).default(10),
  sample: z
    .object({
      share: z.number().gt(0, 'доля выборки больше 0').max(1, 'доля выборки не больше 1').default(0.4),
      cap: z.number().int().min(1).max(100_000).default(600),
    })
    .default({ share: 0.4, cap: 600 }),
});
export type CampaignPolicies = z.infer<typeof policiesSchema>;

export function defaultPolicies(): CampaignPolicies {
  return policiesSchema.parse({});
}

export const zeroDenominatorLabels = {
  reweight: 'перераспределить вес показателя (по умолчанию)',
  zero: 'считать показатель равным 0',
  full: 'считать показатель равным 100',
} as const;
export const roundingLabels = {
  exact: 'точный расчёт, округление только при показе',
  operator: 'как у оператора: до сотых на каждом шаге',
} as const;

/** Bands from the form's text: one «от — название» per line, e.g. «81 отлично». */
export function parseBands(text: string): { from: number; label: string }[] | string {
  const out: { from: number; label: string }[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const m = /^(\d{1,3})\s*[-–—:]?\s*(.+)$/.exec(line);
    if (!m) return `строка «${line}»: ожидается «число название», например «81 отлично»`;
    out.push({ from: Number(m[1]), label: m[2]!.trim() });
  }
  return out.sort((a, b) => b.from - a.from);
}

export function bandsToText(bands: { from: number; label: string }[]): string {
  return [...bands]
    .sort((a, b) => b.from - a.from)
    .map((b) => `${b.from} ${b.label}`)
    .join('\n');
}
