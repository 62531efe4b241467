/**
 * 绩效考核 (appraisal scorecard): one department's score over a period from six figures and
 * configurable weights (SCORECARD_WEIGHTS). The figures are counted in SQL by the API; this is
 * the arithmetic, kept pure so the API, the export and the tests share one formula:
 *
 *   score = max(0, base + onTime × 按期办结率 − overdueDay × 超期天数 − sentBack × 退回次数
 *               − escalation × 升级督办次数 − accountability × 问责次数 − openOrder × 未办结督办单)
 *
 * A department with no finding come due has no rate; it is given the on-time points in full
 * (nothing of it was late).
 */

export const SCORECARD_COMPONENTS = [
  'onTimeRate',
  'overdueDays',
  'sentBacks',
  'escalations',
  'accountabilityRecords',
  'openOrders',
] as const;
export type ScorecardComponent = (typeof SCORECARD_COMPONENTS)[number];

export interface ScorecardWeights {
  /** Points every department starts from. */
  base: number;
  /** Points for an on-time rate of 100 % (pro rata below). */
  onTime: number;
  /** Points off per day overdue. */
  overdueDay: number;
  /** Points off per send-back (a review or approval answered `reject`). */
  sentBack: number;
  /** Points off per escalation (a late step on the 督办 ladder). */
  escalation: number;
  /** Points off per 问责 record. */
  accountability: number;
  /** Points off per 督办单 not yet accepted. */
  openOrder: number;
}

export const DEFAULT_SCORECARD_WEIGHTS: ScorecardWeights = {
  base: 60,
  onTime: 40,
  overdueDay: 0.5,
  sentBack: 2,
  escalation: 3,
  accountability: 5,
  openOrder: 2,
};

/** Which weight each component is scored with. */
export const SCORECARD_WEIGHT_OF: Record<ScorecardComponent, keyof ScorecardWeights> = {
  onTimeRate: 'onTime',
  overdueDays: 'overdueDay',
  sentBacks: 'sentBack',
  escalations: 'escalation',
  accountabilityRecords: 'accountability',
  openOrders: 'openOrder',
};

/** The Chinese names the formula, the page and the workbook use. */
export const SCORECARD_COMPONENT_NAMES: Record<ScorecardComponent, string> = {
  onTimeRate: '按期办结率',
  overdueDays: '超期天数',
  sentBacks: '退回次数',
  escalations: '升级督办次数',
  accountabilityRecords: '问责次数',
  openOrders: '未办结督办单',
};

/** One department's counted facts (SQL aggregates). */
export interface ScorecardFacts {
  /** Findings come due: closed, or past their deadline (整改时限). */
  due: number;
  /** Of those, closed by their deadline. */
  closedOnTime: number;
  overdueDays: number;
  sentBacks: number;
  escalations: number;
  accountabilityRecords: number;
  openOrders: number;
}

export interface ScorecardPart {
  /** The figure (a rate from 0 to 1, or null when nothing came due; otherwise a count). */
  value: number | null;
  weight: number;
  /** What it adds to (positive) or takes off (negative) the score. */
  points: number;
}

export interface ScorecardScore {
  components: Record<ScorecardComponent, ScorecardPart>;
  score: number;
}

const round2 = (n: number) => Math.round(n * 100) / 100 + 0;

/** Parses SCORECARD_WEIGHTS (a JSON object of some weights); answers the problems if any. */
export function parseScorecardWeights(text: string | undefined): {
  weights: ScorecardWeights;
  problems: string[];
} {
  const weights = { ...DEFAULT_SCORECARD_WEIGHTS };
  if (!text || text.trim() === '') return { weights, problems: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { weights, problems: ['SCORECARD_WEIGHTS must be a JSON object'] };
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    return { weights, problems: ['SCORECARD_WEIGHTS must be a JSON object'] };
  const problems: string[] = [];
  for (const [key, value] of Object.entries(parsed)) {
    if (!(key in DEFAULT_SCORECARD_WEIGHTS)) {
      problems.push(
        `SCORECARD_WEIGHTS has an unknown weight ${key} (known: ${Object.keys(DEFAULT_SCORECARD_WEIGHTS).join(', ')})`,
      );
      continue;
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1000) {
      problems.push(`SCORECARD_WEIGHTS.${key} must be a number from 0 to 1000`);
      continue;
    }
    weights[key as keyof ScorecardWeights] = value;
  }
  return { weights, problems };
}

/** One department's components and score from its facts. */
export function scoreDepartment(facts: ScorecardFacts, weights: ScorecardWeights): ScorecardScore {
  const rate = facts.due > 0 ? facts.closedOnTime / facts.due : null;
  const penalty = (value: number, weight: number): ScorecardPart => ({
    value,
    weight,
    points: round2(-value * weight),
  });
  const components: Record<ScorecardComponent, ScorecardPart> = {
    onTimeRate: {
      value: rate === null ? null : Math.round(rate * 10_000) / 10_000,
      weight: weights.onTime,
      points: round2((rate ?? 1) * weights.onTime),
    },
    overdueDays: penalty(facts.overdueDays, weights.overdueDay),
    sentBacks: penalty(facts.sentBacks, weights.sentBack),
    escalations: penalty(facts.escalations, weights.escalation),
    accountabilityRecords: penalty(facts.accountabilityRecords, weights.accountability),
    openOrders: penalty(facts.openOrders, weights.openOrder),
  };
  const total = SCORECARD_COMPONENTS.reduce((s, c) => s + components[c].points, weights.base);
  return { components, score: Math.max(0, round2(total)) };
}

/** The formula with the weights written in, in Chinese (as the page and the workbook show it). */
export function scorecardFormula(weights: ScorecardWeights): string {
  const names = SCORECARD_COMPONENT_NAMES;
  const off = SCORECARD_COMPONENTS.filter((c) => c !== 'onTimeRate')
    .map((c) => ` − ${weights[SCORECARD_WEIGHT_OF[c]]} × ${names[c]}`)
    .join('');
  return `得分 = max(0, ${weights.base} + ${weights.onTime} × ${names.onTimeRate}${off})`;
}
