// Word's automatic list numbering, rendered as text. A .docx stores "（一）", "1." or "（1）" of
// an automatically numbered paragraph not in the paragraph but as a reference to a list
// definition (numbering.xml), so text extraction (mammoth's too) loses it; yet for this genre
// the numbering *is* the structure. This module reads the definitions and counts paragraphs the
// way Word does, so each numbered paragraph gets its label back.
//
// Word's rules, as ECMA-376 §17.9 states them and Word applies them:
// - a paragraph is numbered by its own w:numPr, else by its style's (following w:basedOn);
//   numId 0 switches numbering off;
// - w:num instances of one w:abstractNum share the counters, unless a w:lvlOverride restarts a
//   level (w:startOverride) when the instance is first used; an abstractNum may point to a
//   numbering style (w:numStyleLink) that holds the real definition;
// - using a level restarts every deeper level, unless that level's w:lvlRestart says otherwise;
// - the label is w:lvlText with %1…%9 replaced by each level's counter in its own w:numFmt
//   (decimal when w:isLgl is set), followed by w:suff (tab by default).

import type { Document, Element } from '@xmldom/xmldom';

/** WordprocessingML, transitional and strict. */
export const W_NAMESPACES = new Set([
  'http://schemas.openxmlformats.org/wordprocessingml/2006/main',
  'http://purl.oclc.org/ooxml/wordprocessingml/main',
]);

const MAX_LEVELS = 9;

export interface LevelDefinition {
  start: number;
  format: string;
  text: string;
  /** 1-based level whose use restarts this one; 0 never; null: any shallower level. */
  restart: number | null;
  legal: boolean;
  suffix: string;
  /** A paragraph style bound to this level (outline numbering of headings). */
  style: string | null;
}

interface AbstractDefinition {
  levels: Map<number, LevelDefinition>;
  styleLink: string | null;
}

interface NumDefinition {
  abstractId: string;
  startOverrides: Map<number, number>;
  levelOverrides: Map<number, LevelDefinition>;
}

interface ParagraphStyle {
  numId: string | null;
  level: number | null;
  basedOn: string | null;
}

/** The w:* children of `el` with this local name. */
export function wChildren(el: Element, name: string): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) {
    const child = n as Element;
    if (
      n.nodeType === 1 &&
      child.localName === name &&
      W_NAMESPACES.has(child.namespaceURI ?? '')
    ) {
      out.push(child);
    }
  }
  return out;
}

export function wChild(el: Element | null | undefined, name: string): Element | null {
  return el ? (wChildren(el, name)[0] ?? null) : null;
}

/** A w:val (or other w:*) attribute, whichever prefix the document gave the namespace. */
export function wAttr(el: Element | null | undefined, name = 'val'): string | null {
  if (!el) return null;
  for (const ns of W_NAMESPACES) {
    const value = el.getAttributeNS(ns, name);
    if (value !== null && value !== '') return value;
  }
  return null;
}

/** All w:* descendants of `root` with this local name, in document order. */
export function wElements(root: Document | Element, name: string): Element[] {
  const out: Element[] = [];
  for (const ns of W_NAMESPACES) {
    const list = root.getElementsByTagNameNS(ns, name);
    for (let i = 0; i < list.length; i++) out.push(list[i] as Element);
  }
  return out;
}

function intAttr(el: Element | null, fallback: number): number {
  const n = Number.parseInt(wAttr(el) ?? '', 10);
  return Number.isFinite(n) ? n : fallback;
}

function onOff(el: Element | null): boolean {
  if (!el) return false;
  const v = wAttr(el);
  return v === null || !['0', 'false', 'off'].includes(v);
}

function readLevel(el: Element): LevelDefinition {
  const restartEl = wChild(el, 'lvlRestart');
  return {
    start: intAttr(wChild(el, 'start'), 0),
    format: wAttr(wChild(el, 'numFmt')) ?? 'decimal',
    text: wAttr(wChild(el, 'lvlText')) ?? '',
    restart: restartEl ? intAttr(restartEl, 0) : null,
    legal: onOff(wChild(el, 'isLgl')),
    suffix: { nothing: '', space: ' ' }[wAttr(wChild(el, 'suff')) ?? ''] ?? ' ',
    style: wAttr(wChild(el, 'pStyle')),
  };
}

function levelIndex(el: Element): number | null {
  const n = Number.parseInt(wAttr(el, 'ilvl') ?? '', 10);
  return Number.isInteger(n) && n >= 0 && n < MAX_LEVELS ? n : null;
}

/** numbering.xml and styles.xml, read once per document. */
export class NumberingDefinitions {
  private readonly abstracts = new Map<string, AbstractDefinition>();
  private readonly nums = new Map<string, NumDefinition>();
  private readonly paragraphStyles = new Map<string, ParagraphStyle>();
  /** Numbering styles (w:type="numbering") → the num they point to. */
  private readonly numberingStyles = new Map<string, string>();
  private defaultStyle: string | null = null;

  constructor(numbering: Document | null, styles: Document | null) {
    if (numbering) this.readNumbering(numbering);
    if (styles) this.readStyles(styles);
  }

  private readNumbering(doc: Document): void {
    for (const el of wElements(doc, 'abstractNum')) {
      const id = wAttr(el, 'abstractNumId');
      if (id === null) continue;
      const levels = new Map<number, LevelDefinition>();
      for (const lvl of wChildren(el, 'lvl')) levels.set(levelIndex(lvl) ?? 0, readLevel(lvl));
      this.abstracts.set(id, { levels, styleLink: wAttr(wChild(el, 'numStyleLink')) });
    }
    for (const el of wElements(doc, 'num')) {
      const id = wAttr(el, 'numId');
      const abstractId = wAttr(wChild(el, 'abstractNumId'));
      if (id === null || abstractId === null) continue;
      const num: NumDefinition = {
        abstractId,
        startOverrides: new Map(),
        levelOverrides: new Map(),
      };
      for (const override of wChildren(el, 'lvlOverride')) {
        const level = levelIndex(override);
        if (level === null) continue;
        const start = wChild(override, 'startOverride');
        if (start) num.startOverrides.set(level, intAttr(start, 0));
        const lvl = wChild(override, 'lvl');
        if (lvl) num.levelOverrides.set(level, readLevel(lvl));
      }
      this.nums.set(id, num);
    }
  }

  private readStyles(doc: Document): void {
    for (const el of wElements(doc, 'style')) {
      const id = wAttr(el, 'styleId');
      if (id === null) continue;
      const type = wAttr(el, 'type');
      const numPr = wChild(wChild(el, 'pPr'), 'numPr');
      const numId = wAttr(wChild(numPr, 'numId'));
      if (type === 'numbering') {
        if (numId !== null) this.numberingStyles.set(id, numId);
        continue;
      }
      if (type !== 'paragraph') continue;
      if (['1', 'true', 'on'].includes(wAttr(el, 'default') ?? '')) this.defaultStyle = id;
      const ilvl = wChild(numPr, 'ilvl');
      this.paragraphStyles.set(id, {
        numId,
        level: ilvl ? intAttr(ilvl, 0) : null,
        basedOn: wAttr(wChild(el, 'basedOn')),
      });
    }
  }

  get isEmpty(): boolean {
    return this.nums.size === 0;
  }

  /** The num and level that number a paragraph with these properties, if any. */
  paragraphNumbering(pPr: Element | null): { numId: string; level: number } | null {
    const numPr = wChild(pPr, 'numPr');
    const direct = wAttr(wChild(numPr, 'numId'));
    const directLevel = wChild(numPr, 'ilvl');
    let styleId = wAttr(wChild(pPr, 'pStyle')) ?? this.defaultStyle;
    let numId = direct;
    let level = directLevel ? intAttr(directLevel, 0) : null;
    const seen = new Set<string>();
    while (numId === null && styleId !== null && !seen.has(styleId)) {
      seen.add(styleId);
      const style = this.paragraphStyles.get(styleId);
      if (!style) break;
      if (style.numId !== null) {
        numId = style.numId;
        level ??= style.level ?? this.levelOfStyle(style.numId, styleId);
      }
      styleId = style.basedOn;
    }
    if (numId === null || numId === '0' || !this.nums.has(numId)) return null;
    return { numId, level: Math.min(Math.max(level ?? 0, 0), MAX_LEVELS - 1) };
  }

  /** A heading style bound to a list level by that level's w:pStyle. */
  private levelOfStyle(numId: string, styleId: string): number {
    const abstract = this.abstractOf(numId);
    for (const [index, def] of abstract?.definition.levels ?? []) {
      if (def.style === styleId) return index;
    }
    return 0;
  }

  /** The abstract definition a num uses, following numbering-style links. */
  abstractOf(numId: string): { id: string; definition: AbstractDefinition } | null {
    let num = this.nums.get(numId);
    const seen = new Set<string>();
    while (num && !seen.has(num.abstractId)) {
      seen.add(num.abstractId);
      const definition = this.abstracts.get(num.abstractId);
      if (!definition) return null;
      if (definition.styleLink === null) return { id: num.abstractId, definition };
      const linkedNum = this.numberingStyles.get(definition.styleLink);
      const linked = linkedNum !== undefined ? this.nums.get(linkedNum) : undefined;
      // A style link to nothing usable: the abstract's own levels are all there is.
      if (!linked || linked.abstractId === num.abstractId)
        return { id: num.abstractId, definition };
      num = linked;
    }
    return null;
  }

  num(numId: string): NumDefinition | undefined {
    return this.nums.get(numId);
  }
}

/** Counts numbered paragraphs in document order and writes their labels. */
export class ListCounter {
  /** Counters per abstract definition: instances of one definition continue each other. */
  private readonly counters = new Map<string, (number | undefined)[]>();
  private readonly usedNums = new Set<string>();

  constructor(private readonly defs: NumberingDefinitions) {}

  /** The label of the next paragraph numbered (numId, level): "（一）", "1.", ''. */
  next(numId: string, level: number): string {
    const abstract = this.defs.abstractOf(numId);
    const num = this.defs.num(numId);
    if (!abstract || !num) return '';
    const levelDef = (l: number): LevelDefinition | undefined =>
      num.levelOverrides.get(l) ?? abstract.definition.levels.get(l);
    const own = levelDef(level);
    if (!own) return '';

    let values = this.counters.get(abstract.id);
    if (!values) {
      values = new Array<number | undefined>(MAX_LEVELS).fill(undefined);
      this.counters.set(abstract.id, values);
    }
    if (!this.usedNums.has(numId)) {
      this.usedNums.add(numId);
      for (const [l, start] of num.startOverrides) values[l] = start - 1;
    }
    values[level] = values[level] === undefined ? own.start : (values[level] as number) + 1;
    for (let deeper = level + 1; deeper < MAX_LEVELS; deeper++) {
      const restart = levelDef(deeper)?.restart ?? null;
      if (restart === null || (restart !== 0 && level < restart)) values[deeper] = undefined;
    }
    if (own.format === 'bullet') return '';
    const label = own.text.replace(/%([1-9])/g, (_, digit: string) => {
      const l = Number(digit) - 1;
      const def = levelDef(l);
      if (!def) return '';
      const value = values[l] ?? def.start;
      return formatListNumber(value, own.legal ? 'decimal' : def.format);
    });
    return label.length > 0 ? label + own.suffix : '';
  }
}

const CN_DIGITS = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const CN_LEGAL = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const CN_UNITS = ['', '十', '百', '千'];
const CN_LEGAL_UNITS = ['', '拾', '佰', '仟'];
const HEAVENLY_STEMS = '甲乙丙丁戊己庚辛壬癸';
const EARTHLY_BRANCHES = '子丑寅卯辰巳午未申酉戌亥';

/** 1 → 一, 10 → 十, 15 → 十五, 20 → 二十, 105 → 一百零五 (up to 9999). */
function chineseCounting(n: number, digits = CN_DIGITS, units = CN_UNITS): string {
  if (n <= 0 || n > 9999) return String(n);
  const parts = String(n).split('').map(Number);
  let out = '';
  let pendingZero = false;
  parts.forEach((d, i) => {
    const unit = units[parts.length - 1 - i];
    if (d === 0) {
      pendingZero = out.length > 0;
      return;
    }
    if (pendingZero) out += digits[0] === '〇' ? '零' : digits[0];
    pendingZero = false;
    // "十五", not "一十五", when the tens lead (Word writes it so).
    out += d === 1 && unit === units[1] && out.length === 0 ? unit : digits[d] + unit;
  });
  return out;
}

function roman(n: number): string {
  if (n <= 0 || n >= 4000) return String(n);
  const table: [number, string][] = [
    [1000, 'M'],
    [900, 'CM'],
    [500, 'D'],
    [400, 'CD'],
    [100, 'C'],
    [90, 'XC'],
    [50, 'L'],
    [40, 'XL'],
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ];
  let out = '';
  let rest = n;
  for (const [value, letters] of table) {
    while (rest >= value) {
      out += letters;
      rest -= value;
    }
  }
  return out;
}

/** Word's letter numbering: A … Z, AA … ZZ, AAA … */
function letters(n: number): string {
  if (n <= 0) return String(n);
  const letter = String.fromCharCode(65 + ((n - 1) % 26));
  return letter.repeat(Math.floor((n - 1) / 26) + 1);
}

function enclosed(n: number, first: number, count: number): string {
  return n >= 1 && n <= count ? String.fromCodePoint(first + n - 1) : `(${n})`;
}

/** One counter in one of Word's number formats (w:numFmt); unknown formats as decimal. */
export function formatListNumber(n: number, format: string): string {
  switch (format) {
    case 'decimal':
    case 'decimalHalfWidth':
    case 'ordinal':
    case 'cardinalText':
    case 'ordinalText':
      return String(n);
    case 'decimalZero':
      return n >= 0 && n < 10 ? `0${n}` : String(n);
    case 'decimalFullWidth':
    case 'decimalFullWidth2':
      return String(n).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    case 'upperRoman':
      return roman(n);
    case 'lowerRoman':
      return roman(n).toLowerCase();
    case 'upperLetter':
      return letters(n);
    case 'lowerLetter':
      return letters(n).toLowerCase();
    case 'chineseCounting':
    case 'chineseCountingThousand':
    case 'japaneseCounting':
    case 'taiwaneseCounting':
    case 'taiwaneseCountingThousand':
      return chineseCounting(n);
    case 'chineseLegalSimplified':
    case 'japaneseLegal':
      return chineseCounting(n, CN_LEGAL, CN_LEGAL_UNITS);
    case 'ideographDigital':
    case 'taiwaneseDigital':
    case 'japaneseDigitalTenThousand':
      return String(n).replace(/\d/g, (d) => CN_DIGITS[Number(d)]);
    case 'ideographTraditional':
      return n >= 1 ? HEAVENLY_STEMS[(n - 1) % 10] : String(n);
    case 'ideographZodiac':
      return n >= 1 ? EARTHLY_BRANCHES[(n - 1) % 12] : String(n);
    case 'decimalEnclosedCircle':
    case 'decimalEnclosedCircleChinese':
    case 'ideographEnclosedCircle':
      return enclosed(n, 0x2460, 20);
    case 'decimalEnclosedParen':
      return enclosed(n, 0x2474, 20);
    case 'decimalEnclosedFullstop':
      return enclosed(n, 0x2488, 20);
    case 'none':
      return '';
    default:
      return String(n);
  }
}
