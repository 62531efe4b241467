import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsOptional,
  IsUUID,
  registerDecorator,
  ValidateBy,
  type ValidationOptions,
} from 'class-validator';
import { dueDayEnd } from '@rectiflow/domain';

// Zero-width characters, bidirectional marks, embeddings, overrides and isolates (a title
// "\u202Egnp.exe" displays as "exe.png"), word joiners and the byte-order mark.
const INVISIBLE = /[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
// Every C0 and C1 control character, NUL included.
const CONTROL = /\p{Cc}/gu;
// The same but tab and line feed, for texts of several lines (a carriage return becomes \n).
const CONTROL_BUT_LINES = /(?![\t\n])\p{Cc}/gu;

/**
 * A text as it may be stored: NFC, without control, zero-width or bidi-override characters,
 * trimmed. `multiline` keeps tabs and line breaks (measures, reports, notes).
 */
export function cleanText(value: string, { multiline = false } = {}): string {
  let s = value.normalize('NFC');
  if (multiline) s = s.replace(/\r\n?/g, '\n').replace(CONTROL_BUT_LINES, '');
  else s = s.replace(CONTROL, '');
  return s.replace(INVISIBLE, '').trim();
}

/**
 * class-transformer: cleans a string property (or each string of a list) before validation,
 * so `@IsNotEmpty()` sees what will be stored; other values pass to the validators untouched.
 */
export function CleanText(options: { multiline?: boolean } = {}): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => {
    if (typeof value === 'string') return cleanText(value, options);
    if (Array.isArray(value))
      return value.map((v) => (typeof v === 'string' ? cleanText(v, options) : v));
    return value;
  });
}

/** A username as stored and as looked up: NFKC, lower case (`Ｏffice`, `Office` → `office`). */
export function canonicalUsername(value: string): string {
  return value.normalize('NFKC').toLowerCase().trim();
}

export const CanonicalUsername = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? canonicalUsername(value) : value,
  );

let horizonMs = 5 * 365.25 * 86_400_000;

/** DUE_DATE_HORIZON, set once by configureApp (the validators are declared statically). */
export function setDueDateHorizon(ms: number): void {
  horizonMs = ms;
}

let orgTimeZone = 'Asia/Shanghai';

/** ORG_TIMEZONE, set once by configureApp: where a due date given as a day ends. */
export function setOrgTimeZone(timeZone: string): void {
  orgTimeZone = timeZone;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/**
 * Why `value` (an ISO date) is no due date now, or null: `due_in_past` or `due_beyond_horizon`.
 * A bare day counts until its end anywhere on earth, so "today" is never in the past.
 */
export function dueDateProblem(
  value: string,
  nowMs: number,
  horizon: number,
): 'due_in_past' | 'due_beyond_horizon' | null {
  const at = Date.parse(value);
  if (Number.isNaN(at)) return null; // IsISO8601 names that
  const latest = DATE_ONLY.test(value) ? at + DAY_MS + 12 * 3_600_000 : at;
  if (latest < nowMs) return 'due_in_past';
  if (at > nowMs + horizon) return 'due_beyond_horizon';
  return null;
}

function horizonText(): string {
  const years = horizonMs / (365.25 * DAY_MS);
  return Number.isInteger(Math.round(years * 100) / 100)
    ? `${Math.round(years)} years`
    : `${Math.round(horizonMs / DAY_MS)} days`;
}

/**
 * A due date between now and DUE_DATE_HORIZON ahead; `allowPast` for dates recorded from an
 * earlier document (a round's or an imported ledger's deadline may have passed already). A
 * calendar day (`YYYY-MM-DD`) is taken as the end of that day in ORG_TIMEZONE (API.md "Daily
 * work"): the property holds that ISO time once transformed.
 */
export function IsDueDate(
  options: { allowPast?: boolean } = {},
  validation?: ValidationOptions,
): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? dueDayEnd(value, orgTimeZone) : value,
    )(target, propertyName);
    const check = (code: 'due_in_past' | 'due_beyond_horizon') =>
      registerDecorator({
        name: code,
        target: target.constructor,
        propertyName: String(propertyName),
        options: validation,
        validator: {
          validate: (value: unknown) =>
            typeof value !== 'string' || dueDateProblem(value, Date.now(), horizonMs) !== code,
          defaultMessage: (args) =>
            code === 'due_in_past'
              ? `${args?.property ?? 'dueAt'} must be a time in the future`
              : `${args?.property ?? 'dueAt'} must lie within ${horizonText()} from now (DUE_DATE_HORIZON)`,
        },
      });
    if (!options.allowPast) check('due_in_past');
    check('due_beyond_horizon');
  };
}

/**
 * A search text for `LIKE … ESCAPE '\'`: `%`, `_` and the escape character itself match only
 * themselves (the same on SQLite and PostgreSQL).
 */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * A file name for Content-Disposition: whatever data it was made from (a round's title, an
 * older row), no control, zero-width or bidi characters and nothing a file system reads
 * specially. Every download passes through it.
 */
export function downloadName(name: string): string {
  return (
    cleanText(name)
      .replace(/[\\/:*?"<>|]+/g, ' ')
      .replace(/\s+/g, ' ')
      .replace(/^[.\s]+|[.\s]+$/g, '') || 'download'
  );
}

/**
 * `coDepartmentIds` of an assignment or a reassignment: optional, at most 20 ids, each named
 * once, and never the lead department of the same body.
 */
export function CoDepartmentIds(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: [String], description: 'deduplicated; never the lead department' }),
    Transform(({ value }: { value: unknown }) =>
      Array.isArray(value) ? [...new Set(value)] : value,
    ),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(20),
    IsUUID('all', { each: true }),
    ValidateBy({
      name: 'co_department_is_lead',
      validator: {
        validate: (ids: unknown, args) =>
          !Array.isArray(ids) ||
          !ids.includes((args?.object as { leadDepartmentId?: string }).leadDepartmentId),
        defaultMessage: () => 'coDepartmentIds must not name the lead department',
      },
    }),
  );
}
