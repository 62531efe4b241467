// The long-term section (需长期整改事项). Its entries usually refer back to findings already
// listed in the findings section; those are marked longTerm rather than imported twice. Entries
// that refer to nothing listed become new long-term findings under an area named after the
// section. Matching is, in order: same title, one title containing the other, then a
// shared-word score, which is a guess and therefore always reported as a warning.

import { WarningSink } from './warnings';
import { OutlineNode } from './outline';
import { FindingRef, findingFromNode } from './tree';
import { LongTermEntry, LongTermMatch, ParsedArea, ParsedTheme } from './types';
import { cleanItemText, formatChineseNumeral, splitTitle } from './text';

/** An entry of the section before it is tied to a finding. */
interface SectionEntry {
  node: OutlineNode;
  /** Title of the nearest grouping heading above the entry inside the section, if any. */
  context: string | null;
}

/** Above this many entry×finding comparisons, only exact titles are matched (keeps it linear). */
const FUZZY_BUDGET = 20_000;
/** A guess needs this many distinctive two-character words shared with the finding's text… */
const FUZZY_MIN_SHARED = 2;
/** …and a weighted score this many times the runner-up's, or the entry counts as new. */
const FUZZY_MIN_RATIO = 1.5;
const MATCH_TEXT_LIMIT = 200;
const FUZZY_TEXT_LIMIT = 1000;
const MIN_CONTAINED_LENGTH = 4;

/**
 * Officialese that every report repeats; sharing it says nothing about two items being the same.
 * Kept short on purpose: the inverse-frequency weighting handles the rest.
 */
const STOP_BIGRAMS = new Set(
  (
    '工作 问题 整改 落实 加强 建立 健全 制度 机制 管理 推进 开展 进行 完成 目前 全面 组织 相关 ' +
    '责任 情况 要求 部署 进一 一步 严格 规范 不够 不到 到位 存在 部分 个别 方面 领导 党组 党委 ' +
    '局党 已经 按照 根据 持续 及时 确保 有效 提升 提高 强化 完善 督促 定期 每月 季度 年度 以来 ' +
    '全县 全市 单位 部门 科室 人员 项目 实施 实行 分管 负责 重点 一是 二是 三是 目标 阶段 措施'
  ).split(' '),
);

/**
 * Whether the long-term section citing a finding as `cited` names it exactly (as the importer
 * matches it without guessing): the same words, whatever the quotes, punctuation and "关于…问题".
 */
export function citesSameFinding(cited: string, findingTitle: string): boolean {
  const norm = normalizeForMatch(cited);
  return norm.length > 0 && norm === normalizeForMatch(findingTitle);
}

/** Strips what differs between a finding's title and the way the long-term section cites it. */
export function normalizeForMatch(s: string): string {
  return s
    .slice(0, MATCH_TEXT_LIMIT)
    .replace(/关于|的整改|整改|问题/g, '')
    .replace(/[\s\u3000“”"‘’'「」『』《》（）()【】[\]。，,、；;：:！!？?．.\-—…·]/g, '');
}

function entriesOf(section: OutlineNode, warnings: WarningSink): SectionEntry[] {
  const entries: SectionEntry[] = [];
  const walk = (node: OutlineNode, context: string | null): void => {
    for (const child of node.children) {
      if (child.children.length === 0 || child.hasMeasures) entries.push({ node: child, context });
      if (child.children.length > 0) walk(child, child.title);
    }
  };
  walk(section, null);
  if (entries.length > 0) return entries;

  // No numbered entries: "三、需长期整改事项\n一是…；二是…" lists them as an enumeration.
  for (const measure of section.measures) {
    const split = splitTitle(measure);
    if (split.title.length === 0) continue;
    entries.push({
      node: {
        ...section,
        title: split.title,
        prose: split.rest,
        measures: [],
        hasMeasures: false,
        children: [],
        role: null,
      },
      context: null,
    });
  }
  if (entries.length === 0 && section.prose.trim().length > 0) {
    warnings.push(
      `第 ${section.line} 行：“${section.title}”中没有编号的事项，其文字未导入，请人工核对`,
    );
  }
  return entries;
}

/**
 * "持续推进营区搬迁（对应问题：营区建设滞后）": a report that cites its finding explicitly, as
 * rectiflow's own report does when the entry's heading differs from the finding's title. Greedy up
 * to the last bracket, so a finding title with brackets of its own stays whole.
 */
const CITED_FINDING_RE = /[（(][ \t\u3000]{0,4}对应问题[ \t\u3000]{0,4}[：:](.+)[）)]$/;

/** The entry's heading without an explicit citation, and the cited finding title if any. */
export function splitCitation(title: string): { title: string; cited: string | null } {
  const m = CITED_FINDING_RE.exec(title);
  if (!m) return { title, cited: null };
  return { title: cleanItemText(title.slice(0, m.index)), cited: cleanItemText(m[1]) };
}

/** The entry's own text after its heading, with its "一是…" list written out again. */
function progressOf(node: OutlineNode): string {
  const parts: string[] = [];
  const prose = cleanItemText(node.prose);
  if (prose.length > 0) parts.push(prose);
  const measures = node.measures.map(cleanItemText).filter((m) => m.length > 0);
  if (measures.length > 0) {
    parts.push(measures.map((m, i) => `${formatChineseNumeral(i + 1)}是${m}`).join('；'));
  }
  return parts.join('。');
}

function entryOf(node: OutlineNode, title: string, match: LongTermMatch): LongTermEntry {
  return { title, progress: progressOf(node), line: node.line, match };
}

/** What the entry says besides its heading (its heading if nothing), for matching by words. */
function noteOf(node: OutlineNode): string {
  const parts = [cleanItemText(node.prose), ...node.measures.map(cleanItemText)];
  const note = parts.filter((p) => p.length > 0).join('；');
  return note.length > 0 ? note : node.title;
}

function isCjk(code: number): boolean {
  return code >= 0x4e00 && code <= 0x9fff;
}

/** Function characters that end a word. */
const STOP_CHARS = new Set('的和与及对在了等为是将把被并由于从向至其'.split(''));

/**
 * Distinct two-character words of the Chinese runs in `text`. Officialese words are cut out
 * before pairing, so "管理不够规范" yields nothing rather than the junk pairs "理不", "够规".
 */
function contentBigrams(text: string): Set<string> {
  const s = text.slice(0, FUZZY_TEXT_LIMIT);
  const usable: boolean[] = [];
  for (let i = 0; i < s.length; i++) usable.push(isCjk(s.charCodeAt(i)) && !STOP_CHARS.has(s[i]));
  for (let i = 0; i + 1 < s.length; i++) {
    if (STOP_BIGRAMS.has(s.slice(i, i + 2))) {
      usable[i] = false;
      usable[i + 1] = false;
    }
  }
  const out = new Set<string>();
  for (let i = 0; i + 1 < s.length; i++) {
    if (usable[i] && usable[i + 1]) out.add(s.slice(i, i + 2));
  }
  return out;
}

interface Candidate {
  /** Theme title, finding title and measures. */
  text: Set<string>;
  /** Theme title and finding title only. */
  titles: Set<string>;
}

/**
 * Best listed finding for an entry by shared distinctive words, weighted by how few findings
 * use them. Returns null unless the evidence is clear (see FUZZY_MIN_*).
 */
function guessFinding(
  entryTitle: string,
  entryText: string,
  candidates: Candidate[],
  available: (i: number) => boolean,
): number | null {
  const titleWords = contentBigrams(entryTitle);
  const words = contentBigrams(entryText);
  const df = new Map<string, number>();
  for (const candidate of candidates) {
    for (const word of words) if (candidate.text.has(word)) df.set(word, (df.get(word) ?? 0) + 1);
  }
  const n = candidates.length;
  let best = -1;
  let bestScore = 0;
  let secondScore = 0;
  for (let i = 0; i < candidates.length; i++) {
    if (!available(i)) continue;
    let score = 0;
    let shared = 0;
    let titleLink = false;
    for (const word of words) {
      if (!candidates[i].text.has(word)) continue;
      shared++;
      score += Math.log((n + 1) / ((df.get(word) ?? 0) + 0.5));
      if (titleWords.has(word) || candidates[i].titles.has(word)) titleLink = true;
    }
    // Two shared words and one of them in a title: chance overlaps of long texts do not count.
    if (shared < FUZZY_MIN_SHARED || !titleLink) score = 0;
    if (score > bestScore) {
      secondScore = bestScore;
      bestScore = score;
      best = i;
    } else if (score > secondScore) {
      secondScore = score;
    }
  }
  return best >= 0 && bestScore > 0 && bestScore >= secondScore * FUZZY_MIN_RATIO ? best : null;
}

export function applyLongTermSections(
  sections: OutlineNode[],
  areas: ParsedArea[],
  refs: FindingRef[],
  warnings: WarningSink,
): void {
  const listed = refs.slice();
  const normTitles = listed.map((ref) => normalizeForMatch(ref.finding.title));
  const byTitle = new Map<string, number[]>();
  normTitles.forEach((norm, i) => {
    if (norm.length === 0) return;
    const list = byTitle.get(norm);
    if (list) list.push(i);
    else byTitle.set(norm, [i]);
  });
  const entriesBySection = sections.map((section) => entriesOf(section, warnings));
  const entryCount = entriesBySection.reduce((n, entries) => n + entries.length, 0);
  const fuzzyAllowed = entryCount * listed.length <= FUZZY_BUDGET;
  if (!fuzzyAllowed && listed.length > 0) {
    warnings.push('长期整改事项与问题数量过多，只按完全相同的标题对应');
  }
  let candidates: Candidate[] | null = null;

  sections.forEach((section, sectionIndex) => {
    let newArea: ParsedArea | null = null;
    for (const entry of entriesBySection[sectionIndex]) {
      const node = entry.node;
      if (node.title.length === 0 && node.prose.trim() === '' && node.measures.length === 0) {
        warnings.push(`第 ${node.line} 行：长期整改事项“${node.marker}”没有内容，已忽略`);
        continue;
      }
      const { title: entryTitle, cited } = splitCitation(node.title);
      const norm = normalizeForMatch(cited ?? entryTitle);
      const note = noteOf(node);

      // 1. Same title.
      const exact = byTitle.get(norm);
      if (exact) {
        const free = exact.find((i) => !listed[i].finding.longTerm);
        const target = listed[free ?? exact[0]].finding;
        if (free === undefined) {
          warnings.push(
            `第 ${node.line} 行：长期整改事项“${node.title}”重复列出（问题见第 ${target.line} 行），未重复导入`,
          );
          continue;
        }
        markLongTerm(listed[free], entryOf(node, entryTitle, 'title'));
        continue;
      }

      let matched: number | null = null;
      let guessed = false;
      if (fuzzyAllowed && norm.length > 0 && cited === null) {
        // 2. One title contains the other, or the entry's text quotes the finding's title.
        const haystack = normalizeForMatch(node.title + note);
        let bestLength = 0;
        for (let i = 0; i < listed.length; i++) {
          const candidate = normTitles[i];
          if (listed[i].finding.longTerm || candidate.length < MIN_CONTAINED_LENGTH) continue;
          const contains =
            (norm.length >= MIN_CONTAINED_LENGTH && candidate.includes(norm)) ||
            haystack.includes(candidate);
          if (contains && candidate.length > bestLength) {
            matched = i;
            bestLength = candidate.length;
          }
        }
        // 3. Shared distinctive words: a guess, reported as such.
        if (matched === null && listed.length > 0) {
          candidates ??= listed.map((ref) => ({
            text: contentBigrams(
              [ref.theme.title, ref.finding.title, ...ref.finding.measures].join('。'),
            ),
            titles: contentBigrams(`${ref.theme.title}。${ref.finding.title}`),
          }));
          matched = guessFinding(
            node.title,
            `${node.title}。${note}`,
            candidates,
            (i) => !listed[i].finding.longTerm,
          );
          guessed = matched !== null;
        }
      }

      if (matched !== null) {
        const ref = listed[matched];
        markLongTerm(ref, entryOf(node, entryTitle, guessed ? 'words' : 'contains'));
        if (guessed) {
          warnings.push(
            `第 ${node.line} 行：长期整改事项“${node.title}”按文字相近对应到问题“${ref.finding.title}”（第 ${ref.finding.line} 行），请核对`,
          );
        }
        continue;
      }

      // 4. Nothing listed matches: a new long-term finding.
      if (!newArea) {
        newArea = { title: section.title, themes: [] };
        areas.push(newArea);
      }
      const themeTitle = entry.context ?? section.title;
      let theme: ParsedTheme | undefined = newArea.themes[newArea.themes.length - 1];
      if (!theme || theme.title !== themeTitle) {
        theme = { title: themeTitle, findings: [] };
        newArea.themes.push(theme);
      }
      const finding = findingFromNode(node, true, entryTitle);
      finding.longTermEntry = entryOf(node, entryTitle, 'own');
      theme.findings.push(finding);
      refs.push({ finding, area: newArea, theme });
      warnings.push(
        cited === null
          ? `第 ${node.line} 行：长期整改事项“${entryTitle}”未对应到已列出的问题，已作为新问题归入“${section.title}”`
          : `第 ${node.line} 行：长期整改事项“${entryTitle}”所对应的问题“${cited}”未列出，已作为新问题归入“${section.title}”`,
      );
    }
  });
}

function markLongTerm(ref: FindingRef, entry: LongTermEntry): void {
  ref.finding.longTerm = true;
  ref.finding.longTermEntry = entry;
}
