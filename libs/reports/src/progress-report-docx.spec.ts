import { parseRectificationText } from '@rectiflow/importer';
import { docxText } from '@rectiflow/importer/documents';
import { REPORT_FONTS, buildProgressReport, progressReportDocxBuffer, reportTitle } from './index';
import { docxParagraphs, docxParts } from './test-support/docx-text';
import { allDocuments, reportInputFrom, storedTree } from './test-support/documents';

describe('progress report (docx)', () => {
  const documents = allDocuments();

  // Read as an uploaded .docx is read (mammoth, list numbering written out): our own report,
  // downloaded and imported again, gives back the same tree, long-term entries included.
  it.each(documents)(
    'imports the docx made from %s back into the same tree',
    async (_name, text) => {
      const first = parseRectificationText(text, { defaultYear: 2025 });
      const input = reportInputFrom(first);
      const buffer = await progressReportDocxBuffer(buildProgressReport(input), {
        title: reportTitle(input),
      });
      const second = parseRectificationText((await docxText(buffer)).text);
      expect(storedTree(second.areas)).toEqual(storedTree(first.areas));
      expect(second.counts).toEqual(first.counts);
      expect(second.publication).toEqual(first.publication);
      expect(second.warnings.filter((w) => w.includes('文字相近'))).toEqual([]);
    },
  );

  it('uses real heading styles and the Chinese official-document fonts', async () => {
    const input = reportInputFrom(parseRectificationText(documents[0][1]));
    const buffer = await progressReportDocxBuffer(buildProgressReport(input), {
      title: reportTitle(input),
    });
    expect(buffer.subarray(0, 2).toString()).toBe('PK');
    const paragraphs = await docxParagraphs(buffer);
    const styled = (style: string) =>
      paragraphs.filter((p) => p.style === style).map((p) => p.text);
    expect(styled('Title')).toEqual(['关于县委第二轮巡察整改进展情况的通报']);
    expect(styled('Heading1')).toEqual([
      '一、履行整改主体责任情况',
      '二、巡察反馈问题整改落实情况',
      '三、需长期整改事项进展情况',
      '四、下一步工作计划',
    ]);
    expect(styled('Heading2')).toHaveLength(3);
    expect(styled('Heading3')).toHaveLength(6);
    const styles = (await docxParts(buffer))['word/styles.xml'];
    for (const font of Object.values(REPORT_FONTS)) expect(styles).toContain(font);
    expect(styles).toMatch(/w:eastAsia="仿宋_GB2312"/);
  });
});
