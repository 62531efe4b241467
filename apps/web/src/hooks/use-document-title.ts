import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** The window title names the page first (tabs, history, and what a screen reader announces). */
export function useDocumentTitle(title: string | undefined): void {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = title ? `${title} - ${t('app.title')}` : t('app.title');
  }, [title, t]);
}
