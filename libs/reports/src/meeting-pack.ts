// 专题会议材料: the pack the office prints for the committee's meeting on rectification — a
// title, when and who, then one "一、" section per part of the agenda, each a table of the
// findings (编号, 问题, 牵头部门, 责任领导, 状态/时限) — set in the progress report's layout
// (GB/T 9704 fonts, Word heading styles), by the same DOCX builder.

import { chineseDate, chineseNumber } from './chinese-text';
import { progressReportDocxBuffer } from './progress-report-docx';
import type { ReportBlock } from './types';

export interface MeetingPackItem {
  code: string;
  title: string;
  department: string;
  leader: string;
  /** What the 状态/时限 column says (the section's own words, the time limit). */
  status: string;
}

export interface MeetingPackSection {
  /** The section's title without its number ("提请审定销号事项"). */
  title: string;
  /** What the section holds, one sentence (printed above its table). */
  intro: string;
  items: MeetingPackItem[];
}

export interface MeetingPackInput {
  title: string;
  /** YYYY-MM-DD. */
  heldOn: string;
  attendees: string;
  /** The agenda's "since" (ISO), if any. */
  since: string | null;
  roundTitle: string | null;
  sections: MeetingPackSection[];
  /** When the pack was generated (ISO). */
  asOf: string;
}

export const MEETING_PACK_HEADER = ['编号', '问题', '牵头部门', '责任领导', '状态/时限'];
/** The problem and its status get the room; the code, department and leader are short. */
const WIDTHS = [11, 33, 16, 14, 26];

export function meetingPackBlocks(input: MeetingPackInput): ReportBlock[] {
  const blocks: ReportBlock[] = [
    { kind: 'title', text: input.title },
    { kind: 'subtitle', text: `（${chineseDate(input.heldOn)}）` },
    {
      kind: 'paragraph',
      text: `参会人员：${input.attendees.trim() || '（未填写）'}`,
    },
  ];
  const scope = [
    input.roundTitle ? `范围：${input.roundTitle}` : null,
    input.since ? `统计起点：${chineseDate(input.since)}（上次会议以来）` : null,
  ].filter((s): s is string => s !== null);
  if (scope.length > 0) blocks.push({ kind: 'paragraph', text: `${scope.join('；')}。` });
  input.sections.forEach((section, i) => {
    blocks.push({
      kind: 'heading',
      level: 1,
      text: `${chineseNumber(i + 1)}、${section.title}（${section.items.length}项）`,
    });
    blocks.push({ kind: 'paragraph', text: section.intro });
    if (section.items.length === 0) {
      blocks.push({ kind: 'paragraph', text: '无。' });
      return;
    }
    blocks.push({
      kind: 'table',
      header: MEETING_PACK_HEADER,
      widths: WIDTHS,
      rows: section.items.map((it) => [it.code, it.title, it.department, it.leader, it.status]),
    });
  });
  blocks.push({ kind: 'closing', text: `整改办 ${chineseDate(input.asOf)}` });
  return blocks;
}

export function meetingPackDocx(input: MeetingPackInput): Promise<Buffer> {
  return progressReportDocxBuffer(meetingPackBlocks(input), { title: input.title });
}
