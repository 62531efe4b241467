import { parseRectificationText } from './index';
import { readDocument, shape } from './test-support/fixtures';

// A report saved or pasted as Markdown (rectiflow's own `report?format=md` is one): heading
// markers and whole-line emphasis are layout, not text.
describe('markdown layout', () => {
  const result = parseRectificationText(readDocument('markdown-report.txt'));

  it('reads the tree through "#" headings and "**…**" lines', () => {
    expect(result.counts).toEqual({
      areas: 2,
      themes: 2,
      findings: 3,
      measures: 5,
      longTermItems: 1,
    });
    expect(shape(result)).toEqual([
      {
        area: '聚焦落实上级决策部署方面',
        themes: [
          {
            theme: '农村公路养护不到位',
            findings: ['部分路段坑槽修补不及时', '养护考核流于形式'],
          },
        ],
      },
      {
        area: '聚焦全面从严治党方面',
        // A "#" inside a title is text; only a closing "##" after a blank is markup.
        themes: [{ theme: '公车管理#不规范', findings: ['公车使用登记不全'] }],
      },
    ]);
    const findings = result.areas.flatMap((a) => a.themes.flatMap((t) => t.findings));
    expect(findings.map((f) => f.measures)).toEqual([
      ['开展农村公路病害排查，建立台账', '落实养护资金，及时修补'],
      ['修订养护考核办法，引入第三方评估'],
      ['补齐登记台账', '安装定位设备'],
    ]);
    expect(findings.map((f) => f.longTerm)).toEqual([false, true, false]);
    expect(result.publication).toMatchObject({
      from: '2025-04-27',
      to: '2025-05-11',
      phone: '0000-1234567',
    });
    expect(result.warnings).toEqual([]);
  });

  it('keeps "#" and "**" that do not wrap a whole line', () => {
    const text =
      '二、反馈问题整改情况\n（一）聚焦**重点**方面\n1.类别\n（1）问题#1。一是措施**甲**；二是措施乙。';
    const again = parseRectificationText(text);
    expect(shape(again)).toEqual([
      { area: '聚焦**重点**方面', themes: [{ theme: '类别', findings: ['问题#1'] }] },
    ]);
    expect(again.areas[0].themes[0].findings[0].measures).toEqual(['措施**甲**', '措施乙']);
  });
});
