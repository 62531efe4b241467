import type { Light, RoundSource, Stage } from '@rectiflow/domain';
import type { DepartmentFigures, OutcomeSums } from '@rectiflow/contracts';

export type { DepartmentFigures };

/** The public-comment block (公开期限, phone, address…); dates as 'YYYY-MM-DD'. */
export interface PublicationInfo {
  from: string | null;
  to: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  postcode: string | null;
}

export interface RoundInfo {
  title: string;
  source: RoundSource;
  inspectingBody: string | null;
  feedbackDate: string | null;
  dueAt: string | null;
  /** 下一步工作计划 as the office wrote it, one paragraph per line (absent: generated). */
  nextSteps?: string | null;
}

/** A long-term item's latest periodic report (阶段进展). */
export interface StageReportInfo {
  report: string;
  at: string;
  finalStage: boolean;
}

/** A long-term item's own entry in the imported report's section 三: heading and progress text. */
export interface LongTermEntryInfo {
  title: string;
  progress: string;
}

/** One finding as the progress report tells it. */
export interface ReportFinding {
  code: string;
  title: string;
  /** Measures of the current cycle, in order. */
  measures: string[];
  stage: Stage;
  longTerm: boolean;
  overdue: boolean;
  sentBackCount: number;
  escalated: boolean;
  accountabilityCount: number;
  latestStageReport: StageReportInfo | null;
  /** Its deadline and closing (ISO-8601), for the line that says where it stands. */
  dueAt?: string | null;
  closedAt?: string | null;
  /** The lead department's latest 整改报告 (the text of its last evidence submission). */
  lastReport?: string | null;
  /** Section 三's own text for this item, as imported (absent: cited by the finding's title). */
  longTermEntry?: LongTermEntryInfo | null;
  /** Withheld from the public version (不予公开): counted in its figures, never told. */
  withheld?: boolean;
}

export interface ReportTheme {
  title: string;
  findings: ReportFinding[];
}

export interface ReportArea {
  title: string;
  themes: ReportTheme[];
}

/** Everything the progress report (整改进展情况的通报) is generated from. */
export interface ProgressReportInput {
  round: RoundInfo;
  /** Areas and themes in document order (their `seq`), findings in code order. */
  areas: ReportArea[];
  publication: PublicationInfo | null;
  /** The "as of" time of the figures (ISO-8601). */
  asOf: string;
  /**
   * `internal` (向党内通报, the default): every finding. `public` (向社会通报): the withheld
   * findings are left out of sections 二 and 三, which say only how many were.
   */
  version?: 'internal' | 'public';
  /** 意见建议 received in the publication windows and handled by the office (none: not told). */
  publicComments?: { received: number; handled: number } | null;
  /** 整改成效 summed over the report's findings (absent: none stated). */
  outcomes?: OutcomeSums;
}

/** One block of the report; Markdown and docx render the same blocks. */
export type ReportBlock =
  | { kind: 'title'; text: string }
  | { kind: 'subtitle'; text: string }
  | { kind: 'paragraph'; text: string }
  /** 1 "一、" section, 2 "（一）" area, 3 "1." theme. */
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  /** "（1）…。": a finding's numbered title line. */
  | { kind: 'finding'; text: string }
  | { kind: 'closing'; text: string }
  /** A table of figures: a header row and the rows below it. */
  /** `widths`: each column's share of the line in percent (equal when absent). */
  | { kind: 'table'; header: string[]; rows: string[][]; widths?: number[] };

/** One ledger row (整改台账): a finding with everything the office checks against. */
export interface LedgerFinding {
  code: string;
  areaTitle: string | null;
  themeTitle: string | null;
  title: string;
  measures: string[];
  responsibleLeader: string | null;
  leadDepartment: string | null;
  coDepartments: string[];
  dueAt: string | null;
  stage: Stage;
  longTerm: boolean;
  light: Light;
  escalationLevel: number;
  sentBackCount: number;
  accountabilityCount: number;
  closedAt: string | null;
  evidence: { filename: string; sha256: string }[];
  /** Withdrawn by the office (撤回): listed, marked, without a light. */
  withdrawn?: boolean;
  /** Open and past its due time as of the ledger's date (the report's 超过整改时限未完成). */
  overdue: boolean;
  /** Escalated now or at any time in its history (the report's 实行督办). */
  escalated: boolean;
  /** 约谈 records about it. */
  talks: number;
  /** 问责 records about it. */
  accountabilityRecords: number;
  /** 督办单 issued on it, and those not yet accepted. */
  ordersIssued: number;
  openOrders: number;
  /** Its own 整改成效 (absent: none recorded). */
  outcomes?: OutcomeSums;
}

export interface LedgerInput {
  round: RoundInfo;
  findings: LedgerFinding[];
  /** Per-department figures for the summary sheet (see departmentFigures). */
  departments: DepartmentFigures[];
  asOf: string;
  /** The department whose own findings are the only rows (a department's staff export). */
  departmentOnly?: string | null;
  /** 整改成效 summed over the ledger's findings, withdrawn ones left out (the report's figures). */
  outcomes?: OutcomeSums;
}

/** What department figures are computed from: one finding, as the read model holds it. */
export interface FigureFinding {
  leadDepartmentId: string | null;
  stage: Stage;
  overdue: boolean;
  dueAt: string | null;
  closedAt: string | null;
  sentBackCount: number;
  /** Escalation level above 0 now, or any escalation record in its history. */
  escalated: boolean;
  accountabilityCount: number;
}

/** The figures used for performance appraisal (绩效考核), per lead department. */

/** The structured import: the same shape as the JSON body of POST /api/rounds/:id/import. */
export interface ImportTree {
  areas: {
    title: string;
    themes: {
      title: string;
      findings: ImportFindingSpec[];
    }[];
  }[];
}

export interface ImportFindingSpec {
  title: string;
  measures?: string[];
  leadDepartmentCode?: string;
  responsibleLeaderUsername?: string;
  dueAt?: string;
  longTerm?: boolean;
  /** The sheet's 配合部门 cell as read (names or codes, 、-separated), before matching. */
  coDepartments?: string;
  /** What the sheet assigns, matched to the round's unit (readImportSheet with an organisation). */
  assignment?: {
    responsibleLeaderId?: string;
    leadDepartmentId?: string;
    coDepartmentIds?: string[];
    dueAt?: string;
    longTerm?: boolean;
  };
}
