import { CloseOutlined, PaperClipOutlined } from '@ant-design/icons';
import { App, Button, Space, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { download, fieldErrorsOf, getToken } from '../api/client';
import type { CommentFileView } from '../api/types';
import { describeError, explainApiMessage } from '../i18n/api-messages';
import { PreviewButton } from './evidence-preview';
import { formatSize } from './format';

/**
 * A stored file (a comment's, a 约谈/问责 record's): its name downloads it from `path`; an image
 * or PDF can be previewed.
 */
export function StoredFileItem({ file, path }: { file: CommentFileView; path: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  return (
    <li className="comment-file" data-testid="stored-file">
      <Space size={6} wrap>
        <PaperClipOutlined />
        <Button
          type="link"
          size="small"
          className="comment-file-link"
          onClick={() =>
            void download(path, file.filename).catch((err: unknown) =>
              message.error(describeError(err, t)),
            )
          }
        >
          {file.filename}
        </Button>
        <span className="muted small">{formatSize(file.size)}</span>
        <PreviewButton evidence={file} path={path} />
      </Space>
    </li>
  );
}

/**
 * 附件 of something not yet written (a comment, a record): files are uploaded first to `action`
 * (the evidence upload rules: a type or size refused is said by its code), listed as pending with
 * a button to drop each, and the form then names them in its `fileIds`.
 */
export function AttachFiles({
  action,
  files,
  onChange,
  max,
  label,
  listLabel,
  testId,
}: {
  action: string;
  files: CommentFileView[];
  onChange: (files: CommentFileView[]) => void;
  max: number;
  label: string;
  listLabel: string;
  testId: string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [uploading, setUploading] = useState<UploadFile[]>([]);
  return (
    <div className="comment-attach">
      <Upload
        name="file"
        multiple
        action={action}
        headers={{ Authorization: `Bearer ${getToken() ?? ''}` }}
        fileList={uploading}
        showUploadList={{ showRemoveIcon: false }}
        disabled={files.length >= max}
        onChange={({ file, fileList }) => {
          setUploading(fileList.filter((f) => f.status === 'uploading'));
          if (file.status === 'done') {
            onChange([...files, file.response as CommentFileView]);
          } else if (file.status === 'error') {
            const errors = fieldErrorsOf(file.response);
            const explained = errors.length
              ? errors.map((e) => explainApiMessage(e.message, t, errors)).join('；')
              : describeError(file.error, t);
            void message.error(t('form.evidence.failed', { name: file.name, message: explained }));
          }
        }}
      >
        <Button icon={<PaperClipOutlined />} data-testid={testId}>
          {label}
        </Button>
      </Upload>
      {files.length > 0 && (
        <ul className="comment-files pending" aria-label={listLabel}>
          {files.map((f) => (
            <li key={f.id} className="comment-file" data-testid="pending-file">
              <Space size={6}>
                <PaperClipOutlined />
                <span>{f.filename}</span>
                <span className="muted small">{formatSize(f.size)}</span>
                <Button
                  type="text"
                  size="small"
                  icon={<CloseOutlined />}
                  aria-label={t('comments.removeFile', { name: f.filename })}
                  onClick={() => onChange(files.filter((x) => x.id !== f.id))}
                />
              </Space>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
