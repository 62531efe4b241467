// Line classifier: decides what one line (or the remainder of a heading line) is, without
// knowing where it stands in the document. Every pattern is anchored and bounded.

import { chineseNumeral, MEASURE_LEAD_RE } from './text';

/**
 * Heading ranks, outermost first: 0 "一、" section, 1 "（一）" area, 2 "1." theme, 3 "（1）" finding.
 * The state machine uses ranks, not meanings: whether a "1." is a theme or a finding is decided
 * later from what it contains.
 */
export type Rank = 0 | 1 | 2 | 3;

export interface HeadingLine {
  kind: 'heading';
  rank: Rank;
  number: number;
  /** The marker as written ("（1）", "1．"), quoted in warnings. */
  marker: string;
  body: string;
}

export interface MeasureLeadLine {
  kind: 'measureLead';
  /** Text after "整改落实情况：". */
  body: string;
}

export interface TextLine {
  kind: 'text';
  body: string;
}

export type StructuralLine = HeadingLine | MeasureLeadLine | TextLine;

export type LineClass =
  | { kind: 'blank' }
  | { kind: 'publication' }
  | { kind: 'closing' }
  | { kind: 'status' }
  | StructuralLine;

/**
 * "完成情况：已完成整改，…" / "整改完成情况：…": a finding's state as a report states it (our own
 * progress report writes one under each finding). It tells where the work stands, not what the
 * measures are, so an import leaves it out.
 */
export const STATUS_LINE_RE = /^(?:整改)?完成情况[ \t\u3000]{0,4}[：:]/;

const SECTION_RE = /^([一二三四五六七八九十]{1,3})[ \t\u3000]{0,4}[、.．][ \t\u3000]{0,8}/;
const AREA_RE =
  /^[（(][ \t\u3000]{0,4}([一二三四五六七八九十]{1,3})[ \t\u3000]{0,4}[）)][ \t\u3000]{0,8}/;
const FINDING_RE = /^[（(][ \t\u3000]{0,4}(\d{1,3})[ \t\u3000]{0,4}[）)][ \t\u3000]{0,8}/;
// "(?!\d)" keeps amounts such as "3.5万元" and dates such as "2025.4.27" out of the theme level.
const THEME_RE = /^(\d{1,3})[ \t\u3000]{0,4}[.．、](?!\d)[ \t\u3000]{0,8}/;

/**
 * Words that only occur in the closing public-comment block when followed by a colon, "为" or a
 * number; "公示期内" inside a measure stays a measure.
 */
const PUBLICATION_RE =
  /(?:公开期限|公示期限|公开时间|公示时间|公示期|公开期|联系电话|咨询电话|监督电话|举报电话|电子邮箱|电子信箱|电子邮件|邮政编码|通信地址|通讯地址|邮寄地址|来信地址|联系地址|邮政信箱)[ \t\u3000]{0,4}(?:[：:为]|\d)/;

const ENUMERATOR_START_RE = /^[一二三四五六七八九十]{1,3}是/;

const DATE_LINE_RE =
  /^\d{4}[ \t\u3000]{0,2}年[ \t\u3000]{0,2}\d{1,2}[ \t\u3000]{0,2}月[ \t\u3000]{0,2}\d{1,2}[ \t\u3000]{0,2}日$/;

/** Classifies the start of `text` (already trimmed) as a heading, a measure lead-in or text. */
export function classifyStructural(text: string): StructuralLine {
  let m = SECTION_RE.exec(text);
  if (m) {
    const number = chineseNumeral(m[1]);
    if (number > 0) return heading(0, number, m[0], text);
  }
  m = AREA_RE.exec(text);
  if (m) {
    const number = chineseNumeral(m[1]);
    if (number > 0) return heading(1, number, m[0], text);
  }
  m = FINDING_RE.exec(text);
  if (m) return heading(3, Number(m[1]), m[0], text);
  m = THEME_RE.exec(text);
  if (m) return heading(2, Number(m[1]), m[0], text);
  m = MEASURE_LEAD_RE.exec(text);
  if (m) return { kind: 'measureLead', body: text.slice(m[0].length) };
  return { kind: 'text', body: text };
}

function heading(rank: Rank, number: number, matched: string, text: string): HeadingLine {
  return {
    kind: 'heading',
    rank,
    number,
    marker: matched.trim(),
    body: text.slice(matched.length),
  };
}

/** Classifies a whole input line (already trimmed). */
export function classifyLine(text: string): LineClass {
  if (text.length === 0) return { kind: 'blank' };
  const structural = classifyStructural(text);
  if (structural.kind !== 'text') return structural;
  if (STATUS_LINE_RE.test(text)) return { kind: 'status' };
  // A measure that mentions a hotline ("二是公开举报电话：…") is still a measure.
  if (!ENUMERATOR_START_RE.test(text) && PUBLICATION_RE.test(text)) return { kind: 'publication' };
  if (DATE_LINE_RE.test(text) || /^特此(?:通报|公告|报告)/.test(text)) return { kind: 'closing' };
  if (text.startsWith('欢迎') && (text.includes('监督') || text.includes('意见'))) {
    return { kind: 'publication' };
  }
  return structural;
}
