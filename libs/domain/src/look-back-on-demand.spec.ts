import { checkLookBackNow, seededSample, type LookBackFacts } from './look-back-on-demand';

const waiting: LookBackFacts = { stage: 'closed', lookBackOpen: false, lookBackDone: false };
const supervisor = { roles: ['supervisor' as const] };

describe('checkLookBackNow', () => {
  it('lets the supervisor and the office start a closed finding’s waiting look-back', () => {
    expect(checkLookBackNow(supervisor, waiting)).toEqual({ ok: true });
    expect(checkLookBackNow({ roles: ['office'] }, waiting)).toEqual({ ok: true });
  });

  it('refuses other roles before looking at the finding', () => {
    for (const role of ['leader', 'department', 'committee', 'inspector'] as const)
      expect(checkLookBackNow({ roles: [role] }, waiting)).toEqual({
        ok: false,
        reason: 'forbidden',
      });
  });

  it.each([
    [{ stage: 'long_term' }, 'finding_not_closed'],
    [{ stage: 'review_2' }, 'finding_not_closed'],
    [{ withdrawn: true }, 'finding_withdrawn'],
    [{ lookBackOpen: true }, 'look_back_open'],
    [{ lookBackDone: true }, 'look_back_done'],
  ] as const)('refuses %j with %s', (over, reason) => {
    const verdict = checkLookBackNow(supervisor, { ...waiting, ...over });
    expect(verdict).toMatchObject({ ok: false, reason });
  });
});

describe('seededSample', () => {
  const ids = Array.from({ length: 40 }, (_, i) => `id-${String(i).padStart(2, '0')}`);

  it('draws the same sample from the same seed over the same set, in whatever order it was read', () => {
    const a = seededSample(ids, 7, 20260101);
    const b = seededSample([...ids].reverse(), 7, 20260101);
    expect(b).toEqual(a);
    expect(new Set(a).size).toBe(7);
    for (const id of a) expect(ids).toContain(id);
  });

  it('draws differently from different seeds', () => {
    const samples = new Set([1, 2, 3, 4, 5].map((s) => seededSample(ids, 5, s).join()));
    expect(samples.size).toBeGreaterThan(1);
  });

  it('takes all of them when asked for all, and none when asked for none', () => {
    expect([...seededSample(ids, ids.length, 9)].sort()).toEqual(ids);
    expect(seededSample(ids, 0, 9)).toEqual([]);
  });

  it('spreads its draws over the set (no id favoured over many seeds)', () => {
    const hits = new Map<string, number>();
    for (let seed = 0; seed < 2000; seed++)
      for (const id of seededSample(ids, 4, seed)) hits.set(id, (hits.get(id) ?? 0) + 1);
    // 2000 × 4 / 40 = 200 expected per id.
    expect(hits.size).toBe(ids.length);
    for (const n of hits.values()) {
      expect(n).toBeGreaterThan(130);
      expect(n).toBeLessThan(270);
    }
  });

  it('refuses a count beyond the set and a seed out of range', () => {
    expect(() => seededSample(ids, 41, 1)).toThrow(RangeError);
    expect(() => seededSample(ids, 1.5, 1)).toThrow(RangeError);
    expect(() => seededSample(ids, 1, -1)).toThrow(RangeError);
    expect(() => seededSample(ids, 1, 2 ** 32)).toThrow(RangeError);
  });
});
