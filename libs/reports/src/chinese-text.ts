// Numbers and dates the way the genre writes them: "（十二）", "三是", "2025年9月1日".

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九; larger numbers as Arabic digits. */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) return String(n);
  if (n < 10) return DIGITS[n];
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones === 0 ? '' : DIGITS[ones]}`;
}

/**
 * The offices using rectiflow work in China Standard Time (UTC+8, no daylight saving), so a due
 * time of 2025-09-30T23:59+08:00 is "2025年9月30日" in every document, whatever the server's zone.
 */
const CHINA_OFFSET_MS = 8 * 3600_000;

/** Calendar date in China of an ISO time ('2025-09-30') or of a plain date, as [y, m, d]. */
export function chinaDateParts(value: string): [number, number, number] | null {
  const plain = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (plain) return [Number(plain[1]), Number(plain[2]), Number(plain[3])];
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return null;
  const d = new Date(ms + CHINA_OFFSET_MS);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
}

/** "2025年9月1日"; '' for a missing or unreadable date. */
export function chineseDate(value: string | null | undefined): string {
  const parts = value ? chinaDateParts(value) : null;
  return parts ? `${parts[0]}年${parts[1]}月${parts[2]}日` : '';
}

/**
 * A Date whose UTC fields show the China calendar date at midnight, for spreadsheet date cells
 * (Excel dates have no zone: the cell shows the UTC fields exceljs writes).
 */
export function chinaDateCell(value: string | null | undefined): Date | null {
  const parts = value ? chinaDateParts(value) : null;
  return parts ? new Date(Date.UTC(parts[0], parts[1] - 1, parts[2])) : null;
}

/** Same, keeping the time of day (for 销号时间). */
export function chinaDateTimeCell(value: string | null | undefined): Date | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms + CHINA_OFFSET_MS);
}

const TRAILING = new Set(['。', '；', ';', '，', ',', '：', ':', '、', '.', '．', ' ', '\u3000']);
const ENUMERATOR_PREFIX = /^[一二三四五六七八九十]{1,3}是/;

/**
 * A title or measure as it goes into a sentence the report punctuates itself: without its own
 * closing punctuation, and a measure without a leading "一是" its author may have typed.
 */
export function sentenceBody(text: string, { measure = false } = {}): string {
  let out = text.trim().replace(/\s*\n\s*/g, '');
  if (measure) out = out.replace(ENUMERATOR_PREFIX, '');
  let end = out.length;
  while (end > 0 && TRAILING.has(out[end - 1])) end--;
  return out.slice(0, end);
}

// Characters XML 1.0 forbids (C0 controls other than tab and line breaks, U+FFFE/U+FFFF). Text
// pasted from PDFs carries them; written into .xlsx or .docx they make Office call the file damaged.
// eslint-disable-next-line no-control-regex -- matching the forbidden control characters is the point
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Excel refuses longer cell texts. */
export const EXCEL_CELL_MAX = 32_767;

export function xmlSafe(text: string): string {
  return text.replace(XML_FORBIDDEN, '');
}

/** Text for one spreadsheet cell: XML-safe and within Excel's length limit. */
export function cellSafe(text: string): string {
  const safe = xmlSafe(text);
  return safe.length <= EXCEL_CELL_MAX ? safe : `${safe.slice(0, EXCEL_CELL_MAX - 1)}…`;
}
