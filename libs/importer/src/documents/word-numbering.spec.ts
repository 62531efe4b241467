import JSZip from 'jszip';
import mammoth from 'mammoth';
import { docxText } from './docx-text';
import { formatListNumber } from './word-numbering';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

/** A minimal .docx as Word writes one: body paragraphs, numbering.xml and styles.xml. */
async function docx(body: string, numbering: string, styles = ''): Promise<Buffer> {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  zip.file(
    'word/_rels/document.xml.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>' +
      '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
  );
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="${W}"><w:body>${body}</w:body></w:document>`,
  );
  zip.file('word/numbering.xml', `<w:numbering xmlns:w="${W}">${numbering}</w:numbering>`);
  zip.file(
    'word/styles.xml',
    `<w:styles xmlns:w="${W}"><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>${styles}</w:styles>`,
  );
  return zip.generateAsync({ type: 'nodebuffer' });
}

function p(text: string, numId?: number, ilvl = 0, style?: string): string {
  const numPr =
    numId === undefined
      ? ''
      : `<w:numPr><w:ilvl w:val="${ilvl}"/><w:numId w:val="${numId}"/></w:numPr>`;
  const pStyle = style ? `<w:pStyle w:val="${style}"/>` : '';
  return `<w:p><w:pPr>${pStyle}${numPr}</w:pPr><w:r><w:t>${text}</w:t></w:r></w:p>`;
}

function lvl(ilvl: number, format: string, text: string, extra = ''): string {
  return `<w:lvl w:ilvl="${ilvl}"><w:start w:val="1"/><w:numFmt w:val="${format}"/><w:lvlText w:val="${text}"/><w:suff w:val="nothing"/>${extra}</w:lvl>`;
}

/** The genre's outline as one multi-level list: 一、 → （一） → 1. → （1）, findings running on. */
const OUTLINE =
  '<w:abstractNum w:abstractNumId="0">' +
  lvl(0, 'chineseCounting', '%1、') +
  lvl(1, 'chineseCounting', '（%2）') +
  lvl(2, 'decimal', '%3.') +
  // Findings restart only with a new section (level 1 in Word's 1-based count).
  lvl(3, 'decimal', '（%4）', '<w:lvlRestart w:val="1"/>') +
  '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>';

describe("Word's automatic numbering, written back as text", () => {
  it('numbers the genre outline as Word shows it, findings running on across themes', async () => {
    const body = [
      p('巡察反馈问题整改落实情况', 1, 0),
      p('聚焦作风建设方面', 1, 1),
      p('会风文风不实。', 1, 2),
      p('会议多。', 1, 3),
      p('一是压缩会议。'),
      p('文件多。', 1, 3),
      p('调研不深入。', 1, 2),
      p('调研流于形式。', 1, 3),
      p('聚焦从严治党方面', 1, 1),
      p('纪律松弛。', 1, 2),
      p('违规饮酒。', 1, 3),
      p('需长期整改事项进展情况', 1, 0),
      p('营区搬迁', 1, 1),
    ].join('');
    const { text, numbered } = await docxText(await docx(body, OUTLINE));
    expect(text.split('\n')).toEqual([
      '一、巡察反馈问题整改落实情况',
      '（一）聚焦作风建设方面',
      '1.会风文风不实。',
      '（1）会议多。',
      '一是压缩会议。',
      '（2）文件多。',
      '2.调研不深入。',
      '（3）调研流于形式。',
      '（二）聚焦从严治党方面',
      '1.纪律松弛。',
      '（4）违规饮酒。',
      '二、需长期整改事项进展情况',
      '（一）营区搬迁',
    ]);
    expect(numbered).toBe(12);
  });

  it('takes numbering from heading styles (w:basedOn chains, w:pStyle levels) and lets numId 0 switch it off', async () => {
    const numbering =
      '<w:abstractNum w:abstractNumId="5">' +
      lvl(0, 'chineseCounting', '%1、', '<w:pStyle w:val="Heading1"/>') +
      lvl(1, 'chineseCounting', '（%2）', '<w:pStyle w:val="Heading2"/>') +
      '</w:abstractNum><w:num w:numId="7"><w:abstractNumId w:val="5"/></w:num>';
    const styles =
      '<w:style w:type="paragraph" w:styleId="Heading1"><w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr></w:style>' +
      '<w:style w:type="paragraph" w:styleId="Heading2"><w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr></w:style>' +
      '<w:style w:type="paragraph" w:styleId="MyArea"><w:basedOn w:val="Heading2"/></w:style>';
    const body =
      p('主体责任', undefined, 0, 'Heading1') +
      p('加强领导', undefined, 0, 'MyArea') +
      p('不编号的标题', 0, 0, 'Heading2') +
      p('压实责任', undefined, 0, 'Heading2') +
      p('整改落实情况', undefined, 0, 'Heading1');
    const { text } = await docxText(await docx(body, numbering, styles));
    expect(text.split('\n')).toEqual([
      '一、主体责任',
      '（一）加强领导',
      '不编号的标题',
      '（二）压实责任',
      '二、整改落实情况',
    ]);
  });

  it('continues instances of one definition, restarts an instance with w:startOverride, follows numStyleLink', async () => {
    const numbering =
      `<w:abstractNum w:abstractNumId="1">${lvl(0, 'decimal', '（%1）')}</w:abstractNum>` +
      '<w:abstractNum w:abstractNumId="2"><w:numStyleLink w:val="FindingList"/></w:abstractNum>' +
      '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>' +
      '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>' +
      '<w:num w:numId="3"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>' +
      '<w:num w:numId="4"><w:abstractNumId w:val="2"/></w:num>';
    const styles =
      '<w:style w:type="numbering" w:styleId="FindingList"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>';
    const body = p('甲', 1) + p('乙', 1) + p('丙', 2) + p('丁', 3) + p('戊', 3) + p('己', 4);
    const { text } = await docxText(await docx(body, numbering, styles));
    expect(text.split('\n')).toEqual([
      '（1）甲',
      '（2）乙',
      '（3）丙',
      '（1）丁',
      '（2）戊',
      '（3）己',
    ]);
  });

  it('drops bullets, writes legal numbering as decimals and keeps typed numbers as they are', async () => {
    const numbering =
      '<w:abstractNum w:abstractNumId="0">' +
      lvl(0, 'bullet', '•') +
      lvl(1, 'chineseCounting', '%1.%2', '<w:isLgl/>') +
      '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>';
    const body = p('要点', 1, 0) + p('第一条', 1, 1) + p('（5）手写编号的问题。');
    const { text } = await docxText(await docx(body, numbering));
    expect(text.split('\n')).toEqual(['要点', '1.1第一条', '（5）手写编号的问题。']);
  });

  it('is needed: mammoth on its own loses the numbers', async () => {
    const raw = await mammoth.extractRawText({ buffer: await docx(p('会议多。', 1, 3), OUTLINE) });
    expect(raw.value.trim()).toBe('会议多。');
  });

  it('refuses a file that is not a Word document, naming why', async () => {
    await expect(docxText(Buffer.from('PK\u0003\u0004 broken'))).rejects.toMatchObject({
      code: 'invalid_docx',
    });
    const zip = new JSZip();
    zip.file('xl/workbook.xml', '<workbook/>');
    await expect(docxText(await zip.generateAsync({ type: 'nodebuffer' }))).rejects.toMatchObject({
      code: 'invalid_docx',
      message: expect.stringContaining('word/document.xml'),
    });
  });
});

describe('formatListNumber', () => {
  it.each([
    [1, 'chineseCounting', '一'],
    [10, 'chineseCounting', '十'],
    [15, 'chineseCountingThousand', '十五'],
    [20, 'chineseCounting', '二十'],
    [105, 'chineseCounting', '一百零五'],
    [110, 'chineseCounting', '一百一十'],
    [12, 'chineseLegalSimplified', '拾贰'],
    [3, 'ideographTraditional', '丙'],
    [13, 'ideographZodiac', '子'],
    [2025, 'ideographDigital', '二〇二五'],
    [3, 'decimalEnclosedCircleChinese', '③'],
    [21, 'decimalEnclosedCircle', '(21)'],
    [4, 'decimalEnclosedParen', '⑷'],
    [7, 'decimalZero', '07'],
    [12, 'decimalFullWidth', '１２'],
    [14, 'upperRoman', 'XIV'],
    [9, 'lowerRoman', 'ix'],
    [28, 'upperLetter', 'BB'],
    [2, 'lowerLetter', 'b'],
    [5, 'none', ''],
    [5, 'somethingNew', '5'],
  ])('%i as %s → %s', (n, format, label) => {
    expect(formatListNumber(n, format)).toBe(label);
  });
});
