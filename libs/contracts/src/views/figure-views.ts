import type { InboxTaskKind, Light, Stage } from '@rectiflow/domain';
import type { OutcomeSums } from './outcome-views';
import type { PublicCommentCounts } from './public-comment-views';

/** Every list answer (API.md "Conventions"). */
export interface Page<T> {
  items: T[];
  total: number;
}

/** One department's row of the figures (绩效考核 inputs). */
export interface DepartmentFigures {
  departmentId: string;
  code: string;
  name: string;
  /** Findings this department leads. */
  total: number;
  open: number;
  overdue: number;
  closed: number;
  /** Send-backs (退回) summed over its findings. */
  sentBack: number;
  /** Findings that were escalated (督办) at least once. */
  escalated: number;
  /** Accountability decisions (问责) taken on escalation, summed over its findings. */
  accountability: number;
  /** 约谈 records about the department (supervision records). */
  talks: number;
  /** 问责 records about the department (supervision records). */
  accountabilityRecords: number;
  /** Closed on or before the due time ÷ closed; null while nothing is closed. */
  onTimeRate: number | null;
}

export interface LeaderFigures {
  leaderId: string;
  open: number;
  overdue: number;
  closed: number;
  /** The leader's findings by light (red is `overdue`) and 待交办. */
  byLight: Record<Light | 'unassigned', number>;
  /** The leader's live findings by stage (stages with none are absent). */
  byStage: Partial<Record<Stage, number>>;
}

/** `GET /api/dashboard`: figures of one round, or of every round the caller sees. */
export interface DashboardView {
  roundId: string | null;
  total: number;
  byStage: Record<Stage, number>;
  overdue: number;
  escalated: number;
  closed: number;
  longTerm: number;
  byDepartment: DepartmentFigures[];
  /**
   * Open findings by light (SQL over the next due times); `unassigned` (待交办) counts those
   * still awaiting assignment, apart from the lights.
   */
  byLight: Record<Light | 'unassigned', number>;
  /** Per responsible leader (分管领导): open, overdue (red) and closed findings. */
  byLeader: LeaderFigures[];
  /** 意见建议 received during publication windows, and those the office has handled. */
  publicComments: PublicCommentCounts;
  /** 整改成效 recorded on the findings counted here (withdrawn ones left out), summed in SQL. */
  outcomes: OutcomeSums;
  asOf: string;
}

/** One week of `GET /api/dashboard/trend` (Monday to Sunday in ORG_TIMEZONE). */
export interface TrendWeek {
  /** The Monday that starts the week, as a calendar day in ORG_TIMEZONE. */
  weekStart: string;
  /** Findings created (登记) in the week. */
  opened: number;
  /** Findings closed (销号) in the week. */
  closed: number;
  /**
   * Findings overdue at the week's end: created by then, whose deadline (整改时限, `dueAt`) had
   * passed by then and that were not closed by then. Step due times are not kept per week, so
   * this counts by the finding's deadline, not by the light of the step it was on. For the
   * current week, not over yet, as of now.
   */
  overdue: number;
}

/** `GET /api/dashboard/trend`: per week over a round's life, or the last 12 weeks for all rounds. */
export interface TrendView {
  roundId: string | null;
  timeZone: string;
  weeks: TrendWeek[];
  asOf: string;
}

/** `GET /api/inbox/counts`. */
export interface InboxCounts {
  total: number;
  overdue: number;
  byKind: Partial<Record<InboxTaskKind, number>>;
}
