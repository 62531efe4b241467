import {
  dutiesFromHistory,
  recordDuty,
  REVIEW_KINDS,
  SEPARATION_MESSAGES,
  separationOfDuties,
  type DutyRecord,
  type SeparationRule,
} from './separation-of-duties';
import type { TaskKind } from './task-kinds';

/** The record after these people did these steps, in this order. */
function after(steps: [TaskKind, string][]): DutyRecord {
  return steps.reduce<DutyRecord | undefined>(
    (d, [kind, who]) => recordDuty(d, kind, who),
    undefined,
  )!;
}

const ruleOf = (d: DutyRecord | undefined, kind: TaskKind, who: string): SeparationRule | null =>
  separationOfDuties(d, kind, who)?.rule ?? null;

describe('separation of duties', () => {
  // One cycle done by five different people: the record every pair below starts from.
  const cycle: [TaskKind, string][] = [
    ['draft_measures', 'drafter'],
    ['approve_measures', 'leader'],
    ['submit_evidence', 'submitter'],
  ];

  it('refuses the drafter of the measures their approval, and no one else', () => {
    const d = after([['draft_measures', 'drafter']]);
    expect(ruleOf(d, 'approve_measures', 'drafter')).toBe('drafter_approves');
    expect(ruleOf(d, 'approve_measures', 'leader')).toBeNull();
  });

  it.each(REVIEW_KINDS)('refuses the submitter of the evidence %s', (review) => {
    const d = after(cycle);
    expect(ruleOf(d, review, 'submitter')).toBe('submitter_reviews');
    expect(ruleOf(d, review, 'someone-else')).toBeNull();
  });

  // Every ordered pair of distinct review levels: whoever completed the first may not complete
  // the second.
  const pairs = REVIEW_KINDS.flatMap((first) =>
    REVIEW_KINDS.filter((second) => second !== first).map((second) => [first, second] as const),
  );
  it.each(pairs)('refuses whoever completed %s the level %s', (first, second) => {
    const d = after([...cycle, [first, 'reviewer']]);
    expect(ruleOf(d, second, 'reviewer')).toBe('two_review_levels');
    expect(ruleOf(d, second, 'another')).toBeNull();
  });

  it('lets the responsible leader approve the measures and later do review 2', () => {
    const d = after([...cycle, ['review_1', 'head']]);
    expect(ruleOf(d, 'review_2', 'leader')).toBeNull();
  });

  it('lets the drafter submit the evidence and review it only if they did not submit it', () => {
    const d = after(cycle);
    expect(ruleOf(d, 'submit_evidence', 'drafter')).toBeNull();
    expect(ruleOf(d, 'review_1', 'drafter')).toBeNull();
  });

  it('starts a new cycle on a send-back: the new drafter and the new submission count', () => {
    // Measures sent back and redrafted by someone else: the first drafter may now approve.
    const redrafted = after([
      ['draft_measures', 'a'],
      ['approve_measures', 'leader'],
      ['draft_measures', 'b'],
    ]);
    expect(ruleOf(redrafted, 'approve_measures', 'a')).toBeNull();
    expect(ruleOf(redrafted, 'approve_measures', 'b')).toBe('drafter_approves');
    // Evidence sent back at level 2 and submitted again by someone else: the reviews of the
    // sent-back submission no longer count, the earlier submitter may review the new one.
    const resubmitted = after([
      ...cycle,
      ['review_1', 'head'],
      ['review_2', 'leader'],
      ['submit_evidence', 'submitter2'],
    ]);
    expect(ruleOf(resubmitted, 'review_2', 'head')).toBeNull();
    expect(ruleOf(resubmitted, 'review_1', 'submitter')).toBeNull();
    expect(ruleOf(resubmitted, 'review_1', 'submitter2')).toBe('submitter_reviews');
  });

  it('refuses nobody where the record is unknown (workflows from before it was kept)', () => {
    for (const kind of ['approve_measures', ...REVIEW_KINDS] as TaskKind[]) {
      expect(ruleOf(undefined, kind, 'anyone')).toBeNull();
      expect(ruleOf({}, kind, 'anyone')).toBeNull();
    }
  });

  it('never bars the steps it does not govern', () => {
    const d = after([...cycle, ['review_1', 'x']]);
    for (const kind of [
      'assign',
      'draft_measures',
      'submit_evidence',
      'stage_report',
    ] as TaskKind[])
      for (const who of ['drafter', 'leader', 'submitter', 'x'])
        expect(ruleOf(d, kind, who)).toBeNull();
  });

  it('names the rule in Chinese and in English', () => {
    const refusal = separationOfDuties(after(cycle), 'review_3', 'submitter')!;
    expect(refusal.message).toBe(
      `${SEPARATION_MESSAGES.submitter_reviews.zh} / ${SEPARATION_MESSAGES.submitter_reviews.en}`,
    );
    expect(refusal.message).toMatch(/[\u4e00-\u9fff]/);
    expect(refusal.message).toMatch(/separation of duties/);
  });

  it('rebuilds the same record from finished steps in any listed order', () => {
    const at = (n: number) => `2026-01-01T00:00:0${n}.000Z`;
    const done = [
      { kind: 'review_1' as const, completedBy: 'head', completedAt: at(4) },
      { kind: 'draft_measures' as const, completedBy: 'drafter', completedAt: at(1) },
      { kind: 'submit_evidence' as const, completedBy: 'submitter', completedAt: at(3) },
      { kind: 'approve_measures' as const, completedBy: 'leader', completedAt: at(2) },
    ];
    expect(dutiesFromHistory(done)).toEqual(after([...cycle, ['review_1', 'head']]));
  });
});
