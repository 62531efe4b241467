import { yuanToFen } from '@rectiflow/domain';
import { parseRectificationText } from '@rectiflow/importer';
import { buildProgressReport, renderProgressReportMarkdown } from './progress-report';
import { allDocuments, reportInputFrom, storedTree } from './test-support/documents';
import { noOutcomes, outcomesSentence, peoplePhrase, regulationsPhrase } from './outcome-sums';
import type { OutcomeSums } from './outcome-sums';
import type { ProgressReportInput } from './types';

const fen = (yuan: string) => yuanToFen(yuan) as number;

function sums(patch: Partial<OutcomeSums>): OutcomeSums {
  return { ...noOutcomes(), ...patch };
}

describe('整改成效 in the genre’s words', () => {
  it('states the published example exactly', () => {
    expect(
      outcomesSentence(
        sums({
          regulations: { total: 589, new: 300, revised: 289 },
          amountsFen: {
            returned: fen('665700'),
            recovered: fen('1460000'),
            retrieved: fen('13695000'),
          },
        }),
      ),
    ).toBe(
      '完善和新建制度589项，清退违规资金66.57万元、追回应由个人承担的资金146万元，挽回经济损失1369.5万元',
    );
  });

  it('states only the parts that are not zero', () => {
    expect(outcomesSentence(noOutcomes())).toBe('');
    expect(
      outcomesSentence(sums({ amountsFen: { returned: 0, recovered: 0, retrieved: fen('5000') } })),
    ).toBe('挽回经济损失5000元');
    expect(
      outcomesSentence(
        sums({ amountsFen: { returned: fen('20000'), recovered: 0, retrieved: 0 } }),
      ),
    ).toBe('清退违规资金2万元');
    expect(regulationsPhrase({ total: 2, new: 2, revised: 0 })).toBe('新建制度2项');
    expect(regulationsPhrase({ total: 1, new: 0, revised: 1 })).toBe('修订完善制度1项');
  });

  it('counts people by kind', () => {
    expect(peoplePhrase({ total: 3, byKind: { 诫勉谈话: 1, 批评教育: 2 } })).toBe(
      '问责处理3人（其中诫勉谈话1人、批评教育2人）',
    );
    expect(peoplePhrase({ total: 2, byKind: { 批评教育: 2 } })).toBe('问责处理2人，均为批评教育');
    expect(peoplePhrase({ total: 0, byKind: {} })).toBe('');
  });

  it('puts the sentence in section 一 of the report, and nothing when none were recorded', () => {
    const input: ProgressReportInput = {
      round: {
        title: '县委第一巡察组反馈意见',
        source: 'inspection',
        inspectingBody: null,
        feedbackDate: null,
        dueAt: null,
      },
      areas: [],
      publication: null,
      asOf: '2026-12-01T04:00:00.000Z',
    };
    const text = (i: ProgressReportInput) =>
      buildProgressReport(i)
        .map((b) => ('text' in b ? b.text : ''))
        .join('\n');
    expect(text(input)).not.toContain('注重整改成效');
    const withOutcomes = text({
      ...input,
      outcomes: sums({ regulations: { total: 1, new: 1, revised: 0 } }),
    });
    const at = withOutcomes.indexOf('（四）注重整改成效。截至2026年12月1日，通过整改新建制度1项。');
    expect(at).toBeGreaterThan(withOutcomes.indexOf('一、履行整改主体责任情况'));
    expect(at).toBeLessThan(withOutcomes.indexOf('二、'));
  });
});

describe('a report stating outcomes still reads back into the same tree', () => {
  it.each(allDocuments().slice(0, 5))('%s', (_name, text) => {
    const first = parseRectificationText(text, { defaultYear: 2025 });
    const input = {
      ...reportInputFrom(first),
      outcomes: sums({
        regulations: { total: 3, new: 2, revised: 1 },
        amountsFen: { returned: fen('665700'), recovered: 0, retrieved: fen('1200.5') },
        people: { total: 2, byKind: { 诫勉谈话: 2 } },
      }),
    };
    const markdown = renderProgressReportMarkdown(buildProgressReport(input));
    expect(markdown).toContain('（四）注重整改成效。');
    const second = parseRectificationText(markdown);
    expect(storedTree(second.areas)).toEqual(storedTree(first.areas));
    expect(second.counts).toEqual(first.counts);
  });
});
