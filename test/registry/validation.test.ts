import { describe, expect, it } from 'vitest';
import {
  checkInn,
  checkKpp,
  checkOgrn,
  innWithCheckDigit,
  ogrnWithCheckDigit,
  parseOrganisationType,
} from '../../src/registry/validation';
import { parseRussianDate, validateOrganisation } from '../../src/registry/fields';

describe('ИНН', () => {
  it.each(['7707083893', '3664069397', '0274062111', '500100732259'])('accepts the real number %s', (v) =>
    expect(checkInn(v)).toBeNull(),
  );
  it.each([
    ['7707083894', /контрольной цифры/],
    ['500100732258', /контрольных цифр/],
    ['770708389', /10 или 12 цифр.*ведущий ноль/],
    ['77070838931', /10 или 12/],
    ['77O7083893', /только из цифр/],
  ])('refuses %s', (v, re) => expect(checkInn(v)).toMatch(re));
  it('completes check digits consistently', () => {
    for (const p of ['360100001', '770708389', '000000001']) expect(checkInn(innWithCheckDigit(p))).toBeNull();
  });
});

describe('ОГРН', () => {
  it.each(['1027700132195', '1027739609391', '304500116000157'])('accepts %s', (v) => expect(checkOgrn(v)).toBeNull());
  it.each(['1027700132194', '304500116000158', '10277001321', 'abc'])('refuses %s', (v) =>
    expect(checkOgrn(v)).not.toBeNull(),
  );
  it('completes check digits', () => expect(checkOgrn(ogrnWithCheckDigit('102360000001'))).toBeNull());
});

describe('КПП', () => {
  it.each(['773601001', '7736AB001'])('accepts %s', (v) => expect(checkKpp(v)).toBeNull());
  it.each(['77360100', '7736ab001', '77360100A', 'АБВГДЕЁЖЗ'])('refuses %s', (v) => expect(checkKpp(v)).not.toBeNull());
});

describe('types and dates', () => {
  it('reads the names offices write', () => {
    expect(parseOrganisationType('ДОО')).toBe('preschool');
    expect(parseOrganisationType(' Детский сад ')).toBe('preschool');
    expect(parseOrganisationType('школа')).toBe('school');
    expect(parseOrganisationType('СПО')).toBe('college');
    expect(parseOrganisationType('ДОД')).toBe('additional');
    expect(parseOrganisationType('additional')).toBe('additional');
    expect(parseOrganisationType('вуз')).toBeNull();
  });
  it('reads dd.mm.yyyy, ISO and Excel serial dates', () => {
    expect(parseRussianDate('15.03.2022')).toBe('2022-03-15');
    expect(parseRussianDate('2022-03-15')).toBe('2022-03-15');
    expect(parseRussianDate('44635')).toBe('2022-03-15');
    expect(parseRussianDate('31.02.2022')).toBeNull();
    expect(parseRussianDate('завтра')).toBeNull();
  });
  it('names every problem of a card', () => {
    const r = validateOrganisation({ fullName: ' ', shortName: '', type: 'вуз', inn: '7707083894', recipients: '-5' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.errors).sort()).toEqual(['fullName', 'inn', 'recipients', 'shortName', 'type']);
  });
});
