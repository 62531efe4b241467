import { describeCorrections, parsedRefs, type TreeArea } from './index';

const parsed = (): TreeArea[] => [
  {
    title: '聚焦作风建设方面',
    themes: [
      {
        title: '会风文风不实',
        findings: [
          { ref: 0, title: '会议多。文件多', measures: ['压缩会议', '精简文件'] },
          { ref: 1, title: '材料冗长', measures: ['压缩篇幅'] },
          { ref: 2, title: '调研不深入', measures: ['制定调研计划'] },
        ],
      },
      {
        title: '纪律松弛',
        findings: [
          {
            ref: 3,
            title: '营区建设滞后',
            measures: ['纳入重点项目'],
            longTerm: true,
            longTermEntry: { title: '持续推进营区搬迁', progress: '已完成选址' },
          },
          { ref: 4, title: '特此通报', measures: ['特此通报'] },
        ],
      },
    ],
  },
];

describe('describeCorrections', () => {
  it('finds nothing when the office confirms the tree as parsed', () => {
    const same = parsed().map((a) => ({
      ...a,
      themes: a.themes.map((t) => ({
        ...t,
        findings: t.findings.map(({ ref, ...f }) => ({ ...f, fromParsed: [ref as number] })),
      })),
    }));
    expect(describeCorrections(parsed(), same)).toEqual([]);
  });

  it('tells a split, a merge, a retitle, an edited measure, a move, a drop and a long-term change', () => {
    const corrected: TreeArea[] = [
      {
        title: '聚焦作风建设方面',
        themes: [
          {
            title: '会风文风不实',
            findings: [
              { title: '会议多', measures: ['压缩会议'], fromParsed: [0] },
              { title: '文件多', measures: ['精简文件'], fromParsed: [0] },
              {
                title: '材料冗长、调研不深入',
                measures: ['压缩篇幅', '制定调研计划'],
                fromParsed: [1, 2],
              },
            ],
          },
          {
            title: '纪律松弛',
            findings: [],
          },
          {
            title: '营区管理',
            findings: [
              {
                title: '营区建设严重滞后',
                measures: ['纳入县重点项目'],
                longTerm: false,
                fromParsed: [3],
              },
            ],
          },
        ],
      },
    ];
    expect(describeCorrections(parsed(), corrected)).toEqual([
      {
        kind: 'split',
        ref: 0,
        from: { title: '会议多。文件多', measures: ['压缩会议', '精简文件'] },
        into: [
          { title: '会议多', measures: ['压缩会议'] },
          { title: '文件多', measures: ['精简文件'] },
        ],
      },
      {
        kind: 'merged',
        refs: [1, 2],
        from: [
          { title: '材料冗长', measures: ['压缩篇幅'] },
          { title: '调研不深入', measures: ['制定调研计划'] },
        ],
        into: { title: '材料冗长、调研不深入', measures: ['压缩篇幅', '制定调研计划'] },
      },
      { kind: 'retitled', ref: 3, from: '营区建设滞后', to: '营区建设严重滞后' },
      {
        kind: 'measures',
        ref: 3,
        title: '营区建设严重滞后',
        from: ['纳入重点项目'],
        to: ['纳入县重点项目'],
      },
      {
        kind: 'moved',
        ref: 3,
        title: '营区建设严重滞后',
        from: { area: '聚焦作风建设方面', theme: '纪律松弛' },
        to: { area: '聚焦作风建设方面', theme: '营区管理' },
      },
      {
        kind: 'longTerm',
        ref: 3,
        title: '营区建设严重滞后',
        from: { longTerm: true, entry: { title: '持续推进营区搬迁', progress: '已完成选址' } },
        to: { longTerm: false, entry: null },
      },
      { kind: 'dropped', ref: 4, title: '特此通报' },
      {
        kind: 'themes',
        removed: [],
        added: [{ area: '聚焦作风建设方面', theme: '营区管理' }],
      },
    ]);
  });

  it('tells a long-term entry moved to another finding, and a finding added by hand', () => {
    const corrected = parsed();
    const [meetings] = corrected[0].themes[0].findings;
    const camp = corrected[0].themes[1].findings[0];
    meetings.longTerm = true;
    meetings.longTermEntry = camp.longTermEntry;
    camp.longTerm = false;
    camp.longTermEntry = null;
    corrected[0].themes[1].findings.push({ title: '新增问题', measures: ['新增措施'] });
    for (const t of corrected[0].themes)
      for (const f of t.findings) if (f.ref !== undefined) f.fromParsed = [f.ref];
    const out = describeCorrections(parsed(), corrected);
    expect(out.filter((c) => c.kind === 'longTerm').map((c) => [c.ref, c.to.longTerm])).toEqual([
      [0, true],
      [3, false],
    ]);
    expect(out).toContainEqual({
      kind: 'added',
      title: '新增问题',
      place: { area: '聚焦作风建设方面', theme: '纪律松弛' },
    });
  });

  it('lists the refs a corrected tree may name', () => {
    expect([...parsedRefs(parsed())]).toEqual([0, 1, 2, 3, 4]);
  });
});
