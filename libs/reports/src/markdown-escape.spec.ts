import { parseRectificationText } from '@rectiflow/importer';
import { buildProgressReport, renderProgressReportMarkdown } from './index';
import { escapeMarkdown, unescapeMarkdown } from './markdown-escape';
import { allDocuments, reportInputFrom } from './test-support/documents';

// What users typed must stay text in the generated Markdown: no HTML, no link, no heading,
// no list, no emphasis. The cases are what an attacker would type into a title or a measure.
const HOSTILE = [
  '<script>alert(1)</script>',
  '[点此查看](javascript:alert(1))',
  '![x](http://evil.example/x.png)',
  '# 不是标题',
  '> 不是引用',
  '- 不是列表',
  '1. 不是编号',
  '**不是加粗**',
  '`不是代码`',
  '<img src=x onerror=alert(1)>',
  '---',
  'a | b',
  '&lt;b&gt;',
  'C:\\路径\\文件',
];

/** The Markdown's lines that a CommonMark reader would take as markup of some kind. */
function markupIn(markdown: string): string[] {
  return markdown
    .split('\n')
    .filter(
      (line) =>
        /^\s{0,3}(#{1,6}\s|>|[-+*]\s|\d{1,9}[.)]\s|[-=_*]{3,}\s*$|`{3})/.test(line) ||
        /(^|[^\\])(<[A-Za-z/!?]|\]\(|!\[|\*\*|`|&[a-z]+;)/.test(line),
    );
}

describe('escapeMarkdown', () => {
  it.each(HOSTILE)('keeps %j text', (text) => {
    const escaped = escapeMarkdown(text);
    expect(markupIn(escaped)).toEqual([]);
    expect(unescapeMarkdown(escaped)).toBe(text);
  });

  it('escapes each line of a text of several lines (a heading may interrupt a paragraph)', () => {
    const escaped = escapeMarkdown('第一行\n# 第二行\n- 第三行');
    expect(escaped.split('\n')).toEqual(['第一行', '\\# 第二行', '\\- 第三行']);
  });

  it('leaves Chinese text and ordinary punctuation as it is', () => {
    const text = '（一）理论学习不深入，1.5万元未入账；联系电话：0000-12345678。';
    expect(escapeMarkdown(text)).toBe(text);
  });
});

describe('the progress report in Markdown', () => {
  const sample = allDocuments()[0][1];
  const parsed = parseRectificationText(sample, { defaultYear: 2025 });

  function hostileInput() {
    const input = reportInputFrom(parsed);
    const theme = input.areas[0].themes[0];
    theme.title = HOSTILE[0];
    theme.findings[0].title = `${HOSTILE[1]}${HOSTILE[0]}`;
    theme.findings[0].measures = ['# 措施以井号开头', HOSTILE[9]];
    theme.findings[0].latestStageReport = {
      report: '> 引用\n[x](javascript:alert(1))',
      at: '2025-10-08T01:00:00.000Z',
      finalStage: false,
    };
    return input;
  }

  it('inserts no data as markup: no HTML, link, heading or list comes from a title or a measure', () => {
    const markdown = renderProgressReportMarkdown(buildProgressReport(hostileInput()));
    // Our own markers only: the headings and bold findings the layout adds.
    const ours = (line: string) =>
      /^#{1,6} /.test(line) || /^\*\*.*\*\*$/.test(line) || /^\| /.test(line);
    const markup = markupIn(markdown).filter((line) => !ours(line));
    expect(markup).toEqual([]);
    expect(markdown).not.toMatch(/(^|[^\\])<script>/);
    expect(markdown).not.toMatch(/(^|[^\\])\]\(javascript:/);
    expect(markdown).not.toMatch(/^# 措施以井号开头/m);
    // Inside our markers the data is escaped too.
    for (const line of markdown.split('\n').filter(ours)) {
      expect(line).not.toMatch(/(^|[^\\])(<script|\]\()/);
    }
  });

  it('still reads back as the same findings and measures', () => {
    const input = hostileInput();
    const markdown = renderProgressReportMarkdown(buildProgressReport(input));
    const back = parseRectificationText(markdown);
    const findings = back.areas.flatMap((a) => a.themes.flatMap((t) => t.findings));
    const hostile = findings.find((f) => f.title.includes('javascript'));
    expect(hostile?.title).toBe(input.areas[0].themes[0].findings[0].title);
    expect(hostile?.measures).toEqual(['# 措施以井号开头', HOSTILE[9]]);
  });
});
