import { renderNotice, type NoticeCode, type NoticeParamsByCode } from '@rectiflow/domain';
import type { Notice } from '../api/types';
import { formatDateTime } from '../components/format';

/**
 * A notice's title and body in the reader's language, from its code and parameters (the texts
 * live in libs/domain with the machine that sends them); older notices without a code keep
 * the Chinese text they were stored with.
 */
export function noticeText(n: Notice, language: string): { title: string; body: string } {
  if (!n.code || !n.params) return { title: n.title, body: n.body };
  return renderWith(n.code, n.params, language === 'en' ? 'en' : 'zh');
}

function renderWith<C extends NoticeCode>(
  code: C,
  params: NoticeParamsByCode[NoticeCode],
  lang: 'zh' | 'en',
): { title: string; body: string } {
  // The API stores each notice's parameters with its code, so they fit its text.
  return renderNotice(code, params as NoticeParamsByCode[C], lang, (iso) =>
    iso ? formatDateTime(iso) : '',
  );
}
