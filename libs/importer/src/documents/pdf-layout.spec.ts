import { paragraphsFromRuns, type PdfRun } from './pdf-layout';

const SIZE = 16;
const LEFT = 72;
const WIDTH = 595;
const RIGHT = WIDTH - LEFT;

/** A line of CJK text set at `x` on baseline `y`, each character one em wide. */
function line(text: string, y: number, x = LEFT + 2 * SIZE, width = text.length * SIZE): PdfRun {
  return { str: text, x, y, width, size: SIZE, hasEOL: true };
}

/** A paragraph set as the genre sets it: first line indented, wrapped lines justified. */
function paragraph(text: string, top: number): PdfRun[] {
  const perLine = Math.floor((RIGHT - LEFT) / SIZE);
  const runs: PdfRun[] = [];
  let rest = text;
  let first = true;
  let y = top;
  while (rest.length > 0) {
    const x = first ? LEFT + 2 * SIZE : LEFT;
    const room = first ? perLine - 2 : perLine;
    const piece = rest.slice(0, room);
    rest = rest.slice(room);
    runs.push(line(piece, y, x, rest.length > 0 ? RIGHT - x : piece.length * SIZE));
    first = false;
    y -= 28;
  }
  return runs;
}

describe('paragraphs rebuilt from a PDF page', () => {
  const title = '（17）办公用房使用和管理不规范，交警大队营区办公用房长期租用，存在安全隐患。';
  const measure = '一是对全局办公用房使用情况进行全面清查；二是对超标准配备的办公用房进行腾退。';

  it('joins wrapped lines and keeps indented paragraphs apart', () => {
    const runs = [...paragraph(title, 760), ...paragraph(measure, 704)];
    expect(paragraphsFromRuns([{ width: WIDTH, runs }])).toEqual([title, measure]);
  });

  it('joins a paragraph across a page break and drops page numbers', () => {
    const first = paragraph(title, 100);
    const [top, ...rest] = first;
    const pages = [
      { width: WIDTH, runs: [top, line('— 3 —', 40, 280, 80)] },
      {
        width: WIDTH,
        runs: [...rest.map((r) => ({ ...r, y: 760 })), line('第 4 页', 40, 280, 60)],
      },
    ];
    expect(paragraphsFromRuns(pages)).toEqual([title]);
  });

  it('reads runs in any order, and takes back a space only between Latin words', () => {
    const runs = [
      { ...line('电子邮箱：', 700), width: 5 * SIZE },
      {
        str: 'zg@example.org',
        x: LEFT + 7 * SIZE,
        y: 700,
        width: 8 * SIZE,
        size: SIZE,
        hasEOL: false,
      },
      {
        str: '联系 电 话：0000',
        x: LEFT + 2 * SIZE,
        y: 730,
        width: 9 * SIZE,
        size: SIZE,
        hasEOL: false,
      },
      { str: 'Room', x: LEFT + 2 * SIZE, y: 670, width: 2 * SIZE, size: SIZE, hasEOL: false },
      { str: '101', x: LEFT + 4.5 * SIZE, y: 670, width: 2 * SIZE, size: SIZE, hasEOL: false },
    ];
    expect(paragraphsFromRuns([{ width: WIDTH, runs }])).toEqual([
      '联系电话：0000',
      '电子邮箱：zg@example.org',
      'Room 101',
    ]);
  });

  it('starts a new paragraph at a numbered heading after a finished sentence, even unindented', () => {
    const full = '对2023年以来的财务凭证进行全面清查，补齐附件材料，并组织开展专题培训。'.slice(
      0,
      28,
    );
    const runs = [
      line(full.slice(0, 26) + '。', 700, LEFT, RIGHT - LEFT),
      line('（7）个别党支部记录不完整。', 672, LEFT),
      line('续行文字', 644, LEFT),
      line('另一段', 616, LEFT),
    ];
    const text = paragraphsFromRuns([{ width: WIDTH, runs }]);
    expect(text[0]).toBe(full.slice(0, 26) + '。');
    expect(text[1]).toBe('（7）个别党支部记录不完整。');
  });

  it('joins nothing in a document that shows no wrapped line', () => {
    const runs = [line('一、主体责任情况', 700), line('（一）加强组织领导。', 672)];
    expect(paragraphsFromRuns([{ width: WIDTH, runs }])).toEqual([
      '一、主体责任情况',
      '（一）加强组织领导。',
    ]);
  });
});
