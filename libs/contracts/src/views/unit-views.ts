/**
 * Where a unit differs from the deployment's defaults (durations in the same form as the
 * configuration, e.g. "15d"). Applies to findings created after it is set; running findings
 * keep the durations they were started with.
 */
export interface UnitSettings {
  /** WARN_BEFORE, ESCALATE_AFTER, ESCALATION_INTERVAL, STEP_DUE, STAGE_REPORT_EVERY, LOOK_BACK_AFTER. */
  timing?: Partial<
    Record<
      | 'WARN_BEFORE'
      | 'ESCALATE_AFTER'
      | 'ESCALATION_INTERVAL'
      | 'STEP_DUE'
      | 'STAGE_REPORT_EVERY'
      | 'LOOK_BACK_AFTER',
      string
    >
  >;
  /** Who does the level-3 acceptance (三级验收): the office, the committee, or either. */
  review3By?: 'office' | 'committee' | 'either';
  /** Whether notices are also e-mailed (where a mailer is configured); default yes. */
  email?: boolean;
}

/** 被巡察单位. */
export interface UnitView {
  id: string;
  code: string;
  name: string;
  active: boolean;
  settings: UnitSettings;
  createdAt: string;
}

/** An inspection batch (巡察轮次 of the inspecting side) over several units. */
export interface BatchView {
  id: string;
  title: string;
  unitIds: string[];
  createdBy: string;
  createdAt: string;
}

/** The completion figures of one unit (or all) in a batch, in the genre's terms. */
export interface CompletionFigures {
  findings: number;
  /** 完成整改: closed against the ledger. */
  completed: number;
  /** 基本完成、持续推进: long-term items under way and findings whose evidence is under review. */
  inProgress: number;
  /** 未完成: everything else still open. */
  notCompleted: number;
  /** completed ÷ findings (0 when there are none), as a fraction. */
  completionRate: number;
}

export interface UnitSummary extends CompletionFigures {
  unitId: string;
  code: string;
  name: string;
  overdue: number;
  escalated: number;
  evaluation: UnitEvaluationView | null;
}

/** `GET /api/batches/:id/summary`. */
export interface BatchSummary {
  batch: BatchView;
  asOf: string;
  total: CompletionFigures & { overdue: number; escalated: number };
  units: UnitSummary[];
  /** The ratings an evaluation may give (EVALUATION_RATINGS), in order. */
  ratings: string[];
}

/** 整改成效评估 of a unit in a batch. */
export interface UnitEvaluationView {
  id: string;
  batchId: string;
  unitId: string;
  rating: string;
  note: string;
  files: { filename: string; sha256: string; size: number; mimeType: string }[];
  evaluatedBy: string;
  at: string;
}
