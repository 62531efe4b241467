import ExcelJS from 'exceljs';
import { DEFAULT_SCORECARD_WEIGHTS, scoreDepartment, scorecardFormula } from '@rectiflow/domain';
import {
  buildScorecardWorkbook,
  SCORECARD_FORMULA_SHEET,
  SCORECARD_SHEET,
} from './scorecard-workbook';

describe('scorecard workbook', () => {
  it('writes one line per department with each figure and its points, and the formula sheet', async () => {
    const weights = DEFAULT_SCORECARD_WEIGHTS;
    const scored = scoreDepartment(
      {
        due: 2,
        closedOnTime: 1,
        overdueDays: 4,
        sentBacks: 0,
        escalations: 1,
        accountabilityRecords: 0,
        openOrders: 0,
      },
      weights,
    );
    const none = scoreDepartment(
      {
        due: 0,
        closedOnTime: 0,
        overdueDays: 0,
        sentBacks: 0,
        escalations: 0,
        accountabilityRecords: 0,
        openOrders: 0,
      },
      weights,
    );
    const body = await buildScorecardWorkbook({
      asOf: new Date('2026-12-04T02:00:00Z'),
      period: '2026年度',
      formula: scorecardFormula(weights),
      weights,
      rows: [
        {
          rank: 1,
          unit: '某局',
          code: 'D2',
          name: '政治处',
          findings: 0,
          due: 0,
          closedOnTime: 0,
          parts: none.components,
          score: none.score,
        },
        {
          rank: 2,
          unit: '某局',
          code: 'D1',
          name: '=办公室',
          findings: 3,
          due: 2,
          closedOnTime: 1,
          parts: scored.components,
          score: scored.score,
        },
      ],
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(body as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet(SCORECARD_SHEET)!;
    expect(String(sheet.getRow(1).getCell(1).value)).toContain('2026年度');
    expect(sheet.getRow(2).getCell(1).value).toBe(scorecardFormula(weights));
    const header = (sheet.getRow(3).values as string[]).slice(1);
    const cell = (n: number, name: string) =>
      sheet.getRow(n).getCell(header.indexOf(name) + 1).value;
    // 50 % on time → 20 points; 4 days × 0.5 → −2; one escalation × 3 → −3: 60 + 20 − 2 − 3.
    expect(cell(5, '按期办结率(%)')).toBe(50);
    expect(cell(5, '按期办结率得分')).toBe(20);
    expect(cell(5, '超期天数得分')).toBe(-2);
    expect(cell(5, '升级督办次数得分')).toBe(-3);
    expect(cell(5, '得分')).toBe(75);
    // A name that looks like a formula is written as text, never as a formula.
    const name = sheet.getRow(5).getCell(header.indexOf('部门') + 1);
    expect([name.type, name.value]).toEqual([ExcelJS.ValueType.String, '=办公室']);
    expect(cell(4, '按期办结率(%)')).toBe('—');
    expect(cell(4, '得分')).toBe(100);
    const formula = wb.getWorksheet(SCORECARD_FORMULA_SHEET)!;
    expect(formula.getRow(2).getCell(1).value).toBe(scorecardFormula(weights));
  });
});
