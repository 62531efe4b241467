// The inspecting side's summary of a batch (巡察整改情况汇总): the opening sentence in the
// genre's words ("截至…，巡察反馈的N个问题，完成整改M个，基本完成X个，未完成Y个，总体完成率Z%。"),
// then a table per unit and each unit's 整改成效评估.

import { chineseDate, chineseNumber } from './chinese-text';
import type { ReportBlock } from './types';

export interface BatchSummaryFigures {
  findings: number;
  completed: number;
  inProgress: number;
  notCompleted: number;
  /** completed ÷ findings, as a fraction. */
  completionRate: number;
  overdue: number;
  escalated: number;
}

export interface BatchSummaryInput {
  batchTitle: string;
  /** The date the figures stand at (ISO time). */
  asOf: string;
  total: BatchSummaryFigures;
  units: (BatchSummaryFigures & {
    name: string;
    evaluation: { rating: string; note: string } | null;
  })[];
  /** Who issues it, for the closing line (e.g. 区委巡察工作领导小组办公室). */
  issuer?: string;
}

/** 98.71%: two decimals, as published figures are written. */
export function percent(fraction: number): string {
  return `${(Math.round(fraction * 10000) / 100).toFixed(2)}%`;
}

export function batchSummaryTitle(batchTitle: string): string {
  return `关于${batchTitle}整改情况的汇总报告`;
}

/** The opening sentence: what the whole batch's figures say as of the date. */
export function batchSummarySentence(input: BatchSummaryInput): string {
  const t = input.total;
  const parts = [`截至${chineseDate(input.asOf)}，${input.batchTitle}反馈的${t.findings}个问题`];
  parts.push(`完成整改${t.completed}个`);
  if (t.inProgress > 0) parts.push(`基本完成${t.inProgress}个`);
  parts.push(`未完成${t.notCompleted}个`);
  parts.push(`总体完成率${percent(t.completionRate)}`);
  return `${parts.join('，')}。`;
}

export function buildBatchSummary(input: BatchSummaryInput): ReportBlock[] {
  const blocks: ReportBlock[] = [
    { kind: 'title', text: batchSummaryTitle(input.batchTitle) },
    { kind: 'paragraph', text: batchSummarySentence(input) },
  ];
  const late = input.units.filter((u) => u.overdue > 0).length;
  if (input.total.overdue > 0 || input.total.escalated > 0) {
    blocks.push({
      kind: 'paragraph',
      text: `目前仍有${input.total.overdue}个问题超过整改时限，涉及${late}个单位；累计督办问题${input.total.escalated}个。`,
    });
  }
  blocks.push({ kind: 'heading', level: 1, text: '一、各单位整改完成情况' });
  blocks.push({
    kind: 'table',
    header: ['单位', '问题数', '完成整改', '基本完成', '未完成', '完成率', '逾期', '督办'],
    rows: [
      ...input.units.map((u) => [
        u.name,
        String(u.findings),
        String(u.completed),
        String(u.inProgress),
        String(u.notCompleted),
        percent(u.completionRate),
        String(u.overdue),
        String(u.escalated),
      ]),
      [
        '合计',
        String(input.total.findings),
        String(input.total.completed),
        String(input.total.inProgress),
        String(input.total.notCompleted),
        percent(input.total.completionRate),
        String(input.total.overdue),
        String(input.total.escalated),
      ],
    ],
  });
  const evaluated = input.units.filter((u) => u.evaluation);
  blocks.push({ kind: 'heading', level: 1, text: '二、整改成效评估情况' });
  if (evaluated.length === 0) {
    blocks.push({ kind: 'paragraph', text: '各单位集中整改期结束后，将逐一开展整改成效评估。' });
  } else {
    evaluated.forEach((u, i) => {
      const note = u.evaluation?.note.trim();
      blocks.push({
        kind: 'paragraph',
        text: `（${chineseNumber(i + 1)}）${u.name}：评估等次为“${u.evaluation?.rating}”。${note ? note : ''}`,
      });
    });
    const pending = input.units.length - evaluated.length;
    if (pending > 0)
      blocks.push({ kind: 'paragraph', text: `其余${pending}个单位的整改成效评估尚未开展。` });
  }
  blocks.push({
    kind: 'paragraph',
    text: '说明：“完成整改”指已对账销号的问题；“基本完成”指正在三级审核验收或作为长期整改事项持续推进的问题；其余为“未完成”。',
  });
  if (input.issuer) {
    blocks.push({ kind: 'closing', text: input.issuer });
    blocks.push({ kind: 'closing', text: chineseDate(input.asOf) });
  }
  return blocks;
}
