// Every microdata item the rules check has a Russian name, so no page or report falls back to a bare itemprop.
import { describe, expect, it } from 'vitest';
import { RULESETS } from '../../src/site-audit/rules/rulesets';
import { itemLabel, itemName, KNOWN_ITEMPROPS } from '../../src/site-audit/item-names';

describe('Russian names of the /sveden/ items', () => {
  it('cover every itemprop of every rule set', () => {
    const missing = RULESETS.flatMap((r) => r.sections.flatMap((s) => s.items.map((i) => i.itemprop))).filter(
      (p) => !KNOWN_ITEMPROPS.includes(p),
    );
    expect([...new Set(missing)]).toEqual([]);
  });
  it('say the Russian name with the microdata name beside', () => {
    expect(itemName('ustavDocLink')).toBe('Устав');
    expect(itemLabel('ustavDocLink')).toBe('Устав (ustavDocLink)');
    expect(itemLabel('somethingNew')).toBe('somethingNew');
  });
});
