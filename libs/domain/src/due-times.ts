/** Durations that drive every timer, in milliseconds (API.md "Time"). */
export interface Timing {
  warnBeforeMs: number;
  escalateAfterMs: number;
  escalationIntervalMs: number;
  stepDueMs: number;
  stageReportEveryMs: number;
  lookBackAfterMs: number;
}

/**
 * When a new task falls due (API.md "Time"); each task kind names its rule:
 * - `finding_deadline`: at the finding's due time (the evidence step);
 * - `step_within_deadline`: one `STEP_DUE` after it opens, never after the finding's due time
 *   (drafting the measures);
 * - `stage_period`: at the end of its reporting period (a long-term stage report);
 * - `step`: one `STEP_DUE` after it opens (every other step).
 */
export type DueRule = 'finding_deadline' | 'step_within_deadline' | 'stage_period' | 'step';

export function taskDueAt(
  rule: DueRule,
  openedAtMs: number,
  findingDueAt: string | null,
  timing: Timing,
): string {
  const findingDue = findingDueAt ? Date.parse(findingDueAt) : null;
  const stepDue = openedAtMs + timing.stepDueMs;
  switch (rule) {
    case 'finding_deadline':
      return new Date(findingDue ?? stepDue).toISOString();
    case 'step_within_deadline':
      return new Date(findingDue !== null ? Math.min(stepDue, findingDue) : stepDue).toISOString();
    case 'stage_period':
      return new Date(openedAtMs + timing.stageReportEveryMs).toISOString();
    case 'step':
      return new Date(stepDue).toISOString();
  }
}

const DAY_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** How far `timeZone`'s wall clock is ahead of UTC at the instant `ms`. */
function zoneOffsetMs(timeZone: string, ms: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return wall + get('second') * 1000 - (ms - (((ms % 1000) + 1000) % 1000));
}

/** The instant a calendar day (YYYY-MM-DD, `plusDays` later) starts in `timeZone` (ms). */
export function startOfZonedDay(day: string, timeZone: string, plusDays = 0): number {
  const m = DAY_ONLY.exec(day);
  if (!m) throw new Error(`not a day: ${day}`);
  const midnight = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + plusDays);
  // Twice: the offset at the guess may differ from the offset at the answer (DST).
  const guess = midnight - zoneOffsetMs(timeZone, midnight);
  return midnight - zoneOffsetMs(timeZone, guess);
}

/**
 * A due date given as a calendar day (`YYYY-MM-DD`) means the end of that day where the
 * organisation is (ORG_TIMEZONE): 23:59:59.999 there, as an ISO time. Any other value is
 * answered unchanged (a full ISO time is already an instant; a malformed one is the
 * validators' to name).
 */
export function dueDayEnd(value: string, timeZone: string): string {
  const m = DAY_ONLY.exec(value);
  if (!m) return value;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return value;
  // The end of the day read as if it were UTC, then moved by the zone's offset at that time
  // (asked twice: the first guess may fall on the other side of a daylight-saving change).
  const wallEnd = Date.UTC(y, mo - 1, d + 1) - 1;
  if (new Date(Date.UTC(y, mo - 1, d)).getUTCDate() !== d) return value;
  const guess = wallEnd - zoneOffsetMs(timeZone, wallEnd);
  return new Date(wallEnd - zoneOffsetMs(timeZone, guess)).toISOString();
}

/** The calendar day (YYYY-MM-DD) it is in `timeZone` at the instant `ms`. */
export function zonedDay(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date(ms));
}

/** A week of the organisation's calendar: Monday 00:00 to the next Monday 00:00 in its zone. */
export interface ZonedWeek {
  weekStart: string;
  startMs: number;
  endMs: number;
}

/**
 * The weeks (Monday to Sunday, in `timeZone`) from the one holding `fromMs` to the one holding
 * `toMs`, oldest first, at most `max` of them (the latest ones).
 */
export function zonedWeeks(
  fromMs: number,
  toMs: number,
  timeZone: string,
  max: number,
): ZonedWeek[] {
  const monday = (ms: number) => {
    const day = zonedDay(ms, timeZone);
    const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
    return new Date(Date.parse(`${day}T00:00:00Z`) - weekday * 86_400_000)
      .toISOString()
      .slice(0, 10);
  };
  const first = monday(Math.min(fromMs, toMs));
  const last = monday(toMs);
  const days: string[] = [];
  for (let d = first; d <= last;) {
    days.push(d);
    d = new Date(Date.parse(`${d}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);
  }
  return days.slice(-max).map((weekStart) => ({
    weekStart,
    startMs: startOfZonedDay(weekStart, timeZone),
    endMs: startOfZonedDay(weekStart, timeZone, 7),
  }));
}
