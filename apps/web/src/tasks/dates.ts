import dayjs, { type Dayjs } from 'dayjs';
import type { KeyboardEvent } from 'react';
import { formatDate } from '../components/format';

/**
 * A chosen day is sent as the calendar day (`YYYY-MM-DD`): the API takes it as the end of that
 * day in the organisation's time zone (ORG_TIMEZONE), whatever zone the browser is in.
 */
export function endOfDayIso(value: Dayjs | null | undefined): string | undefined {
  return value ? value.format('YYYY-MM-DD') : undefined;
}

/** A due time as the calendar day it falls on where the organisation is (for a date picker). */
export function toDay(iso: string | null | undefined): Dayjs | undefined {
  return iso ? dayjs(formatDate(iso)) : undefined;
}

export function notBeforeToday(day: Dayjs): boolean {
  return day.isBefore(dayjs().startOf('day'));
}

/**
 * Enter in a text box or a date picker must not submit a task form by accident (a date is
 * confirmed with Enter); only the submit button sends it. Text areas keep their new lines.
 * Used in the capture phase: the date picker stops the key event from bubbling.
 */
export function keepEnterFromSubmitting(e: KeyboardEvent<HTMLFormElement>): void {
  const target = e.target as HTMLElement;
  if (e.key === 'Enter' && target.tagName === 'INPUT') e.preventDefault();
}
