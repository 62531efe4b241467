import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import {
  canonicalUsername,
  CleanText,
  cleanText,
  downloadName,
  dueDateProblem,
  IsDueDate,
  likePattern,
  setOrgTimeZone,
} from './input-hygiene';

const DAY = 86_400_000;
const YEARS_5 = 5 * 365.25 * DAY;

describe('cleanText', () => {
  it('strips control, zero-width and bidi characters, keeps Chinese and spaces inside', () => {
    expect(cleanText('整改\u0000报告\u200b（一）\u202Etxt.exe\u2066x\u2069\ufeff')).toBe(
      '整改报告（一）txt.exex',
    );
    expect(cleanText('  a\tb\nc  ')).toBe('abc');
    expect(cleanText('第一行\r\n第二行\t\u0007', { multiline: true })).toBe('第一行\n第二行');
  });
  it('runs as a class-transformer decorator before validation, on strings and lists', () => {
    class Dto {
      @CleanText() title!: string;
      @CleanText({ multiline: true }) measures!: string[];
      @CleanText() count!: number;
    }
    const dto = plainToInstance(Dto, {
      title: '\u202E标题',
      measures: ['措施\u200d一\n第二行', 3],
      count: 7,
    });
    expect(dto).toEqual({ title: '标题', measures: ['措施一\n第二行', 3], count: 7 });
  });
});

describe('dueDateProblem', () => {
  const now = Date.parse('2026-06-01T04:00:00Z');
  it('refuses the past and beyond the horizon', () => {
    expect(dueDateProblem('2026-05-31T04:00:00Z', now, YEARS_5)).toBe('due_in_past');
    expect(dueDateProblem('9999-12-31T00:00:00Z', now, YEARS_5)).toBe('due_beyond_horizon');
    expect(dueDateProblem('2031-06-02T00:00:00Z', now, YEARS_5)).toBe('due_beyond_horizon');
    expect(dueDateProblem('2026-07-01T00:00:00Z', now, YEARS_5)).toBeNull();
    expect(dueDateProblem('2031-05-30T00:00:00Z', now, YEARS_5)).toBeNull();
  });
  it('takes a bare day as lasting until its end (today is not in the past)', () => {
    expect(dueDateProblem('2026-06-01', now, YEARS_5)).toBeNull();
    expect(dueDateProblem('2026-05-30', now, YEARS_5)).toBe('due_in_past');
  });
  it('is a validator whose constraint names are the codes', () => {
    class Dto {
      @IsDueDate() dueAt!: string;
      @IsDueDate({ allowPast: true }) recorded!: string;
    }
    const errors = validateSync(
      plainToInstance(Dto, { dueAt: '2000-01-01T00:00:00Z', recorded: '2000-01-01T00:00:00Z' }),
    );
    expect(errors.map((e) => [e.property, Object.keys(e.constraints ?? {})])).toEqual([
      ['dueAt', ['due_in_past']],
    ]);
    const far = validateSync(
      plainToInstance(Dto, { dueAt: '9999-01-01T00:00:00Z', recorded: '9999-01-01T00:00:00Z' }),
    );
    expect(far.map((e) => [e.property, Object.keys(e.constraints ?? {})])).toEqual([
      ['dueAt', ['due_beyond_horizon']],
      ['recorded', ['due_beyond_horizon']],
    ]);
  });

  it('takes a calendar day as the end of that day in ORG_TIMEZONE', () => {
    class Dto {
      @IsDueDate({ allowPast: true }) dueAt!: string;
    }
    try {
      expect(plainToInstance(Dto, { dueAt: '2026-12-31' }).dueAt).toBe('2026-12-31T15:59:59.999Z');
      setOrgTimeZone('Europe/London');
      expect(plainToInstance(Dto, { dueAt: '2026-12-31' }).dueAt).toBe('2026-12-31T23:59:59.999Z');
      // A full time is an instant already.
      expect(plainToInstance(Dto, { dueAt: '2026-12-31T08:00:00Z' }).dueAt).toBe(
        '2026-12-31T08:00:00Z',
      );
      expect(validateSync(plainToInstance(Dto, { dueAt: '2026-12-31' }))).toEqual([]);
    } finally {
      setOrgTimeZone('Asia/Shanghai');
    }
  });
});

describe('likePattern', () => {
  it('makes % _ and the escape character literal', () => {
    expect(likePattern('%')).toBe('%\\%%');
    expect(likePattern('a_b')).toBe('%a\\_b%');
    expect(likePattern('c:\\x')).toBe('%c:\\\\x%');
    expect(likePattern('巡察')).toBe('%巡察%');
  });
});

describe('canonicalUsername', () => {
  it('folds case and compatibility forms', () => {
    expect(canonicalUsername('Office')).toBe('office');
    expect(canonicalUsername('ｏｆｆｉｃｅ')).toBe('office');
    expect(canonicalUsername('OFFICE')).toBe(canonicalUsername('office'));
  });
});

describe('downloadName', () => {
  it('keeps no control, invisible or reserved characters', () => {
    expect(downloadName('巡察\u202Egpj.exe\u0000"a"/b.md')).toBe('巡察gpj.exe a b.md');
    expect(downloadName('\u200b')).toBe('download');
  });
});
