import ExcelJS from 'exceljs';
import {
  buildLedgerWorkbook,
  wrappedLines,
  LEDGER_COLUMNS,
  LEDGER_SHEET,
  SUMMARY_SHEET,
  ROUND_SUMMARY_ROWS,
  ROUND_SUMMARY_SHEET,
  daysLate,
  departmentFigures,
  figuresOf,
  ledgerXlsxBuffer,
  type LedgerFinding,
} from './index';
import { workbookModel } from './test-support/workbook-model';

function finding(over: Partial<LedgerFinding>): LedgerFinding {
  return {
    code: '001',
    areaTitle: '聚焦全面从严治党方面',
    themeTitle: '廉政风险防控机制不健全',
    title: '工程项目招投标环节监管存在漏洞',
    measures: ['修订招投标管理办法', '邀请派驻纪检监察组全程监督'],
    responsibleLeader: '王局长',
    leadDepartment: '办公室',
    coDepartments: ['财务科', '工程科'],
    dueAt: '2025-09-30T15:59:59.999Z',
    stage: 'evidence',
    longTerm: false,
    light: 'red',
    escalationLevel: 2,
    sentBackCount: 1,
    accountabilityCount: 1,
    closedAt: null,
    evidence: [],
    overdue: true,
    escalated: true,
    talks: 1,
    accountabilityRecords: 0,
    ordersIssued: 2,
    openOrders: 1,
    ...over,
  };
}

describe('ledger workbook (整改台账)', () => {
  const sha = 'a'.repeat(64);
  const findings = [
    finding({}),
    finding({
      code: '002',
      title: '公务用车管理不够规范',
      stage: 'closed',
      light: 'green',
      escalationLevel: 0,
      sentBackCount: 0,
      accountabilityCount: 0,
      closedAt: '2025-09-20T03:30:00.000Z',
      overdue: false,
      escalated: false,
      talks: 0,
      ordersIssued: 0,
      openOrders: 0,
      evidence: [
        { filename: '用车制度.pdf', sha256: sha },
        { filename: '台账.xlsx', sha256: 'b'.repeat(64) },
      ],
    }),
  ];
  const departments = departmentFigures(
    [
      { id: 'd1', code: 'D1', name: '办公室' },
      { id: 'd2', code: 'D2', name: '财务科' },
    ],
    [
      {
        leadDepartmentId: 'd1',
        stage: 'evidence',
        overdue: true,
        dueAt: findings[0].dueAt,
        closedAt: null,
        sentBackCount: 1,
        escalated: true,
        accountabilityCount: 1,
      },
      {
        leadDepartmentId: 'd1',
        stage: 'closed',
        overdue: false,
        dueAt: findings[1].dueAt,
        closedAt: findings[1].closedAt,
        sentBackCount: 0,
        escalated: false,
        accountabilityCount: 0,
      },
    ],
    // 约谈 and 问责 records per department, as counted in SQL.
    new Map([['d1', { talks: 2, accountabilityRecords: 1 }]]),
  );
  let wb: ExcelJS.Workbook;

  beforeAll(async () => {
    const buffer = await ledgerXlsxBuffer({
      round: {
        title: '县委第二轮巡察',
        source: 'inspection',
        inspectingBody: null,
        feedbackDate: null,
        dueAt: null,
      },
      findings,
      departments,
      asOf: '2025-10-01T00:00:00.000Z',
    });
    wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  });

  it('has Chinese headings in a bold, frozen first row with set widths', () => {
    const sheet = wb.getWorksheet(LEDGER_SHEET)!;
    const header = sheet.getRow(1);
    expect(LEDGER_COLUMNS.map((_, i) => header.getCell(i + 1).value)).toEqual(
      LEDGER_COLUMNS.map((c) => c.header),
    );
    expect(header.getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getColumn(5).width).toBeGreaterThan(sheet.getColumn(1).width ?? 0);
    expect(sheet.getRow(2).getCell(5).alignment?.wrapText).toBe(true);
  });

  it('grows each row to the wrapped height of its longest cell', () => {
    const short = finding({ code: '010', title: '短', measures: ['一条措施'], evidence: [] });
    const long = finding({
      code: '011',
      title: '长',
      measures: Array.from({ length: 8 }, (_, i) => `第${i + 1}条措施`.repeat(5)),
      evidence: [],
    });
    const sheet = buildLedgerWorkbook({
      round: {
        title: '高度',
        source: 'inspection',
        inspectingBody: null,
        feedbackDate: null,
        dueAt: null,
      },
      findings: [short, long],
      departments: [],
      asOf: '2025-10-01T00:00:00.000Z',
    }).getWorksheet(LEDGER_SHEET)!;
    expect(sheet.getRow(3).height).toBeGreaterThan(3 * (sheet.getRow(2).height ?? 0));
    expect(wrappedLines('一二三四五', 6)).toBe(2);
    expect(wrappedLines('abcde', 6)).toBe(1);
    expect(wrappedLines('a\nb\nc', 10)).toBe(3);
  });

  it('writes one row per finding with stage in Chinese, light, numbered measures and evidence hashes', () => {
    const sheet = wb.getWorksheet(LEDGER_SHEET)!;
    expect(sheet.rowCount).toBe(3);
    const row = (r: number) =>
      Object.fromEntries(
        LEDGER_COLUMNS.map((c, i) => [c.header, sheet.getRow(r).getCell(i + 1).value]),
      );
    expect(row(2)).toMatchObject({
      编号: '001',
      整改措施: '1．修订招投标管理办法\n2．邀请派驻纪检监察组全程监督',
      配合部门: '财务科、工程科',
      整改阶段: '整改落实',
      红黄绿灯: '红灯',
      整改完成情况: '正在推进',
      督办等级: 2,
      问责次数: 1,
      督办单: 2,
      未办结督办单: 1,
      约谈记录: 1,
      问责记录: 0,
      佐证材料数: 0,
      // Due at the end of 2025-09-30 in China; the ledger is of 2025-10-01 08:00 there.
      逾期天数: 1,
    });
    // The due time 2025-09-30 23:59 in China is the date 2025-09-30.
    expect((row(2)['整改时限'] as Date).toISOString().slice(0, 10)).toBe('2025-09-30');
    expect(row(3)).toMatchObject({
      整改阶段: '已销号',
      整改完成情况: '已完成',
      红黄绿灯: '—',
      佐证材料数: 2,
      // Closed ten days before its due date.
      逾期天数: null,
    });
    expect(row(3)['佐证材料（文件名 SHA-256）']).toBe(
      `用车制度.pdf ${sha}\n台账.xlsx ${'b'.repeat(64)}`,
    );
    expect((row(3)['销号时间'] as Date).toISOString()).toBe('2025-09-20T11:30:00.000Z');
  });

  it('sums the findings by lead department on the summary sheet', () => {
    const sheet = wb.getWorksheet(SUMMARY_SHEET)!;
    const values = (r: number) => (sheet.getRow(r).values as unknown[]).slice(1);
    expect(values(1)).toEqual([
      '牵头部门',
      '部门代码',
      '问题总数',
      '未销号',
      '逾期',
      '已销号',
      '退回次数',
      '督办问题数',
      '问责次数',
      '约谈记录',
      '问责记录',
      '按期销号率',
    ]);
    expect(values(2)).toEqual(['办公室', 'D1', 2, 1, 1, 1, 1, 1, 1, 2, 1, 1]);
    expect(values(3)).toEqual(['财务科', 'D2', 0, 0, 0, 0, 0, 0, 0, 0, 0, '—']);
    expect(values(4)).toEqual(['合计', '', 2, 1, 1, 1, 1, 1, 1, 2, 1, '']);
    expect(sheet.getRow(2).getCell(12).numFmt).toBe('0.0%');
  });

  it('keeps the file valid for Office: no XML-forbidden characters, no cell over 32,767 characters', async () => {
    const buffer = await ledgerXlsxBuffer({
      round: {
        title: '轮次\u0001',
        source: 'self',
        inspectingBody: null,
        feedbackDate: null,
        dueAt: null,
      },
      findings: [
        finding({ title: '从PDF粘贴\u0007的标题\u000b', measures: ['长'.repeat(40_000)] }),
      ],
      departments: [],
      asOf: '2025-10-01T00:00:00.000Z',
    });
    const again = new ExcelJS.Workbook();
    await again.xlsx.load(buffer as unknown as ArrayBuffer);
    const row = again.getWorksheet(LEDGER_SHEET)!.getRow(2);
    expect(row.getCell(4).value).toBe('从PDF粘贴的标题');
    expect(String(row.getCell(5).value)).toHaveLength(32_767);
  });

  it('counts calendar days late from the due day to the closing, or to the ledger date while open', () => {
    const due = '2025-09-30T15:59:59.999Z'; // the end of 2025-09-30 in China
    const late = (over: Partial<LedgerFinding>, asOf = '2025-10-10T02:00:00.000Z') =>
      daysLate(finding({ dueAt: due, closedAt: null, ...over }), asOf);
    // Closed on the due day, and on the next morning.
    expect(late({ stage: 'closed', closedAt: '2025-09-30T10:00:00.000Z' })).toBeNull();
    expect(late({ stage: 'closed', closedAt: '2025-09-30T16:30:00.000Z' })).toBe(1);
    // Open: 2025-10-10 10:00 in China is ten calendar days after 2025-09-30.
    expect(late({ stage: 'review_2' })).toBe(10);
    // A due time that is not the end of a day: late on a later day only.
    const noon = '2025-09-30T04:00:00.000Z'; // 12:00 on 2025-09-30 in China
    expect(late({ stage: 'review_2', dueAt: noon }, '2025-09-30T10:00:00.000Z')).toBeNull();
    expect(late({ stage: 'review_2', dueAt: noon }, '2025-10-02T01:00:00.000Z')).toBe(2);
    expect(late({ stage: 'review_2' }, '2025-09-29T00:00:00.000Z')).toBeNull();
    expect(late({ stage: 'review_2', withdrawn: true })).toBeNull();
    expect(late({ stage: 'assign', dueAt: null })).toBeNull();
  });

  it("states the round summary with the progress report's own figures, withdrawn findings left out", async () => {
    const mix = [
      finding({
        code: '001',
        stage: 'assign',
        overdue: false,
        measures: ['甲'],
        sentBackCount: 0,
        accountabilityCount: 0,
      }),
      finding({ code: '002', stage: 'evidence', longTerm: false, overdue: true }),
      finding({ code: '003', stage: 'long_term', longTerm: true, overdue: false }),
      finding({ code: '004', stage: 'closed', overdue: false, escalated: false, sentBackCount: 3 }),
      finding({ code: '005', stage: 'draft_measures', withdrawn: true, sentBackCount: 9 }),
    ];
    const buffer = await ledgerXlsxBuffer({
      round: {
        title: '总体',
        source: 'inspection',
        inspectingBody: null,
        feedbackDate: null,
        dueAt: null,
      },
      findings: mix,
      departments: [],
      asOf: '2025-10-01T00:00:00.000Z',
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(buffer as unknown as ArrayBuffer);
    const sheet = book.getWorksheet(ROUND_SUMMARY_SHEET)!;
    const shown = Object.fromEntries(
      ROUND_SUMMARY_ROWS.map((r, i) => [r.label, sheet.getRow(i + 2).getCell(2).value]),
    );
    // Written out from the five findings above: 001 unassigned; 002, 003 in progress (003
    // long-term); 004 closed; 005 withdrawn and in no figure. Measures: two each of the three
    // assigned ones, approved for all three (002 at evidence, 003 long-term, 004 closed). Sent
    // back 1 + 1 + 3; escalated 001–003 (an unassigned finding's assign step escalates too);
    // accountability once each of 002–004.
    expect(shown).toEqual({
      反馈问题总数: 4,
      尚未交办: 1,
      '整改措施（条）': 6,
      整改措施已审定: 3,
      已完成整改并销号: 1,
      正在推进: 2,
      其中需长期整改: 1,
      超过整改时限未完成: 1,
      '审核退回重新整改（次）': 5,
      实行督办的问题: 3,
      '问责（次）': 3,
    });
    // And they are the report's: the same function the opening is written from.
    const fig = figuresOf(mix.filter((f) => !f.withdrawn));
    expect(ROUND_SUMMARY_ROWS.map((r) => fig[r.figure])).toEqual(Object.values(shown));
    expect(String(sheet.getRow(ROUND_SUMMARY_ROWS.length + 3).getCell(1).value)).toContain(
      '已撤回的1个问题不计入',
    );
  });
  it('streams a file that reads back the same as the in-memory workbook, cell by cell', async () => {
    const stages = ['assign', 'draft_measures', 'evidence', 'review_2', 'long_term', 'closed'];
    const lights = ['red', 'yellow', 'green'] as const;
    const many = Array.from({ length: 60 }, (_, i) =>
      finding({
        code: String(i + 1).padStart(3, '0'),
        title: i % 7 === 0 ? `长标题${'很长的问题描述'.repeat(i)}` : `问题${i + 1}`,
        measures: i % 5 === 0 ? [] : [`措施${i}`, `措施${i}之二`],
        stage: stages[i % stages.length] as LedgerFinding['stage'],
        light: lights[i % 3],
        longTerm: i % 4 === 0,
        withdrawn: i % 11 === 0,
        dueAt: i % 9 === 0 ? null : '2025-09-30T15:59:59.999Z',
        closedAt: stages[i % stages.length] === 'closed' ? '2025-09-20T03:30:00.000Z' : null,
        responsibleLeader: i % 8 === 0 ? null : '王局长',
        coDepartments: i % 3 === 0 ? [] : ['财务科'],
        evidence: i % 2 === 0 ? [] : [{ filename: `材料${i}.pdf`, sha256: sha }],
        outcomes:
          i % 10 === 0
            ? undefined
            : {
                regulations: { total: i % 3, new: i % 3, revised: 0 },
                amountsFen: { returned: i * 10050, recovered: 0, retrieved: i },
                people: { total: 0, byKind: {} },
              },
      }),
    );
    const input = {
      round: {
        title: '流式',
        source: 'inspection' as const,
        inspectingBody: null,
        feedbackDate: null,
        dueAt: null,
      },
      findings: many,
      departments,
      departmentOnly: '办公室',
      outcomes: {
        regulations: { total: 3, new: 2, revised: 1 },
        amountsFen: { returned: 150, recovered: 0, retrieved: 0 },
        people: { total: 0, byKind: {} },
      },
      asOf: '2025-10-01T00:00:00.000Z',
    };
    const inMemory = Buffer.from(
      (await buildLedgerWorkbook(input).xlsx.writeBuffer()) as ArrayBuffer,
    );
    const streamed = await ledgerXlsxBuffer(input);
    const expected = (await workbookModel(inMemory)) as { sheets: { rows: unknown[] }[] };
    expect(expected.sheets[0].rows).toHaveLength(61);
    expect(await workbookModel(streamed)).toEqual(expected);
  }, 30_000);
});
