import { Alert, Button, Card, Descriptions, Result, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { api, ApiError } from '../api/client';
import type { PublicRoundView } from '../api/types';
import { useDocumentTitle } from '../hooks/use-document-title';
import { useLoad } from '../hooks/use-load';
import { describeError } from '../i18n/api-messages';
import { PublicCommentForm, ReceiptLookup } from '../public/public-comments';

/** 'YYYY-MM-DD' as the genre writes a day in Chinese (2025年9月1日); English keeps the ISO day. */
function day(value: string, lang: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m || lang === 'en') return value;
  return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`;
}

/** Today as a calendar day where the reader is (only to word a closed window: not yet, or over). */
function localToday(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** A section heading of the 通报 ("一、…"): shown as a heading, still plain text. */
const SECTION = /^[一二三四五六七八九十]{1,3}、\S{1,40}$/;
/** The closing date line ("2026年12月4日"), set to the right as a document signs off. */
const CLOSING = /^\d{4}年\d{1,2}月\d{1,2}日$/;

/**
 * 公开: a published progress report as the public reads it, with no sign-in and outside the
 * signed-in layout. The text is shown as plain paragraphs (React escapes it: never HTML), with
 * the window, whether it is still open, the contacts and how many findings were withheld.
 */
export function PublicRoundPage() {
  const { slug = '' } = useParams();
  const { t, i18n } = useTranslation();
  const page = useLoad(
    () => api.get<PublicRoundView>(`/public/rounds/${encodeURIComponent(slug)}`),
    [slug],
  );
  useDocumentTitle(page.data?.title);
  const lang = i18n.language;

  const header = (
    <header className="public-bar">
      <span className="public-brand">{t('app.short')}</span>
      <Button
        size="small"
        type="text"
        aria-label={t('common.languageLabel')}
        onClick={() => void i18n.changeLanguage(lang === 'en' ? 'zh-CN' : 'en')}
      >
        {t('common.language')}
      </Button>
    </header>
  );

  if (page.error) {
    const missing = page.error instanceof ApiError && page.error.status === 404;
    return (
      <div className="public-page">
        {header}
        <Result
          status={missing ? '404' : 'warning'}
          title={missing ? t('publicPage.notFound') : describeError(page.error, t)}
          subTitle={missing ? t('publicPage.notFoundBody') : undefined}
        />
      </div>
    );
  }
  if (!page.data)
    return (
      <div className="public-page">
        {header}
        <Skeleton active className="public-article" />
      </div>
    );
  const p = page.data;
  const notYet = !p.open && localToday() < p.from;
  const paragraphs = p.text.split(/\n{2,}/).filter((x) => x.trim().length > 0);
  const contacts = (['phone', 'email', 'address', 'postcode'] as const).filter(
    (k) => p.contacts[k],
  );

  return (
    <div className="public-page">
      {header}
      <article className="public-article" lang="zh-CN">
        <div className="public-kicker">{t('publicPage.kicker')}</div>
        <Typography.Title level={1} className="public-title">
          {p.title}
        </Typography.Title>
        <div className="public-window" data-testid="public-window">
          {t('publicPage.window', { from: day(p.from, lang), to: day(p.to, lang) })}
        </div>
        {p.open ? (
          <Alert type="success" showIcon title={t('publicPage.openNow')} className="public-state" />
        ) : (
          <Alert
            type={notYet ? 'info' : 'warning'}
            showIcon
            data-testid="public-closed"
            className="public-state"
            title={notYet ? t('publicPage.notYet') : t('publicPage.ended')}
            description={
              notYet
                ? t('publicPage.notYetBody', { from: day(p.from, lang) })
                : t('publicPage.endedBody', { to: day(p.to, lang) })
            }
          />
        )}
        <div className="public-text" data-testid="public-text">
          {paragraphs.map((text, i) =>
            SECTION.test(text) ? (
              <h2 key={i} className="public-section">
                {text}
              </h2>
            ) : (
              <p
                key={i}
                className={
                  i === 0 ? 'public-subtitle' : CLOSING.test(text) ? 'public-closing' : undefined
                }
              >
                {text}
              </p>
            ),
          )}
        </div>
        {p.withheldCount > 0 && (
          <p className="public-withheld" data-testid="public-withheld">
            {t('publicPage.withheld', { count: p.withheldCount })}
          </p>
        )}
        {contacts.length > 0 && (
          <Card size="small" title={t('publicPage.contacts')} className="public-contacts">
            <Descriptions
              size="small"
              column={1}
              items={contacts.map((k) => ({
                key: k,
                label: t(`publicPage.${k}`),
                children: p.contacts[k],
              }))}
            />
          </Card>
        )}
        {/* 意见建议: the form while the window is open, the reply look-up always. */}
        <PublicCommentForm slug={slug} open={p.open} />
        <ReceiptLookup />
        <footer className="public-footer muted small">
          <div>
            {t('publicPage.publishedAt', {
              date: new Date(p.publishedAt).toLocaleString(lang === 'en' ? 'en' : 'zh-CN'),
            })}
          </div>
          <div className="public-hash">
            {t('publicPage.hash')}
            <code>{p.textHash}</code>
          </div>
        </footer>
      </article>
    </div>
  );
}
