// The progress report as a .docx in the layout of Party and government documents (GB/T 9704):
// A4, title in 方正小标宋 二号, "一、" headings in 黑体, "（一）" in 楷体, body in 仿宋 三号 with a
// two-character first-line indent and 28 pt exact line spacing. Headings use Word's Heading 1–3
// styles, so the navigation pane and a table of contents see the structure.

import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  LineRuleType,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  convertMillimetersToTwip,
  type IBaseParagraphStyleOptions,
} from 'docx';
import { xmlSafe } from './chinese-text';
import type { ReportBlock } from './types';

/**
 * The fonts GB/T 9704 names. Machines without them (LibreOffice on Linux, Word without the
 * 方正/GB2312 packs) substitute; Latin text is set in Times New Roman and the theme's East Asian
 * fonts are SimSun/SimHei, which Word uses for anything not styled here.
 */
export const REPORT_FONTS = {
  title: '方正小标宋简体',
  heading1: '黑体',
  heading2: '楷体_GB2312',
  body: '仿宋_GB2312',
  latin: 'Times New Roman',
} as const;

/** 三号 = 16 pt; docx sizes are half-points. */
const BODY_SIZE = 32;
const TITLE_SIZE = 44;
/** 28 pt exact line spacing, in twips. */
const LINE = 560;
/** Two characters of 16 pt. */
const INDENT = 640;

const BODY_PARAGRAPH = {
  indent: { firstLine: INDENT },
  alignment: AlignmentType.JUSTIFIED,
} as const;

function font(eastAsia: string) {
  return { ascii: REPORT_FONTS.latin, hAnsi: REPORT_FONTS.latin, eastAsia, hint: 'eastAsia' };
}

function style(
  eastAsia: string,
  extra: { bold?: boolean; size?: number; center?: boolean } = {},
): IBaseParagraphStyleOptions {
  return {
    run: {
      font: font(eastAsia),
      size: extra.size ?? BODY_SIZE,
      bold: extra.bold ?? false,
      color: '000000',
    },
    paragraph: {
      spacing: { line: LINE, lineRule: LineRuleType.EXACT, before: 0, after: 0 },
      indent: extra.center ? undefined : { firstLine: INDENT },
      alignment: extra.center ? AlignmentType.CENTER : AlignmentType.JUSTIFIED,
    },
  };
}

/** Table text is set smaller (四号 → 小四, 12 pt) and single-spaced so figures fit the page. */
const TABLE_SIZE = 24;
const CELL_BORDER = { style: BorderStyle.SINGLE, size: 4, color: '000000' } as const;

function tableFor(header: string[], rows: string[][], widths?: number[]): Table {
  const cell = (text: string, bold: boolean, i: number) =>
    new TableCell({
      ...(widths ? { width: { size: widths[i], type: WidthType.PERCENTAGE } } : {}),
      borders: { top: CELL_BORDER, bottom: CELL_BORDER, left: CELL_BORDER, right: CELL_BORDER },
      children: [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { line: 360, lineRule: LineRuleType.AUTO },
          indent: { firstLine: 0 },
          children: [new TextRun({ text: xmlSafe(text), bold, size: TABLE_SIZE })],
        }),
      ],
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h, i) => cell(h, true, i)) }),
      ...rows.map((r) => new TableRow({ children: r.map((c, i) => cell(c, false, i)) })),
    ],
  });
}

function paragraphFor(raw: ReportBlock): Paragraph | Table {
  if (raw.kind === 'table') return tableFor(raw.header, raw.rows, raw.widths);
  const block = { ...raw, text: xmlSafe(raw.text) };
  switch (block.kind) {
    case 'title':
      return new Paragraph({
        heading: HeadingLevel.TITLE,
        spacing: { line: 700, lineRule: LineRuleType.EXACT, after: 0 },
        children: [new TextRun(block.text)],
      });
    case 'subtitle':
      return new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { after: LINE },
        children: [new TextRun({ text: block.text, font: font(REPORT_FONTS.heading2) })],
      });
    case 'heading': {
      const heading = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3][
        block.level - 1
      ];
      return new Paragraph({ heading, children: [new TextRun(block.text)] });
    }
    case 'finding':
      return new Paragraph({
        ...BODY_PARAGRAPH,
        children: [new TextRun({ text: block.text, bold: true })],
      });
    case 'paragraph':
      return new Paragraph({ ...BODY_PARAGRAPH, children: [new TextRun(block.text)] });
    case 'closing':
      return new Paragraph({
        alignment: AlignmentType.RIGHT,
        indent: { firstLine: 0, right: INDENT * 2 },
        spacing: { before: LINE },
        children: [new TextRun(block.text)],
      });
  }
}

export function buildProgressReportDocx(
  blocks: ReportBlock[],
  meta: { title: string; creator?: string },
): Document {
  return new Document({
    title: meta.title,
    creator: meta.creator ?? 'rectiflow',
    theme: {
      fonts: {
        headings: { latin: REPORT_FONTS.latin, eastAsia: 'SimHei', scripts: { Hans: 'SimHei' } },
        body: { latin: REPORT_FONTS.latin, eastAsia: 'SimSun', scripts: { Hans: 'SimSun' } },
      },
    },
    styles: {
      default: {
        document: {
          run: { font: font(REPORT_FONTS.body), size: BODY_SIZE },
          paragraph: { spacing: { line: LINE, lineRule: LineRuleType.EXACT } },
        },
        title: style(REPORT_FONTS.title, { size: TITLE_SIZE, center: true }),
        heading1: style(REPORT_FONTS.heading1),
        heading2: style(REPORT_FONTS.heading2),
        heading3: style(REPORT_FONTS.body, { bold: true }),
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: convertMillimetersToTwip(210), height: convertMillimetersToTwip(297) },
            margin: {
              top: convertMillimetersToTwip(37),
              bottom: convertMillimetersToTwip(35),
              left: convertMillimetersToTwip(28),
              right: convertMillimetersToTwip(26),
            },
          },
        },
        children: blocks.map(paragraphFor),
      },
    ],
  });
}

export function progressReportDocxBuffer(
  blocks: ReportBlock[],
  meta: { title: string; creator?: string },
): Promise<Buffer> {
  return Packer.toBuffer(buildProgressReportDocx(blocks, meta));
}
