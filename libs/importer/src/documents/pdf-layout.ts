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
const ASCII_PUNCT_END_RE = /[!-/:-@[-`{-~]$/;

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
  return text.trim().replace(/\s+/g, (space, at: number, all: string) => {
    const before = all[at - 1] ?? '';
    const after = all[at + space.length] ?? '';
    const ascii = (ch: string) => /[\x21-\x7e]/.test(ch);
    // A space next to Latin punctuation ("# 标题", "- 项") is the author's, not the justifier's.
    const punct = (ch: string) => /[!-/:-@[-`{-~]/.test(ch);
    return (ascii(before) && ascii(after)) || punct(before) || punct(after) ? ' ' : '';
  });
}

/** Runs on one baseline (within 40% of the font size), left to right. */
function linesOf(runs: PdfRun[]): Line[] {
  // Space runs stay: between Latin words or after "#" they are the author's.
  const visible = runs.filter((r) => r.str.length > 0);
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
  const built = lines.map(({ runs: lineRuns, y }) => {
    lineRuns.sort((a, b) => a.x - b.x);
    let text = '';
    let end = -Infinity;
    for (const run of lineRuns) {
      // Latin words set as separate runs need their space back ("# 标题" too); CJK text never
      // has one.
      const gap = run.x - end;
      const latin = LATIN_RE.test(text) && LATIN_START_RE.test(run.str);
      if (text && gap > 0.2 * run.size && (latin || ASCII_PUNCT_END_RE.test(text))) text += ' ';
      text += run.str;
      end = Math.max(end, run.x + run.width);
    }
    return {
      text: withoutJustificationSpaces(text),
      x0: (lineRuns.find((r) => r.str.trim().length > 0) ?? lineRuns[0]).x,
      x1: end,
      y,
      size: median(lineRuns.map((r) => r.size)),
    };
  });
  return built.filter((line) => line.text.length > 0);
}

/** One page: its width (PDF units) and its text runs in any order. */
export interface PdfPage {
  width: number;
  runs: PdfRun[];
}

interface PageLines {
  lines: Line[];
  width: number;
  spacing: number;
}

/** Where the body text of the document sits; null when no line shows a wrap. */
interface Geometry {
  left: number;
  right: number;
}

function pageLines({ runs, width }: PdfPage): PageLines {
  const lines = linesOf(runs).filter((l) => !PAGE_NUMBER_RE.test(l.text));
  const gaps: number[] = [];
  for (let i = 1; i < lines.length; i++) gaps.push(lines[i - 1].y - lines[i].y);
  return { lines, width, spacing: median(gaps.filter((g) => g > 0)) };
}

/**
 * The text block's left and right edges, from the whole document (margins do not change from
 * page to page). Left: where the leftmost lines start (continuation lines; first lines are
 * indented, titles centred). Right: where the most lines end together (two at least) near the
 * mirror image of the left margin (justified full lines; GB/T 9704's margins are nearly symmetric),
 * else that mirror image itself if a continuation line proves that lines do wrap. A document
 * showing neither has no wrapped paragraph, and no line is joined.
 */
function geometry(pages: PageLines[]): Geometry | null {
  const lines = pages.flatMap((p) => p.lines);
  if (lines.length === 0) return null;
  const size = median(lines.map((l) => l.size)) || 1;
  const width = median(pages.map((p) => p.width));
  const left = Math.min(...lines.map((l) => l.x0));
  const mirror = width - left;
  const ends = lines.map((l) => l.x1).filter((x1) => Math.abs(x1 - mirror) <= 2 * size);
  let right = 0;
  let shared = 1;
  for (const x1 of ends) {
    const n = ends.filter((other) => Math.abs(other - x1) <= 0.25 * size).length;
    if (n > shared || (n === shared && n > 1 && x1 > right)) {
      right = x1;
      shared = n;
    }
  }
  if (shared >= 2) return { left, right };
  // A line starting at the margin while others start a first-line indent further in.
  const atMargin = lines.some((l) => Math.abs(l.x0 - left) <= 0.5 * size);
  const indented = lines.some((l) => Math.abs(l.x0 - left - 2 * size) <= 0.5 * size);
  return atMargin && indented && width > 0 ? { left, right: mirror } : null;
}

/** The text of a PDF, one paragraph a line. */
export function paragraphsFromRuns(input: PdfPage[]): string[] {
  const pages = input.map(pageLines);
  const body = geometry(pages);
  const paragraphs: string[] = [];
  let previous: { line: Line; page: PageLines } | null = null;
  for (const page of pages) {
    for (const line of page.lines) {
      if (
        body &&
        previous &&
        continues(previous.line, line, body, previous.page === page ? page.spacing : 0)
      ) {
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

/** `spacing`: the usual line distance when both lines are on one page, else 0. */
function continues(prev: Line, line: Line, body: Geometry, spacing: number): boolean {
  const size = Math.max(prev.size, line.size, 1);
  // Justified full lines end at the edge; hanging punctuation may pass it by a little.
  const ranToEdge = prev.x1 >= body.right - 0.6 * size;
  const startsAtMargin = Math.abs(line.x0 - body.left) <= 0.5 * size;
  if (!ranToEdge || !startsAtMargin) return false;
  if (Math.abs(prev.size - line.size) > 0.15 * size) return false;
  // A gap clearly wider than the usual line spacing separates paragraphs.
  if (spacing > 0 && prev.y - line.y > 1.6 * spacing) return false;
  // Documents without first-line indents: a numbered heading after a finished sentence is new.
  if (HEADING_START_RE.test(line.text) && SENTENCE_DONE_RE.test(prev.text)) return false;
  return true;
}
