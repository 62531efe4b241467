import { citesSameFinding, parseRectificationText, ParseResult } from './index';
import { splitCitation } from './long-term';
import { FULL_SIZE, readDocument } from './test-support/fixtures';

function findings(result: ParseResult) {
  return result.areas.flatMap((a) => a.themes.flatMap((t) => t.findings));
}

// A report of the real genre's size (30 findings, three areas, twelve themes), written for
// rectiflow: its section 三 cites one finding by title, one by other words, and adds one item.
describe('a 30-finding report (full-size/county-police-30.txt)', () => {
  const result = parseRectificationText(readDocument(FULL_SIZE));
  const all = findings(result);

  it('reads every finding, theme and measure', () => {
    expect(result.counts).toEqual({
      areas: 4,
      themes: 12,
      findings: 31,
      measures: 79,
      longTermItems: 3,
    });
    expect(all.slice(0, 30).map((f) => f.line)).toHaveLength(30);
    expect(result.publication).toEqual({
      from: '2025-10-09',
      to: '2025-10-23',
      phone: '0000-87654321',
      email: 'gaxczg@example.org',
      address: '某省某市青溪县公安路8号青溪县公安局巡察整改工作领导小组办公室',
      postcode: '000000',
    });
  });

  it('keeps each long-term entry with the finding it matches, saying how it was matched', () => {
    const longTerm = all.filter((f) => f.longTerm);
    expect(longTerm.map((f) => [f.title, f.longTermEntry?.title, f.longTermEntry?.match])).toEqual([
      ['执法办案管理中心功能发挥不充分', '执法办案管理中心功能发挥不充分', 'title'],
      [
        '办公用房使用和管理不规范，交警大队营区办公用房长期租用，存在安全隐患',
        '持续推进交警部门营区搬迁计划落地',
        'words',
      ],
      ['持续推进基层警务用房标准化建设', '持续推进基层警务用房标准化建设', 'own'],
    ]);
    expect(longTerm[1].longTermEntry?.progress).toBe(
      '营区搬迁项目已纳入县重点项目库，选址已初步确定，正在办理用地审批手续，计划2026年底前完成主体工程建设，2027年6月前搬迁入驻',
    );
    expect(result.warnings).toEqual([
      expect.stringMatching(
        /长期整改事项“持续推进交警部门营区搬迁计划落地”按文字相近对应到问题.*请核对$/,
      ),
      expect.stringMatching(/长期整改事项“持续推进基层警务用房标准化建设”未对应到已列出的问题/),
    ]);
  });
});

describe('a long-term entry citing its finding (（对应问题：…）)', () => {
  const text = [
    '二、巡察反馈问题整改落实情况',
    '（一）聚焦作风建设方面',
    '1.办公用房管理不规范。',
    '（1）营区建设滞后，办公用房长期租用。',
    '一是纳入县重点项目；二是争取用地。',
    '（2）会风文风不实。',
    '一是压缩会议。',
    '三、需长期整改事项进展情况',
    '（一）持续推进营区搬迁（对应问题：会风文风不实）。已完成选址。',
    '（二）推进智慧警务建设（对应问题：并未列出的问题）。分期实施。',
  ].join('\n');
  const result = parseRectificationText(text);
  const all = findings(result);

  it('ties it to the cited finding exactly, even against the wording, and keeps its own heading', () => {
    expect(all[0].longTerm).toBe(false);
    expect(all[1].longTermEntry).toEqual({
      title: '持续推进营区搬迁',
      progress: '已完成选址',
      line: 9,
      match: 'title',
    });
    expect(result.warnings.some((w) => w.includes('文字相近'))).toBe(false);
  });

  it('adds a cited finding that is not listed as a new long-term finding, saying so', () => {
    expect(all[2]).toMatchObject({
      title: '推进智慧警务建设',
      longTerm: true,
      measures: ['分期实施'],
    });
    expect(result.warnings).toContainEqual(
      expect.stringContaining('所对应的问题“并未列出的问题”未列出'),
    );
  });

  it('splits the citation off the heading and compares titles as the matcher does', () => {
    expect(splitCitation('推进搬迁(对应问题:营区（一期）建设滞后)')).toEqual({
      title: '推进搬迁',
      cited: '营区（一期）建设滞后',
    });
    expect(splitCitation('推进搬迁')).toEqual({ title: '推进搬迁', cited: null });
    expect(citesSameFinding('关于“会风文风不实”问题', '会风文风不实')).toBe(true);
    expect(citesSameFinding('持续推进营区搬迁', '营区建设滞后')).toBe(false);
    expect(citesSameFinding('', '')).toBe(false);
  });
});
