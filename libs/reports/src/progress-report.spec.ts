import { parseRectificationText } from '@rectiflow/importer';
import {
  buildProgressReport,
  renderProgressReportMarkdown,
  renderProgressReportText,
  withheldSentence,
} from './index';
import { measureText } from './progress-report';
import { allDocuments, reportInputFrom, storedTree } from './test-support/documents';

// import → report → re-import must give the same areas, themes, findings, measures and long-term
// flags, on every document the importer is tested with.
describe('progress report (Markdown) round trip', () => {
  const documents = allDocuments();

  it('covers the sample and every importer test document', () => {
    expect(documents.length).toBeGreaterThan(15);
    expect(documents.map(([n]) => n)).toContain('feedback-sample.txt');
  });

  it.each(documents)('%s', (_name, text) => {
    const first = parseRectificationText(text, { defaultYear: 2025 });
    const markdown = renderProgressReportMarkdown(buildProgressReport(reportInputFrom(first)));
    const second = parseRectificationText(markdown);
    expect(storedTree(second.areas)).toEqual(storedTree(first.areas));
    expect(second.counts).toEqual(first.counts);
    expect(second.publication).toEqual(first.publication);
    // Long-term items are cited by their exact title: nothing is matched by guesswork.
    expect(second.warnings.filter((w) => w.includes('文字相近'))).toEqual([]);
  });
});

describe('progress report layout', () => {
  const sample = allDocuments()[0][1];
  const parsed = parseRectificationText(sample);
  const input = reportInputFrom(parsed);
  input.areas[0].themes[0].findings[0].latestStageReport = {
    report: '用地报批材料已上报，主体工程招标完成',
    at: '2025-10-08T01:00:00.000Z',
    finalStage: false,
  };
  // The findings' states as of the report: a long-term one, one closed, two still awaiting
  // assignment, the rest at various steps.
  const findings = input.areas.flatMap((a) => a.themes.flatMap((t) => t.findings));
  findings.forEach((f, i) => (f.stage = i % 2 === 0 ? 'draft_measures' : 'evidence'));
  findings[0].stage = 'long_term';
  findings[1].stage = 'closed';
  findings[7].stage = 'assign';
  findings[8].stage = 'assign';
  findings[2].overdue = true;
  const blocks = buildProgressReport(input);
  const markdown = renderProgressReportMarkdown(blocks);

  it('has the title block, the four sections in order and the publication block', () => {
    expect(blocks[0]).toEqual({ kind: 'title', text: '关于县委第二轮巡察整改进展情况的通报' });
    const sections = blocks.flatMap((b) => (b.kind === 'heading' && b.level === 1 ? [b.text] : []));
    expect(sections).toEqual([
      '一、履行整改主体责任情况',
      '二、巡察反馈问题整改落实情况',
      '三、需长期整改事项进展情况',
      '四、下一步工作计划',
    ]);
    expect(markdown).toMatch(/^# 关于县委第二轮巡察整改进展情况的通报\n/);
    expect(markdown).toContain('## 二、巡察反馈问题整改落实情况');
    expect(markdown).toContain('### （三）聚焦基层党组织建设方面');
    expect(markdown).toContain('#### 2.干部队伍建设有待加强。');
    expect(markdown).toContain('公开期限：2025年9月1日至2025年9月15日；联系电话：0000-12345678');
  });

  it('writes measures as 一是…二是… and numbers findings through the section', () => {
    expect(markdown).toContain(
      '**（9）干部交流轮岗不够经常。**\n\n一是制定局机关干部轮岗交流办法；二是对在同一岗位工作满5年的干部进行梳理',
    );
    // A finding with one measure states it as a plain sentence.
    expect(markdown).toContain(
      '**（6）部分报销凭证附件不全。**\n\n对2023年以来的财务凭证进行全面清查',
    );
  });

  it('states the figures and the long-term item with its latest stage report', () => {
    expect(markdown).toContain(
      '9个问题中已完成整改并销号1个，正在推进6个，其中需长期整改1个；尚未交办2个；超过整改时限未完成1个。',
    );
    // Only what was decided: 7 of 9 assigned, the measures of those 7 (not of the two awaiting
    // assignment), and how many of them have approved measures (long_term, closed, evidence ×2).
    const assignedMeasures = findings
      .filter((f) => f.stage !== 'assign')
      .reduce((n, f) => n + f.measures.length, 0);
    expect(markdown).toContain(
      `对巡察反馈的9个问题，已对其中7个明确责任领导、牵头部门和整改时限，其余2个正在研究交办，` +
        `制定整改措施${assignedMeasures}条（4个问题的整改措施已经审定）`,
    );
    expect(markdown).not.toContain('逐一明确');
    expect(markdown).toContain('尽快明确其中2个问题的责任领导和牵头部门');
    // Section 三 tells the item in its own imported words, citing the finding it belongs to.
    expect(markdown).toContain(
      '（一）县城第二水厂扩建工程（对应问题：部分农村供水工程建设进度滞后）。该工程受用地审批影响，需分阶段推进。' +
        '局党组已制定分阶段实施计划：2025年底前完成用地报批，2026年6月前完成主体工程，2026年底前通水运行。' +
        '目前用地报批材料已上报。最新阶段进展（2025年10月8日）：用地报批材料已上报，主体工程招标完成。',
    );
  });

  it('says every finding was assigned only once every one was', () => {
    const done = reportInputFrom(parsed);
    for (const f of done.areas.flatMap((a) => a.themes.flatMap((t) => t.findings)))
      f.stage = 'closed';
    const text = renderProgressReportMarkdown(buildProgressReport(done));
    expect(text).toContain(
      '对巡察反馈的9个问题逐一明确责任领导、牵头部门和整改时限，制定整改措施22条，',
    );
    expect(text).toContain('9个问题中已完成整改并销号9个，正在推进0个，其中需长期整改0个；超过');
    const none = renderProgressReportMarkdown(buildProgressReport(reportInputFrom(parsed)));
    expect(none).toContain(
      '巡察反馈的9个问题正在研究交办，尚未明确责任领导、牵头部门和整改时限，建立',
    );
  });

  it('cites a long-term finding by its title when no entry was imported for it', () => {
    const plain = reportInputFrom(parsed);
    plain.areas[0].themes[0].findings[0].longTermEntry = null;
    expect(renderProgressReportMarkdown(buildProgressReport(plain))).toContain(
      '（一）部分农村供水工程建设进度滞后。已制定分阶段整改计划，正在按计划推进。',
    );
  });

  it('does not cite the finding again when the entry names it already', () => {
    const named = reportInputFrom(parsed);
    named.areas[0].themes[0].findings[0].longTermEntry = {
      title: '关于“部分农村供水工程建设进度滞后”问题',
      progress: '已纳入全县农村供水保障三年行动',
    };
    expect(renderProgressReportMarkdown(buildProgressReport(named))).toContain(
      '（一）关于“部分农村供水工程建设进度滞后”问题。已纳入全县农村供水保障三年行动。\n',
    );
  });

  it('cleans measures typed with their own "一是" and closing punctuation', () => {
    expect(measureText(['一是制定计划。', '二是每月学习；'])).toBe('一是制定计划；二是每月学习。');
    expect(measureText([])).toBe('');
  });

  it('says under each finding where it stands, and the report still reads back into the same tree', () => {
    const states = reportInputFrom(parsed);
    const all = states.areas.flatMap((a) => a.themes.flatMap((t) => t.findings));
    const longTerm = all.find((f) => f.longTerm)!;
    const [closed, running, late, waiting] = all.filter((f) => !f.longTerm);
    Object.assign(closed, {
      stage: 'closed',
      closedAt: '2025-10-20T02:00:00.000Z',
      // What a department types: lines, its own numbering, a heading-like opening.
      lastReport: '（1）已修订招投标管理办法。\n一是完成自查；二是建立台账\n三、下步打算',
    });
    Object.assign(running, { stage: 'review_2', dueAt: '2025-12-31T15:59:59.999Z' });
    Object.assign(late, {
      stage: 'evidence',
      dueAt: '2025-09-30T15:59:59.999Z',
      overdue: true,
      lastReport: '正在补充材料',
    });
    Object.assign(longTerm, { stage: 'long_term', dueAt: null });
    Object.assign(waiting, { stage: 'assign' });
    const text = renderProgressReportMarkdown(buildProgressReport(states));
    expect(text).toContain(
      '完成情况：已完成整改，2025年10月20日审核销号。整改报告：（1）已修订招投标管理办法。 一是完成自查；二是建立台账 三、下步打算。',
    );
    expect(text).toContain('完成情况：正在推进（领导审核），整改时限2025年12月31日。\n');
    expect(text).toContain(
      '完成情况：正在推进（整改落实），整改时限2025年9月30日，已超过整改时限。整改报告：正在补充材料。',
    );
    expect(text).toContain('完成情况：需长期整改，正在按阶段推进。\n');
    expect(text).toContain('完成情况：尚未交办，正在研究明确责任领导、牵头部门和整改时限。');
    // Each finding's state is one line the importer leaves out: the same tree comes back.
    const again = parseRectificationText(text);
    expect(storedTree(again.areas)).toEqual(storedTree(parsed.areas));
  });

  it("states the office's own next steps when it wrote them, keeping the four sections", () => {
    const own = reportInputFrom(parsed);
    own.round.nextSteps = '一、持续推进未完成事项。\n\n（二）每月召开一次整改推进会\n';
    const text = renderProgressReportMarkdown(buildProgressReport(own));
    const tail = text.slice(text.indexOf('## 四、下一步工作计划'));
    expect(tail).toContain('（一）持续推进未完成事项。\n\n（二）每月召开一次整改推进会\n');
    expect(tail).not.toContain('巩固整改成果');
    const again = parseRectificationText(text);
    expect(storedTree(again.areas)).toEqual(storedTree(parsed.areas));
    expect(again.publication).toEqual(parsed.publication);
  });
});

// 向党内通报 and 向社会通报: the public version leaves the withheld findings out and says only how
// many; its figures stay those of every finding.
describe('progress report versions', () => {
  const parsed = parseRectificationText(allDocuments()[0][1]);
  const withInput = (version: 'internal' | 'public', withheld: number[]) => {
    const input = reportInputFrom(parsed);
    const findings = input.areas.flatMap((a) => a.themes.flatMap((t) => t.findings));
    for (const i of withheld) findings[i].withheld = true;
    return { input: { ...input, version }, findings };
  };
  const told = (blocks: ReturnType<typeof buildProgressReport>) =>
    blocks.filter((b) => b.kind === 'finding').map((b) => (b as { text: string }).text);

  it('the internal version tells every finding, withheld or not', () => {
    const { input, findings } = withInput('internal', [1, 2]);
    const blocks = buildProgressReport(input);
    expect(told(blocks)).toHaveLength(findings.length);
    expect(renderProgressReportText(blocks)).not.toContain('不予公开');
  });

  it('the public version leaves the withheld out, numbers the rest and says how many', () => {
    const { input, findings } = withInput('public', [1, 2]);
    const blocks = buildProgressReport(input);
    const titles = told(blocks);
    expect(titles).toHaveLength(findings.length - 2);
    expect(titles.map((t) => /^（(\d+)）/.exec(t)?.[1])).toEqual(
      titles.map((_, i) => String(i + 1)),
    );
    const text = renderProgressReportText(blocks);
    for (const f of [findings[1], findings[2]]) expect(text).not.toContain(f.title.slice(0, 12));
    expect(text).toContain(withheldSentence(2));
    // The opening counts every finding.
    expect(text).toContain(`反馈的${findings.length}个问题`);
  });

  it('a withheld long-term item leaves section 三 saying how many it leaves out', () => {
    const { input, findings } = withInput('public', []);
    const longTerm = findings.findIndex((f) => f.longTerm);
    expect(longTerm).toBeGreaterThanOrEqual(0);
    const { input: withheldInput } = withInput('public', [longTerm]);
    const text = renderProgressReportText(buildProgressReport(withheldInput));
    expect(text).toContain('另有1项需长期整改事项按照有关规定不予公开。');
    expect(text).not.toContain(findings[longTerm].title.slice(0, 12));
    expect(renderProgressReportText(buildProgressReport(input))).not.toContain('不予公开');
  });

  it('renders plain paragraphs without the title or any Markdown', () => {
    const { input } = withInput('public', []);
    const text = renderProgressReportText(buildProgressReport(input));
    expect(text.startsWith('（截至')).toBe(true);
    expect(text).not.toMatch(/^#|\*\*|\\/m);
    expect(text.split('\n\n').every((p) => p.trim().length > 0)).toBe(true);
  });
});
