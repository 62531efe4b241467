import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import { ApiError, type ApiFieldError } from '../api/client';
import { placeMessages } from '../api/field-errors';
import { API_ERROR_CODES } from './api-error-codes';
import i18n from './index';

const PATTERNS = [
  'should not be empty',
  'must be a valid ISO 8601 date string',
  'must be a UUID',
  'is required to reject',
  'must hold at least one measure',
  'must name at least one uploaded file',
  'must be one of the following values',
  'does not name a department',
  'names a deactivated user',
  'must name a user with the leader role',
] as const;

/** Answer codes the app words itself (apiError.code.* in resources). */
const CODED = [
  'separation_of_duties',
  'account_locked',
  'directory_unavailable',
  'password_change_required',
  // 立即回头看 refused (409).
  'finding_not_closed',
  'finding_withdrawn',
  'look_back_open',
  'look_back_done',
  // 意见建议 outside the publication window (409).
  'publication_closed',
] as const;

/**
 * The API speaks English to machines; a person reading Chinese gets the gist first and the
 * API's own words after it, so nothing is lost when a message has no translation.
 */
export function explainApiMessage(
  message: string,
  t: TFunction,
  errors: readonly ApiFieldError[] = [],
): string {
  // A code the API gave for this message says it best, in either language.
  const code = errors.find((e) => e.message === message)?.code;
  if (code && (API_ERROR_CODES as readonly string[]).includes(code)) {
    return i18n.language === 'en'
      ? `${t(`apiError.codes.${code}`)} (${message})`
      : `${t(`apiError.codes.${code}`)}（${message}）`;
  }
  const hit = PATTERNS.find((p) => message.includes(p));
  if (!hit || i18n.language === 'en') return message;
  return `${t(`apiError.${hit}`)}（${message}）`;
}

/** A one-line summary of any failure for a toast. */
export function describeError(err: unknown, t: TFunction): string {
  if (err instanceof ApiError) {
    // Answers with a code of their own get the app's own words for it.
    if (err.code && (CODED as readonly string[]).includes(err.code))
      return t(`apiError.code.${err.code}`);
    if (err.code === 'department_has_open_findings')
      return t('apiError.code.department_has_open_findings', {
        count: Number(err.body.openFindings) || 0,
      });
    // Too many exports in flight (the caller's or everyone's): when to try again.
    if (err.code === 'export_busy')
      return t('apiError.code.export_busy', {
        seconds: Number(err.body.retryAfterSeconds) || 1,
      });
    if (err.status === 429) return t('apiError.tooManyRequests');
    if (err.status === 403) return `${t('apiError.forbidden')}：${err.messages.join('；')}`;
    if (err.status === 409) return `${t('apiError.conflict')}：${err.messages.join('；')}`;
    if (err.status === 413 && err.errors.length === 0) return t('apiError.tooLarge');
    return err.messages.map((m) => explainApiMessage(m, t, err.errors)).join('；');
  }
  if (err instanceof TypeError) return t('apiError.network');
  return err instanceof Error ? err.message : String(err);
}

/**
 * A failed form submission shown where it belongs: a 400's messages under the fields they
 * name (in the reader's language), the rest — and any other failure — as one toast.
 */
export function showSubmitError<V>(
  err: unknown,
  form: FormInstance<V>,
  fields: readonly (keyof V & string)[],
  t: TFunction,
  toast: (text: string) => unknown,
): void {
  if (!(err instanceof ApiError) || err.status !== 400) {
    toast(describeError(err, t));
    return;
  }
  const placed = placeMessages(err.messages, fields);
  form.setFields(
    [...placed.byField.values()].map(
      (e) =>
        ({
          name: e.path[0],
          errors: e.messages.map((m) => explainApiMessage(m, t, err.errors)),
        }) as Parameters<FormInstance<V>['setFields']>[0][number],
    ),
  );
  if (placed.general.length) toast(placed.general.join('；'));
}
