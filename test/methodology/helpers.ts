// Builders for engine inputs in tests: a fully specified hand-worked organisation and overrides.
import type { RawInputs } from '../../src/methodology/inputs.ts';

export type SurveyYes = Record<`q${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14}`, number>;

export interface Spec {
  id?: string;
  name?: string;
  stand?: [found: number, norm: number];
  site?: [found: number, norm: number];
  channels?: number;
  comfort?: number;
  premises?: number;
  service?: number;
  valid?: number;
  yes?: Partial<SurveyYes>;
  recipients?: number;
}

/**
 * Organisation A, worked by hand in engine.test.ts:
 * stand 12/15, site 30/40, 2 channels, 4 comfort, 2 premises, 3 service items; N = 50;
 * q1 20, q2 15, q3 40, q4 36, q5 45, q6 5, q7 4, q8 48, q9 49, q10 25, q11 20, q12 40, q13 35, q14 42.
 */
export const ORG_A_YES: SurveyYes = {
  q1: 20,
  q2: 15,
  q3: 40,
  q4: 36,
  q5: 45,
  q6: 5,
  q7: 4,
  q8: 48,
  q9: 49,
  q10: 25,
  q11: 20,
  q12: 40,
  q13: 35,
  q14: 42,
};

export function org(spec: Spec = {}): RawInputs {
  const [standFound, standNorm] = spec.stand ?? [12, 15];
  const [siteFound, siteNorm] = spec.site ?? [30, 40];
  const raw: RawInputs = {
    id: spec.id ?? 'org-a',
    name: spec.name ?? 'Организация А',
    type: 'school',
    information: { stand: { found: standFound, norm: standNorm }, site: { found: siteFound, norm: siteNorm } },
    checklists: {
      '1.2': spec.channels ?? 2,
      '2.1': spec.comfort ?? 4,
      '3.1': spec.premises ?? 2,
      '3.2': spec.service ?? 3,
    },
    survey: { valid: spec.valid ?? 50, yes: { ...ORG_A_YES, ...spec.yes } },
  };
  if (spec.recipients !== undefined) raw.recipients = spec.recipients;
  return raw;
}
