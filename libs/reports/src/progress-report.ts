// The progress report (整改进展情况的通报) as a list of blocks in the genre's layout. Markdown and
// docx are two renderings of the same blocks, and both read back through the importer: findings
// and measures appear exactly as stored, long-term items carry their imported entry and cite their
// finding exactly, and the generated sentences live only in the committee and next-steps sections,
// which an import skips.

import { ROUND_SOURCE_LABELS_ZH, STAGE_LABELS_ZH, type Stage } from '@rectiflow/domain';
import { publicCommentsSentence } from './public-comments-sentence';
import { citesSameFinding } from '@rectiflow/importer';
import { chineseDate, chineseNumber, sentenceBody } from './chinese-text';
import { escapeMarkdown } from './markdown-escape';
import { outcomesSentence } from './outcome-sums';
import type { ProgressReportInput, PublicationInfo, ReportBlock, ReportFinding } from './types';

export function reportTitle(input: ProgressReportInput): string {
  return `关于${sentenceBody(input.round.title)}整改进展情况的通报`;
}

export interface Figures {
  total: number;
  /** Awaiting assignment (待交办): no leader, department or deadline yet. */
  unassigned: number;
  /** Assigned, with measures approved by the responsible leader (at evidence or later). */
  measuresApproved: number;
  closed: number;
  /** Assigned and not closed. */
  inProgress: number;
  open: number;
  overdue: number;
  longTerm: number;
  measures: number;
  sentBack: number;
  escalated: number;
  accountability: number;
}

/** What the opening's figures are counted from: a finding of the report or a row of the ledger. */
export type FigureSource = Pick<
  ReportFinding,
  | 'stage'
  | 'longTerm'
  | 'overdue'
  | 'measures'
  | 'sentBackCount'
  | 'escalated'
  | 'accountabilityCount'
>;

/** The stages a finding reaches only once its measures were approved. */
const MEASURES_APPROVED: ReadonlySet<Stage> = new Set<Stage>([
  'evidence',
  'review_1',
  'review_2',
  'review_3',
  'long_term',
  'closed',
]);

/**
 * The opening's figures, from the findings' states as of the report date: every sentence of
 * section 一 states only what these say (a round with findings still awaiting assignment does
 * not claim that every finding has a leader, a department and a deadline).
 */
export function figuresOf(findings: readonly FigureSource[]): Figures {
  const f: Figures = {
    total: findings.length,
    unassigned: 0,
    measuresApproved: 0,
    closed: 0,
    inProgress: 0,
    open: 0,
    overdue: 0,
    longTerm: 0,
    measures: 0,
    sentBack: 0,
    escalated: 0,
    accountability: 0,
  };
  for (const x of findings) {
    if (x.stage === 'closed') f.closed++;
    else f.open++;
    if (x.stage === 'assign') f.unassigned++;
    else if (x.stage !== 'closed') f.inProgress++;
    if (MEASURES_APPROVED.has(x.stage)) f.measuresApproved++;
    if (x.overdue && x.stage !== 'closed') f.overdue++;
    // 其中需长期整改: among those in progress (a closed long-term item is done).
    if (x.longTerm && x.stage !== 'closed' && x.stage !== 'assign') f.longTerm++;
    // The measures of findings assigned: those awaiting assignment have none of the unit's yet.
    if (x.stage !== 'assign') f.measures += x.measures.length;
    f.sentBack += x.sentBackCount;
    if (x.escalated) f.escalated++;
    f.accountability += x.accountabilityCount;
  }
  return f;
}

/** Section 一 (一): who answers for what, as far as it was decided by the report date. */
function organisationSentence(fig: Figures, source: string): string {
  const assigned = fig.total - fig.unassigned;
  const who =
    fig.unassigned === 0
      ? `对${source}反馈的${fig.total}个问题逐一明确责任领导、牵头部门和整改时限`
      : assigned === 0
        ? `${source}反馈的${fig.total}个问题正在研究交办，尚未明确责任领导、牵头部门和整改时限`
        : `对${source}反馈的${fig.total}个问题，已对其中${assigned}个明确责任领导、牵头部门和整改时限，其余${fig.unassigned}个正在研究交办`;
  const measures =
    assigned === 0
      ? ''
      : `，制定整改措施${fig.measures}条` +
        (fig.measuresApproved < assigned
          ? `（${fig.measuresApproved}个问题的整改措施已经审定）`
          : '');
  return `（一）加强组织领导。${who}${measures}，建立整改台账，实行清单化管理、销号式推进。`;
}

export function buildProgressReport(input: ProgressReportInput): ReportBlock[] {
  const source = ROUND_SOURCE_LABELS_ZH[input.round.source];
  const all = input.areas.flatMap((a) => a.themes.flatMap((t) => t.findings));
  const fig = figuresOf(all);
  const asOf = chineseDate(input.asOf);
  const blocks: ReportBlock[] = [
    { kind: 'title', text: reportTitle(input) },
    { kind: 'subtitle', text: `（截至${asOf}）` },
    { kind: 'paragraph', text: preamble(input, source) },

    { kind: 'heading', level: 1, text: '一、履行整改主体责任情况' },
    { kind: 'paragraph', text: organisationSentence(fig, source) },
    {
      kind: 'paragraph',
      text:
        `（二）整改总体进展。截至${asOf}，${fig.total}个问题中已完成整改并销号${fig.closed}个，` +
        `正在推进${fig.inProgress}个，其中需长期整改${fig.longTerm}个` +
        (fig.unassigned > 0 ? `；尚未交办${fig.unassigned}个` : '') +
        `；超过整改时限未完成${fig.overdue}个。`,
    },
    {
      kind: 'paragraph',
      text:
        `（三）严格审核验收。整改结果实行牵头部门、责任领导、党委三级审核验收，审核退回重新整改${fig.sentBack}次；` +
        `对推进滞后的${fig.escalated}个问题实行督办，问责${fig.accountability}次。`,
    },
    ...outcomesParagraph(input, asOf),

    { kind: 'heading', level: 1, text: `二、${source}反馈问题整改落实情况` },
  ];

  // The public version tells only the findings not withheld; a theme or area left with none is
  // not told either. Its figures above stay those of every finding.
  const told = toldAreas(input);
  let findingNo = 0;
  told.areas.forEach((area, ai) => {
    blocks.push({
      kind: 'heading',
      level: 2,
      text: `（${chineseNumber(ai + 1)}）${sentenceBody(area.title)}`,
    });
    area.themes.forEach((theme, ti) => {
      blocks.push({ kind: 'heading', level: 3, text: `${ti + 1}.${sentenceBody(theme.title)}。` });
      for (const finding of theme.findings) {
        blocks.push({
          kind: 'finding',
          text: `（${++findingNo}）${sentenceBody(finding.title)}。`,
        });
        const measures = measureText(finding.measures);
        if (measures) blocks.push({ kind: 'paragraph', text: measures });
        blocks.push({ kind: 'paragraph', text: completionLine(finding) });
      }
    });
  });

  if (told.withheld > 0) blocks.push({ kind: 'paragraph', text: withheldSentence(told.withheld) });

  blocks.push({ kind: 'heading', level: 1, text: '三、需长期整改事项进展情况' });
  const longTerm = all.filter((f) => f.longTerm && told.tells(f));
  const longTermWithheld = all.filter((f) => f.longTerm && !told.tells(f)).length;
  if (longTerm.length === 0 && longTermWithheld === 0) {
    blocks.push({ kind: 'paragraph', text: '本轮反馈问题中暂无需长期整改事项。' });
  }
  longTerm.forEach((f, i) => {
    blocks.push({ kind: 'paragraph', text: `（${chineseNumber(i + 1)}）${longTermItem(f)}` });
  });
  if (longTermWithheld > 0) {
    blocks.push({
      kind: 'paragraph',
      text: `另有${longTermWithheld}项需长期整改事项按照有关规定不予公开。`,
    });
  }

  blocks.push({ kind: 'heading', level: 1, text: '四、下一步工作计划' });
  const written = officeParagraphs(input.round.nextSteps);
  if (written.length > 0) {
    for (const text of written) blocks.push({ kind: 'paragraph', text });
  } else {
    blocks.push(
      {
        kind: 'paragraph',
        text:
          `（一）持续推进整改。对尚未完成整改的${fig.open}个问题，` +
          (fig.unassigned > 0 ? `尽快明确其中${fig.unassigned}个问题的责任领导和牵头部门，` : '') +
          `逐项对照整改措施和时限倒排工期，` +
          `逾期事项由督办部门跟踪督办，确保按期销号。`,
      },
      {
        kind: 'paragraph',
        text: '（二）推进长期整改事项。对需长期整改的事项，细化阶段目标，定期报告进展，持续跟踪问效。',
      },
      {
        kind: 'paragraph',
        text: `（三）巩固整改成果。对已销号的${fig.closed}个问题适时开展“回头看”，防止问题反弹回潮。`,
      },
      {
        kind: 'paragraph',
        text: '（四）健全长效机制。把整改中形成的好经验好做法固化为制度，做到标本兼治。',
      },
    );
  }

  const comments = publicCommentsSentence(input.publicComments);
  if (comments) blocks.push({ kind: 'paragraph', text: comments });
  const publication = publicationText(input.publication);
  if (publication) blocks.push({ kind: 'paragraph', text: publication });
  blocks.push({ kind: 'closing', text: asOf });
  return blocks;
}

/**
 * The areas and findings a version tells: all of them internally (向党内通报); in the public
 * version (向社会通报) the withheld findings are left out, counted in `withheld`.
 */
function toldAreas(input: ProgressReportInput): {
  areas: ProgressReportInput['areas'];
  withheld: number;
  tells: (f: ReportFinding) => boolean;
} {
  if (input.version !== 'public') return { areas: input.areas, withheld: 0, tells: () => true };
  const tells = (f: ReportFinding) => !f.withheld;
  const areas = input.areas
    .map((a) => ({
      ...a,
      themes: a.themes
        .map((t) => ({ ...t, findings: t.findings.filter(tells) }))
        .filter((t) => t.findings.length > 0),
    }))
    .filter((a) => a.themes.length > 0);
  const withheld = input.areas
    .flatMap((a) => a.themes.flatMap((t) => t.findings))
    .filter((f) => !tells(f)).length;
  return { areas, withheld, tells };
}

/** What the public version says of the findings it leaves out: how many, never which or why. */
export function withheldSentence(count: number): string {
  return `另有${count}个问题因涉及不宜公开的内容，按照有关规定不予公开。`;
}

/** Section 一 (四): the outcomes recorded, summed; nothing when none were. */
function outcomesParagraph(input: ProgressReportInput, asOf: string): ReportBlock[] {
  const sentence = input.outcomes ? outcomesSentence(input.outcomes) : '';
  if (!sentence) return [];
  return [{ kind: 'paragraph', text: `（四）注重整改成效。截至${asOf}，通过整改${sentence}。` }];
}

function preamble(input: ProgressReportInput, source: string): string {
  const body = input.round.inspectingBody
    ? sentenceBody(input.round.inspectingBody)
    : `${source}组`;
  const when = chineseDate(input.round.feedbackDate);
  const due = chineseDate(input.round.dueAt);
  return (
    `${when ? `${when}，` : ''}${body}反馈了${source}意见。按照有关要求，` +
    `${due ? `整改于${due}前完成，` : ''}现将整改进展情况予以通报。`
  );
}

/**
 * The office's own next steps, a paragraph per line. A line it opened with a section number
 * ("一、") is numbered as a sub-item ("（一）") instead, so the report keeps its four sections.
 */
function officeParagraphs(text: string | null | undefined): string[] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => line.replace(/^([一二三四五六七八九十]{1,3})[、.．]\s*/, '（$1）'));
}

/** One line, as a report writes a multi-line text the department entered. */
function oneLine(text: string): string {
  return sentenceBody(text.replace(/\s*[\r\n]+\s*/g, ' '));
}

/**
 * "完成情况：…" under each finding: where it stands as of the report date — closed (when, and the
 * department's 整改报告), in progress (its step, its deadline, whether it is past it), long-term,
 * or not yet assigned. An import leaves such a line out (it is not a measure), so the report
 * still reads back into the same tree.
 */
export function completionLine(f: ReportFinding): string {
  const report = f.lastReport ? oneLine(f.lastReport) : '';
  const said = report ? `整改报告：${report}。` : '';
  const due = chineseDate(f.dueAt ?? null);
  if (f.stage === 'closed') {
    const closed = chineseDate(f.closedAt ?? null);
    return `完成情况：已完成整改${closed ? `，${closed}审核销号` : '并销号'}。${said}`;
  }
  if (f.stage === 'assign') return '完成情况：尚未交办，正在研究明确责任领导、牵头部门和整改时限。';
  const late = f.overdue ? '，已超过整改时限' : '';
  if (f.stage === 'long_term' || f.longTerm) {
    return `完成情况：需长期整改，正在按阶段推进${due ? `，整改时限${due}` : ''}${late}。${said}`;
  }
  return `完成情况：正在推进（${STAGE_LABELS_ZH[f.stage]}）${due ? `，整改时限${due}` : ''}${late}。${said}`;
}

/** "一是…；二是…。" — one measure stands as a plain sentence, as the genre writes it. */
export function measureText(measures: string[]): string {
  const items = measures.map((m) => sentenceBody(m, { measure: true })).filter((m) => m.length > 0);
  if (items.length === 0) return '';
  if (items.length === 1) return `${items[0]}。`;
  return items
    .map((m, i) => `${chineseNumber(i + 1)}是${m}${i === items.length - 1 ? '。' : '；'}`)
    .join('');
}

/**
 * A long-term item of section 三: the entry's own heading and progress text as the imported
 * report had them, then its latest stage report. A re-import must tie it to the same finding
 * without guessing, so a heading that does not name the finding cites it: "（对应问题：…）".
 * Without an imported entry the finding's exact title stands in.
 */
function longTermItem(f: ReportFinding): string {
  const entry = f.longTermEntry;
  if (!entry)
    return `${sentenceBody(f.title)}。${stageProgress(f) || '已制定分阶段整改计划，正在按计划推进。'}`;
  const heading = sentenceBody(entry.title);
  const cited = citesSameFinding(heading, f.title)
    ? heading
    : `${heading}（对应问题：${sentenceBody(f.title)}）`;
  const progress = sentenceBody(entry.progress);
  return `${cited}。${progress ? `${progress}。` : ''}${stageProgress(f)}`;
}

function stageProgress(f: ReportFinding): string {
  const r = f.latestStageReport;
  if (!r) return '';
  const when = chineseDate(r.at);
  const label = r.finalStage ? '最终阶段进展' : '最新阶段进展';
  return `${label}（${when}）：${sentenceBody(r.report)}。`;
}

function publicationText(p: PublicationInfo | null): string {
  if (!p) return '';
  const parts: string[] = [];
  if (p.from && p.to) parts.push(`公开期限：${chineseDate(p.from)}至${chineseDate(p.to)}`);
  if (p.phone) parts.push(`联系电话：${p.phone}`);
  if (p.address) parts.push(`通信地址：${p.address}`);
  if (p.postcode) parts.push(`邮政编码：${p.postcode}`);
  if (p.email) parts.push(`电子邮箱：${p.email}`);
  if (parts.length === 0) return '';
  return `欢迎广大干部群众对整改落实情况进行监督。${parts.join('；')}。`;
}

function markdownTable(header: string[], rows: string[][]): string {
  const cell = (s: string) => escapeMarkdown(s.replace(/\n/g, ' '), { inline: true });
  const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/**
 * The report as Markdown: headings for the layout, one paragraph per block. Every block's
 * text is escaped (it quotes titles, measures and reports users wrote); only the markers this
 * function adds are Markdown.
 */
export function renderProgressReportMarkdown(blocks: ReportBlock[]): string {
  const lines = blocks.map((b) => {
    switch (b.kind) {
      case 'title':
        return `# ${escapeMarkdown(b.text, { inline: true })}`;
      case 'heading':
        return `${'#'.repeat(b.level + 1)} ${escapeMarkdown(b.text, { inline: true })}`;
      case 'finding':
        return `**${escapeMarkdown(b.text, { inline: true })}**`;
      case 'subtitle':
      case 'paragraph':
      case 'closing':
        return escapeMarkdown(b.text);
      case 'table':
        return markdownTable(b.header, b.rows);
    }
  });
  return `${lines.join('\n\n')}\n`;
}

/**
 * The report as plain text for the public page (公开): one paragraph per block, separated by a
 * blank line, nothing marked up (the page shows it as text, never as HTML or Markdown). The
 * title is the publication's own field, so it is left out; a table is a line per row.
 */
export function renderProgressReportText(blocks: ReportBlock[]): string {
  const flat = (s: string) => s.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  return blocks
    .filter((b) => b.kind !== 'title')
    .map((b) =>
      b.kind === 'table'
        ? [b.header, ...b.rows].map((row) => row.map(flat).join('　')).join('\n')
        : flat(b.text),
    )
    .filter((p) => p.length > 0)
    .join('\n\n');
}
