import { meetingPackBlocks, meetingPackDocx, MEETING_PACK_HEADER } from './meeting-pack';
import { REPORT_FONTS } from './progress-report-docx';
import { docxParagraphs, docxParts } from './test-support/docx-text';

const input = {
  title: '巡察整改工作领导小组第三次专题会议',
  heldOn: '2026-12-15',
  attendees: '张书记、李局长、整改办',
  since: '2026-11-30T16:00:00.000Z',
  roundTitle: '县委第二巡察组反馈意见',
  asOf: '2026-12-14T02:00:00.000Z',
  sections: [
    {
      title: '提请审定销号事项',
      intro: '以下问题提请会议审定。',
      items: [
        {
          code: 'X-1',
          title: '制度未修订',
          department: '办公室',
          leader: '王副局长',
          status: '待三级验收，时限2026年12月20日',
        },
      ],
    },
    { title: '未办结督办单', intro: '以下督办单尚未办结。', items: [] },
  ],
};

describe('meeting pack (专题会议材料)', () => {
  it('numbers the sections in Chinese, a table under each, 无 under an empty one', () => {
    const blocks = meetingPackBlocks(input);
    expect(blocks[0]).toEqual({ kind: 'title', text: input.title });
    expect(blocks[1]).toEqual({ kind: 'subtitle', text: '（2026年12月15日）' });
    expect(blocks.filter((b) => b.kind === 'heading').map((b) => b.text)).toEqual([
      '一、提请审定销号事项（1项）',
      '二、未办结督办单（0项）',
    ]);
    const table = blocks.find((b) => b.kind === 'table');
    expect(table).toEqual({
      kind: 'table',
      header: MEETING_PACK_HEADER,
      widths: [11, 33, 16, 14, 26],
      rows: [['X-1', '制度未修订', '办公室', '王副局长', '待三级验收，时限2026年12月20日']],
    });
    const after = blocks.findIndex((b) => b.kind === 'heading' && b.text.startsWith('二、'));
    expect(blocks[after + 2]).toEqual({ kind: 'paragraph', text: '无。' });
    // The "since" is a day in China: 16:00 UTC on 30 November is 1 December there.
    expect(blocks.some((b) => b.kind === 'paragraph' && b.text.includes('2026年12月1日'))).toBe(
      true,
    );
  });

  it('is a DOCX with the title style and the official fonts', async () => {
    const buffer = await meetingPackDocx(input);
    const paragraphs = await docxParagraphs(buffer);
    expect(paragraphs[0]).toEqual({ style: 'Title', text: input.title });
    expect(paragraphs.filter((p) => p.style === 'Heading1').map((p) => p.text)).toHaveLength(2);
    const styles = (await docxParts(buffer))['word/styles.xml'];
    expect(styles).toContain(REPORT_FONTS.title);
    expect(styles).toContain(REPORT_FONTS.heading1);
  });
});
