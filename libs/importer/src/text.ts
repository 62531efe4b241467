// Low-level text helpers. Everything here scans forward once: the parser must stay linear on
// multi-megabyte single-line input, so no helper may rescan text it has already passed.

const CN_DIGITS: Record<string, number> = {
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** Parses 一 … 九十九; returns 0 for anything else (so callers can reject "一一是"). */
export function chineseNumeral(s: string): number {
  if (s.length === 0 || s.length > 3) return 0;
  if (s.length === 1) return s === '十' ? 10 : (CN_DIGITS[s] ?? 0);
  const tenAt = s.indexOf('十');
  if (tenAt < 0) return 0;
  const tensPart = s.slice(0, tenAt);
  const onesPart = s.slice(tenAt + 1);
  const tens = tensPart === '' ? 1 : (CN_DIGITS[tensPart] ?? 0);
  const ones = onesPart === '' ? 0 : (CN_DIGITS[onesPart] ?? 0);
  if (tens === 0 || (onesPart !== '' && ones === 0) || tensPart.length > 1 || onesPart.length > 1) {
    return 0;
  }
  return tens * 10 + ones;
}

const CN_NUMERALS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 12 → 十二, 20 → 二十 (the inverse of chineseNumeral); Arabic digits outside 1–99. */
export function formatChineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) return String(n);
  if (n < 10) return CN_NUMERALS[n];
  const tens = Math.floor(n / 10);
  return `${tens === 1 ? '' : CN_NUMERALS[tens]}十${CN_NUMERALS[n % 10]}`;
}

function isChineseNumeralChar(ch: string): boolean {
  return ch === '十' || CN_DIGITS[ch] !== undefined;
}

/**
 * Full-width digits and Latin letters carry no meaning of their own here, so they are folded to
 * ASCII once; punctuation is left alone because titles are returned as written.
 */
export function normalizeText(text: string): string {
  let out = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  out = out.replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff20]/g, (ch) =>
    String.fromCharCode(ch.charCodeAt(0) - 0xfee0),
  );
  return out;
}

/** Calls `visit` for each line (\n, \r\n, \r, U+2028, U+2029), without building an array. */
export function forEachLine(text: string, visit: (line: string) => void): void {
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code !== 0x0a && code !== 0x0d && code !== 0x2028 && code !== 0x2029) continue;
    visit(text.slice(start, i));
    if (code === 0x0d && text.charCodeAt(i + 1) === 0x0a) i++;
    start = i + 1;
  }
  visit(text.slice(start));
}

/**
 * Markdown a report may come in (a generated `.md`, text pasted from a wiki): a heading marker
 * ("## 一、…") or emphasis around the whole line ("**（1）…。**") carries no meaning here. Only
 * whole-line forms are removed, so a "#" or "**" inside a title stays.
 */
export function stripMarkdownLine(line: string): string {
  // Nearly every line starts otherwise: keep the common case to one character test.
  const first = line[0];
  if (first !== '#' && first !== '*' && first !== '_') return unescapeMarkdown(line);
  let out = line;
  const heading = /^#{1,6}[ \t]+/.exec(out);
  if (heading) out = trimBlank(withoutClosingHashes(out.slice(heading[0].length)));
  for (const mark of ['**', '__']) {
    if (out.length > 2 * mark.length && out.startsWith(mark) && out.endsWith(mark)) {
      out = out.slice(mark.length, -mark.length);
    }
  }
  return unescapeMarkdown(out);
}

/**
 * Markdown's backslash escapes (`\#`, `\<`, `\[`: an ASCII punctuation character after a
 * backslash), which a generated report puts before what users wrote, read back as the
 * characters themselves. Checked after the whole-line forms, so `\# x` is text, not a heading.
 */
function unescapeMarkdown(line: string): string {
  return line.includes('\\') ? line.replace(/\\([!-/:-@[-`{-~])/g, '$1') : line;
}

/** "标题 ##" → "标题 " (an ATX heading's optional closing sequence); scans back from the end once. */
function withoutClosingHashes(s: string): string {
  let end = s.length;
  while (end > 0 && s[end - 1] === '#') end--;
  if (end === s.length || end === 0) return s;
  return s[end - 1] === ' ' || s[end - 1] === '\t' ? s.slice(0, end) : s;
}

const EDGE_SPACE = new Set([' ', '\t', '\u3000', '\u00a0', '\f', '\v', '\u200b']);
const TRAILING_PUNCT = new Set([
  '。',
  '；',
  ';',
  '，',
  ',',
  '：',
  ':',
  '、',
  '！',
  '!',
  '？',
  '?',
  '.',
  '．',
]);
const LEADING_PUNCT = new Set(['：', ':', '，', ',', '；', ';', '、', '。']);

/** Trims ASCII and CJK blanks (String.prototype.trim misses U+3000 in some contexts and U+200B). */
export function trimBlank(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && (EDGE_SPACE.has(s[start]) || s[start] === '\n')) start++;
  while (end > start && (EDGE_SPACE.has(s[end - 1]) || s[end - 1] === '\n')) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

/** Removes separators a heading or measure carries only because of its position in a list. */
export function cleanItemText(s: string): string {
  let start = 0;
  let end = s.length;
  for (;;) {
    const before = [start, end];
    while (start < end && (EDGE_SPACE.has(s[start]) || LEADING_PUNCT.has(s[start]))) start++;
    while (end > start && (EDGE_SPACE.has(s[end - 1]) || TRAILING_PUNCT.has(s[end - 1]))) end--;
    if (before[0] === start && before[1] === end) break;
  }
  return s.slice(start, end);
}

/** Characters after which "一是" really opens an enumerated item (not "统一是…"). */
const ENUM_BOUNDARY = new Set([
  ' ',
  '\t',
  '\u3000',
  '\u00a0',
  '。',
  '；',
  ';',
  '，',
  ',',
  '：',
  ':',
  '、',
  '！',
  '!',
  '？',
  '?',
  '）',
  ')',
  '】',
  '」',
  '』',
  '”',
  '"',
]);

export interface EnumeratorHit {
  /** Index of the numeral's first character. */
  start: number;
  /** Index just after "是". */
  end: number;
}

/** Checks whether the "是" at index `at` closes an enumerator such as "一是" / "十二是". */
export function enumeratorEndingAt(text: string, at: number): EnumeratorHit | null {
  let numStart = at;
  while (numStart > 0 && at - numStart < 4 && isChineseNumeralChar(text[numStart - 1])) numStart--;
  const length = at - numStart;
  if (length === 0 || length > 3) return null;
  if (numStart > 0 && !ENUM_BOUNDARY.has(text[numStart - 1])) return null;
  if (chineseNumeral(text.slice(numStart, at)) === 0) return null;
  return { start: numStart, end: at + 1 };
}

/** All enumerators in `text`, in order. One pass over the string. */
export function findEnumerators(text: string): EnumeratorHit[] {
  const hits: EnumeratorHit[] = [];
  let at = text.indexOf('是');
  while (at >= 0) {
    const hit = enumeratorEndingAt(text, at);
    if (hit) hits.push(hit);
    at = text.indexOf('是', at + 1);
  }
  return hits;
}

/** Sentence ends that close a heading's title. Half-width '.' is left out: it appears in "1.5万元". */
const SENTENCE_END = new Set(['。', '！', '!', '？', '?']);

/** Half-width text ends sentences with '.'; "1.5万元" and "e.g." do not. */
function isHalfWidthFullStop(text: string, at: number): boolean {
  const before = at > 0 ? text.charCodeAt(at - 1) : 0;
  const after = at + 1 < text.length ? text[at + 1] : '';
  const cjkBefore =
    (before >= 0x4e00 && before <= 0x9fff) || text[at - 1] === '”' || text[at - 1] === ')';
  return cjkBefore && !/[0-9A-Za-z]/.test(after);
}

/**
 * Lead-ins that introduce a finding's measures ("整改落实情况：一是…"). Matched at the start of a
 * line, or inside a heading line where they end the title.
 */
export const MEASURE_LEAD_RE =
  /^(?:整改(?:落实|推进)?(?:情况|措施|进展情况|进展|成效|结果)|落实情况|整改落实|具体措施|主要措施|工作措施|采取措施)\s*[：:]/;

const LEAD_WORDS = ['整改', '落实情况', '具体措施', '主要措施', '工作措施', '采取措施'];

const LEAD_FIRST_CHARS = new Set(LEAD_WORDS.map((word) => word[0]));

function measureLeadAt(text: string, at: number): boolean {
  for (const word of LEAD_WORDS) {
    if (text.startsWith(word, at)) {
      // Bounded slice: a lead-in is short, so never look further than 16 characters.
      return MEASURE_LEAD_RE.test(text.slice(at, at + 16));
    }
  }
  return false;
}

const AREA_MARKER_RE = /^[（(][ \t\u3000]{0,4}[一二三四五六七八九十]{1,3}[ \t\u3000]{0,4}[）)]/;

export interface TitleSplit {
  title: string;
  /** What follows the title on the same line (measures, prose, another heading). */
  rest: string;
}

/**
 * A heading's title is its first sentence, cut earlier by an inline measure list ("…；一是…") or a
 * lead-in ("…整改落实情况：…"). The scan stops at the first cut, so each character of a long line is
 * visited once across repeated calls on the remainders.
 */
export function splitTitle(body: string): TitleSplit {
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (SENTENCE_END.has(ch) || (ch === '.' && isHalfWidthFullStop(body, i))) {
      return { title: cleanItemText(body.slice(0, i)), rest: body.slice(i + 1) };
    }
    if (ch === '是') {
      const hit = enumeratorEndingAt(body, i);
      if (hit) {
        return { title: cleanItemText(body.slice(0, hit.start)), rest: body.slice(hit.start) };
      }
    } else if (LEAD_FIRST_CHARS.has(ch) && measureLeadAt(body, i)) {
      return { title: cleanItemText(body.slice(0, i)), rest: body.slice(i) };
    } else if ((ch === '（' || ch === '(') && i > 0 && AREA_MARKER_RE.test(body.slice(i, i + 12))) {
      // "二、巡察反馈问题整改落实情况（一）聚焦…方面" pasted without a line break.
      return { title: cleanItemText(body.slice(0, i)), rest: body.slice(i) };
    }
  }
  return { title: cleanItemText(body), rest: '' };
}
