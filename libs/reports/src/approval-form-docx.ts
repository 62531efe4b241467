// 整改事项销号审批表: one finding on one A4 sheet, as offices print, sign and file it — the
// finding, its measures, the evidence list with each file's SHA-256 (what the reviewers saw),
// the three review opinions with who and when, and the closing.

import {
  AlignmentType,
  Document,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  convertMillimetersToTwip,
} from 'docx';
import { chineseDate, chineseNumber, xmlSafe } from './chinese-text';

export interface ApprovalFormInput {
  roundTitle: string;
  unitName: string | null;
  code: string;
  title: string;
  responsibleLeader: string | null;
  leadDepartment: string | null;
  coDepartments: string[];
  dueAt: string | null;
  measures: { text: string; done: boolean }[];
  lastReport: string | null;
  evidence: { filename: string; sha256: string; uploadedAt: string; uploadedBy: string }[];
  /** The latest decision of each level (1, 2, 3) in the current cycle, if any. */
  reviews: { level: 1 | 2 | 3; decision: string; comment: string | null; by: string; at: string }[];
  closedAt: string | null;
  /** When the form was printed (ISO). */
  printedAt: string;
}

const FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '仿宋_GB2312' };
const TITLE_FONT = {
  ascii: 'Times New Roman',
  hAnsi: 'Times New Roman',
  eastAsia: '方正小标宋简体',
};
/** 四号 = 14 pt for the table, 二号 = 22 pt for the title (half-points). */
const SIZE = 24;
const SMALL = 18;
const LABEL_WIDTH = 22;

const LEVEL_LABELS: Record<1 | 2 | 3, string> = {
  1: '一级审核（部门负责人）意见',
  2: '二级审核（责任领导）意见',
  3: '三级验收（整改办）意见',
};

const DECISIONS: Record<string, string> = { approve: '同意', reject: '退回' };

function run(text: string, opts: { bold?: boolean; size?: number } = {}): TextRun {
  return new TextRun({ text: xmlSafe(text), font: FONT, size: opts.size ?? SIZE, bold: opts.bold });
}

function lines(text: string, opts: { size?: number } = {}): Paragraph[] {
  return xmlSafe(text)
    .split(/\r?\n/)
    .map((line) => new Paragraph({ children: [run(line, opts)], spacing: { line: 360 } }));
}

function cell(
  content: Paragraph[] | string,
  width: number,
  opts: { label?: boolean; span?: number } = {},
) {
  const children =
    typeof content === 'string'
      ? [
          new Paragraph({
            alignment: opts.label ? AlignmentType.CENTER : AlignmentType.LEFT,
            children: [run(content, { bold: opts.label })],
          }),
        ]
      : content;
  return new TableCell({
    children,
    columnSpan: opts.span,
    width: { size: width, type: WidthType.PERCENTAGE },
    verticalAlign: VerticalAlign.CENTER,
    margins: { top: 80, bottom: 80, left: 100, right: 100 },
  });
}

function row(label: string, content: Paragraph[] | string): TableRow {
  return new TableRow({
    children: [
      cell(label, LABEL_WIDTH, { label: true }),
      cell(content, 100 - LABEL_WIDTH, { span: 3 }),
    ],
  });
}

function pair(l1: string, v1: string, l2: string, v2: string): TableRow {
  return new TableRow({
    children: [
      cell(l1, LABEL_WIDTH, { label: true }),
      cell(v1, 28),
      cell(l2, LABEL_WIDTH, { label: true }),
      cell(v2, 28),
    ],
  });
}

/** The opinion box of one review level: the decision and words, then who signed and when. */
function reviewBox(review: ApprovalFormInput['reviews'][number] | undefined): Paragraph[] {
  if (!review) return [...lines('（尚未审核）'), ...lines(' '), signature('', '')];
  const decision = DECISIONS[review.decision] ?? review.decision;
  return [
    ...lines(review.comment ? `${decision}。${review.comment}` : `${decision}。`),
    signature(review.by, chineseDate(review.at)),
  ];
}

function signature(name: string, date: string): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.RIGHT,
    spacing: { before: 240 },
    children: [
      run(
        `签字：${name || '\u3000\u3000\u3000\u3000'}\u3000\u3000日期：${date || '\u3000\u3000年\u3000月\u3000日'}`,
      ),
    ],
  });
}

function evidenceTable(evidence: ApprovalFormInput['evidence']): Paragraph[] | Table {
  if (evidence.length === 0) return lines('（无）');
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({
        tableHeader: true,
        children: ['序号', '文件名', 'SHA-256', '上传'].map((h, i) =>
          cell(h, [8, 34, 40, 18][i], { label: true }),
        ),
      }),
      ...evidence.map(
        (e, i) =>
          new TableRow({
            children: [
              cell(String(i + 1), 8),
              cell(e.filename, 34),
              cell([new Paragraph({ children: [run(e.sha256, { size: SMALL })] })], 40),
              cell(
                [
                  new Paragraph({
                    children: [
                      run(`${e.uploadedBy} ${chineseDate(e.uploadedAt)}`, { size: SMALL }),
                    ],
                  }),
                ],
                18,
              ),
            ],
          }),
      ),
    ],
  });
}

/** The form as a .docx. */
export async function approvalFormDocx(input: ApprovalFormInput): Promise<Buffer> {
  const latest = (level: 1 | 2 | 3) =>
    input.reviews
      .filter((r) => r.level === level)
      .sort((a, b) => a.at.localeCompare(b.at))
      .at(-1);
  const measures =
    input.measures.length === 0
      ? lines('（无）')
      : input.measures.flatMap((m, i) =>
          lines(
            `${chineseNumber(i + 1)}是${m.text.replace(/^[一二三四五六七八九十]+是/, '')}${m.done ? '（已完成）' : '（未完成）'}`,
          ),
        );
  const evidence = evidenceTable(input.evidence);
  // One grid of four columns (label, value, label, value) on the 168 mm the margins leave.
  const grid = [22, 28, 22, 28].map((pct) => convertMillimetersToTwip((168 * pct) / 100));
  const table = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    columnWidths: grid,
    rows: [
      row(
        '巡察轮次',
        input.unitName ? `${input.unitName}\u3000${input.roundTitle}` : input.roundTitle,
      ),
      pair('问题编号', input.code, '整改时限', chineseDate(input.dueAt)),
      row('问题', lines(input.title)),
      pair('责任领导', input.responsibleLeader ?? '', '牵头部门', input.leadDepartment ?? ''),
      row('配合部门', input.coDepartments.join('、') || '无'),
      row('整改措施', measures),
      row('整改情况', lines(input.lastReport ?? '（未报送）')),
      new TableRow({
        children: [
          cell('佐证材料', LABEL_WIDTH, { label: true }),
          new TableCell({
            columnSpan: 3,
            children: evidence instanceof Table ? [evidence, new Paragraph('')] : evidence,
            width: { size: 100 - LABEL_WIDTH, type: WidthType.PERCENTAGE },
            margins: { top: 80, bottom: 80, left: 100, right: 100 },
          }),
        ],
      }),
      ...([1, 2, 3] as const).map((level) => row(LEVEL_LABELS[level], reviewBox(latest(level)))),
      row('销号', input.closedAt ? `已于${chineseDate(input.closedAt)}对账销号` : '（未销号）'),
    ],
  });
  const doc = new Document({
    creator: 'rectiflow',
    title: `整改事项销号审批表 ${input.code}`,
    sections: [
      {
        properties: {
          page: {
            size: { width: convertMillimetersToTwip(210), height: convertMillimetersToTwip(297) },
            margin: {
              top: convertMillimetersToTwip(25),
              bottom: convertMillimetersToTwip(20),
              left: convertMillimetersToTwip(22),
              right: convertMillimetersToTwip(20),
            },
          },
        },
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 240 },
            children: [new TextRun({ text: '整改事项销号审批表', font: TITLE_FONT, size: 40 })],
          }),
          table,
          new Paragraph({
            alignment: AlignmentType.RIGHT,
            spacing: { before: 120 },
            children: [run(`打印日期：${chineseDate(input.printedAt)}`, { size: SMALL })],
          }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
