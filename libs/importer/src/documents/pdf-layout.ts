// A PDF holds positioned glyph runs, not paragraphs: a finding's title that wraps onto a second
// line is two lines there, and the parser, which reads one paragraph a line, would cut the title
// at the wrap. This rebuilds lines from the runs, then paragraphs from the lines, the way the
// genre sets them (GB/T 9704: two-character first-line indent, justified full lines):
// - runs on one baseline form a line;
// - a line continues the paragraph above when that line ran to the right edge and this one
//   starts at the left edge, unless it opens a numbered heading after a finished sentence or
//   a wide gap separates them;
// - page numbers ("— 3 —", "第 3 页") are dropped.

/** One text run of a page (pdfjs TextItem), in PDF user space: y grows upwards. */
export interface PdfRun {
  str: string;
  x: number;
  y: number;
  width: number;
  /** Font size (height of the run's em). */
  size: number;
  hasEOL: boolean;
}

interface Line {
  text: string;
  x0: number;
  x1: number;
  y: number;
  size: number;
}

const PAGE_NUMBER_RE =
  /^[\s\-—–－·•]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[/／共]\s*\d{1,4}\s*页?)?[\s\-—–－·•]*$/;
const HEADING_START_RE =
  /^(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[）)]|[（(]\d{1,3}[）)]|\d{1,3}[.．、](?!\d))/;
const SENTENCE_DONE_RE = /[。；;：:！!？?）)”」]$/;
const LATIN_RE = /[0-9A-Za-z]$/;
const LATIN_START_RE = /^[0-9A-Za-z]/;

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Justified lines stretch the gaps between glyphs, and pdf.js reads a wide gap as a space
 * ("联系 电 话"). Chinese text has no spaces, so only one between two Latin characters stays.
 */
function withoutJustificationSpaces(text: string): string {
  return text
    .trim()
    .replace(/\s+/g, (space, at: number, all: string) =>
      /[\x21-\x7e]/.test(all[at - 1] ?? '') && /[\x21-\x7e]/.test(all[at + space.length] ?? '')
        ? ' '
        : '',
    );
}

/** Runs on one baseline (within 40% of the font size), left to right. */
function linesOf(runs: PdfRun[]): Line[] {
  const visible = runs.filter((r) => r.str.length > 0 && r.str.trim().length > 0);
  visible.sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: { runs: PdfRun[]; y: number; size: number }[] = [];
  for (const run of visible) {
    const last = lines[lines.length - 1];
    if (last && Math.abs(last.y - run.y) <= 0.4 * Math.max(last.size, run.size, 1)) {
      last.runs.push(run);
    } else {
      lines.push({ runs: [run], y: run.y, size: run.size });
    }
  }
  return lines.map(({ runs: lineRuns, y }) => {
    lineRuns.sort((a, b) => a.x - b.x);
    let text = '';
    let end = -Infinity;
    for (const run of lineRuns) {
      // Latin words set as separate runs need their space back; CJK text never has one.
      const gap = run.x - end;
      if (text && gap > 0.2 * run.size && LATIN_RE.test(text) && LATIN_START_RE.test(run.str)) {
        text += ' ';
      }
      text += run.str;
      end = Math.max(end, run.x + run.width);
    }
    return {
      text: withoutJustificationSpaces(text),
      x0: lineRuns[0].x,
      x1: end,
      y,
      size: median(lineRuns.map((r) => r.size)),
    };
  });
}

/**
 * The body's left margin: the leftmost edge that at least two lines share (continuation lines
 * start there; first lines are indented, titles centred). One stray line further left, such as
 * a margin note, does not move it.
 */
function leftMargin(lines: Line[]): number {
  const counts = new Map<number, number>();
  for (const l of lines) {
    const key = Math.round(l.x0);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const shared = [...counts].filter(([, n]) => n >= 2).map(([x]) => x);
  const candidates = shared.length > 0 ? shared : [...counts.keys()];
  return candidates.length > 0 ? Math.min(...candidates) : 0;
}

interface PageLines {
  lines: Line[];
  left: number;
  right: number;
  spacing: number;
}

function pageLines(runs: PdfRun[]): PageLines {
  const lines = linesOf(runs).filter((l) => !PAGE_NUMBER_RE.test(l.text));
  const gaps: number[] = [];
  for (let i = 1; i < lines.length; i++) gaps.push(lines[i - 1].y - lines[i].y);
  return {
    lines,
    left: leftMargin(lines),
    right: lines.reduce((m, l) => Math.max(m, l.x1), 0),
    spacing: median(gaps.filter((g) => g > 0)),
  };
}

/**
 * The text of a PDF, one paragraph a line. `pages` holds each page's runs in any order.
 */
export function paragraphsFromRuns(pages: PdfRun[][]): string[] {
  const paragraphs: string[] = [];
  let previous: { line: Line; page: PageLines } | null = null;
  for (const runs of pages) {
    const page = pageLines(runs);
    for (const line of page.lines) {
      if (previous && continues(previous.line, previous.page, line, page)) {
        const last = paragraphs[paragraphs.length - 1];
        const space = LATIN_RE.test(last) && LATIN_START_RE.test(line.text) ? ' ' : '';
        paragraphs[paragraphs.length - 1] = last + space + line.text;
      } else {
        paragraphs.push(line.text);
      }
      previous = { line, page };
    }
  }
  return paragraphs;
}

function continues(prev: Line, prevPage: PageLines, line: Line, page: PageLines): boolean {
  const size = Math.max(prev.size, line.size, 1);
  const ranToEdge = prev.x1 >= prevPage.right - 1.5 * size;
  const startsAtMargin = Math.abs(line.x0 - page.left) <= 0.5 * size;
  if (!ranToEdge || !startsAtMargin) return false;
  if (Math.abs(prev.size - line.size) > 0.15 * size) return false;
  // Same page: a gap clearly wider than the usual line spacing separates paragraphs.
  if (prevPage === page && page.spacing > 0 && prev.y - line.y > 1.6 * page.spacing) return false;
  // Documents without first-line indents: a numbered heading after a finished sentence is new.
  if (HEADING_START_RE.test(line.text) && SENTENCE_DONE_RE.test(prev.text)) return false;
  return true;
}
