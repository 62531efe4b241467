import { formatDue, setOrgTimeZone } from '../../apps/web/src/components/format';

describe('a due time as the web app shows it', () => {
  afterEach(() => setOrgTimeZone('Asia/Shanghai'));

  it('shows a due date (the end of a day in the organisation’s zone) as the day alone', () => {
    // 2026-12-31 23:59:59.999 in Beijing.
    expect(formatDue('2026-12-31T15:59:59.999Z')).toBe('2026-12-31');
  });

  it('shows a step’s due time, which falls at any hour, with that hour', () => {
    expect(formatDue('2026-12-21T20:27:00.000Z')).toBe('2026-12-22 04:27');
  });

  it('reads both in the organisation’s zone, not UTC', () => {
    setOrgTimeZone('Europe/Berlin');
    expect(formatDue('2026-12-31T15:59:59.999Z')).toBe('2026-12-31 16:59');
    expect(formatDue('2026-12-31T22:59:59.999Z')).toBe('2026-12-31');
  });

  it('shows a dash when there is no due time', () => {
    expect(formatDue(null)).toBe('—');
  });
});
