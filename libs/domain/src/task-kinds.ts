/**
 * Every kind of task (待办) a finding can open: its name in the API, its label in Chinese and
 * English, and the body that completes it. What a kind *does* (who acts, the stage it belongs
 * to, what completing it changes) is its spec in libs/finding-machine; the API's DTOs and the
 * web app's forms are tables keyed by the same `TaskKind`, so a kind added here without its
 * spec, DTO, form or label does not compile.
 */
export const TASK_KINDS = [
  'assign',
  'draft_measures',
  'approve_measures',
  'submit_evidence',
  'review_1',
  'review_2',
  'review_3',
  'stage_report',
  'escalation',
  'look_back',
  'contribute',
  'supervision_order',
  'supervision_order_review',
] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export const TASK_KIND_LABELS: Record<TaskKind, { zh: string; en: string }> = {
  assign: { zh: '交办', en: 'Assign' },
  draft_measures: { zh: '制定整改措施', en: 'Draft measures' },
  approve_measures: { zh: '审批整改措施', en: 'Approve measures' },
  submit_evidence: { zh: '提交佐证材料', en: 'Submit evidence' },
  review_1: { zh: '一级审核', en: 'Review level 1' },
  review_2: { zh: '二级审核', en: 'Review level 2' },
  review_3: { zh: '三级验收', en: 'Review level 3' },
  stage_report: { zh: '阶段进展报告', en: 'Stage report' },
  escalation: { zh: '督办', en: 'Escalation' },
  look_back: { zh: '回头看', en: 'Look-back' },
  contribute: { zh: '配合整改', en: 'Contribution' },
  supervision_order: { zh: '督办单', en: 'Supervision order' },
  supervision_order_review: { zh: '督办单验收', en: 'Supervision order acceptance' },
};

// The body each kind takes (TASK_INPUTS, zod schemas) is in task-inputs.ts: the web app bundles
// this file's vocabulary without zod.
