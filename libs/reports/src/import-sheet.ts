// The XLSX import: a template with one row per measure, and a reader that turns a filled-in
// sheet into the structured import (areas → themes → findings → measures). Every problem found
// in the sheet names its row and column; the reader collects them all instead of stopping at
// the first, so the office fixes the sheet in one go.

import ExcelJS from 'exceljs';
import type { ImportFindingSpec, ImportTree } from './types';

export type FieldKey =
  | 'area'
  | 'theme'
  | 'finding'
  | 'measure'
  | 'leader'
  | 'department'
  | 'coDepartments'
  | 'dueAt'
  | 'longTerm';

interface Field {
  key: FieldKey;
  header: string;
  /** Other headings people use for the same column. */
  aliases: string[];
  required: boolean;
  width: number;
  note: string;
}

export const IMPORT_FIELDS: readonly Field[] = [
  {
    key: 'area',
    header: '方面',
    aliases: ['问题方面', '领域'],
    required: true,
    width: 26,
    note: '如“聚焦全面从严治党方面”；与上一行相同可留空',
  },
  {
    key: 'theme',
    header: '问题类别',
    aliases: ['类别', '问题分类'],
    required: true,
    width: 26,
    note: '如“廉政风险防控机制不健全”；与上一行相同可留空',
  },
  {
    key: 'finding',
    header: '反馈问题',
    aliases: ['问题', '问题描述', '问题清单'],
    required: true,
    width: 40,
    note: '一个问题有多条措施时，每条措施一行，问题可只填第一行',
  },
  {
    key: 'measure',
    header: '整改措施',
    aliases: ['措施'],
    required: true,
    width: 50,
    note: '每行一条措施，不必写“一是”',
  },
  {
    key: 'leader',
    header: '责任领导',
    aliases: ['责任领导用户名', '领导用户名'],
    required: false,
    width: 14,
    note: '责任领导的姓名或用户名，见“部门和领导”表',
  },
  {
    key: 'department',
    header: '牵头部门',
    aliases: ['牵头部门代码', '部门代码', '牵头单位'],
    required: false,
    width: 16,
    note: '部门名称或代码（如 D1），见“部门和领导”表',
  },
  {
    key: 'coDepartments',
    header: '配合部门',
    aliases: ['配合部门代码', '配合单位', '协办部门'],
    required: false,
    width: 20,
    note: '选填；多个部门用顿号或逗号分隔，填名称或代码',
  },
  {
    key: 'dueAt',
    header: '整改时限',
    aliases: ['完成时限', '截止日期'],
    required: false,
    width: 14,
    note: '日期，如 2025-09-30；当天结束前有效',
  },
  {
    key: 'longTerm',
    header: '长期整改',
    aliases: ['是否长期整改', '长期'],
    required: false,
    width: 10,
    note: '“是”或“否”，留空为否',
  },
];

export const IMPORT_SHEET = '问题清单';
export const REFERENCE_SHEET = '部门和领导';

/** Rows the template prepares drop-down lists for. */
const TEMPLATE_ROWS = 500;
/** A sheet larger than this is refused (the text and JSON imports share the same body limit). */
export const MAX_IMPORT_ROWS = 20_000;
const MAX_ERRORS = 50;

export interface TemplateOptions {
  departments: { code: string; name: string }[];
  leaders: { username: string; displayName: string }[];
}

function columnLetter(index: number): string {
  let n = index;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function buildImportTemplate(options: TemplateOptions): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'rectiflow';
  const sheet = wb.addWorksheet(IMPORT_SHEET);
  sheet.columns = IMPORT_FIELDS.map((f) => ({
    header: f.required ? `${f.header}` : f.header,
    key: f.key,
    width: f.width,
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  IMPORT_FIELDS.forEach((f, i) => {
    const cell = header.getCell(i + 1);
    cell.note = `${f.required ? '必填列。' : '选填列。'}${f.note}`;
    cell.fill = {
      type: 'pattern',
      pattern: 'solid',
      fgColor: { argb: f.required ? 'FFFCE4D6' : 'FFD9E1F2' },
    };
  });
  sheet.views = [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }];

  const ref = wb.addWorksheet(REFERENCE_SHEET);
  ref.columns = [
    { header: '部门代码', key: 'code', width: 12 },
    { header: '部门名称', key: 'name', width: 22 },
    { header: '', key: 'gap', width: 4 },
    { header: '领导用户名', key: 'username', width: 14 },
    { header: '领导姓名', key: 'displayName', width: 16 },
  ];
  ref.getRow(1).font = { bold: true };
  const rows = Math.max(options.departments.length, options.leaders.length);
  for (let i = 0; i < rows; i++) {
    const d = options.departments[i];
    const l = options.leaders[i];
    ref.addRow({
      code: d?.code,
      name: d?.name,
      username: l?.username,
      displayName: l?.displayName,
    });
  }

  const col = (key: FieldKey) => IMPORT_FIELDS.findIndex((f) => f.key === key) + 1;
  const rangeOf = (key: FieldKey) =>
    `${columnLetter(col(key))}2:${columnLetter(col(key))}${TEMPLATE_ROWS + 1}`;
  // One validation per column range: exceljs's per-cell validations are merged by its writer
  // into overlapping ranges (it sorts "E10" before "E2"), which Excel reports as damage.
  const validations = (
    sheet as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }
  ).dataValidations;
  if (options.departments.length > 0) {
    validations.add(rangeOf('department'), {
      type: 'list',
      allowBlank: true,
      formulae: [`'${REFERENCE_SHEET}'!$A$2:$A$${options.departments.length + 1}`],
    });
  }
  if (options.leaders.length > 0) {
    validations.add(rangeOf('leader'), {
      type: 'list',
      allowBlank: true,
      formulae: [`'${REFERENCE_SHEET}'!$D$2:$D$${options.leaders.length + 1}`],
    });
  }
  validations.add(rangeOf('dueAt'), {
    type: 'date',
    operator: 'greaterThan',
    allowBlank: true,
    showErrorMessage: true,
    errorTitle: '整改时限',
    error: '请填写日期，如 2025-09-30',
    formulae: [new Date(Date.UTC(2000, 0, 1))],
  });
  validations.add(rangeOf('longTerm'), { type: 'list', allowBlank: true, formulae: ['"是,否"'] });
  sheet.getColumn(col('dueAt')).numFmt = 'yyyy-mm-dd';
  for (const key of ['area', 'theme', 'finding', 'measure'] as const) {
    sheet.getColumn(col(key)).alignment = { wrapText: true, vertical: 'top' };
  }
  // The header keeps its own centred alignment.
  header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  return wb;
}

export async function importTemplateBuffer(options: TemplateOptions): Promise<Buffer> {
  return Buffer.from((await buildImportTemplate(options).xlsx.writeBuffer()) as ArrayBuffer);
}

// ---------------------------------------------------------------------------------------------
// Reading

export interface SheetImport {
  tree: ImportTree;
  warnings: string[];
}

/**
 * One thing wrong with a sheet: the row and column it is in (none for the sheet as a whole), a
 * code (`unknown_leader`, `not_leader`, `ambiguous_leader`, `unknown_department`,
 * `ambiguous_department`, `invalid_date`, `invalid_long_term`, `conflicting_value`,
 * `orphan_measure`, `invalid_sheet`) and the message the office reads.
 */
export interface SheetProblem {
  row: number | null;
  column: string | null;
  field: FieldKey | null;
  code: string;
  message: string;
}

/** A sheet that cannot be imported; `problems` name row and column. */
export class ImportSheetError extends Error {
  readonly details: SheetProblem[];
  constructor(
    readonly problems: string[],
    details?: SheetProblem[],
  ) {
    super(problems.join('; '));
    this.name = 'ImportSheetError';
    this.details =
      details ??
      problems.map((message) => ({
        row: null,
        column: null,
        field: null,
        code: 'invalid_sheet',
        message,
      }));
  }
}

/**
 * The round's unit, to match what a sheet names: people by username or display name (a leader
 * only), departments by code or name (an active one only).
 */
export interface SheetOrganisation {
  departments: { id: string; code: string; name: string; active: boolean }[];
  people: { id: string; username: string; displayName: string; leader: boolean; active: boolean }[];
}

/** What a row of the sheet assigns, as ids; a field left blank stays out. */
export interface SheetAssignment {
  responsibleLeaderId?: string;
  leadDepartmentId?: string;
  coDepartmentIds?: string[];
  dueAt?: string;
}

type Matched = { id: string } | { code: string; message: string };

export function matchLeader(text: string, org: SheetOrganisation): Matched {
  const t = text.trim();
  const byUsername = org.people.filter((p) => p.username.toLowerCase() === t.toLowerCase());
  const candidates =
    byUsername.length > 0 ? byUsername : org.people.filter((p) => p.displayName.trim() === t);
  if (candidates.length === 0)
    return { code: 'unknown_leader', message: `本单位没有名为“${t}”的人员（可填姓名或用户名）` };
  const leaders = candidates.filter((p) => p.leader && p.active);
  if (leaders.length === 0) return { code: 'not_leader', message: `“${t}”不是本单位在任的领导` };
  if (leaders.length > 1)
    return {
      code: 'ambiguous_leader',
      message: `本单位有 ${leaders.length} 位领导名为“${t}”，请改填用户名`,
    };
  return { id: leaders[0].id };
}

export function matchDepartment(text: string, org: SheetOrganisation): Matched {
  const t = text.trim();
  const byCode = org.departments.filter((d) => d.code.toLowerCase() === t.toLowerCase());
  const candidates =
    byCode.length > 0 ? byCode : org.departments.filter((d) => d.name.trim() === t);
  const active = candidates.filter((d) => d.active);
  if (active.length === 0)
    return {
      code: 'unknown_department',
      message:
        candidates.length > 0 ? `部门“${t}”已停用` : `本单位没有部门“${t}”（可填部门名称或代码）`,
    };
  if (active.length > 1)
    return { code: 'ambiguous_department', message: `本单位有多个部门名为“${t}”，请改填部门代码` };
  return { id: active[0].id };
}

/** The co-departments of a cell: names or codes separated by 、，, ; or spaces. */
export function splitDepartments(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[、，,;；\s]+/)
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
    ),
  ];
}

function normaliseHeader(s: string): string {
  return s.replace(/[\s*＊:：]/g, '').replace(/[（(][^）)]*[）)]/g, '');
}

/** The cell's text, whatever Excel stored: rich text, formula results, hyperlinks, numbers. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    if ('richText' in value)
      return value.richText
        .map((r) => r.text)
        .join('')
        .trim();
    if ('formula' in value || 'sharedFormula' in value) {
      const result = (value as ExcelJS.CellFormulaValue).result;
      return result === undefined ? '' : cellText(result as ExcelJS.CellValue);
    }
    if ('text' in value && typeof value.text === 'string') return value.text.trim();
    if ('error' in value) return '';
  }
  return '';
}

const CHINA_OFFSET_MS = 8 * 3600_000;

/** The end of a calendar day in China (UTC+8), as an ISO time: "by 30 September" means all of it. */
function endOfChinaDay(y: number, m: number, d: number): string | null {
  const ms = Date.UTC(y, m - 1, d, 23, 59, 59, 999) - CHINA_OFFSET_MS;
  const check = new Date(ms + CHINA_OFFSET_MS);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d)
    return null;
  return new Date(ms).toISOString();
}

/** A due date from a date cell, an Excel serial number or text in the usual spellings. */
export function parseDueDate(value: ExcelJS.CellValue): string | null {
  const v =
    value !== null && typeof value === 'object' && !(value instanceof Date)
      ? cellText(value)
      : value;
  if (v instanceof Date) {
    // Excel dates carry no zone: exceljs hands back the calendar date in the UTC fields.
    return endOfChinaDay(v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate());
  }
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v < 1 || v > 2_958_465) return null;
    const d = new Date(Math.round((v - 25569) * 86400_000));
    return endOfChinaDay(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  }
  const s = typeof v === 'string' ? v.trim() : '';
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(s);
  if (m) return endOfChinaDay(Number(m[1]), Number(m[2]), Number(m[3]));
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(s) && !Number.isNaN(Date.parse(s)))
    return new Date(s).toISOString();
  return null;
}

function parseLongTerm(text: string): boolean | null {
  const t = text.trim().toLowerCase();
  if (['', '否', '不是', 'n', 'no', 'false', '0'].includes(t)) return false;
  if (['是', 'y', 'yes', 'true', '1', '长期'].includes(t)) return true;
  return null;
}

interface FindingDraft {
  spec: ImportFindingSpec;
  firstRow: number;
  /** Row that gave each finding-level field, for conflict messages. */
  from: Partial<Record<FieldKey, number>>;
}

/** Reads a filled-in template (any column order, headings as in IMPORT_FIELDS or their aliases). */
export async function readImportSheet(
  data: Buffer | ArrayBuffer | Uint8Array,
  /** Given, leader and department names become ids (`assignment`), or per-row problems. */
  organisation?: SheetOrganisation,
): Promise<SheetImport> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as ArrayBuffer);
  } catch {
    throw new ImportSheetError(['文件不是有效的 XLSX 工作簿（.xlsx），请用导入模板填写后上传']);
  }
  const sheet =
    wb.getWorksheet(IMPORT_SHEET) ??
    wb.worksheets.find((ws) => ws.state === 'visible') ??
    wb.worksheets[0];
  if (!sheet) throw new ImportSheetError(['工作簿中没有工作表']);
  if (sheet.rowCount > MAX_IMPORT_ROWS + 1) {
    throw new ImportSheetError([`工作表“${sheet.name}”超过 ${MAX_IMPORT_ROWS} 行，请分批导入`]);
  }

  // Headings: the first row that names the finding column, within the first five.
  let headerRow = 0;
  const columns = new Map<FieldKey, number>();
  for (let r = 1; r <= Math.min(5, sheet.rowCount) && headerRow === 0; r++) {
    const row = sheet.getRow(r);
    const found = new Map<FieldKey, number>();
    row.eachCell((cell, col) => {
      const h = normaliseHeader(cellText(cell.value));
      const field = IMPORT_FIELDS.find((f) =>
        [f.header, ...f.aliases].map(normaliseHeader).includes(h),
      );
      if (field && !found.has(field.key)) found.set(field.key, col);
    });
    if (found.has('finding')) {
      headerRow = r;
      for (const [k, v] of found) columns.set(k, v);
    }
  }
  const missing = IMPORT_FIELDS.filter((f) => f.required && !columns.has(f.key));
  if (headerRow === 0 || missing.length > 0) {
    const where = headerRow === 0 ? '前 5 行中没有表头' : `第 ${headerRow} 行表头`;
    throw new ImportSheetError(
      (missing.length > 0 ? missing : IMPORT_FIELDS.filter((f) => f.required)).map(
        (f) => `工作表“${sheet.name}”${where}缺少必填列“${f.header}”`,
      ),
    );
  }

  const problems: string[] = [];
  const details: SheetProblem[] = [];
  const problem = (row: number, key: FieldKey, message: string, code = 'invalid_sheet'): void => {
    if (problems.length >= MAX_ERRORS) return;
    const field = IMPORT_FIELDS.find((f) => f.key === key) as Field;
    const col = columns.get(key);
    const column = col ? columnLetter(col) : null;
    const text = `第 ${row} 行 ${column ?? '?'} 列（${field.header}）：${message}`;
    problems.push(text);
    details.push({ row, column, field: key, code, message: text });
  };
  const warnings: string[] = [];

  const drafts: { area: string; theme: string; draft: FindingDraft }[] = [];
  const lastRowOfKey = new Map<string, number>();
  let current: { area: string; theme: string; draft: FindingDraft; key: string } | null = null;
  let area = '';
  let theme = '';

  for (let r = headerRow + 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const get = (key: FieldKey): ExcelJS.CellValue => {
      const col = columns.get(key);
      return col ? row.getCell(col).value : null;
    };
    const text = (key: FieldKey) => cellText(get(key));
    const values = IMPORT_FIELDS.map((f) => text(f.key));
    if (values.every((v) => v === '')) continue;

    const areaText = text('area');
    const themeText = text('theme');
    if (areaText) {
      if (areaText !== area) theme = '';
      area = areaText;
    }
    if (themeText) theme = themeText;
    const findingText = text('finding');
    const effectiveArea = area || '未归类';
    const effectiveTheme = theme || effectiveArea;

    if (findingText) {
      const key = `${effectiveArea}\u0000${effectiveTheme}\u0000${findingText}`;
      if (!current || current.key !== key) {
        const earlier = lastRowOfKey.get(key);
        if (earlier !== undefined) {
          warnings.push(
            `第 ${r} 行：问题“${findingText}”与第 ${earlier} 行同名但不相邻，已作为另一个问题导入`,
          );
        }
        current = {
          area: effectiveArea,
          theme: effectiveTheme,
          key,
          draft: { spec: { title: findingText, measures: [] }, firstRow: r, from: {} },
        };
        drafts.push(current);
      }
      lastRowOfKey.set(key, r);
    } else if (!current) {
      problem(r, 'finding', '为空，且上方没有可归属的问题', 'orphan_measure');
      continue;
    } else if (
      (areaText && areaText !== current.area) ||
      (themeText && themeText !== current.theme)
    ) {
      problem(
        r,
        'finding',
        '为空，但方面或问题类别与上一行不同，无法判断措施属于哪个问题',
        'orphan_measure',
      );
      continue;
    }

    const draft = current.draft;
    const measure = text('measure');
    if (measure) draft.spec.measures?.push(measure);

    const setOnce = <
      K extends
        'leadDepartmentCode' | 'responsibleLeaderUsername' | 'coDepartments' | 'dueAt' | 'longTerm',
    >(
      key: FieldKey,
      prop: K,
      value: ImportFindingSpec[K],
    ) => {
      const before = draft.spec[prop];
      if (before === undefined) {
        draft.spec[prop] = value;
        draft.from[key] = r;
      } else if (before !== value) {
        problem(r, key, `与同一问题第 ${draft.from[key]} 行所填不一致`, 'conflicting_value');
      }
    };
    const dept = text('department');
    if (dept) setOnce('department', 'leadDepartmentCode', dept);
    const leader = text('leader');
    if (leader) setOnce('leader', 'responsibleLeaderUsername', leader);
    const co = text('coDepartments');
    if (co) setOnce('coDepartments', 'coDepartments', splitDepartments(co).join('、'));
    const dueRaw = get('dueAt');
    if (text('dueAt')) {
      const due = parseDueDate(dueRaw);
      if (due) setOnce('dueAt', 'dueAt', due);
      else
        problem(r, 'dueAt', `无法识别的日期“${text('dueAt')}”，请写成 2025-09-30`, 'invalid_date');
    }
    const lt = text('longTerm');
    if (lt) {
      const flag = parseLongTerm(lt);
      if (flag === null)
        problem(r, 'longTerm', `应填“是”或“否”，而不是“${lt}”`, 'invalid_long_term');
      else if (flag) setOnce('longTerm', 'longTerm', true);
    }
  }

  // Names → ids in the round's unit: each row's leader and departments, or why not.
  if (organisation) {
    for (const { draft } of drafts) {
      const spec = draft.spec;
      const assignment: SheetAssignment = {};
      const at = (key: FieldKey) => draft.from[key] ?? draft.firstRow;
      const fail = (key: FieldKey, m: Matched): string | undefined => {
        if ('id' in m) return m.id;
        problem(at(key), key, m.message, m.code);
        return undefined;
      };
      if (spec.responsibleLeaderUsername)
        assignment.responsibleLeaderId = fail(
          'leader',
          matchLeader(spec.responsibleLeaderUsername, organisation),
        );
      if (spec.leadDepartmentCode)
        assignment.leadDepartmentId = fail(
          'department',
          matchDepartment(spec.leadDepartmentCode, organisation),
        );
      if (spec.coDepartments) {
        const ids = splitDepartments(spec.coDepartments)
          .map((name) => fail('coDepartments', matchDepartment(name, organisation)))
          .filter((id): id is string => !!id && id !== assignment.leadDepartmentId);
        if (ids.length > 0) assignment.coDepartmentIds = [...new Set(ids)];
      }
      if (spec.dueAt) assignment.dueAt = spec.dueAt;
      delete spec.responsibleLeaderUsername;
      delete spec.leadDepartmentCode;
      delete spec.coDepartments;
      delete spec.dueAt;
      if (Object.keys(assignment).length > 0) spec.assignment = assignment;
    }
  }

  if (problems.length > 0) throw new ImportSheetError(problems, details);
  if (drafts.length === 0)
    throw new ImportSheetError([`工作表“${sheet.name}”第 ${headerRow} 行表头之下没有任何问题`]);

  const tree: ImportTree = { areas: [] };
  for (const { area: a, theme: t, draft } of drafts) {
    let areaNode = tree.areas.find((x) => x.title === a);
    if (!areaNode) {
      areaNode = { title: a, themes: [] };
      tree.areas.push(areaNode);
    }
    let themeNode = areaNode.themes.find((x) => x.title === t);
    if (!themeNode) {
      themeNode = { title: t, findings: [] };
      areaNode.themes.push(themeNode);
    }
    themeNode.findings.push(draft.spec);
  }
  if (tree.areas.some((a) => a.title === '未归类'))
    warnings.push('部分问题没有填写“方面”，已归入“未归类”');
  return { tree, warnings };
}
