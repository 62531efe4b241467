// The closing public-comment block: 公开期限, phone, postal address, postcode, e-mail.
// Each field is read from a short window after its keyword, so regular expressions here only
// ever see a few dozen characters however long the input is.

import { WarningSink } from './warnings';
import { Publication } from './types';

const PERIOD_KEYWORDS = ['公开期限', '公示期限', '公开时间', '公示时间', '公示期', '公开期'];
const PHONE_KEYWORDS = ['电话', '手机', '热线'];
const POSTCODE_KEYWORDS = ['邮政编码', '邮编'];
const ADDRESS_KEYWORDS = [
  '通信地址',
  '通讯地址',
  '邮寄地址',
  '来信地址',
  '联系地址',
  '信函地址',
  '邮政信箱',
  '来信请寄',
  '信件请寄',
];
/** A bare "地址" after these is a web or e-mail address, not a postal one. */
const NON_POSTAL_PREFIXES = ['邮件', '邮箱', '信箱', '网站', '网页', '网络', '网上'];

const WINDOW = 80;
const MAX_ATTEMPTS = 20;

interface DatePart {
  year: number | null;
  month: number;
  day: number;
  end: number;
}

/**
 * Reads the value after the earliest keyword occurrence that yields one ("通过电话、信函反映…
 * 联系电话：…" skips the first "电话"). Every occurrence costs one bounded window: linear.
 */
function readAfter<T>(
  text: string,
  keywords: string[],
  read: (window: string) => T | null,
  windowSize = WINDOW,
  accept: (at: number) => boolean = () => true,
): T | null {
  const positions: { at: number; end: number }[] = [];
  for (const keyword of keywords) {
    for (let at = text.indexOf(keyword); at >= 0; at = text.indexOf(keyword, at + 1)) {
      if (accept(at)) positions.push({ at, end: at + keyword.length });
    }
  }
  positions.sort((a, b) => a.at - b.at || b.end - a.end);
  // Garbage may repeat a keyword a million times; a real block names each field a few times.
  for (const { end } of positions.slice(0, MAX_ATTEMPTS)) {
    const value = read(text.slice(end, end + windowSize));
    if (value !== null) return value;
  }
  return null;
}

/** Skips "：", "为", "自" and blanks between a keyword and its value. */
function skipFiller(text: string, at: number): number {
  let i = at;
  while (i < text.length && /[：:\s\u3000为是自从即]/.test(text[i])) i++;
  return i;
}

const FULL_DATE_RE =
  /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?|(\d{4})\s*[.\-/－]\s*(\d{1,2})\s*[.\-/－]\s*(\d{1,2})\s*[日号]?|(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?/y;
// Only valid as the second date of a range whose first date fixed the month or year.
const SHORT_END_RE = /(\d{1,2})\s*[.\-/]\s*(\d{1,2})(?!\d)|(\d{1,2})\s*[日号]/y;
const RANGE_SEPARATOR_RE = /\s*起?\s*(?:至|到|止|[—–\-－~～―─]{1,2})\s*/y;
const DAYS_AFTER_RE = /\s*起\s*(\d{1,3})\s*(?:个)?\s*(天|日|工作日)/y;

function readDate(text: string, at: number, allowShort: boolean): DatePart | null {
  FULL_DATE_RE.lastIndex = at;
  const m = FULL_DATE_RE.exec(text);
  if (m) {
    if (m[1]) return { year: +m[1], month: +m[2], day: +m[3], end: FULL_DATE_RE.lastIndex };
    if (m[4]) return { year: +m[4], month: +m[5], day: +m[6], end: FULL_DATE_RE.lastIndex };
    return { year: null, month: +m[7], day: +m[8], end: FULL_DATE_RE.lastIndex };
  }
  if (!allowShort) return null;
  SHORT_END_RE.lastIndex = at;
  const s = SHORT_END_RE.exec(text);
  if (!s) return null;
  if (s[1]) return { year: null, month: +s[1], day: +s[2], end: SHORT_END_RE.lastIndex };
  return { year: null, month: 0, day: +s[3], end: SHORT_END_RE.lastIndex };
}

function isoDate(year: number, month: number, day: number): string | null {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) {
    return null;
  }
  return d.toISOString().slice(0, 10);
}

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function readPeriod(
  text: string,
  defaultYear: number | undefined,
  warnings: WarningSink,
): { from: string | null; to: string | null } {
  const none = { from: null, to: null };
  // The first keyword that is followed by a date is the period; later ones repeat it.
  const window = readAfter(text, PERIOD_KEYWORDS, (w) => (/\d/.test(w.slice(0, 20)) ? w : null));
  if (window === null) {
    if (PERIOD_KEYWORDS.some((k) => text.includes(k))) warnings.push('公开期限中没有可识别的日期');
    return none;
  }
  const quoted = window.slice(0, 40);
  const first = readDate(window, window.search(/\d/), false);
  if (!first) {
    warnings.push(`无法识别公开期限：“${quoted}”`);
    return none;
  }
  let second: DatePart | null = null;
  let days: { count: number; working: boolean } | null = null;
  RANGE_SEPARATOR_RE.lastIndex = first.end;
  if (RANGE_SEPARATOR_RE.exec(window))
    second = readDate(window, RANGE_SEPARATOR_RE.lastIndex, true);
  if (!second) {
    DAYS_AFTER_RE.lastIndex = first.end;
    const d = DAYS_AFTER_RE.exec(window);
    if (d) days = { count: +d[1], working: d[2] === '工作日' };
  }

  const fromYear = first.year ?? second?.year ?? defaultYear ?? null;
  if (fromYear === null) {
    warnings.push('公开期限未写年份且未提供 defaultYear，日期未导入');
    return none;
  }
  const from = isoDate(fromYear, first.month, first.day);
  if (!from) {
    warnings.push(`公开期限的起始日期无效：“${quoted}”`);
    return none;
  }
  let to: string | null = null;
  if (second) {
    const month = second.month === 0 ? first.month : second.month;
    // "12月25日至1月8日" crosses into the next year.
    const year = second.year ?? (month < first.month ? fromYear + 1 : fromYear);
    to = isoDate(year, month, second.day);
    if (!to) warnings.push(`公开期限的截止日期无效：“${quoted}”`);
  } else if (days && !days.working && days.count > 0) {
    to = addDays(from, days.count - 1);
  } else {
    warnings.push(`公开期限只有起始日期，截止日期未导入：“${quoted}”`);
  }
  if (to && to < from) {
    warnings.push(`公开期限的截止日期早于起始日期：${from} 至 ${to}`);
  }
  return { from, to };
}

function readPhone(text: string): string | null {
  return readAfter(text, PHONE_KEYWORDS, (window) => {
    const numbers: string[] = [];
    const re = /[0-9(（][0-9\-－—–()（）\s]*[0-9]/y;
    const sep = /[、/，,或\s]{1,3}(?=[0-9(（])/y;
    let at = skipFiller(window, 0);
    for (;;) {
      re.lastIndex = at;
      const m = re.exec(window);
      if (!m) break;
      const value = m[0].trim();
      if (value.replace(/\D/g, '').length < 5) break;
      numbers.push(value);
      // "0000-1234567、0000-7654321" or "…或…": keep every number.
      sep.lastIndex = re.lastIndex;
      if (!sep.exec(window)) break;
      at = sep.lastIndex;
    }
    return numbers.length > 0 ? numbers.join('、') : null;
  });
}

function readPostcode(text: string): string | null {
  return readAfter(
    text,
    POSTCODE_KEYWORDS,
    (window) => /^\d{6}(?!\d)/.exec(window.slice(skipFiller(window, 0)))?.[0] ?? null,
    20,
  );
}

function addressIn(window: string): string | null {
  const from = skipFiller(window, 0);
  let end = from;
  while (end < window.length && !/[，,；;。\n]/.test(window[end])) {
    if (/^[（(]?(?:邮编|邮政编码|联系电话|电话)/.test(window.slice(end, end + 6))) break;
    end++;
  }
  const value = window.slice(from, end).replace(/[\s（(]+$/, '');
  return value.length > 0 ? value : null;
}

function readAddress(text: string): string | null {
  return (
    readAfter(text, ADDRESS_KEYWORDS, addressIn, 150) ??
    readAfter(text, ['地址'], addressIn, 150, (at) =>
      NON_POSTAL_PREFIXES.every((p) => at < p.length || !text.startsWith(p, at - p.length)),
    )
  );
}

const LOCAL_CHAR = /[A-Za-z0-9._%+-]/;
const DOMAIN_CHAR = /[A-Za-z0-9.-]/;

/** First e-mail address; scans outwards from each "@", so garbage cannot make it quadratic. */
function readEmail(text: string): string | null {
  let at = text.indexOf('@');
  while (at >= 0) {
    let left = at;
    while (left > 0 && at - left < 64 && LOCAL_CHAR.test(text[left - 1])) left--;
    let right = at + 1;
    while (right < text.length && right - at < 255 && DOMAIN_CHAR.test(text[right])) right++;
    const local = text.slice(left, at).replace(/^\.+/, '');
    const domain = text.slice(at + 1, right).replace(/[.-]+$/, '');
    if (local.length > 0 && /^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/.test(domain)) {
      return `${local}@${domain}`;
    }
    at = text.indexOf('@', at + 1);
  }
  return null;
}

export function parsePublication(
  lines: string[],
  defaultYear: number | undefined,
  warnings: WarningSink,
): Publication | null {
  if (lines.length === 0) return null;
  const text = lines.join('\n');
  const { from, to } = readPeriod(text, defaultYear, warnings);
  const publication: Publication = {
    from,
    to,
    phone: readPhone(text),
    email: readEmail(text),
    address: readAddress(text),
    postcode: readPostcode(text),
  };
  const found = Object.values(publication).some((v) => v !== null);
  return found ? publication : null;
}
