// The rectification ledger (整改台账) as an .xlsx workbook: one row per finding on the first sheet,
// the per-department figures on the second. Dates are real date cells (China calendar date), so
// sorting and filtering work in Excel, WPS and LibreOffice.

import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import {
  LIGHT_LABELS_ZH,
  ROUND_SOURCE_LABELS_ZH,
  STAGE_LABELS_ZH,
  type Light,
} from '@rectiflow/domain';
import {
  cellSafe,
  chinaDateCell,
  chinaDateParts,
  chinaDateTimeCell,
  chineseDate,
} from './chinese-text';
import { figuresOf, type Figures } from './progress-report';
import { noOutcomes, OUTCOME_FIGURES } from './outcome-sums';
import type { LedgerFinding, LedgerInput } from './types';

interface Column {
  header: string;
  key: string;
  width: number;
  /** Excel number format for date columns. */
  numFmt?: string;
  center?: boolean;
}

/** A finding's own 整改成效 (OUTCOME_FIGURES without the new/revised split); amounts in 元. */
const OUTCOME_COLUMNS: readonly Column[] = OUTCOME_FIGURES.filter(
  (f) => !f.label.startsWith('其中'),
).map((f, i) => ({
  header: f.label,
  key: `outcome${i}`,
  width: f.label.includes('元') ? 14 : 9,
  numFmt: f.label.includes('元') ? '#,##0.00' : undefined,
  center: !f.label.includes('元'),
}));

/** The ledger's columns, in order; tests and readers find columns by these headings. */
export const LEDGER_COLUMNS: readonly Column[] = [
  { header: '编号', key: 'code', width: 8, center: true },
  { header: '方面', key: 'area', width: 22 },
  { header: '问题类别', key: 'theme', width: 22 },
  { header: '反馈问题', key: 'title', width: 36 },
  { header: '整改措施', key: 'measures', width: 50 },
  { header: '责任领导', key: 'leader', width: 12, center: true },
  { header: '牵头部门', key: 'department', width: 16 },
  { header: '配合部门', key: 'coDepartments', width: 16 },
  { header: '整改时限', key: 'dueAt', width: 13, numFmt: 'yyyy-mm-dd', center: true },
  { header: '整改阶段', key: 'stage', width: 11, center: true },
  { header: '整改完成情况', key: 'completion', width: 11, center: true },
  { header: '长期整改', key: 'longTerm', width: 9, center: true },
  { header: '红黄绿灯', key: 'light', width: 9, center: true },
  { header: '逾期天数', key: 'daysLate', width: 9, center: true },
  { header: '督办等级', key: 'escalationLevel', width: 9, center: true },
  { header: '退回次数', key: 'sentBack', width: 9, center: true },
  { header: '问责次数', key: 'accountability', width: 9, center: true },
  { header: '督办单', key: 'ordersIssued', width: 9, center: true },
  { header: '未办结督办单', key: 'openOrders', width: 11, center: true },
  { header: '约谈记录', key: 'talks', width: 9, center: true },
  { header: '问责记录', key: 'accountabilityRecords', width: 9, center: true },
  ...OUTCOME_COLUMNS,
  { header: '销号时间', key: 'closedAt', width: 17, numFmt: 'yyyy-mm-dd hh:mm', center: true },
  { header: '佐证材料数', key: 'evidenceCount', width: 10, center: true },
  { header: '佐证材料（文件名 SHA-256）', key: 'evidence', width: 44 },
];

export const SUMMARY_COLUMNS: readonly Column[] = [
  { header: '牵头部门', key: 'name', width: 18 },
  { header: '部门代码', key: 'code', width: 10, center: true },
  { header: '问题总数', key: 'total', width: 10, center: true },
  { header: '未销号', key: 'open', width: 10, center: true },
  { header: '逾期', key: 'overdue', width: 10, center: true },
  { header: '已销号', key: 'closed', width: 10, center: true },
  { header: '退回次数', key: 'sentBack', width: 10, center: true },
  { header: '督办问题数', key: 'escalated', width: 11, center: true },
  { header: '问责次数', key: 'accountability', width: 10, center: true },
  { header: '约谈记录', key: 'talks', width: 10, center: true },
  { header: '问责记录', key: 'accountabilityRecords', width: 10, center: true },
  { header: '按期销号率', key: 'onTimeRate', width: 12, center: true },
];

export const LEDGER_SHEET = '整改台账';
export const SUMMARY_SHEET = '部门汇总';
/** The round's figures, the same as the progress report's opening (section 一). */
export const ROUND_SUMMARY_SHEET = '整改总体情况';

/** The rows of the round summary sheet: a heading and the figure it shows. */
export const ROUND_SUMMARY_ROWS: readonly { label: string; figure: keyof Figures }[] = [
  { label: '反馈问题总数', figure: 'total' },
  { label: '尚未交办', figure: 'unassigned' },
  { label: '整改措施（条）', figure: 'measures' },
  { label: '整改措施已审定', figure: 'measuresApproved' },
  { label: '已完成整改并销号', figure: 'closed' },
  { label: '正在推进', figure: 'inProgress' },
  { label: '其中需长期整改', figure: 'longTerm' },
  { label: '超过整改时限未完成', figure: 'overdue' },
  { label: '审核退回重新整改（次）', figure: 'sentBack' },
  { label: '实行督办的问题', figure: 'escalated' },
  { label: '问责（次）', figure: 'accountability' },
];

/**
 * 整改完成情况 in the words of published reports: done (销号), under way, a long-term item still
 * running, not yet assigned, or withdrawn by the office.
 */
export function completionLabel(
  f: Pick<LedgerFinding, 'stage' | 'longTerm' | 'withdrawn'>,
): string {
  if (f.withdrawn) return '已撤回';
  if (f.stage === 'closed') return '已完成';
  if (f.stage === 'assign') return '待交办';
  if (f.stage === 'long_term' || f.longTerm) return '长期整改中';
  return '正在推进';
}

const DAY_MS = 86_400_000;

/** The calendar day of a time in China, as a day number (the ledger's dates are China dates). */
function chinaDay(iso: string): number | null {
  const parts = chinaDateParts(iso);
  return parts ? Date.UTC(parts[0], parts[1] - 1, parts[2]) / DAY_MS : null;
}

/**
 * Calendar days past the deadline: for a closed finding, from its due day to the day it closed;
 * for an open one, to the ledger's day. Null when there is no deadline or it was kept.
 */
export function daysLate(
  f: Pick<LedgerFinding, 'dueAt' | 'closedAt' | 'stage' | 'withdrawn'>,
  asOf: string,
): number | null {
  if (!f.dueAt || f.withdrawn) return null;
  const end = f.stage === 'closed' ? f.closedAt : asOf;
  if (!end || Date.parse(end) <= Date.parse(f.dueAt)) return null;
  const due = chinaDay(f.dueAt);
  const last = chinaDay(end);
  if (due === null || last === null) return null;
  return last > due ? last - due : null;
}

const LIGHT_FILL: Record<Light, string> = {
  red: 'FFF4CCCC',
  yellow: 'FFFFF2CC',
  green: 'FFD9EAD3',
};
const BODY_FONT: Partial<ExcelJS.Font> = { name: 'SimSun', size: 10 };
const THIN = { style: 'thin' as const, color: { argb: 'FFBFBFBF' } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/** The heading row frozen (given to addWorksheet: a streamed sheet takes no views later). */
const FROZEN_HEADING: Partial<ExcelJS.WorksheetView>[] = [
  { state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' },
];

function setUpSheet(sheet: ExcelJS.Worksheet, columns: readonly Column[]): void {
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  const header = sheet.getRow(1);
  header.font = { bold: true, name: 'SimSun', size: 11 };
  header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  header.height = 30;
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
    cell.border = BORDER;
  });
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
}

function styleBody(sheet: ExcelJS.Worksheet, columns: readonly Column[], rowNumber: number): void {
  const row = sheet.getRow(rowNumber);
  row.font = { name: 'SimSun', size: 10 };
  columns.forEach((c, i) => {
    const cell = row.getCell(i + 1);
    cell.alignment = { vertical: 'top', horizontal: c.center ? 'center' : 'left', wrapText: true };
    cell.border = BORDER;
    if (c.numFmt) cell.numFmt = c.numFmt;
  });
  fitHeight(row, columns);
}

/**
 * The styles styleBody gives, as shared objects: one per column, value type and light fill.
 * exceljs turns each style object it has not seen yet into XML to find its id; a row of the
 * ledger styled cell by cell (its own objects) cost most of a large ledger's build.
 */
class BodyStyles {
  private readonly cells = new Map<string, Partial<ExcelJS.Style>>();
  /** The row's own style (its font), as styleBody's `row.font` leaves it. */
  readonly row: Partial<ExcelJS.Style> = { font: BODY_FONT };

  constructor(private readonly columns: readonly Column[]) {}

  cell(index: number, type: ExcelJS.ValueType, fill: string | null): Partial<ExcelJS.Style> {
    const key = `${index} ${type} ${fill ?? ''}`;
    let style = this.cells.get(key);
    if (!style) {
      const c = this.columns[index];
      style = {
        font: BODY_FONT,
        alignment: { vertical: 'top', horizontal: c.center ? 'center' : 'left', wrapText: true },
        border: BORDER,
      };
      if (c.numFmt) style.numFmt = c.numFmt;
      if (fill) style.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: fill } };
      this.cells.set(key, style);
    }
    return style;
  }
}

/** styleBody with shared style objects, and the light `fill` on its column (1-based) if given. */
function styleBodyShared(
  row: ExcelJS.Row,
  styles: BodyStyles,
  columns: readonly Column[],
  fill: { column: number; argb: string } | null,
): void {
  // exceljs's Row keeps its own style in a plain `style` field its typings leave out.
  (row as unknown as { style: Partial<ExcelJS.Style> }).style = styles.row;
  columns.forEach((_c, i) => {
    const cell = row.getCell(i + 1);
    cell.style = styles.cell(i, cell.type, fill && fill.column === i + 1 ? fill.argb : null);
  });
  fitHeight(row, columns);
}

/**
 * Spreadsheet programs do not grow a row for wrapped text they did not lay out themselves, so
 * the height is set from the longest cell: CJK characters take two width units.
 */
function fitHeight(row: ExcelJS.Row, columns: readonly Column[]): void {
  const lines = Math.max(
    1,
    ...columns.map((c, i) => {
      const value = row.getCell(i + 1).value;
      return typeof value === 'string' ? wrappedLines(value, c.width) : 1;
    }),
  );
  row.height = Math.max(16, lines * 14);
}

/** How many lines `text` takes in a column `width` characters wide. */
export function wrappedLines(text: string, width: number): number {
  return text.split('\n').reduce((n, line) => {
    let units = 0;
    for (const ch of line) units += (ch.codePointAt(0) ?? 0) > 0x2e7f ? 2 : 1;
    return n + Math.max(1, Math.ceil(units / Math.max(1, width - 1)));
  }, 0);
}

/** "1．…\n2．…": numbered measures in one wrapped cell. */
export function numberedMeasures(measures: string[]): string {
  return measures.map((m, i) => `${i + 1}．${m}`).join('\n');
}

/** The outcome columns of a row: its sums, blank where nothing was recorded. */
function outcomeCells(f: LedgerFinding): Record<string, number | null> {
  const sums = f.outcomes ?? noOutcomes();
  const figures = OUTCOME_FIGURES.filter((x) => !x.label.startsWith('其中'));
  return Object.fromEntries(
    figures.map((x, i) => [`outcome${i}`, x.value(sums) === 0 ? null : x.value(sums)]),
  );
}

function ledgerRow(f: LedgerFinding, asOf: string): Record<string, unknown> {
  return {
    code: cellSafe(f.code),
    area: cellSafe(f.areaTitle ?? ''),
    theme: cellSafe(f.themeTitle ?? ''),
    title: cellSafe(f.title),
    measures: cellSafe(numberedMeasures(f.measures)),
    leader: cellSafe(f.responsibleLeader ?? ''),
    department: cellSafe(f.leadDepartment ?? ''),
    coDepartments: cellSafe(f.coDepartments.join('、')),
    dueAt: chinaDateCell(f.dueAt),
    stage: f.withdrawn ? `已撤回（${STAGE_LABELS_ZH[f.stage]}）` : STAGE_LABELS_ZH[f.stage],
    completion: completionLabel(f),
    longTerm: f.longTerm ? '是' : '否',
    // No light for a finding done or withdrawn; one not yet assigned is 待交办, not 绿灯.
    light:
      f.stage === 'closed' || f.withdrawn
        ? '—'
        : f.stage === 'assign'
          ? '待交办'
          : LIGHT_LABELS_ZH[f.light],
    daysLate: daysLate(f, asOf),
    escalationLevel: f.escalationLevel,
    sentBack: f.sentBackCount,
    accountability: f.accountabilityCount,
    ordersIssued: f.ordersIssued,
    openOrders: f.openOrders,
    talks: f.talks,
    accountabilityRecords: f.accountabilityRecords,
    ...outcomeCells(f),
    closedAt: chinaDateTimeCell(f.closedAt),
    evidenceCount: f.evidence.length,
    evidence: cellSafe(f.evidence.map((e) => `${e.filename} ${e.sha256}`).join('\n')),
  };
}

/** The ledger as an in-memory workbook (what the file reads back as; tests look into it). */
export function buildLedgerWorkbook(input: LedgerInput): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  writeLedger(wb, input, false);
  return wb;
}

/**
 * Writes the ledger's three sheets into `wb`. `streamed`: `wb` is a streaming writer, and every
 * row is committed (rendered to XML and handed to the zip) as soon as it is styled, and every
 * sheet once it is complete, so no workbook of thousands of rows is held and rendered at the end.
 */
function writeLedger(wb: ExcelJS.Workbook, input: LedgerInput, streamed: boolean): void {
  wb.creator = 'rectiflow';
  wb.created = new Date(input.asOf);
  wb.title = cellSafe(`${input.round.title}整改台账`);

  const sheet = wb.addWorksheet(LEDGER_SHEET, {
    views: FROZEN_HEADING,
    // The ledger is wide: A3 landscape, as offices print it.
    pageSetup: {
      // exceljs's PaperSize enum lacks A3, which is 8 in the OOXML numbering.
      paperSize: 8 as unknown as ExcelJS.PaperSize,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '1:1',
    },
  });
  setUpSheet(sheet, LEDGER_COLUMNS);
  const lightColumn = LEDGER_COLUMNS.findIndex((c) => c.key === 'light') + 1;
  const styles = new BodyStyles(LEDGER_COLUMNS);
  for (const f of input.findings) {
    const row = sheet.addRow(ledgerRow(f, input.asOf));
    const lit = f.stage !== 'closed' && f.stage !== 'assign' && !f.withdrawn;
    if (streamed) {
      styleBodyShared(
        row,
        styles,
        LEDGER_COLUMNS,
        lit ? { column: lightColumn, argb: LIGHT_FILL[f.light] } : null,
      );
      row.commit();
    } else {
      // Cell by cell, each its own style objects: what the streamed file must read back as.
      styleBody(sheet, LEDGER_COLUMNS, row.number);
      if (lit)
        row.getCell(lightColumn).fill = {
          type: 'pattern',
          pattern: 'solid',
          fgColor: { argb: LIGHT_FILL[f.light] },
        };
    }
  }
  if (streamed) sheet.commit();

  const summary = wb.addWorksheet(SUMMARY_SHEET, {
    views: FROZEN_HEADING,
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
    },
  });
  setUpSheet(summary, SUMMARY_COLUMNS);
  const rateColumn = SUMMARY_COLUMNS.findIndex((c) => c.key === 'onTimeRate') + 1;
  for (const d of input.departments) {
    const row = summary.addRow({ ...d, name: cellSafe(d.name), onTimeRate: d.onTimeRate ?? '—' });
    styleBody(summary, SUMMARY_COLUMNS, row.number);
    if (d.onTimeRate !== null) row.getCell(rateColumn).numFmt = '0.0%';
  }
  const total = summary.addRow({
    name: '合计',
    code: '',
    total: sum(input.departments, 'total'),
    open: sum(input.departments, 'open'),
    overdue: sum(input.departments, 'overdue'),
    closed: sum(input.departments, 'closed'),
    sentBack: sum(input.departments, 'sentBack'),
    escalated: sum(input.departments, 'escalated'),
    accountability: sum(input.departments, 'accountability'),
    talks: sum(input.departments, 'talks'),
    accountabilityRecords: sum(input.departments, 'accountabilityRecords'),
    onTimeRate: '',
  });
  styleBody(summary, SUMMARY_COLUMNS, total.number);
  total.font = { name: 'SimSun', size: 10, bold: true };
  const source = ROUND_SOURCE_LABELS_ZH[input.round.source];
  summary.addRow([]);
  summary.addRow([
    `${cellSafe(input.round.title)}（${source}）\u3000统计截至${chineseDate(input.asOf)}；按牵头部门统计，未交办的问题不计入。`,
  ]);
  if (streamed) summary.commit();

  addRoundSummary(wb, input, source, streamed);
}

/**
 * The round's figures as the progress report's opening states them (figuresOf over the same
 * findings, withdrawn ones left out as the report leaves them out), so the ledger and the
 * published text never disagree.
 */
function addRoundSummary(
  wb: ExcelJS.Workbook,
  input: LedgerInput,
  source: string,
  streamed: boolean,
): void {
  const fig = figuresOf(input.findings.filter((f) => !f.withdrawn));
  const sheet = wb.addWorksheet(ROUND_SUMMARY_SHEET, {
    views: FROZEN_HEADING,
    pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1 },
  });
  const columns: readonly Column[] = [
    { header: '项目', key: 'label', width: 28 },
    { header: '数量', key: 'value', width: 12, center: true },
  ];
  setUpSheet(sheet, columns);
  for (const r of ROUND_SUMMARY_ROWS) {
    const row = sheet.addRow({ label: r.label, value: fig[r.figure] });
    styleBody(sheet, columns, row.number);
  }
  const withdrawn = input.findings.filter((f) => f.withdrawn).length;
  sheet.addRow([]);
  const scope = input.departmentOnly
    ? `仅含${cellSafe(input.departmentOnly)}牵头的问题`
    : '与《整改进展情况的通报》第一部分的数字一致';
  sheet.addRow([
    `${cellSafe(input.round.title)}（${source}）\u3000统计截至${chineseDate(input.asOf)}；${scope}` +
      (withdrawn > 0 ? `；已撤回的${withdrawn}个问题不计入。` : '。'),
  ]);
  // 整改成效 below, as the report's opening sums them (amounts in 元): OUTCOME_FIGURES' labels
  // in column A find their rows.
  sheet.addRow([]);
  const outcomes = input.outcomes ?? noOutcomes();
  for (const r of OUTCOME_FIGURES) {
    const row = sheet.addRow({ label: r.label, value: r.value(outcomes) });
    styleBody(sheet, columns, row.number);
    if (r.label.includes('元')) row.getCell(2).numFmt = '#,##0.00';
  }
  if (streamed) sheet.commit();
}

function sum<
  K extends
    | 'total'
    | 'open'
    | 'overdue'
    | 'closed'
    | 'sentBack'
    | 'escalated'
    | 'accountability'
    | 'talks'
    | 'accountabilityRecords',
>(rows: LedgerInput['departments'], key: K): number {
  return rows.reduce((n, r) => n + r[key], 0);
}

/**
 * The ledger's file. Streamed (exceljs' WorkbookWriter): each row is rendered as it is built and
 * zipped by Node's zlib, where the in-memory workbook rendered every row's XML at the end and
 * deflated it in JavaScript (JSZip), most of a large ledger's time. Shared strings and styles as
 * the in-memory writer has them, so the file reads back the same (ledger-workbook.spec.ts).
 */
export async function ledgerXlsxBuffer(input: LedgerInput): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream,
    useStyles: true,
    useSharedStrings: true,
  });
  writeLedger(wb, input, true);
  await wb.commit();
  return Buffer.concat(chunks);
}
