import { describe, expect, it } from 'vitest';
import { addMonths, countdownRu, daysRu } from '../../src/campaigns/dates';
import { defaultSteps, legalClocks, stepStates } from '../../src/campaigns/calendar';
import { bundledCalendar } from '../../src/calendar/bundled.server';
import type { CampaignEventKind } from '../../src/db/schema/campaigns';
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
      '1 день',
      '2 дня',
      '4 дня',
      '5 дней',
      '11 дней',
      '12 дней',
      '21 день',
      '22 дня',
      '25 дней',
      '101 день',
      '111 дней',
    ]);
    expect(countdownRu(1)).toBe('остался 1 день');
    expect(countdownRu(21)).toBe('остался 21 день');
    expect(countdownRu(3)).toBe('осталось 3 дня');
    expect(countdownRu(0)).toBe('срок истекает сегодня');
    expect(countdownRu(-2)).toBe('просрочено на 2 дня');
  });
});

describe('legal clocks (ГК РФ 191–193, production calendar)', () => {
  const calendar = bundledCalendar();
  const ev = (e: Partial<Record<CampaignEventKind, string>>) => e;
  it('wait («ожидает», not overdue) before the operator report is received', () => {
    const [a, b] = legalClocks({ events: ev({}), calendar, today: '2025-12-01' });
    expect(a).toMatchObject({ state: 'waiting', deadline: null, label: 'ожидает: отчёт оператора ещё не получен' });
    expect(b!.state).toBe('waiting');
  });
  it('count from the report, then from the real council decision date', () => {
    const [a, b] = legalClocks({
      events: ev({ operator_report_received: '2025-09-15' }),
      calendar,
      today: '2025-10-10',
    });
    expect(a).toMatchObject({
      deadline: '2025-10-15',
      daysLeft: 5,
      label: 'осталось 5 дней',
      state: 'running',
      preliminary: null,
    });
    expect(a!.computed).toMatchObject({ nominal: '2025-10-15', calendar: 'производственный календарь на 2025 год' });
    // Estimated from the council's own deadline until the council decides.
    expect(b).toMatchObject({ deadline: '2025-11-17', provisional: true, state: 'waiting' });
    expect(b!.label).toContain('17.11.2025');
    const [c, d] = legalClocks({
      events: ev({ operator_report_received: '2025-09-15', council_results_adopted: '2025-10-01' }),
      calendar,
      today: '2025-10-31',
    });
    expect(c).toMatchObject({ state: 'met', label: 'выполнено в срок' });
    // 01.11.2025 is a Saturday, 02.11 Sunday, 03.11 a transferred day off, 04.11 a holiday: the 5th.
    expect(d).toMatchObject({ startsOn: '2025-10-01', deadline: '2025-11-05', provisional: false });
    expect(d!.computed).toMatchObject({ nominal: '2025-11-01' });
  });
  it('move a deadline that ends on a day off to the next working day', () => {
    // The month ends on 04.11.2025, a holiday (День народного единства): the deadline is the next working day.
    const [a] = legalClocks({ events: ev({ operator_report_received: '2025-10-04' }), calendar, today: '2025-10-10' });
    expect(a!.computed!.nominal).toBe('2025-11-04');
    expect(a!.deadline).toBe('2025-11-05');
  });
  it('show overdue and late completion', () => {
    const [a] = legalClocks({ events: ev({ operator_report_received: '2025-09-15' }), calendar, today: '2025-10-20' });
    expect(a).toMatchObject({ state: 'overdue', label: 'просрочено на 5 дней' });
    const [b] = legalClocks({
      events: ev({ operator_report_received: '2025-09-15', council_results_adopted: '2025-10-17' }),
      calendar,
      today: '2025-10-20',
    });
    expect(b).toMatchObject({ state: 'missed', label: 'выполнено с опозданием на 2 дня' });
  });
  it('say that a deadline in a year without a calendar is preliminary', () => {
    const [a] = legalClocks({ events: ev({ operator_report_received: '2027-09-15' }), calendar, today: '2027-09-20' });
    expect(a!.preliminary).toBe('календарь на 2027 год не загружен — срок предварительный');
    expect(a!.computed!.calendar).toContain('ст. 112 ТК РФ');
  });
});

describe('steps follow events', () => {
  const calendar = bundledCalendar();
  const steps = defaultSteps(2025).map((s, i) => ({ ...s, id: String(i), doneOn: null }));
  it('a step whose prerequisite has not happened waits, even when its planned date is past', () => {
    const events = {};
    const v = stepStates(steps, events, legalClocks({ events, calendar, today: '2025-12-20' }), '2025-12-20');
    const by = (k: string) => v.find((s) => s.key === k)!;
    expect(by('list').state).toBe('overdue');
    expect(by('council_results').state).toBe('waiting');
    expect(by('authority_measures').state).toBe('waiting');
    expect(by('improvement_plans').state).toBe('waiting');
  });
  it('the council step is due on the statutory deadline, done when its event is recorded', () => {
    const events = { list_approved: '2025-02-20', operator_report_received: '2025-09-15' };
    const v = stepStates(steps, events, legalClocks({ events, calendar, today: '2025-10-20' }), '2025-10-20');
    const by = (k: string) => v.find((s) => s.key === k)!;
    expect(by('list')).toMatchObject({ state: 'done', doneOn: '2025-02-20' });
    expect(by('council_results')).toMatchObject({ state: 'overdue', dueOn: '2025-10-15' });
    expect(by('authority_measures').state).toBe('waiting');
  });
  it('a campaign created late in its year gets no default dates already past', () => {
    const s = defaultSteps(2025, '2025-06-01');
    expect(s.find((x) => x.key === 'list')!.plannedOn).toBeNull();
    expect(s.find((x) => x.key === 'data_collection')!.plannedOn).toBe('2025-08-31');
  });
});

describe('periodicity', () => {
  const rec = (date: string) => ({ date, year: Number(date.slice(0, 4)), campaignId: 'x', title: `оценка ${date}` });
  it('never assessed → due', () => {
    expect(periodicityVerdict({ year: 2025, councilDecisionDate: '2025-02-20' }, [])).toMatchObject({
      due: true,
      last: null,
      tooSoon: null,
    });
  });
  it('three calendar years since the last assessment → due; two → not due', () => {
    expect(periodicityVerdict({ year: 2025, councilDecisionDate: null }, [rec('2022-02-20')]).due).toBe(true);
    expect(periodicityVerdict({ year: 2025, councilDecisionDate: null }, [rec('2023-02-20')]).due).toBe(false);
  });
  it('less than a year ago → needs a reason; exactly a year → fine', () => {
    expect(
      periodicityVerdict({ year: 2025, councilDecisionDate: '2025-02-20' }, [rec('2024-03-01')]).tooSoon?.date,
    ).toBe('2024-03-01');
    expect(
      periodicityVerdict({ year: 2025, councilDecisionDate: '2025-02-20' }, [rec('2024-02-20')]).tooSoon,
    ).toBeNull();
  });
});

describe('policies', () => {
  it('fills the documented defaults', () => {
    expect(policiesSchema.parse({})).toMatchObject({
      zeroDenominator: 'reweight',
      rounding: 'exact',
      minN: 10,
      sample: { share: 0.4, cap: 600 },
    });
    expect(policiesSchema.parse({}).bands).toHaveLength(5);
  });
  it('refuses nonsense', () => {
    expect(policiesSchema.safeParse({ zeroDenominator: 'ignore' }).success).toBe(false);
    expect(policiesSchema.safeParse({ minN: 0 }).success).toBe(false);
    expect(policiesSchema.safeParse({ sample: { share: 1.5, cap: 600 } }).success).toBe(false);
    expect(
      policiesSchema.safeParse({
        bands: [
          { from: 50, label: 'a' },
          { from: 60, label: 'b' },
        ],
      }).success,
    ).toBe(false);
  });
});
