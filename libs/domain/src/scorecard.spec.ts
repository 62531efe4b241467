import {
  DEFAULT_SCORECARD_WEIGHTS,
  parseScorecardWeights,
  scoreDepartment,
  scorecardFormula,
  type ScorecardFacts,
} from './scorecard';

const facts = (over: Partial<ScorecardFacts> = {}): ScorecardFacts => ({
  due: 0,
  closedOnTime: 0,
  overdueDays: 0,
  sentBacks: 0,
  escalations: 0,
  accountabilityRecords: 0,
  openOrders: 0,
  ...over,
});

describe('scorecard', () => {
  const w = {
    base: 50,
    onTime: 40,
    overdueDay: 0.5,
    sentBack: 2,
    escalation: 3,
    accountability: 5,
    openOrder: 4,
  };

  it('adds the on-time share of its weight and takes each count times its weight off', () => {
    // 3 of 4 due closed on time: 0.75 × 40 = 30; 7 days × 0.5 = 3.5; 2 × 2; 1 × 3; 1 × 5; 2 × 4.
    const s = scoreDepartment(
      facts({
        due: 4,
        closedOnTime: 3,
        overdueDays: 7,
        sentBacks: 2,
        escalations: 1,
        accountabilityRecords: 1,
        openOrders: 2,
      }),
      w,
    );
    expect(s.components).toEqual({
      onTimeRate: { value: 0.75, weight: 40, points: 30 },
      overdueDays: { value: 7, weight: 0.5, points: -3.5 },
      sentBacks: { value: 2, weight: 2, points: -4 },
      escalations: { value: 1, weight: 3, points: -3 },
      accountabilityRecords: { value: 1, weight: 5, points: -5 },
      openOrders: { value: 2, weight: 4, points: -8 },
    });
    expect(s.score).toBe(50 + 30 - 3.5 - 4 - 3 - 5 - 8);
  });

  it('gives the on-time points in full when nothing came due, and never goes below 0', () => {
    const none = scoreDepartment(facts(), w);
    expect(none.components.onTimeRate).toEqual({ value: null, weight: 40, points: 40 });
    expect(none.score).toBe(90);
    expect(scoreDepartment(facts({ due: 1, overdueDays: 500 }), w).score).toBe(0);
  });

  it('rounds the rate to four places and points to two', () => {
    const s = scoreDepartment(facts({ due: 3, closedOnTime: 1 }), w);
    expect(s.components.onTimeRate.value).toBe(0.3333);
    expect(s.components.onTimeRate.points).toBe(13.33);
  });

  it('writes the weights into the formula', () => {
    expect(scorecardFormula(w)).toBe(
      '得分 = max(0, 50 + 40 × 按期办结率 − 0.5 × 超期天数 − 2 × 退回次数 − 3 × 升级督办次数 − 5 × 问责次数 − 4 × 未办结督办单)',
    );
  });

  it('reads SCORECARD_WEIGHTS over the defaults and names what is wrong', () => {
    expect(parseScorecardWeights(undefined)).toEqual({
      weights: DEFAULT_SCORECARD_WEIGHTS,
      problems: [],
    });
    expect(parseScorecardWeights('{"openOrder":1.5}').weights).toEqual({
      ...DEFAULT_SCORECARD_WEIGHTS,
      openOrder: 1.5,
    });
    expect(parseScorecardWeights('[1]').problems).toEqual([
      'SCORECARD_WEIGHTS must be a JSON object',
    ]);
    expect(parseScorecardWeights('{nope').problems).toHaveLength(1);
    expect(parseScorecardWeights('{"bonus":1,"sentBack":-1,"base":"60"}').problems).toEqual([
      expect.stringContaining('unknown weight bonus'),
      'SCORECARD_WEIGHTS.sentBack must be a number from 0 to 1000',
      'SCORECARD_WEIGHTS.base must be a number from 0 to 1000',
    ]);
  });
});
