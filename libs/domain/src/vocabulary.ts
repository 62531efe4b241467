/** The domain's fixed vocabulary (API.md enum values). */

export const ROLES = [
  'office',
  'leader',
  'department',
  'department_head',
  'committee',
  'supervisor',
  'inspector',
] as const;
export type Role = (typeof ROLES)[number];

export const STAGES = [
  'assign',
  'draft_measures',
  'approve_measures',
  'evidence',
  'review_1',
  'review_2',
  'review_3',
  'long_term',
  'closed',
] as const;
export type Stage = (typeof STAGES)[number];

export const TASK_STATUSES = ['open', 'claimed', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const LIGHTS = ['green', 'yellow', 'red'] as const;
export type Light = (typeof LIGHTS)[number];

export const ROUND_SOURCES = ['inspection', 'audit', 'supervision', 'self'] as const;
export type RoundSource = (typeof ROUND_SOURCES)[number];

export const EVIDENCE_KINDS = ['report', 'ledger', 'material'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export const DECISIONS = ['approve', 'reject'] as const;
export type Decision = (typeof DECISIONS)[number];

export const ESCALATION_ACTIONS = ['urge', 'extend', 'reassign', 'accountability'] as const;
export type EscalationAction = (typeof ESCALATION_ACTIONS)[number];

export const LOOK_BACK_OUTCOMES = ['holds', 'relapsed'] as const;
export type LookBackOutcome = (typeof LOOK_BACK_OUTCOMES)[number];

/** Chinese labels used by reports, the ledger and the web app. */
export const STAGE_LABELS_ZH: Record<Stage, string> = {
  assign: '待交办',
  draft_measures: '制定措施',
  approve_measures: '审批措施',
  evidence: '整改落实',
  review_1: '部门审核',
  review_2: '领导审核',
  review_3: '党委验收',
  long_term: '长期整改',
  closed: '已销号',
};

export const ROUND_SOURCE_LABELS_ZH: Record<RoundSource, string> = {
  inspection: '巡察',
  audit: '审计',
  supervision: '督察',
  self: '自查',
};

export const LIGHT_LABELS_ZH: Record<Light, string> = {
  green: '绿灯',
  yellow: '黄灯',
  red: '红灯',
};
