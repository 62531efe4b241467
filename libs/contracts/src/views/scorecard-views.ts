/** One figure of a department's scorecard (绩效考核) and what it weighs. */
export interface ScorecardPartView {
  /** The figure: a rate from 0 to 1 (null when nothing came due), otherwise a count or days. */
  value: number | null;
  /** Its weight (SCORECARD_WEIGHTS). */
  weight: number;
  /** What it adds to (positive) or takes off (negative) the score. */
  points: number;
}

/** One department's row: its facts, each figure with its weight and points, and the score. */
export interface ScorecardDepartmentView {
  departmentId: string;
  code: string;
  name: string;
  unitId: string;
  /** Findings it leads in the period. */
  findings: number;
  /** Findings come due: closed, or past their deadline (整改时限). */
  due: number;
  /** Of those, closed by their deadline. */
  closedOnTime: number;
  onTimeRate: ScorecardPartView;
  overdueDays: ScorecardPartView;
  sentBacks: ScorecardPartView;
  escalations: ScorecardPartView;
  accountabilityRecords: ScorecardPartView;
  openOrders: ScorecardPartView;
  score: number;
}

/** The weights the score is computed with. */
export interface ScorecardWeightsView {
  base: number;
  onTime: number;
  overdueDay: number;
  sentBack: number;
  escalation: number;
  accountability: number;
  openOrder: number;
}

/** `GET /api/scorecard`: per department, highest score first. */
export interface ScorecardView {
  period: {
    roundId: string | null;
    roundTitle: string | null;
    /** Calendar days in ORG_TIMEZONE (deadlines within them), or null. */
    from: string | null;
    to: string | null;
    timeZone: string;
  };
  weights: ScorecardWeightsView;
  /** The formula with the weights written in (Chinese). */
  formula: string;
  departments: ScorecardDepartmentView[];
  asOf: string;
}
