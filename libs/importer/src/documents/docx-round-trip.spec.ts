import { parseRectificationText } from '../index';
import {
  FULL_SIZE,
  readDocument,
  readSample,
  testDocumentNames,
  withoutLines,
} from '../test-support/fixtures';
import { genreDocx } from '../test-support/word-documents';
import { docxText } from './docx-text';

/** The shared sample and every importer test document, as [name, text]. */
function documents(): [string, string][] {
  return [
    ['feedback-sample.txt', readSample()],
    ...testDocumentNames().map((n): [string, string] => [n, readDocument(n)]),
  ];
}

/** Lines, with a typed marker's variant ("(1)", "1、") written as the list writes it. */
function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) =>
      l
        .trim()
        .replace(/^\(([一二三四五六七八九十\d]{1,3})\)/, '（$1）')
        .replace(/^(\d{1,3})[、．](?!\d)/, '$1.'),
    )
    .filter((l) => l.length > 0);
}

// Each document written as Word writes such a report: its "一、", "（一）", "1." and "（1）" are
// Word's automatic numbering, not typed. Read back, it must be the same text and the same tree.
describe('a report as .docx with automatic numbering reads back as its text', () => {
  const all = documents();

  it('covers the sample and every importer test document', () => {
    expect(all.length).toBeGreaterThan(20);
  });

  it.each(all)('%s', async (_name, text) => {
    const read = await docxText(await genreDocx(text, 'lists'));
    expect(lines(read.text)).toEqual(lines(text));
    const first = parseRectificationText(text, { defaultYear: 2025 });
    const second = parseRectificationText(read.text, { defaultYear: 2025 });
    expect(withoutLines(second.areas)).toEqual(withoutLines(first.areas));
    expect(second.publication).toEqual(first.publication);
  });

  it.each(['feedback-sample.txt', FULL_SIZE])(
    '%s with one multi-level outline list, as Word numbers headings',
    async (name) => {
      const text = name === 'feedback-sample.txt' ? readSample() : readDocument(name);
      const read = await docxText(await genreDocx(text, 'outline'));
      const first = parseRectificationText(text);
      const second = parseRectificationText(read.text);
      expect(withoutLines(second.areas)).toEqual(withoutLines(first.areas));
      expect(second.counts).toEqual(first.counts);
      expect(read.numbered).toBeGreaterThan(first.counts.findings);
    },
  );
});
