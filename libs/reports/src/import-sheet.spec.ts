import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import {
  IMPORT_FIELDS,
  IMPORT_SHEET,
  REFERENCE_SHEET,
  ImportSheetError,
  buildImportTemplate,
  parseDueDate,
  readImportSheet,
} from './index';

const options = {
  departments: [
    { code: 'D1', name: '办公室' },
    { code: 'D2', name: '财务科' },
  ],
  leaders: [{ username: 'leader1', displayName: '王局长' }],
};

async function toBuffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

/** The template, filled in row by row (values in IMPORT_FIELDS order). */
async function filled(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await toBuffer(buildImportTemplate(options))) as unknown as ArrayBuffer);
  const sheet = wb.getWorksheet(IMPORT_SHEET)!;
  rows.forEach((values, i) => {
    values.forEach((v, c) => {
      if (v !== undefined) sheet.getRow(i + 2).getCell(c + 1).value = v as ExcelJS.CellValue;
    });
  });
  return toBuffer(wb);
}

async function problemsOf(buffer: Buffer | Uint8Array): Promise<string[]> {
  try {
    await readImportSheet(buffer);
  } catch (err) {
    if (err instanceof ImportSheetError) return err.problems;
    throw err;
  }
  throw new Error('expected the sheet to be refused');
}

describe('XLSX import template', () => {
  it('has the import columns, drop-downs from the organisation and a reference sheet', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await toBuffer(buildImportTemplate(options))) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet(IMPORT_SHEET)!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(
      IMPORT_FIELDS.map((f) => f.header),
    );
    expect(sheet.getRow(2).getCell(5).dataValidation).toMatchObject({ type: 'list' });
    // One validation per column: overlapping ranges make Excel report the file as damaged.
    const zip = await JSZip.loadAsync(await toBuffer(buildImportTemplate(options)));
    const xml = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    expect(
      [...xml.matchAll(/sqref="([^"]+)"/g)].map((m) => m[1]).filter((r) => r.includes(':')),
    ).toEqual(['E2:E501', 'F2:F501', 'G2:G501', 'H2:H501']);
    const ref = wb.getWorksheet(REFERENCE_SHEET)!;
    expect((ref.getRow(2).values as unknown[]).slice(1)).toEqual([
      'D1',
      '办公室',
      undefined,
      'leader1',
      '王局长',
    ]);
  });
});

describe('reading a filled-in sheet', () => {
  it('groups one row per measure into areas, themes and findings, carrying blanks down', async () => {
    const buffer = await filled([
      [
        '聚焦全面从严治党方面',
        '廉政风险防控机制不健全',
        '招投标监管存在漏洞',
        '修订管理办法',
        'D1',
        'leader1',
        new Date(Date.UTC(2025, 8, 30)),
        '否',
      ],
      [undefined, undefined, undefined, '邀请派驻纪检组监督'],
      [
        undefined,
        undefined,
        '公务用车管理不规范',
        '建立一车一档',
        'D2',
        undefined,
        '2025年10月15日',
        '是',
      ],
      [undefined, '财务管理制度执行不严格', '报销凭证附件不全', '全面清查凭证'],
      [],
      ['聚焦基层党组织建设方面', '干部队伍建设有待加强', '年轻干部培养力度不够', ''],
    ]);
    const { tree, warnings } = await readImportSheet(buffer);
    expect(warnings).toEqual([]);
    expect(tree).toEqual({
      areas: [
        {
          title: '聚焦全面从严治党方面',
          themes: [
            {
              title: '廉政风险防控机制不健全',
              findings: [
                {
                  title: '招投标监管存在漏洞',
                  measures: ['修订管理办法', '邀请派驻纪检组监督'],
                  leadDepartmentCode: 'D1',
                  responsibleLeaderUsername: 'leader1',
                  dueAt: '2025-09-30T15:59:59.999Z',
                },
                {
                  title: '公务用车管理不规范',
                  measures: ['建立一车一档'],
                  leadDepartmentCode: 'D2',
                  dueAt: '2025-10-15T15:59:59.999Z',
                  longTerm: true,
                },
              ],
            },
            {
              title: '财务管理制度执行不严格',
              findings: [{ title: '报销凭证附件不全', measures: ['全面清查凭证'] }],
            },
          ],
        },
        {
          title: '聚焦基层党组织建设方面',
          themes: [
            {
              title: '干部队伍建设有待加强',
              findings: [{ title: '年轻干部培养力度不够', measures: [] }],
            },
          ],
        },
      ],
    });
  });

  it('finds columns by heading in any order', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Sheet1');
    sheet.addRow(['整改措施', '问题', '类别', '方面（必填）']);
    sheet.addRow(['措施甲', '问题甲', '类别甲', '方面甲']);
    const { tree } = await readImportSheet(await toBuffer(wb));
    expect(tree.areas[0]).toEqual({
      title: '方面甲',
      themes: [{ title: '类别甲', findings: [{ title: '问题甲', measures: ['措施甲'] }] }],
    });
  });

  it('refuses a file that is not a workbook', async () => {
    expect(await problemsOf(Buffer.from('not a zip at all'))).toEqual([
      expect.stringContaining('不是有效的 XLSX'),
    ]);
  });

  it('names the missing required columns', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1').addRow(['反馈问题', '牵头部门代码']);
    expect(await problemsOf(await toBuffer(wb))).toEqual([
      '工作表“Sheet1”第 1 行表头缺少必填列“方面”',
      '工作表“Sheet1”第 1 行表头缺少必填列“问题类别”',
      '工作表“Sheet1”第 1 行表头缺少必填列“整改措施”',
    ]);
  });

  it('names row and column of every bad cell', async () => {
    const buffer = await filled([
      ['方面甲', '类别甲', '问题甲', '措施一', 'D1', undefined, '2025-13-45', '也许'],
      [undefined, undefined, undefined, '措施二', 'D2'],
    ]);
    expect(await problemsOf(buffer)).toEqual([
      '第 2 行 G 列（整改时限）：无法识别的日期“2025-13-45”，请写成 2025-09-30',
      '第 2 行 H 列（长期整改）：应填“是”或“否”，而不是“也许”',
      '第 3 行 E 列（牵头部门代码）：与同一问题第 2 行所填不一致',
    ]);
  });

  it('refuses a measure with no finding above it', async () => {
    const buffer = await filled([['方面甲', '类别甲', undefined, '措施一']]);
    expect(await problemsOf(buffer)).toEqual([
      '第 2 行 C 列（反馈问题）：为空，且上方没有可归属的问题',
    ]);
  });

  it('refuses a sheet with headings but no findings', async () => {
    expect(await problemsOf(await filled([]))).toEqual([expect.stringContaining('没有任何问题')]);
  });

  it('keeps two findings of the same title apart when they are not adjacent, with a warning', async () => {
    const buffer = await filled([
      ['方面甲', '类别甲', '问题甲', '措施一'],
      [undefined, undefined, '问题乙', '措施二'],
      [undefined, undefined, '问题甲', '措施三'],
    ]);
    const { tree, warnings } = await readImportSheet(buffer);
    expect(tree.areas[0].themes[0].findings.map((f) => f.title)).toEqual([
      '问题甲',
      '问题乙',
      '问题甲',
    ]);
    expect(warnings).toEqual([expect.stringContaining('第 4 行')]);
  });
});

describe('due dates', () => {
  it.each([
    ['2025-09-30', '2025-09-30T15:59:59.999Z'],
    ['2025/9/30', '2025-09-30T15:59:59.999Z'],
    ['2025.9.30', '2025-09-30T15:59:59.999Z'],
    ['2025年9月30日', '2025-09-30T15:59:59.999Z'],
    ['2025-09-30T08:00:00Z', '2025-09-30T08:00:00.000Z'],
    [45930, '2025-09-30T15:59:59.999Z'],
    ['2025-02-30', null],
    ['明年', null],
  ])('%s → %s', (value, expected) => {
    expect(parseDueDate(value)).toBe(expected);
  });
});
