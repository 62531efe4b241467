import dayjs, { type Dayjs } from 'dayjs';

/** A chosen day means "by the end of that day" in the user's time zone. */
export function endOfDayIso(value: Dayjs | null | undefined): string | undefined {
  return value ? value.endOf('day').toISOString() : undefined;
}

export function toDay(iso: string | null | undefined): Dayjs | undefined {
  return iso ? dayjs(iso) : undefined;
}

export function notBeforeToday(day: Dayjs): boolean {
  return day.isBefore(dayjs().startOf('day'));
}
