// Test helpers only: a report in the genre's text layout written as a Word document whose
// headings are numbered by Word's automatic numbering (w:numPr), not typed — the way offices
// write them — using the `docx` library. The typed markers ("一、", "（一）", "1.", "（1）") are
// taken off the text and become list numbering, so reading the .docx back must bring them back.

import {
  AlignmentType,
  Document,
  HeadingLevel,
  LevelFormat,
  LevelSuffix,
  LineRuleType,
  Packer,
  Paragraph,
  TextRun,
  type ILevelsOptions,
  type INumberingOptions,
} from 'docx';
import { classifyStructural, type Rank } from '../classify';

export type NumberingLayout =
  /**
   * One single-level list per marker kind; each paragraph continues its list when its typed
   * number follows the previous one and starts a new list instance at its number otherwise, so
   * every typed number (repeats and gaps too) comes back exactly.
   */
  | 'lists'
  /**
   * One multi-level list (一、 → （一） → 1.) as Word's outline numbering makes it, findings in
   * a list of their own running through the section. Numbers are Word's, not the typed ones.
   */
  | 'outline';

const LEVELS: Record<
  Rank,
  { format: (typeof LevelFormat)[keyof typeof LevelFormat]; text: string }
> = {
  0: { format: LevelFormat.CHINESE_COUNTING, text: '%1、' },
  1: { format: LevelFormat.CHINESE_COUNTING, text: '（%1）' },
  2: { format: LevelFormat.DECIMAL, text: '%1.' },
  3: { format: LevelFormat.DECIMAL, text: '（%1）' },
};

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3];

function level(rank: Rank, index: number, start: number, text?: string): ILevelsOptions {
  return {
    level: index,
    format: LEVELS[rank].format,
    text: text ?? LEVELS[rank].text,
    start,
    alignment: AlignmentType.LEFT,
    suffix: LevelSuffix.NOTHING,
  };
}

const BODY = {
  indent: { firstLine: 640 },
  alignment: AlignmentType.JUSTIFIED,
  spacing: { line: 560, lineRule: LineRuleType.EXACT },
} as const;

interface Numbered {
  reference: string;
  level: number;
  instance: number;
}

/** The .docx of `text`, its heading markers as automatic numbering. */
export async function genreDocx(text: string, layout: NumberingLayout = 'lists'): Promise<Buffer> {
  const config = new Map<string, INumberingOptions['config'][number]>();
  const lists: Record<Rank, { reference: string; instance: number; last: number } | null> = {
    0: null,
    1: null,
    2: null,
    3: null,
  };
  const instances = new Map<string, number>();
  const outline = 'outline';
  if (layout === 'outline') {
    config.set(outline, {
      reference: outline,
      levels: [level(0, 0, 1, '%1、'), level(1, 1, 1, '（%2）'), level(2, 2, 1, '%3.')],
    });
  }

  const numberFor = (rank: Rank, n: number): Numbered => {
    if (layout === 'outline' && rank < 3) return { reference: outline, level: rank, instance: 0 };
    const current = lists[rank];
    if (current && n === current.last + 1) {
      current.last = n;
      return { reference: current.reference, level: 0, instance: current.instance };
    }
    const reference = `rank${rank}-from${n}`;
    if (!config.has(reference)) config.set(reference, { reference, levels: [level(rank, 0, n)] });
    const instance = instances.get(reference) ?? 0;
    instances.set(reference, instance + 1);
    lists[rank] = { reference, instance, last: n };
    return { reference, level: 0, instance };
  };

  const paragraphs: Paragraph[] = [];
  let titleLines = 0;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.length === 0) continue;
    const cls = classifyStructural(line);
    if (cls.kind !== 'heading') {
      // The title block (before the first heading) is centred, as in the genre.
      const title = paragraphs.length === titleLines && titleLines < 3 && line.length <= 30;
      if (title) titleLines++;
      paragraphs.push(
        new Paragraph({
          ...(title ? { alignment: AlignmentType.CENTER } : BODY),
          children: [new TextRun(line)],
        }),
      );
      continue;
    }
    // Findings run on through a section and start again with the next "一、".
    if (layout === 'outline' && cls.rank === 0) lists[3] = null;
    const numbering = numberFor(cls.rank, cls.number);
    paragraphs.push(
      new Paragraph({
        ...BODY,
        ...(cls.rank < 3 ? { heading: HEADINGS[cls.rank] } : {}),
        numbering,
        children: [new TextRun(cls.body.trim())],
      }),
    );
  }

  const doc = new Document({
    styles: {
      default: {
        document: {
          run: { size: 32, font: { eastAsia: '仿宋_GB2312', ascii: 'Times New Roman' } },
        },
        heading1: { run: { size: 32, bold: false, color: '000000' }, paragraph: BODY },
        heading2: { run: { size: 32, bold: false, color: '000000' }, paragraph: BODY },
        heading3: { run: { size: 32, bold: true, color: '000000' }, paragraph: BODY },
      },
    },
    numbering: { config: [...config.values()] },
    sections: [{ children: paragraphs }],
  });
  return Packer.toBuffer(doc);
}
