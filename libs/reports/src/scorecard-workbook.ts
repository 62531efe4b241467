// 绩效考核 (appraisal scorecard) as an .xlsx workbook: one row per department with each figure,
// its points and the score, and a second sheet with the formula and the weights it used.

import ExcelJS from 'exceljs';
import {
  SCORECARD_COMPONENT_NAMES,
  SCORECARD_COMPONENTS,
  SCORECARD_WEIGHT_OF,
  type ScorecardComponent,
  type ScorecardPart,
  type ScorecardWeights,
} from '@rectiflow/domain';
import { cellSafe, chineseDate } from './chinese-text';

export const SCORECARD_SHEET = '绩效考核';
export const SCORECARD_FORMULA_SHEET = '计分公式';

/** The Chinese names of the weights, for the formula sheet. */
export const SCORECARD_WEIGHT_NAMES_ZH: Record<keyof ScorecardWeights, string> = {
  base: '基础分',
  onTime: '按期办结率满分',
  overdueDay: '每超期一天扣分',
  sentBack: '每退回一次扣分',
  escalation: '每升级督办一次扣分',
  accountability: '每问责一次扣分',
  openOrder: '每份未办结督办单扣分',
};

export interface ScorecardRow {
  /** Null when the reader sees one department only. */
  rank: number | null;
  unit: string;
  code: string;
  name: string;
  findings: number;
  due: number;
  closedOnTime: number;
  parts: Record<ScorecardComponent, ScorecardPart>;
  score: number;
}

export async function buildScorecardWorkbook(input: {
  asOf: Date;
  /** What the period is, in words (轮次名称, or 2026-01-01 至 2026-12-31). */
  period: string;
  formula: string;
  weights: ScorecardWeights;
  rows: ScorecardRow[];
}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'rectiflow';
  wb.created = input.asOf;
  const sheet = wb.addWorksheet(SCORECARD_SHEET, { views: [{ state: 'frozen', ySplit: 3 }] });
  const headers = [
    '名次',
    '单位',
    '部门编号',
    '部门',
    '牵头问题数',
    '应办结数',
    '按期办结数',
    ...SCORECARD_COMPONENTS.flatMap((c) => [
      c === 'onTimeRate' ? `${SCORECARD_COMPONENT_NAMES[c]}(%)` : SCORECARD_COMPONENT_NAMES[c],
      `${SCORECARD_COMPONENT_NAMES[c]}得分`,
    ]),
    '得分',
  ];
  const title = sheet.addRow([
    `绩效考核（${input.period}，截至${chineseDate(input.asOf.toISOString())}）`,
  ]);
  title.font = { bold: true, size: 14 };
  sheet.mergeCells(1, 1, 1, headers.length);
  const formula = sheet.addRow([input.formula]);
  sheet.mergeCells(2, 1, 2, headers.length);
  formula.alignment = { wrapText: true };
  const head = sheet.addRow(headers);
  head.font = { bold: true };
  head.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  sheet.columns = headers.map((h, i) => ({ width: i === 3 ? 20 : Math.max(8, h.length * 2) }));
  for (const r of input.rows) {
    sheet.addRow([
      r.rank ?? '—',
      cellSafe(r.unit),
      cellSafe(r.code),
      cellSafe(r.name),
      r.findings,
      r.due,
      r.closedOnTime,
      ...SCORECARD_COMPONENTS.flatMap((c) => {
        const p = r.parts[c];
        const value =
          c === 'onTimeRate'
            ? p.value === null
              ? '—'
              : Math.round(p.value * 10_000) / 100
            : p.value;
        return [value, p.points];
      }),
      r.score,
    ]);
  }
  sheet.autoFilter = { from: { row: 3, column: 1 }, to: { row: 3, column: headers.length } };

  const weights = wb.addWorksheet(SCORECARD_FORMULA_SHEET);
  weights.columns = [{ width: 26 }, { width: 14 }, { width: 16 }];
  weights.addRow(['计分公式']).font = { bold: true, size: 14 };
  weights.addRow([input.formula]);
  weights.addRow([]);
  weights.addRow(['权重', '取值', '对应指标']).font = { bold: true };
  const componentOf = new Map(SCORECARD_COMPONENTS.map((c) => [SCORECARD_WEIGHT_OF[c], c]));
  for (const key of Object.keys(SCORECARD_WEIGHT_NAMES_ZH) as (keyof ScorecardWeights)[]) {
    const c = componentOf.get(key);
    weights.addRow([
      SCORECARD_WEIGHT_NAMES_ZH[key],
      input.weights[key],
      c ? SCORECARD_COMPONENT_NAMES[c] : '',
    ]);
  }
  weights.addRow([]);
  weights.addRow([
    '说明：考核范围为各部门牵头的问题（期间按整改时限所在日期计，ORG_TIMEZONE 日历日）；应办结数为已办结或已过整改时限的问题；超期天数按超过整改时限的天数（不足一天按一天）合计；无应办结问题的部门按期办结率得满分。',
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
