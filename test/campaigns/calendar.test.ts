import { describe, expect, it } from 'vitest';
import { addMonths, countdownRu, daysRu } from '../../src/campaigns/dates';
import { isOverdue, legalClocks } from '../../src/campaigns/calendar';
import { periodicityVerdict } from '../../src/campaigns/periodicity';
import { policiesSchema } from '../../src/campaigns/policies';

describe('dates and plurals', () => {
  it('adds a month the way the Civil Code counts it', () => {
    expect(addMonths('2025-09-15', 1)).toBe('2025-10-15');
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2025-12-20', 1)).toBe('2026-01-20');
  });
  it('writes days with correct Russian plurals', () => {
    expect([1, 2, 4, 5, 11, 12, 21, 22, 25, 101, 111].map(daysRu)).toEqual([
      '1 день', '2 дня', '4 дня', '5 дней', '11 дней', '12 дней', '21 день', '22 дня', '25 дней', '101 день', '111 дней',
    ]);
    expect(countdownRu(1)).toBe('остался 1 день');
    expect(countdownRu(21)).toBe('остался 21 день');
    expect(countdownRu(3)).toBe('осталось 3 дня');
    expect(countdownRu(0)).toBe('срок истекает сегодня');
    expect(countdownRu(-2)).toBe('просрочено на 2 дня');
  });
});

describe('legal clocks', () => {
  it('do not run before the operator report date is entered', () => {
    const [a, b] = legalClocks({ operatorReportDate: null, councilResultsOn: null, measuresOn: null, today: '2025-10-01' });
    expect(a!.state).toBe('not_started');
    expect(b!.state).toBe('not_started');
  });
  it('count down from the operator report, then from the council decision', () => {
    const [a, b] = legalClocks({ operatorReportDate: '2025-09-15', councilResultsOn: null, measuresOn: null, today: '2025-10-10' });
    expect(a).toMatchObject({ deadline: '2025-10-15', daysLeft: 5, label: 'осталось 5 дней', state: 'running' });
    expect(b).toMatchObject({ deadline: '2025-11-15', provisional: true, state: 'not_started' });
    expect(b!.label).toContain('15.11.2025');
    const [c, d] = legalClocks({ operatorReportDate: '2025-09-15', councilResultsOn: '2025-10-01', measuresOn: null, today: '2025-10-31' });
    expect(c).toMatchObject({ state: 'met', label: 'выполнено в срок' });
    expect(d).toMatchObject({ deadline: '2025-11-01', daysLeft: 1, label: 'остался 1 день', provisional: false });
  });
  it('show overdue and late completion', () => {
    const [a] = legalClocks({ operatorReportDate: '2025-09-15', councilResultsOn: null, measuresOn: null, today: '2025-10-20' });
    expect(a).toMatchObject({ state: 'overdue', label: 'просрочено на 5 дней' });
    const [b] = legalClocks({ operatorReportDate: '2025-09-15', councilResultsOn: '2025-10-17', measuresOn: null, today: '2025-10-20' });
    expect(b).toMatchObject({ state: 'missed', label: 'выполнено с опозданием на 2 дня' });
  });
  it('flags planned steps past their date only', () => {
    expect(isOverdue({ status: 'planned', plannedOn: '2025-02-28' }, '2025-03-01')).toBe(true);
    expect(isOverdue({ status: 'planned', plannedOn: '2025-02-28' }, '2025-02-28')).toBe(false);
    expect(isOverdue({ status: 'done', plannedOn: '2025-02-28' }, '2025-03-01')).toBe(false);
  });
});

describe('periodicity', () => {
  const rec = (date: string) => ({ date, year: Number(date.slice(0, 4)), campaignId: 'x', title: `оценка ${date}` });
  it('never assessed → due', () => {
    expect(periodicityVerdict({ year: 2025, councilDecisionDate: '2025-02-20' }, [])).toMatchObject({ due: true, last: null, tooSoon: null });
  });
  it('three calendar years since the last assessment → due; two → not due', () => {
    expect(periodicityVerdict({ year: 2025, councilDecisionDate: null }, [rec('2022-02-20')]).due).toBe(true);
    expect(periodicityVerdict({ year: 2025, councilDecisionDate: null }, [rec('2023-02-20')]).due).toBe(false);
  });
  it('less than a year ago → needs a reason; exactly a year → fine', () => {
    expect(periodicityVerdict({ year: 2025, councilDecisionDate: '2025-02-20' }, [rec('2024-03-01')]).tooSoon?.date).toBe('2024-03-01');
    expect(periodicityVerdict({ year: 2025, councilDecisionDate: '2025-02-20' }, [rec('2024-02-20')]).tooSoon).toBeNull();
  });
});

describe('policies', () => {
  it('fills the documented defaults', () => {
    expect(policiesSchema.parse({})).toMatchObject({ zeroDenominator: 'reweight', rounding: 'exact', minN: 10, sample: { share: 0.4, cap: 600 } });
    expect(policiesSchema.parse({}).bands).toHaveLength(5);
  });
  it('refuses nonsense', () => {
    expect(policiesSchema.safeParse({ zeroDenominator: 'ignore' }).success).toBe(false);
    expect(policiesSchema.safeParse({ minN: 0 }).success).toBe(false);
    expect(policiesSchema.safeParse({ sample: { share: 1.5, cap: 600 } }).success).toBe(false);
    expect(policiesSchema.safeParse({ bands: [{ from: 50, label: 'a' }, { from: 60, label: 'b' }] }).success).toBe(false);
  });
});
