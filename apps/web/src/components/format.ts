import dayjs from 'dayjs';
import type { TFunction } from 'i18next';

/**
 * The organisation's time zone (the API's ORG_TIMEZONE, Asia/Shanghai by default): due dates
 * and times are shown as they read there, not in the browser's zone (a deadline at the end of
 * a day in Beijing must not show as the next day's morning elsewhere, nor the day before).
 */
let orgTimeZone = 'Asia/Shanghai';

export function setOrgTimeZone(timeZone: string): void {
  orgTimeZone = timeZone;
}

function wallClock(iso: string): Record<string, string> | null {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return null;
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: orgTimeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(at);
  return Object.fromEntries(parts.map((p) => [p.type, p.value]));
}

export function formatDateTime(iso: string | null | undefined): string {
  const w = iso ? wallClock(iso) : null;
  if (!iso) return '—';
  return w
    ? `${w.year}-${w.month}-${w.day} ${w.hour}:${w.minute}`
    : dayjs(iso).format('YYYY-MM-DD HH:mm');
}

/**
 * A due time as its holder reads it: a due date (the end of a calendar day in the
 * organisation's zone, 23:59) as the day alone, "2026-12-31"; a step's due time, which falls
 * STEP_DUE after the step opened, with its hour, "2026-12-22 04:27".
 */
export function formatDue(iso: string | null | undefined): string {
  const w = iso ? wallClock(iso) : null;
  if (w && w.hour === '23' && w.minute === '59') return `${w.year}-${w.month}-${w.day}`;
  return formatDateTime(iso);
}

/** The calendar day `iso` falls on in the organisation's time zone. */
export function formatDate(iso: string | null | undefined): string {
  const w = iso ? wallClock(iso) : null;
  if (!iso) return '—';
  return w ? `${w.year}-${w.month}-${w.day}` : dayjs(iso).format('YYYY-MM-DD');
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** "3 天" / "5 小时" / "12 分钟": the coarsest unit that is at least one. */
export function spanText(ms: number, lng: string): string {
  const abs = Math.abs(ms);
  const zh = lng !== 'en';
  const units: [number, string, string][] = [
    [86_400_000, '天', 'd'],
    [3_600_000, '小时', 'h'],
    [60_000, '分钟', 'min'],
  ];
  for (const [size, zhUnit, enUnit] of units) {
    if (abs >= size) {
      const n = Math.floor(abs / size);
      return zh ? `${n} ${zhUnit}` : `${n} ${enUnit}`;
    }
  }
  return zh ? '不到 1 分钟' : '<1 min';
}

/** Relative due text: "剩余 3 天" or "已逾期 2 天". */
export function dueText(dueAt: string | null, t: TFunction, lng: string, now = Date.now()): string {
  if (!dueAt) return t('due.none');
  const diff = Date.parse(dueAt) - now;
  return diff < 0
    ? t('due.overdueBy', { text: spanText(diff, lng) })
    : t('due.dueIn', { text: spanText(diff, lng) });
}
