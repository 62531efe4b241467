import { parseRectificationText } from './index';
import { readDocument, readSample, renderReport, withoutLines } from './test-support/fixtures';

// A report rendered in the documented layout must read back into the same tree: this is what
// lets rectiflow re-import its own published reports.
describe('round trip through the report layout', () => {
  const documents: [string, string][] = [
    ['feedback-sample.txt', readSample()],
    ...[
      'half-width.txt',
      'about-layout.txt',
      'numbering.txt',
      'empty-theme.txt',
      'no-list.txt',
      'inline-measures.txt',
      'full-width-digits.txt',
      'orphan.txt',
      'bare-problem-list.txt',
      'top-level-areas.txt',
      'long-term.txt',
      'org-and-next-steps.txt',
      'publication-cn-full-dash.txt',
    ].map((name): [string, string] => [name, readDocument(name)]),
  ];

  it.each(documents)('%s', (_name, text) => {
    const first = parseRectificationText(text, { defaultYear: 2025 });
    const rendered = renderReport(first.areas, first.publication);
    const second = parseRectificationText(rendered);
    expect(withoutLines(second.areas)).toEqual(withoutLines(first.areas));
    expect(second.counts).toEqual(first.counts);
    expect(second.publication).toEqual(first.publication);
    // Re-rendering is exact: long-term findings are cited by title, so nothing is guessed.
    expect(second.warnings.filter((w) => w.includes('文字相近'))).toEqual([]);
  });
});
