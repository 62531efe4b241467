import { zonedWeeks } from './due-times';

describe('zonedWeeks', () => {
  it('starts weeks on Monday midnight where the organisation is', () => {
    // Sunday 2026-11-29 20:00 UTC is Monday 04:00 in Shanghai: that week starts 2026-11-30.
    const at = Date.parse('2026-11-29T20:00:00Z');
    const [w] = zonedWeeks(at, at, 'Asia/Shanghai', 12);
    expect(w.weekStart).toBe('2026-11-30');
    expect(new Date(w.startMs).toISOString()).toBe('2026-11-29T16:00:00.000Z');
    expect(w.endMs - w.startMs).toBe(7 * 86_400_000);
    // The same instant in UTC is still the week before.
    expect(zonedWeeks(at, at, 'UTC', 12)[0].weekStart).toBe('2026-11-23');
  });

  it('covers every week from the first to the last, keeping the latest `max`', () => {
    const from = Date.parse('2026-09-01T00:00:00Z');
    const to = Date.parse('2026-12-04T00:00:00Z');
    const all = zonedWeeks(from, to, 'Asia/Shanghai', 52);
    expect(all[0].weekStart).toBe('2026-08-31');
    expect(all[all.length - 1].weekStart).toBe('2026-11-30');
    for (let i = 1; i < all.length; i++) expect(all[i].startMs).toBe(all[i - 1].endMs);
    const last12 = zonedWeeks(from, to, 'Asia/Shanghai', 12);
    expect(last12).toHaveLength(12);
    expect(last12).toEqual(all.slice(-12));
  });

  it('keeps weeks contiguous across a daylight-saving change', () => {
    const weeks = zonedWeeks(
      Date.parse('2026-03-01T12:00:00Z'),
      Date.parse('2026-04-01T12:00:00Z'),
      'America/New_York',
      52,
    );
    const dst = weeks.find((w) => w.weekStart === '2026-03-02')!;
    expect(dst.endMs - dst.startMs).toBe(7 * 86_400_000 - 3_600_000);
    for (let i = 1; i < weeks.length; i++) expect(weeks[i].startMs).toBe(weeks[i - 1].endMs);
  });
});
