// The supervision ledger (督办台账) as an .xlsx workbook: one row per listed finding, with why it
// is listed, for the supervisor's meeting and the committee's file.

import ExcelJS from 'exceljs';
import { LIGHT_LABELS_ZH, STAGE_LABELS_ZH, type Light, type Stage } from '@rectiflow/domain';
import { cellSafe, chinaDateCell, chineseDate } from './chinese-text';

export const SUPERVISION_SHEET = '督办台账';

export const SUPERVISION_REASON_LABELS_ZH = {
  overdue: '逾期',
  escalated: '已督办',
  sent_back: '多次退回',
  due_soon: '临近期限',
} as const;

export interface SupervisionRow {
  code: string;
  title: string;
  unit: string;
  round: string;
  leader: string;
  department: string;
  stage: Stage;
  light: Light;
  dueAt: string | null;
  escalationLevel: number;
  sentBack: number;
  /** 约谈 and 问责 records about this finding. */
  talks: number;
  accountabilityRecords: number;
  reasons: (keyof typeof SUPERVISION_REASON_LABELS_ZH)[];
}

const COLUMNS = [
  { header: '编号', key: 'code', width: 8 },
  { header: '反馈问题', key: 'title', width: 40 },
  { header: '被巡察单位', key: 'unit', width: 16 },
  { header: '巡察轮次', key: 'round', width: 24 },
  { header: '责任领导', key: 'leader', width: 12 },
  { header: '牵头部门', key: 'department', width: 16 },
  { header: '整改阶段', key: 'stage', width: 11 },
  { header: '红黄绿灯', key: 'light', width: 9 },
  { header: '当前期限', key: 'dueAt', width: 13, numFmt: 'yyyy-mm-dd' },
  { header: '督办等级', key: 'escalationLevel', width: 9 },
  { header: '退回次数', key: 'sentBack', width: 9 },
  { header: '约谈次数', key: 'talks', width: 9 },
  { header: '问责记录', key: 'accountabilityRecords', width: 9 },
  { header: '列入原因', key: 'reasons', width: 24 },
] as const;

export async function buildSupervisionWorkbook(input: {
  asOf: Date;
  items: SupervisionRow[];
}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'rectiflow';
  wb.created = input.asOf;
  const sheet = wb.addWorksheet(SUPERVISION_SHEET, { views: [{ state: 'frozen', ySplit: 2 }] });
  sheet.columns = COLUMNS.map((c) => ({
    key: c.key,
    width: c.width,
    style: 'numFmt' in c ? { numFmt: c.numFmt } : {},
  }));
  const title = sheet.addRow([
    `督办台账（截至${chineseDate(input.asOf.toISOString())}，共${input.items.length}项）`,
  ]);
  title.font = { bold: true, size: 14 };
  sheet.mergeCells(1, 1, 1, COLUMNS.length);
  const head = sheet.addRow(COLUMNS.map((c) => c.header));
  head.font = { bold: true };
  head.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  for (const r of input.items) {
    const row = sheet.addRow({
      code: cellSafe(r.code),
      title: cellSafe(r.title),
      unit: cellSafe(r.unit),
      round: cellSafe(r.round),
      leader: cellSafe(r.leader),
      department: cellSafe(r.department),
      stage: STAGE_LABELS_ZH[r.stage],
      light: LIGHT_LABELS_ZH[r.light],
      dueAt: r.dueAt ? chinaDateCell(r.dueAt) : null,
      escalationLevel: r.escalationLevel,
      sentBack: r.sentBack,
      talks: r.talks,
      accountabilityRecords: r.accountabilityRecords,
      reasons: r.reasons.map((x) => SUPERVISION_REASON_LABELS_ZH[x]).join('、'),
    });
    row.alignment = { vertical: 'top', wrapText: true };
  }
  sheet.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2, column: COLUMNS.length } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const SUPERVISION_RECORDS_SHEET = '约谈问责记录';

export interface SupervisionRecordRow {
  kind: 'talk' | 'accountability';
  occurredOn: string;
  unit: string;
  department: string;
  subject: string;
  heldBy: string;
  accountabilityKind: string;
  /** The findings' codes and titles. */
  findings: string;
  note: string;
  /** Its files' names, one per line. */
  files: string;
  recordedBy: string;
}

const RECORD_COLUMNS = [
  { header: '类别', key: 'kind', width: 8 },
  { header: '日期', key: 'occurredOn', width: 12 },
  { header: '被巡察单位', key: 'unit', width: 16 },
  { header: '涉及部门', key: 'department', width: 16 },
  { header: '约谈对象／问责对象', key: 'subject', width: 20 },
  { header: '约谈人', key: 'heldBy', width: 14 },
  { header: '问责方式', key: 'accountabilityKind', width: 12 },
  { header: '涉及问题', key: 'findings', width: 40 },
  { header: '情况说明', key: 'note', width: 40 },
  { header: '附件', key: 'files', width: 24 },
  { header: '记录人', key: 'recordedBy', width: 10 },
] as const;

const RECORD_KIND_LABELS_ZH = { talk: '约谈', accountability: '问责' } as const;

/** 约谈 and 问责 records as an .xlsx workbook, one row per record, oldest first. */
export async function buildSupervisionRecordsWorkbook(input: {
  asOf: Date;
  items: SupervisionRecordRow[];
}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'rectiflow';
  wb.created = input.asOf;
  const sheet = wb.addWorksheet(SUPERVISION_RECORDS_SHEET, {
    views: [{ state: 'frozen', ySplit: 2 }],
  });
  sheet.columns = RECORD_COLUMNS.map((c) => ({ key: c.key, width: c.width }));
  const talks = input.items.filter((r) => r.kind === 'talk').length;
  const title = sheet.addRow([
    `约谈问责记录（截至${chineseDate(input.asOf.toISOString())}，约谈${talks}次，问责${input.items.length - talks}次）`,
  ]);
  title.font = { bold: true, size: 14 };
  sheet.mergeCells(1, 1, 1, RECORD_COLUMNS.length);
  const head = sheet.addRow(RECORD_COLUMNS.map((c) => c.header));
  head.font = { bold: true };
  head.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  for (const r of input.items) {
    const row = sheet.addRow({
      kind: RECORD_KIND_LABELS_ZH[r.kind],
      occurredOn: r.occurredOn,
      unit: cellSafe(r.unit),
      department: cellSafe(r.department),
      subject: cellSafe(r.subject),
      heldBy: cellSafe(r.heldBy),
      accountabilityKind: cellSafe(r.accountabilityKind),
      findings: cellSafe(r.findings),
      note: cellSafe(r.note),
      files: cellSafe(r.files),
      recordedBy: cellSafe(r.recordedBy),
    });
    row.alignment = { vertical: 'top', wrapText: true };
  }
  sheet.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2, column: RECORD_COLUMNS.length } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
