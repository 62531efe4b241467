import { parseRectificationText } from './index';
import { readDocument } from './test-support/fixtures';

describe('publication block in test documents', () => {
  it('"2025年4月27日至5月11日", 联系电话, 通信地址 with "（邮编：…）", 电子邮箱', () => {
    const result = parseRectificationText(readDocument('publication-cn-range.txt'));
    expect(result.publication).toEqual({
      from: '2025-04-27',
      to: '2025-05-11',
      phone: '0000-7654321',
      email: 'mzj_zg@example.gov.cn',
      address: '某县建设路8号县民政局办公室',
      postcode: '000001',
    });
    expect(result.counts.findings).toBe(1);
  });

  it('"2025年4月27日—2025年5月11日", two phone numbers, 邮寄地址, 邮政编码, 邮箱', () => {
    const result = parseRectificationText(readDocument('publication-cn-full-dash.txt'));
    expect(result.publication).toEqual({
      from: '2025-04-27',
      to: '2025-05-11',
      phone: '0000-1111111、0000-2222222',
      email: 'Feedback.Office@example.com',
      address: '某市某区解放路100号',
      postcode: '000002',
    });
  });

  it('"2025.4.27-2025.5.11", bare 地址, 邮编, email; a signature date line is ignored', () => {
    const result = parseRectificationText(readDocument('publication-dotted.txt'));
    expect(result.publication).toEqual({
      from: '2025-04-27',
      to: '2025-05-11',
      phone: null,
      email: 'zg@example.net',
      address: '某县城关镇东街3号',
      postcode: '000003',
    });
    // The date line after the finding must not be glued onto its measure.
    expect(result.areas[0].themes[0].findings[0].measures).toEqual(['压缩会议材料篇幅']);
  });

  it('"2025-04-27至2025-05-11" and a mobile number', () => {
    const result = parseRectificationText(readDocument('publication-iso.txt'));
    expect(result.publication).toEqual({
      from: '2025-04-27',
      to: '2025-05-11',
      phone: '13800000000',
      email: null,
      address: null,
      postcode: null,
    });
  });

  it('dates without a year take defaultYear and may cross into the next year', () => {
    const text = readDocument('publication-no-year.txt');
    expect(parseRectificationText(text, { defaultYear: 2024 }).publication).toMatchObject({
      from: '2024-12-25',
      to: '2025-01-08',
      phone: '0000-3333333',
    });
    const noYear = parseRectificationText(text);
    expect(noYear.publication).toMatchObject({ from: null, to: null, phone: '0000-3333333' });
    expect(noYear.warnings).toContainEqual(expect.stringContaining('defaultYear'));
  });
});

describe('publication spellings', () => {
  const finding =
    '二、巡察反馈问题整改落实情况\n（一）聚焦作风方面\n1.作风不实。\n（1）会多。一是减少会议。\n';
  const period = (line: string, defaultYear?: number) => {
    const p = parseRectificationText(finding + line, { defaultYear }).publication;
    return p && [p.from, p.to];
  };

  it.each([
    ['公开期限：2025年4月27日至5月11日。', ['2025-04-27', '2025-05-11']],
    ['公开期限：2025年4月27日—2025年5月11日', ['2025-04-27', '2025-05-11']],
    ['公开期限：2025.4.27-2025.5.11', ['2025-04-27', '2025-05-11']],
    ['公开期限：2025-04-27至2025-05-11', ['2025-04-27', '2025-05-11']],
    ['公开期限:2025/4/27～2025/5/11', ['2025-04-27', '2025-05-11']],
    ['公开期限为2025年4月27日到5月11日', ['2025-04-27', '2025-05-11']],
    ['公开时间：自2025年4月27日起至5月11日止', ['2025-04-27', '2025-05-11']],
    ['公示期：2025年4月27日至30日', ['2025-04-27', '2025-04-30']],
    ['公开期限：2025年4月27日起15天', ['2025-04-27', '2025-05-11']],
    ['公开期限：２０２５年４月２７日至５月１１日', ['2025-04-27', '2025-05-11']],
  ])('%s', (line, expected) => {
    expect(period(line)).toEqual(expected);
  });

  it('reports an impossible date instead of inventing one', () => {
    const result = parseRectificationText(
      `${finding}公开期限：2025年2月30日至3月5日。联系电话：0000-1234567`,
    );
    expect(result.publication).toMatchObject({ from: null, to: null, phone: '0000-1234567' });
    expect(result.warnings).toContainEqual(expect.stringContaining('无效'));
  });

  it('skips a "电话" that is not followed by a number', () => {
    const line =
      '群众可通过电话、信函等方式反映。联系电话：0000-7777777（工作日），邮政信箱：某县1号信箱';
    expect(parseRectificationText(finding + line).publication).toEqual({
      from: null,
      to: null,
      phone: '0000-7777777',
      email: null,
      address: '某县1号信箱',
      postcode: null,
    });
  });

  it('does not take an e-mail "地址" for the postal address', () => {
    const line = '联系电话：0000-1234567；电子邮件地址：a@example.org；地址：某县东路1号';
    expect(parseRectificationText(finding + line).publication).toMatchObject({
      email: 'a@example.org',
      address: '某县东路1号',
    });
  });

  it('is null when the report has no publication block', () => {
    expect(parseRectificationText(finding).publication).toBeNull();
  });

  it('does not glue the closing lines onto the last measure', () => {
    const text = `${finding}特此通报。\n中共某县某局党组\n2025年9月1日`;
    expect(parseRectificationText(text).areas[0].themes[0].findings[0].measures).toEqual([
      '减少会议',
    ]);
  });

  it('leaves a measure that mentions a hotline alone', () => {
    const result = parseRectificationText(`${finding}二是公开举报电话：0000-1234567。`);
    expect(result.publication).toBeNull();
    expect(result.areas[0].themes[0].findings[0].measures).toEqual([
      '减少会议',
      '公开举报电话：0000-1234567',
    ]);
  });
});
