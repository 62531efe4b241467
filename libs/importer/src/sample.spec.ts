import { existsSync, realpathSync } from 'fs';
import * as path from 'path';
import { parseRectificationText } from './index';
import { readSample, SAMPLE_PATH, shape } from './test-support/fixtures';

/** The repository's root: the nearest folder above `from` with the workspace's nx.json. */
function workspaceRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'nx.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no nx.json above ${from}`);
  }
}

// The shared, invented report every part of rectiflow is tested against.
describe('shared sample (feedback-sample.txt)', () => {
  const text = readSample();
  const result = parseRectificationText(text);
  const findings = result.areas.flatMap((a) => a.themes.flatMap((t) => t.findings));

  it('is the one in ../shared/samples beside the repository, which every importer test reads', () => {
    // shared/README.md: what every engineer and CI have "at `../shared` from its root".
    const shared = path.join(workspaceRoot(__dirname), '..', 'shared', 'samples');
    expect(realpathSync(SAMPLE_PATH)).toBe(realpathSync(path.join(shared, 'feedback-sample.txt')));
  });

  it('gives exactly 3 areas, 6 themes, 9 findings, 22 measures and 1 long-term item', () => {
    expect(result.counts).toEqual({
      areas: 3,
      themes: 6,
      findings: 9,
      measures: 22,
      longTermItems: 1,
    });
  });

  it('builds the tree with the titles as written', () => {
    expect(shape(result)).toEqual([
      {
        area: '聚焦落实党中央决策部署和县委工作要求方面',
        themes: [
          {
            theme: '水利工程建设推进不够有力',
            findings: ['部分农村供水工程建设进度滞后', '水毁工程修复不及时'],
          },
          {
            theme: '河湖长制落实存在薄弱环节',
            findings: ['部分河段巡河记录不规范，问题发现后处置不及时'],
          },
        ],
      },
      {
        area: '聚焦全面从严治党方面',
        themes: [
          {
            theme: '廉政风险防控机制不健全',
            findings: ['工程项目招投标环节监管存在漏洞', '公务用车管理不够规范'],
          },
          // Numbered "1." again in the source: kept as its own theme, never merged.
          { theme: '财务管理制度执行不严格', findings: ['部分报销凭证附件不全'] },
        ],
      },
      {
        area: '聚焦基层党组织建设方面',
        themes: [
          { theme: '党内组织生活不够规范', findings: ['个别党支部“三会一课”记录不完整'] },
          {
            theme: '干部队伍建设有待加强',
            findings: ['年轻干部培养力度不够', '干部交流轮岗不够经常'],
          },
        ],
      },
    ]);
  });

  it('splits "一是…二是…三是…" into measures and keeps trailing sentences with the last one', () => {
    expect(findings[0].measures).toEqual([
      '对全县在建农村供水工程逐一排查，建立进度清单，按月通报',
      '对进度滞后的3个项目约谈施工单位负责人，督促增加施工力量',
      '建立项目周调度机制，由分管领导每周现场调度。截至2025年8月，3个滞后项目已全部完工并通水',
    ]);
    expect(findings.map((f) => f.measures.length)).toEqual([3, 3, 3, 3, 2, 1, 3, 2, 2]);
  });

  it('turns a finding without a "一是" list into one measure holding its paragraph', () => {
    expect(findings[5].title).toBe('部分报销凭证附件不全');
    expect(findings[5].measures).toEqual([
      '对2023年以来的财务凭证进行全面清查，补齐附件材料，对相关经办人员进行批评教育，并组织财务人员开展专题培训',
    ]);
  });

  it('records the line of each finding', () => {
    expect(findings.map((f) => f.line)).toEqual([13, 15, 18, 22, 24, 27, 31, 34, 36]);
  });

  it('marks the finding the long-term section refers to instead of importing it twice', () => {
    const longTerm = findings.filter((f) => f.longTerm);
    expect(longTerm).toHaveLength(1);
    expect(longTerm[0].title).toBe('部分农村供水工程建设进度滞后');
    expect(longTerm[0].longTermEntry).toMatchObject({
      title: '县城第二水厂扩建工程',
      progress: expect.stringContaining('2026年底前通水运行'),
      // Shared words only ("工程", "通水"…): a guess the office is asked to check.
      match: 'words',
    });
    expect(result.warnings).toContainEqual(expect.stringContaining('县城第二水厂扩建工程'));
    expect(result.warnings).toContainEqual(expect.stringContaining('请核对'));
  });

  it('does not import the committee section or the next steps', () => {
    const titles = JSON.stringify(shape(result));
    for (const notAFinding of [
      '强化组织领导',
      '压实工作责任',
      '持续巩固整改成果',
      '健全长效机制',
    ]) {
      expect(titles).not.toContain(notAFinding);
    }
  });

  it('reads the publication block', () => {
    expect(result.publication).toEqual({
      from: '2025-09-01',
      to: '2025-09-15',
      phone: '0000-12345678',
      email: 'zhenggai@example.org',
      address: '某省某市青溪县滨河路1号青溪县水务局巡察整改办公室',
      postcode: '000000',
    });
  });

  it('warns about the repeated theme number and nothing else', () => {
    expect(result.warnings).toEqual([
      expect.stringMatching(/^第 26 行：编号“1\.”与上一项重复/),
      expect.stringMatching(
        /^第 39 行：长期整改事项“县城第二水厂扩建工程”按文字相近对应到问题“部分农村供水工程建设进度滞后”/,
      ),
    ]);
  });

  it('reads the same sample with Windows line ends, a BOM and full-width digits', () => {
    const variant =
      '\ufeff' +
      text
        .replace(/\n/g, '\r\n')
        .replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    const again = parseRectificationText(variant);
    expect(again.counts).toEqual(result.counts);
    expect(shape(again)).toEqual(shape(result));
    expect(again.publication).toEqual(result.publication);
  });
});
