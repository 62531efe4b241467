import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import {
  IMPORT_FIELDS,
  IMPORT_SHEET,
  REFERENCE_SHEET,
  ImportSheetError,
  buildImportTemplate,
  matchDepartment,
  matchLeader,
  parseDueDate,
  readImportSheet,
  splitDepartments,
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
    expect(IMPORT_FIELDS.slice(4).map((f) => f.header)).toEqual([
      '责任领导',
      '牵头部门',
      '配合部门',
      '整改时限',
      '长期整改',
    ]);
    // One validation per column: overlapping ranges make Excel report the file as damaged.
    const zip = await JSZip.loadAsync(await toBuffer(buildImportTemplate(options)));
    const xml = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    expect(
      [...xml.matchAll(/sqref="([^"]+)"/g)].map((m) => m[1]).filter((r) => r.includes(':')),
    ).toEqual(['E2:E501', 'F2:F501', 'H2:H501', 'I2:I501']);
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
        'leader1',
        'D1',
        undefined,
        new Date(Date.UTC(2025, 8, 30)),
        '否',
      ],
      [undefined, undefined, undefined, '邀请派驻纪检组监督'],
      [
        undefined,
        undefined,
        '公务用车管理不规范',
        '建立一车一档',
        undefined,
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
      ['方面甲', '类别甲', '问题甲', '措施一', undefined, 'D1', undefined, '2025-13-45', '也许'],
      [undefined, undefined, undefined, '措施二', undefined, 'D2'],
    ]);
    expect(await problemsOf(buffer)).toEqual([
      '第 2 行 H 列（整改时限）：无法识别的日期“2025-13-45”，请写成 2025-09-30',
      '第 2 行 I 列（长期整改）：应填“是”或“否”，而不是“也许”',
      '第 3 行 F 列（牵头部门）：与同一问题第 2 行所填不一致',
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

describe("matching leaders and departments to the round's unit", () => {
  const org = {
    departments: [
      { id: 'd1', code: 'D1', name: '办公室', active: true },
      { id: 'd2', code: 'D2', name: '财务科', active: true },
      { id: 'd3', code: 'D3', name: '档案室', active: false },
    ],
    people: [
      { id: 'l1', username: 'leader1', displayName: '王局长', leader: true, active: true },
      { id: 'l2', username: 'leader2', displayName: '李副局长', leader: true, active: true },
      { id: 'p1', username: 'dept1', displayName: '张科员', leader: false, active: true },
      { id: 'l3', username: 'leader3', displayName: '赵局长', leader: true, active: false },
    ],
  };

  async function detailsOf(buffer: Buffer): Promise<unknown[]> {
    try {
      await readImportSheet(buffer, org);
    } catch (err) {
      if (err instanceof ImportSheetError) return err.details;
      throw err;
    }
    throw new Error('expected the sheet to be refused');
  }

  it('turns names, usernames and codes into ids, with dates as Excel dates or text', async () => {
    const buffer = await filled([
      ['方面甲', '类别甲', '问题一', '措施', '王局长', '财务科', 'D1', '2030-06-30'],
      [
        undefined,
        undefined,
        '问题二',
        '措施',
        'leader2',
        'd1',
        '财务科，办公室',
        new Date(Date.UTC(2030, 6, 1)),
      ],
      [undefined, undefined, '问题三', '措施', undefined, '办公室'],
      [undefined, undefined, '问题四', '措施'],
    ]);
    const { tree } = await readImportSheet(buffer, org);
    const findings = tree.areas[0].themes[0].findings;
    expect(findings.map((f) => f.assignment)).toEqual([
      {
        responsibleLeaderId: 'l1',
        leadDepartmentId: 'd2',
        coDepartmentIds: ['d1'],
        dueAt: '2030-06-30T15:59:59.999Z',
      },
      {
        responsibleLeaderId: 'l2',
        leadDepartmentId: 'd1',
        // The lead department is never its own co-department.
        coDepartmentIds: ['d2'],
        dueAt: '2030-07-01T15:59:59.999Z',
      },
      { leadDepartmentId: 'd1' },
      undefined,
    ]);
    // Matched, the names themselves do not go on.
    expect(findings[0]).not.toHaveProperty('responsibleLeaderUsername');
    expect(findings[0]).not.toHaveProperty('leadDepartmentCode');
  });

  it('names row, column and a code for every name it cannot match', async () => {
    const buffer = await filled([
      ['方面甲', '类别甲', '问题一', '措施', '钱局长', '办公室', undefined, '2030-06-30'],
      [undefined, undefined, '问题二', '措施', 'dept1', '后勤科', '财务科、D9'],
      [undefined, undefined, '问题三', '措施', 'leader3', '档案室'],
    ]);
    expect(await detailsOf(buffer)).toEqual([
      {
        row: 2,
        column: 'E',
        field: 'leader',
        code: 'unknown_leader',
        message: '第 2 行 E 列（责任领导）：本单位没有名为“钱局长”的人员（可填姓名或用户名）',
      },
      {
        row: 3,
        column: 'E',
        field: 'leader',
        code: 'not_leader',
        message: '第 3 行 E 列（责任领导）：“dept1”不是本单位在任的领导',
      },
      {
        row: 3,
        column: 'F',
        field: 'department',
        code: 'unknown_department',
        message: '第 3 行 F 列（牵头部门）：本单位没有部门“后勤科”（可填部门名称或代码）',
      },
      expect.objectContaining({
        row: 3,
        column: 'G',
        field: 'coDepartments',
        code: 'unknown_department',
      }),
      expect.objectContaining({ row: 4, column: 'E', code: 'not_leader' }),
      expect.objectContaining({
        row: 4,
        column: 'F',
        code: 'unknown_department',
        message: '第 4 行 F 列（牵头部门）：部门“档案室”已停用',
      }),
    ]);
  });

  it('asks for the username when two leaders share a name', () => {
    const twins = {
      ...org,
      people: [
        ...org.people,
        { id: 'l9', username: 'leader9', displayName: '王局长', leader: true, active: true },
      ],
    };
    expect(matchLeader('王局长', twins)).toMatchObject({ code: 'ambiguous_leader' });
    expect(matchLeader('LEADER9', twins)).toEqual({ id: 'l9' });
    expect(matchDepartment('d2', org)).toEqual({ id: 'd2' });
    expect(splitDepartments(' 办公室、财务科,D1；办公室 ')).toEqual(['办公室', '财务科', 'D1']);
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
