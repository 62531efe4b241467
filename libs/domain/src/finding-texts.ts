import { TASK_KIND_LABELS, type TaskKind } from './task-kinds';

/**
 * What people read about a finding, in Chinese and English, in one place: the notices the
 * finding machine sends (a code and its parameters are stored with each notice, so the web app
 * shows it in the reader's language; the Chinese text is also stored for e-mail and for
 * readers of older notices) and the labels of its history (audit) entries.
 */

export type Lang = 'zh' | 'en';

/** What a notice is about, for grouping and icons (stored with every notice). */
export const NOTICE_KINDS = [
  'reminder',
  'escalation',
  'send_back',
  'reassigned',
  'urge',
  'assigned',
  'relapse',
  'mention',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export const NOTICE_KIND_LABELS: Record<NoticeKind, Record<Lang, string>> = {
  reminder: { zh: '到期提醒', en: 'Reminder' },
  escalation: { zh: '督办', en: 'Escalation' },
  send_back: { zh: '退回', en: 'Sent back' },
  reassigned: { zh: '改派', en: 'Reassigned' },
  urge: { zh: '催办', en: 'Urged' },
  assigned: { zh: '交办', en: 'Assigned' },
  relapse: { zh: '回头看', en: 'Look-back' },
  mention: { zh: '提及', en: 'Mentioned' },
};

/** The parameters of each notice text. */
export interface NoticeParamsByCode {
  assigned: { findingTitle: string };
  measures_sent_back: { findingTitle: string; comment: string };
  evidence_sent_back: { findingTitle: string; level: number; comment: string };
  urged: { findingTitle: string; comment: string };
  reassigned_away: { findingTitle: string; comment: string };
  reassigned_here: { findingTitle: string };
  relapsed: { findingTitle: string; comment: string };
  reminder_due: { findingTitle: string; taskKind: TaskKind; dueAt: string | null };
  reminder_late: { findingTitle: string; taskKind: TaskKind; dueAt: string | null };
  escalated: { findingTitle: string; taskKind: TaskKind; dueAt: string | null; level: number };
  mentioned: { findingTitle: string; author: string; excerpt: string };
  contribution_requested: { findingTitle: string };
  contributed: { findingTitle: string };
  assignment_returned: { findingTitle: string; comment: string };
  supervision_order_issued: { findingTitle: string; requirement: string; dueAt: string };
  supervision_order_answered: { findingTitle: string };
  supervision_order_returned: { findingTitle: string; comment: string };
  supervision_order_accepted: { findingTitle: string };
}
export type NoticeCode = keyof NoticeParamsByCode;

/** How dates appear in a text; the Chinese text stored with a notice keeps the ISO time. */
export type DateFormatter = (iso: string | null) => string;
const isoDate: DateFormatter = (iso) => iso ?? '';

interface NoticeText<P> {
  kind: NoticeKind;
  zh(p: P, date: DateFormatter): { title: string; body: string };
  en(p: P, date: DateFormatter): { title: string; body: string };
}

const kindZh = (k: TaskKind) => TASK_KIND_LABELS[k].zh;
const kindEn = (k: TaskKind) => TASK_KIND_LABELS[k].en;

export const NOTICE_TEXTS: { [C in NoticeCode]: NoticeText<NoticeParamsByCode[C]> } = {
  supervision_order_issued: {
    kind: 'urge',
    zh: (p, date) => ({
      title: '新的督办单',
      body: `问题“${p.findingTitle}”下达督办单，请于${date(p.dueAt)}前办理并答复：${p.requirement}`,
    }),
    en: (p, date) => ({
      title: 'New supervision order',
      body: `A supervision order on “${p.findingTitle}”, to be answered by ${date(p.dueAt)}: ${p.requirement}`,
    }),
  },
  supervision_order_answered: {
    kind: 'urge',
    zh: (p) => ({
      title: '督办单已答复',
      body: `问题“${p.findingTitle}”的督办单已答复，请验收。`,
    }),
    en: (p) => ({
      title: 'Supervision order answered',
      body: `The supervision order on “${p.findingTitle}” was answered: please accept or return it.`,
    }),
  },
  supervision_order_returned: {
    kind: 'send_back',
    zh: (p) => ({
      title: '督办单被退回',
      body: `问题“${p.findingTitle}”的督办单答复未通过验收，请重新办理：${p.comment}`,
    }),
    en: (p) => ({
      title: 'Supervision order returned',
      body: `The answer to the supervision order on “${p.findingTitle}” was returned: ${p.comment}`,
    }),
  },
  supervision_order_accepted: {
    kind: 'urge',
    zh: (p) => ({
      title: '督办单已办结',
      body: `问题“${p.findingTitle}”的督办单答复已验收通过。`,
    }),
    en: (p) => ({
      title: 'Supervision order accepted',
      body: `The answer to the supervision order on “${p.findingTitle}” was accepted.`,
    }),
  },
  contribution_requested: {
    kind: 'assigned',
    zh: (p) => ({
      title: '新的配合整改任务',
      body: `问题“${p.findingTitle}”请你部门配合整改，请完成你部门的部分并上报。`,
    }),
    en: (p) => ({
      title: 'New contribution task',
      body: `Your department co-operates on “${p.findingTitle}”: please do your part and report it.`,
    }),
  },
  contributed: {
    kind: 'assigned',
    zh: (p) => ({
      title: '配合部门已完成',
      body: `问题“${p.findingTitle}”的一个配合部门已上报其配合整改情况。`,
    }),
    en: (p) => ({
      title: 'Contribution reported',
      body: `A co-operating department reported its part of “${p.findingTitle}”.`,
    }),
  },
  assignment_returned: {
    kind: 'send_back',
    zh: (p) => ({
      title: '交办被退回',
      body: `问题“${p.findingTitle}”被牵头部门退回交办：${p.comment}`,
    }),
    en: (p) => ({
      title: 'Assignment returned',
      body: `The lead department returned “${p.findingTitle}” to the office: ${p.comment}`,
    }),
  },
  assigned: {
    kind: 'assigned',
    zh: (p) => ({ title: '新的整改任务', body: `问题“${p.findingTitle}”已交办，请制定整改措施。` }),
    en: (p) => ({
      title: 'New rectification task',
      body: `“${p.findingTitle}” was assigned to your department: please draft the measures.`,
    }),
  },
  measures_sent_back: {
    kind: 'send_back',
    zh: (p) => ({
      title: '整改措施被退回',
      body: `问题“${p.findingTitle}”的整改措施被退回：${p.comment}`,
    }),
    en: (p) => ({
      title: 'Measures sent back',
      body: `The measures for “${p.findingTitle}” were sent back: ${p.comment}`,
    }),
  },
  evidence_sent_back: {
    kind: 'send_back',
    zh: (p) => ({
      title: '整改材料被退回',
      body: `问题“${p.findingTitle}”在第${p.level}级审核被退回：${p.comment}`,
    }),
    en: (p) => ({
      title: 'Evidence sent back',
      body: `“${p.findingTitle}” was sent back at review level ${p.level}: ${p.comment}`,
    }),
  },
  urged: {
    kind: 'urge',
    zh: (p) => ({ title: '督办催办', body: `请尽快办理问题“${p.findingTitle}”：${p.comment}` }),
    en: (p) => ({
      title: 'Please act now',
      body: `Please deal with “${p.findingTitle}” without delay: ${p.comment}`,
    }),
  },
  reassigned_away: {
    kind: 'reassigned',
    zh: (p) => ({
      title: '整改任务已改派',
      body: `问题“${p.findingTitle}”已改由其他部门牵头：${p.comment}`,
    }),
    en: (p) => ({
      title: 'Task reassigned',
      body: `“${p.findingTitle}” is now led by another department: ${p.comment}`,
    }),
  },
  reassigned_here: {
    kind: 'assigned',
    zh: (p) => ({ title: '新的整改任务（改派）', body: `问题“${p.findingTitle}”改由本部门牵头。` }),
    en: (p) => ({
      title: 'New task (reassigned)',
      body: `Your department now leads “${p.findingTitle}”.`,
    }),
  },
  relapsed: {
    kind: 'relapse',
    zh: (p) => ({
      title: '回头看发现反弹',
      body: `问题“${p.findingTitle}”回头看发现反弹回潮，已重新整改：${p.comment}`,
    }),
    en: (p) => ({
      title: 'Relapse found at look-back',
      body: `“${p.findingTitle}” has relapsed and is reopened: ${p.comment}`,
    }),
  },
  reminder_due: {
    kind: 'reminder',
    zh: (p, date) => ({
      title: '临期提醒',
      body: `“${p.findingTitle}”的待办（${kindZh(p.taskKind)}）即将到期，应于 ${date(p.dueAt)} 前完成。`,
    }),
    en: (p, date) => ({
      title: 'Due soon',
      body: `“${p.findingTitle}” (${kindEn(p.taskKind)}) is due by ${date(p.dueAt)}.`,
    }),
  },
  reminder_late: {
    kind: 'reminder',
    zh: (p, date) => ({
      title: '逾期提醒',
      body: `“${p.findingTitle}”的待办（${kindZh(p.taskKind)}）已逾期，应于 ${date(p.dueAt)} 前完成。`,
    }),
    en: (p, date) => ({
      title: 'Overdue',
      body: `“${p.findingTitle}” (${kindEn(p.taskKind)}) is overdue: it was due by ${date(p.dueAt)}.`,
    }),
  },
  escalated: {
    kind: 'escalation',
    zh: (p, date) => ({
      title: `督办（第${p.level}级）`,
      body: `“${p.findingTitle}”的待办（${kindZh(p.taskKind)}）已逾期（应于 ${date(p.dueAt)} 前完成），升级为第${p.level}级督办。`,
    }),
    en: (p, date) => ({
      title: `Escalation (level ${p.level})`,
      body: `“${p.findingTitle}” (${kindEn(p.taskKind)}) is overdue (due by ${date(p.dueAt)}) and escalated to level ${p.level}.`,
    }),
  },
  mentioned: {
    kind: 'mention',
    zh: (p) => ({
      title: `${p.author} 在讨论中提到了您`,
      body: `问题“${p.findingTitle}”：${p.excerpt}`,
    }),
    en: (p) => ({
      title: `${p.author} mentioned you`,
      body: `On “${p.findingTitle}”: ${p.excerpt}`,
    }),
  },
};

/** A notice's title and body in `lang`, from its code and parameters. */
export function renderNotice<C extends NoticeCode>(
  code: C,
  params: NoticeParamsByCode[C],
  lang: Lang,
  date: DateFormatter = isoDate,
): { title: string; body: string } {
  const text: NoticeText<NoticeParamsByCode[C]> = NOTICE_TEXTS[code];
  return lang === 'zh' ? text.zh(params, date) : text.en(params, date);
}

/**
 * Labels of the history (audit) actions a finding's timeline shows; `{{kind}}`, `{{level}}`
 * and `{{filename}}` are filled from the event's data.
 */
export const HISTORY_LABELS: Record<string, Record<Lang, string>> = {
  'finding.created': { zh: '创建问题', en: 'Finding created' },
  'finding.assigned': {
    zh: '交办：明确责任领导、牵头部门和时限',
    en: 'Assigned: leader, department and deadline set',
  },
  'finding.closed': { zh: '对账销号', en: 'Closed against the ledger' },
  'finding.escalated': {
    zh: '逾期督办（{{level}} 级）：{{kind}}',
    en: 'Escalated (level {{level}}): {{kind}}',
  },
  'finding.reassigned': { zh: '改派', en: 'Reassigned' },
  'finding.due_changed': { zh: '延期：调整整改时限', en: 'Deadline moved' },
  'finding.retitled': { zh: '修改问题标题', en: 'Title changed' },
  'finding.withdrawn': { zh: '撤回问题', en: 'Finding withdrawn' },
  'finding.withheld': {
    zh: '不予公开：公开版通报中略去本问题',
    en: 'Withheld from the public report',
  },
  'finding.disclosed': { zh: '恢复公开', en: 'Shown in the public report again' },
  'finding.returned': { zh: '退回交办', en: 'Assignment returned to the office' },
  'supervision_order.issued': { zh: '下督办单', en: 'Supervision order issued' },
  'supervision_order.answered': { zh: '答复督办单', en: 'Supervision order answered' },
  'supervision_order.accepted': { zh: '督办单验收通过', en: 'Supervision order accepted' },
  'supervision_order.returned': { zh: '督办单退回重办', en: 'Supervision order returned' },
  'finding.nudged': { zh: '催办', en: 'Nudged' },
  'finding.accountability': { zh: '问责', en: 'Accountability recorded' },
  'finding.look_back_started': {
    zh: '立即回头看：提前启动回头看',
    en: 'Look-back started ahead of schedule',
  },
  'finding.look_back_holds': { zh: '回头看：成果巩固', en: 'Look-back: result holds' },
  'finding.reopened': { zh: '回头看：问题反弹，重新整改', en: 'Look-back: relapsed, reopened' },
  'comment.added': { zh: '发表意见', en: 'Comment' },
  'public_comment.linked': { zh: '关联群众意见建议', en: 'Public comment linked' },
  'task.claimed': { zh: '认领：{{kind}}', en: 'Claimed: {{kind}}' },
  'task.released': { zh: '释放：{{kind}}', en: 'Released: {{kind}}' },
  'task.completed': { zh: '办结：{{kind}}', en: 'Completed: {{kind}}' },
  'task.reminded': { zh: '到期提醒：{{kind}}', en: 'Reminder: {{kind}}' },
  'task.rescheduled': { zh: '调整时限：{{kind}}', en: 'Deadline changed: {{kind}}' },
  'evidence.uploaded': { zh: '上传佐证材料 {{filename}}', en: 'Uploaded {{filename}}' },
  'evidence.downloaded': { zh: '下载佐证材料', en: 'Evidence downloaded' },
  'evidence.withdrawn': { zh: '撤回佐证材料 {{filename}}', en: 'Withdrew {{filename}}' },
  'outcome.recorded': { zh: '记录整改成效', en: 'Outcome recorded' },
  'outcome.removed': { zh: '删除误录的整改成效', en: 'Wrong outcome removed' },
  'finding.halted': {
    zh: '流程中止：待整改办恢复',
    en: 'Workflow halted: the rectification office resumes it',
  },
  'finding.resumed': { zh: '恢复流程', en: 'Workflow resumed' },
  'finding.approval_form_exported': { zh: '导出销号审批表', en: 'Closure approval form exported' },
  'meeting.decision_recorded': { zh: '专题会议作出决定', en: 'Meeting decision recorded' },
  'comment_file.uploaded': {
    zh: '上传意见附件 {{filename}}',
    en: 'Attached {{filename}} to a comment',
  },
  'comment_file.downloaded': { zh: '下载意见附件', en: 'Comment file downloaded' },
  'supervision.talk_recorded': { zh: '记录约谈', en: 'Talk recorded' },
  'supervision.accountability_recorded': { zh: '记录问责', en: 'Accountability recorded' },
};
