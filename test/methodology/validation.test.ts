import { describe, expect, it } from 'vitest';
import { parseContractInput } from '../../src/methodology/contract.ts';
import { scoreOrganisations } from '../../src/methodology/engine.ts';
import { InputError, validateRawInputs } from '../../src/methodology/inputs.ts';
import { requireMethodology } from '../../src/methodology/registry.ts';
import { org } from './helpers.ts';

const m = requireMethodology('edu-2019');
const issues = (spec: Parameters<typeof org>[0]) =>
  validateRawInputs(org({ id: 'x-1', name: 'Школа № 1', ...spec }), m);

describe('contradictory counts are input errors naming the organisation and field', () => {
  it('a consistent organisation has no issues', () => {
    expect(issues({})).toEqual([]);
  });
  it.each([
    ['satisfied > used (stands)', { yes: { q1: 10, q2: 11 } }, 'survey.yes.q2'],
    ['used > total', { valid: 50, yes: { q3: 51, q4: 10 } }, 'survey.yes.q3'],
    ['satisfied with staff > total', { yes: { q9: 51 } }, 'survey.yes.q9'],
    ['disabled satisfied > disabled', { yes: { q6: 1, q7: 2 } }, 'survey.yes.q7'],
    ['found > norm', { site: [41, 40] as [number, number] }, 'information.site.found'],
    ['negative count', { channels: -1 }, 'checklists.1.2'],
    ['non-integer', { yes: { q5: 4.5 } }, 'survey.yes.q5'],
    ['more items than the checklist has', { service: 7 }, 'checklists.3.2'],
  ])('%s', (_label, spec, path) => {
    const found = issues(spec);
    expect(found.map((i) => i.path)).toContain(path);
    const issue = found.find((i) => i.path === path)!;
    expect(issue.orgId).toBe('x-1');
    expect(issue.orgName).toBe('Школа № 1');
    expect(issue.field).toMatch(/[а-я]/);
    expect(issue.message).toMatch(/[а-я]/);
  });
  it('scoreOrganisations throws one InputError listing every organisation at fault', () => {
    const bad = [
      org({ id: 'ok' }),
      org({ id: 'bad-1', name: 'Сад № 5', yes: { q1: 1, q2: 2 } }),
      org({ id: 'bad-2', channels: 1.5 }),
    ];
    let error: unknown;
    try {
      scoreOrganisations(bad, m);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    const e = error as InputError;
    expect(e.issues.map((i) => i.orgId)).toEqual(['bad-1', 'bad-2']);
    expect(e.message).toContain('«Сад № 5» (id bad-1), поле survey.yes.q2');
  });
});

describe('contract adapter', () => {
  const valid = {
    id: 's-1',
    name: 'Школа № 1',
    type: 'school',
    info: { standFound: 10, standNorm: 12, siteFound: 20, siteNorm: 30 },
    channels: 3,
    comfort: 4,
    premisesAccess: 2,
    serviceAccess: 3,
    survey: {
      total: 20,
      usedStand: 10,
      satStand: 9,
      usedSite: 15,
      satSite: 14,
      satComfort: 18,
      disabled: 2,
      satAccess: 1,
      satFirstContact: 19,
      satStaff: 20,
      usedDistance: 5,
      satDistance: 5,
      recommend: 17,
      satOrgConditions: 16,
      satOverall: 18,
    },
  };
  it('maps the contract onto raw inputs', () => {
    const r = parseContractInput({ organisations: [valid] }, m);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const raw = r.organisations[0]!;
    expect(raw.information.stand).toEqual({ found: 10, norm: 12 });
    expect(raw.checklists['3.2']).toBe(3);
    expect(raw.survey.valid).toBe(20);
    expect(raw.survey.yes.q9).toBe(20); // satStaff
    expect(raw.survey.yes.q8).toBe(19); // satFirstContact
    expect(raw.survey.yes.q6).toBe(2); // disabled
  });
  it('names the organisation and the contract field for schema errors', () => {
    const r = parseContractInput(
      { organisations: [valid, { ...valid, id: 's-2', name: 'Гимназия', survey: { ...valid.survey, satStand: -1 } }] },
      m,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toContain('id s-2');
    expect(r.errors[0]).toContain('«Гимназия»');
    expect(r.errors[0]).toContain('survey.satStand');
    expect(r.errors[0]).toContain('отрицательным');
  });
  it('names the contract field for contradictions, missing fields and bad types', () => {
    const r = parseContractInput({ organisations: [{ ...valid, survey: { ...valid.survey, satStaff: 21 } }] }, m);
    expect(!r.ok && r.errors.join('\n')).toMatch(/id s-1.*survey\.satStaff/);
    const { channels: _c, ...noChannels } = valid;
    const r2 = parseContractInput({ organisations: [noChannels] }, m);
    expect(!r2.ok && r2.errors.join('\n')).toMatch(/channels: поле отсутствует/);
    const r3 = parseContractInput({ organisations: [{ ...valid, type: 'university' }] }, m);
    expect(!r3.ok && r3.errors.join('\n')).toMatch(/type:.*preschool/);
    const r4 = parseContractInput({ orgs: [] }, m);
    expect(r4.ok).toBe(false);
    const r5 = parseContractInput({ organisations: [valid, valid] }, m);
    expect(!r5.ok && r5.errors.join('\n')).toMatch(/уже использован/);
  });
});
