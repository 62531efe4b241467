import { EyeOutlined } from '@ant-design/icons';
import { App, Button, Modal, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchFile } from '../api/client';
import { describeError } from '../i18n/api-messages';

interface Previewable {
  id: string;
  filename: string;
  mimeType: string;
}

/** Images and PDFs are shown in the page by the browser itself; other types download. */
export function canPreview(mimeType: string): boolean {
  return mimeType.startsWith('image/') || mimeType === 'application/pdf';
}

/**
 * 预览: fetches the file with the bearer token into a blob URL of the type the API checked
 * on upload. An image goes into an <img> (never runs script); a PDF into the browser's own
 * viewer in an iframe (the blob is typed application/pdf, so it is never parsed as a page).
 */
export function PreviewButton({
  evidence,
  path = `/evidence/${evidence.id}`,
}: {
  evidence: Previewable;
  /** Where its bytes are (a comment's file: `/comment-files/:id`). */
  path?: string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [url, setUrl] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    let gone = false;
    let made: string | null = null;
    fetchFile(path, evidence.mimeType)
      .then((blob) => {
        if (gone) return;
        made = URL.createObjectURL(blob);
        setUrl(made);
      })
      .catch((err: unknown) => {
        if (gone) return;
        setOpen(false);
        void message.error(describeError(err, t));
      });
    return () => {
      gone = true;
      if (made) URL.revokeObjectURL(made);
      setUrl(null);
    };
  }, [open, path, evidence.mimeType, message, t]);

  if (!canPreview(evidence.mimeType)) return null;
  const image = evidence.mimeType.startsWith('image/');
  return (
    <>
      <Button
        size="small"
        icon={<EyeOutlined />}
        aria-label={`${t('form.evidence.preview')} ${evidence.filename}`}
        data-testid="evidence-preview"
        onClick={() => setOpen(true)}
      >
        {t('form.evidence.preview')}
      </Button>
      <Modal
        open={open}
        title={t('form.evidence.previewTitle', { name: evidence.filename })}
        footer={null}
        width={image ? 'min(900px, 96vw)' : 'min(1000px, 96vw)'}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <div className="evidence-preview" data-testid="evidence-preview-body">
          {!url ? (
            <Spin />
          ) : image ? (
            <img src={url} alt={evidence.filename} />
          ) : (
            <iframe src={url} title={evidence.filename} />
          )}
        </div>
      </Modal>
    </>
  );
}
