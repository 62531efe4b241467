import { dueDayEnd } from './due-times';

describe('dueDayEnd: a calendar day as a due date', () => {
  it('is the end of that day in the organisation time zone', () => {
    expect(dueDayEnd('2026-12-03', 'Asia/Shanghai')).toBe('2026-12-03T15:59:59.999Z');
    expect(dueDayEnd('2026-12-31', 'UTC')).toBe('2026-12-31T23:59:59.999Z');
    expect(dueDayEnd('2026-02-28', 'America/New_York')).toBe('2026-03-01T04:59:59.999Z');
  });

  it('follows daylight saving time on the day itself', () => {
    // 2026-03-08: New York moves to EDT (UTC-4) at 02:00; the day ends at 04:00Z next day.
    expect(dueDayEnd('2026-03-08', 'America/New_York')).toBe('2026-03-09T03:59:59.999Z');
    expect(dueDayEnd('2026-07-01', 'Europe/Berlin')).toBe('2026-07-01T21:59:59.999Z');
  });

  it('leaves full times and malformed days to the validators', () => {
    expect(dueDayEnd('2026-12-03T08:00:00Z', 'Asia/Shanghai')).toBe('2026-12-03T08:00:00Z');
    expect(dueDayEnd('2026-02-30', 'Asia/Shanghai')).toBe('2026-02-30');
    expect(dueDayEnd('2026-13-01', 'Asia/Shanghai')).toBe('2026-13-01');
    expect(dueDayEnd('tomorrow', 'Asia/Shanghai')).toBe('tomorrow');
  });
});
