// State machine that turns classified lines into an outline: a tree of numbered headings, each
// holding the prose and enumerated measures written under it. It does not decide what a
// heading means (area, theme or finding); tree.ts does that once the whole outline is known,
// because a "1." is a theme only if findings follow it.

import { WarningSink } from './warnings';
import { classifyLine, classifyStructural, HeadingLine, Rank, StructuralLine } from './classify';
import { findEnumerators, forEachLine, splitTitle, stripMarkdownLine, trimBlank } from './text';

export type SectionRole = 'area' | 'findings' | 'longTerm' | 'nextSteps' | 'org' | 'unknown';

export interface OutlineNode {
  rank: Rank;
  number: number;
  marker: string;
  title: string;
  line: number;
  /** Text under the heading that is not part of an enumerated list. */
  prose: string;
  /** Enumerated measures as written, without the "一是" but with their separators. */
  measures: string[];
  /** Set by an enumerated list or a lead-in such as "整改落实情况：": the node reports rectification. */
  hasMeasures: boolean;
  children: OutlineNode[];
  /** Only for rank-0 headings: what kind of top section this is. */
  role: SectionRole | null;
}

export interface Outline {
  roots: OutlineNode[];
  /** Lines of the closing public-comment block, in order. */
  publicationLines: string[];
}

/**
 * Top sections are recognised by their wording; order matters ("需长期整改的问题" is long-term,
 * "下一步…防止问题反弹" is next steps although both mention 问题).
 */
export function sectionRole(title: string): SectionRole {
  if (/^聚焦/.test(title) || /方面$/.test(title) || /^关于[“"「『‘]/.test(title)) return 'area';
  if (title.includes('长期')) return 'longTerm';
  if (/下一步|下步|今后|后续/.test(title)) return 'nextSteps';
  if (/主体责任|组织领导|工作开展/.test(title)) return 'org';
  if (/问题|反馈|意见|整改落实|整改情况/.test(title)) return 'findings';
  if (/组织|领导|总体|整体|基本情况|部署|计划|打算|成效/.test(title)) return 'org';
  return 'unknown';
}

const ENUMERATOR_START_RE = /^[一二三四五六七八九十]{1,3}是/;

/**
 * Index of a "一、", "（一）" or "（1）" heading that follows a sentence end inside a paragraph
 * ("…二是合并会议。（2）文多。" pasted as one line), or -1. Without this the next finding would be
 * swallowed by the last measure. "1." is not split here: numbered sub-lists inside measures are
 * common. One forward scan; each test looks at a bounded slice.
 */
function embeddedHeadingAt(body: string): number {
  // A native character-class search jumps between sentence ends much faster than a JS loop.
  const sentenceEnd = /[。！!？?]/g;
  for (let m = sentenceEnd.exec(body); m; m = sentenceEnd.exec(body)) {
    let at = m.index + 1;
    while (at < body.length && (body[at] === ' ' || body[at] === '\u3000')) at++;
    if (at >= body.length) return -1;
    const next = classifyStructural(body.slice(at, at + 16));
    if (next.kind === 'heading' && next.rank !== 2) return at;
  }
  return -1;
}

class OutlineBuilder {
  private readonly roots: OutlineNode[] = [];
  private readonly stack: OutlineNode[] = [];
  private readonly publicationLines: string[] = [];
  /** After the public-comment block starts, loose text belongs to it, not to the last finding. */
  private inTail = false;
  private readonly lastRootNumber: Partial<Record<Rank, number>> = {};
  private readonly lastChildNumber = new WeakMap<OutlineNode, Partial<Record<Rank, number>>>();
  /** Finding numbers often run on across themes ("（3）" opens the second theme). */
  private lastFindingNumber = 0;

  constructor(private readonly warnings: WarningSink) {}

  build(text: string): Outline {
    let lineNo = 0;
    forEachLine(text, (line) => this.line(line, ++lineNo));
    return { roots: this.roots, publicationLines: this.publicationLines };
  }

  private line(raw: string, lineNo: number): void {
    const text = trimBlank(stripMarkdownLine(trimBlank(raw)));
    const cls = classifyLine(text);
    switch (cls.kind) {
      case 'blank':
      case 'status':
        return;
      case 'closing':
        // "特此通报。" or the signature date: what follows is not part of the last finding.
        this.inTail = true;
        return;
      case 'publication':
        this.publicationLines.push(text);
        this.inTail = true;
        return;
      default:
        this.structural(cls, lineNo);
    }
  }

  /** Handles one line; a heading's remainder is fed back in, so "1.X。（1）Y。一是…" works too. */
  private structural(first: StructuralLine, lineNo: number): void {
    let current: StructuralLine = first;
    for (;;) {
      if (current.kind === 'heading') {
        this.inTail = false;
        const rest = trimBlank(this.openHeading(current, lineNo));
        if (rest.length === 0) return;
        current = classifyStructural(rest);
        continue;
      }
      if (this.inTail) {
        this.publicationLines.push(current.body);
        return;
      }
      const cut = embeddedHeadingAt(current.body);
      if (cut < 0) {
        this.content(current.body, current.kind === 'measureLead');
        return;
      }
      this.content(current.body.slice(0, cut), current.kind === 'measureLead');
      current = classifyStructural(current.body.slice(cut));
    }
  }

  private openHeading(h: HeadingLine, lineNo: number): string {
    while (this.stack.length > 0 && this.stack[this.stack.length - 1].rank >= h.rank) {
      this.stack.pop();
    }
    const parent = this.stack.length > 0 ? this.stack[this.stack.length - 1] : null;
    const { title, rest } = splitTitle(h.body);
    const node: OutlineNode = {
      rank: h.rank,
      number: h.number,
      marker: h.marker,
      title,
      line: lineNo,
      prose: '',
      measures: [],
      hasMeasures: false,
      children: [],
      role: h.rank === 0 ? sectionRole(title) : null,
    };
    if (h.rank === 0) this.lastFindingNumber = 0;
    this.checkNumber(parent, h, lineNo);
    if (parent) parent.children.push(node);
    else this.roots.push(node);
    this.stack.push(node);
    return rest;
  }

  private checkNumber(parent: OutlineNode | null, h: HeadingLine, lineNo: number): void {
    let last = parent ? this.lastChildNumber.get(parent) : this.lastRootNumber;
    if (!last) {
      last = {};
      if (parent) this.lastChildNumber.set(parent, last);
    }
    const previous = last[h.rank];
    last[h.rank] = h.number;
    const continuesFindings = h.rank === 3 && h.number === this.lastFindingNumber + 1;
    if (h.rank === 3) this.lastFindingNumber = h.number;
    const role = this.currentRole();
    // Section numbers, and numbering inside the committee's own report and the next steps, do not
    // affect the import; excerpts that start at "二、" are common.
    if (h.rank === 0 || role === 'org' || role === 'nextSteps') return;
    if (continuesFindings) return;
    if (previous === undefined ? h.number === 1 : h.number === previous + 1) return;
    const what =
      previous === h.number
        ? '与上一项重复'
        : previous === undefined
          ? '不是从 1 开始'
          : `不连续（上一项为 ${previous}）`;
    this.warnings.push(`第 ${lineNo} 行：编号“${h.marker}”${what}，已按出现顺序保留`);
  }

  private currentRole(): SectionRole | 'implicit' {
    const top = this.stack[0];
    return top && top.rank === 0 && top.role ? top.role : 'implicit';
  }

  private content(rawBody: string, isLead: boolean): void {
    const node = this.stack[this.stack.length - 1];
    // Text before the first heading is the report's preamble; nothing in it is importable.
    if (!node) return;
    if (isLead) node.hasMeasures = true;
    let body = trimBlank(rawBody);
    if (body.length === 0) return;
    if (
      node.title === '' &&
      !isLead &&
      node.prose === '' &&
      node.measures.length === 0 &&
      !ENUMERATOR_START_RE.test(body)
    ) {
      // A bare marker line ("（3）") followed by its title on the next line, as PDF exports do.
      const split = splitTitle(body);
      node.title = split.title;
      if (node.rank === 0) node.role = sectionRole(split.title);
      body = trimBlank(split.rest);
      if (body.length === 0) return;
    }
    const hits = findEnumerators(body);
    const leadEnd = hits.length > 0 ? hits[0].start : body.length;
    const leadText = body.slice(0, leadEnd);
    if (trimBlank(leadText).length > 0) {
      // Text after a list continues its last item ("三是…。截至8月，已全部完工。").
      if (node.measures.length > 0) node.measures[node.measures.length - 1] += leadText;
      else node.prose += leadText;
    }
    for (let i = 0; i < hits.length; i++) {
      const end = i + 1 < hits.length ? hits[i + 1].start : body.length;
      node.measures.push(body.slice(hits[i].end, end));
      node.hasMeasures = true;
    }
  }
}

export function buildOutline(text: string, warnings: WarningSink): Outline {
  return new OutlineBuilder(warnings).build(text);
}
