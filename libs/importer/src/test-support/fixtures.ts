// Test helpers only (excluded from the build): reading the documents, a compact view of a parse
// result for exact comparisons, and a renderer in the report layout for round-trip tests.

import { readFileSync, readdirSync } from 'fs';
import * as path from 'path';
import { ParseResult, ParsedArea, ParsedFinding, Publication } from '../types';

export const SAMPLE_PATH = path.resolve(
  __dirname,
  '../../../../../shared/samples/feedback-sample.txt',
);

export function readSample(): string {
  return readFileSync(SAMPLE_PATH, 'utf8');
}

export const DOCUMENTS_DIR = path.resolve(__dirname, '../../test-documents');

export function readDocument(name: string): string {
  return readFileSync(path.resolve(DOCUMENTS_DIR, name), 'utf8');
}

/** The full-size reports: kept in a folder of their own, outside the fuzzer's source corpus. */
export const FULL_SIZE = 'full-size/county-police-30.txt';

/**
 * Every test document's name (relative to test-documents/): one variant each, then the
 * full-size reports.
 */
export function testDocumentNames(): string[] {
  const variants = readdirSync(DOCUMENTS_DIR)
    .filter((n) => n.endsWith('.txt'))
    .sort();
  const fullSize = readdirSync(path.join(DOCUMENTS_DIR, 'full-size'))
    .filter((n) => n.endsWith('.txt'))
    .sort()
    .map((n) => `full-size/${n}`);
  return [...variants, ...fullSize];
}

export interface Shape {
  area: string;
  themes: { theme: string; findings: string[] }[];
}

/** Area, theme and finding titles only: what a reviewer checks first. */
export function shape(result: ParseResult): Shape[] {
  return result.areas.map((area) => ({
    area: area.title,
    themes: area.themes.map((theme) => ({
      theme: theme.title,
      findings: theme.findings.map((finding) => finding.title),
    })),
  }));
}

/**
 * The tree without line numbers, which legitimately change when a report is re-rendered, and
 * without how a long-term entry was matched: a re-rendered report cites it exactly.
 */
export function withoutLines(areas: ParsedArea[]): unknown {
  return areas.map((area) => ({
    ...area,
    themes: area.themes.map((theme) => ({
      ...theme,
      findings: theme.findings.map(({ line: _line, longTermEntry, ...rest }) => ({
        ...rest,
        ...(longTermEntry
          ? { longTermEntry: { title: longTermEntry.title, progress: longTermEntry.progress } }
          : {}),
      })),
    })),
  }));
}

const CN = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

export function chineseNumber(n: number): string {
  if (n <= 10) return CN[n];
  if (n < 20) return `十${CN[n - 10]}`;
  const ones = n % 10;
  return `${CN[Math.floor(n / 10)]}十${ones === 0 ? '' : CN[ones]}`;
}

function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/**
 * A long-term item in section 三: its own heading (citing the finding when the heading differs
 * from the finding's title, as rectiflow's report does) and its progress text.
 */
function longTermLine(finding: ParsedFinding): string {
  const entry = finding.longTermEntry;
  if (!entry) return `${finding.title}。`;
  const heading =
    entry.title === finding.title ? entry.title : `${entry.title}（对应问题：${finding.title}）`;
  return `${heading}。${entry.progress ? `${entry.progress}。` : ''}`;
}

/**
 * Renders a tree in the layout the importer documents (sections 一…四, areas （一）, themes 1.,
 * findings （n）, measures "一是…" on their own lines, long-term findings listed by title in 三).
 */
export function renderReport(areas: ParsedArea[], publication: Publication | null): string {
  const lines = [
    '某单位党组关于巡察整改进展情况的通报',
    '一、党组履行巡察整改主体责任情况',
    '（一）加强组织领导。一是成立领导小组；二是建立整改台账。',
    '二、巡察反馈问题整改落实情况',
  ];
  let findingNo = 0;
  const longTerm: string[] = [];
  areas.forEach((area, ai) => {
    lines.push(`（${chineseNumber(ai + 1)}）${area.title}`);
    area.themes.forEach((theme, ti) => {
      lines.push(`${ti + 1}.${theme.title}。`);
      for (const finding of theme.findings) {
        lines.push(`（${++findingNo}）${finding.title}。`);
        finding.measures.forEach((measure, mi) => {
          const end = mi === finding.measures.length - 1 ? '。' : '；';
          lines.push(`${chineseNumber(mi + 1)}是${measure}${end}`);
        });
        if (finding.longTerm) longTerm.push(longTermLine(finding));
      }
    });
  });
  lines.push('三、需长期整改事项进展情况');
  longTerm.forEach((item, i) => lines.push(`（${chineseNumber(i + 1)}）${item}`));
  lines.push('四、下一步计划', '（一）持续巩固整改成果。一是开展“回头看”；二是健全长效机制。');
  if (publication) {
    const parts: string[] = [];
    if (publication.from && publication.to) {
      parts.push(`公开期限：${chineseDate(publication.from)}至${chineseDate(publication.to)}`);
    }
    if (publication.phone) parts.push(`联系电话：${publication.phone}`);
    if (publication.address) parts.push(`通信地址：${publication.address}`);
    if (publication.postcode) parts.push(`邮政编码：${publication.postcode}`);
    if (publication.email) parts.push(`电子邮箱：${publication.email}`);
    lines.push(`欢迎广大干部群众进行监督。${parts.join('；')}。`);
  }
  return lines.join('\n');
}

/** Small deterministic PRNG so that property tests are reproducible. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
