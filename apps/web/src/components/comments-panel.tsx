import { CloseOutlined, PaperClipOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Empty,
  Form,
  Input,
  Select,
  Space,
  Typography,
  Upload,
  type UploadFile,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { COMMENT_LIMITS } from '@rectiflow/contracts/web';
import { api, download, fieldErrorsOf, getToken } from '../api/client';
import type { Comment, CommentFileView, CommentPage } from '../api/types';
import { useOrganisation } from '../auth/organisation';
import { useLoad } from '../hooks/use-load';
import { describeError, explainApiMessage, showSubmitError } from '../i18n/api-messages';
import { PreviewButton } from './evidence-preview';
import { formatDateTime, formatSize } from './format';

interface CommentForm {
  text: string;
  mentionUserIds?: string[];
}

/** A comment's file: its name downloads it; an image or PDF can be previewed. */
function CommentFile({ file }: { file: CommentFileView }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  return (
    <li className="comment-file" data-testid="comment-file">
      <Space size={6} wrap>
        <PaperClipOutlined />
        <Button
          type="link"
          size="small"
          className="comment-file-link"
          onClick={() =>
            void download(`/comment-files/${file.id}`, file.filename).catch((err: unknown) =>
              message.error(describeError(err, t)),
            )
          }
        >
          {file.filename}
        </Button>
        <span className="muted small">{formatSize(file.size)}</span>
        <PreviewButton evidence={file} path={`/comment-files/${file.id}`} />
      </Space>
    </li>
  );
}

/**
 * A finding's discussion (讨论): the thread, oldest first, and a box to add to it, @mentioning
 * people of the unit (they get a notice). Shown on the finding page and beside a task's form.
 */
export function CommentsPanel({ findingId, unitId }: { findingId: string; unitId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const org = useOrganisation();
  const [form] = Form.useForm<CommentForm>();
  const [sending, setSending] = useState(false);
  // 附件: uploaded first (the evidence upload rules), then named by the comment in `fileIds`.
  const [uploading, setUploading] = useState<UploadFile[]>([]);
  const [files, setFiles] = useState<CommentFileView[]>([]);
  const thread = useLoad(
    () => api.get<CommentPage>(`/findings/${findingId}/comments?pageSize=200`),
    [findingId],
  );
  const people = useMemo(
    () =>
      org.users
        .filter((u) => u.active && (u.unitId === unitId || u.unitId === null))
        .map((u) => ({ value: u.id, label: u.displayName })),
    [org.users, unitId],
  );

  const send = async (values: CommentForm) => {
    setSending(true);
    try {
      await api.post<Comment>(`/findings/${findingId}/comments`, {
        text: values.text,
        mentionUserIds: values.mentionUserIds ?? [],
        ...(files.length > 0 ? { fileIds: files.map((f) => f.id) } : {}),
      });
      form.resetFields();
      setFiles([]);
      await thread.reload();
    } catch (err) {
      showSubmitError(err, form, ['text', 'mentionUserIds'], t, (text) => void message.error(text));
    } finally {
      setSending(false);
    }
  };

  const items = thread.data?.items ?? [];
  return (
    <div className="comments" data-testid="comments">
      {items.length === 0 && thread.data && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('comments.empty')} />
      )}
      <ul className="comment-list" aria-label={t('comments.title')}>
        {items.map((c) => (
          <li key={c.id} className="comment">
            <Space size={8} wrap>
              <strong>{c.authorName || org.userName(c.authorId)}</strong>
              <span className="muted small">{formatDateTime(c.createdAt)}</span>
            </Space>
            <Typography.Paragraph className="comment-text">{c.text}</Typography.Paragraph>
            {c.files.length > 0 && (
              <ul className="comment-files" aria-label={t('comments.files')}>
                {c.files.map((f) => (
                  <CommentFile key={f.id} file={f} />
                ))}
              </ul>
            )}
            {c.mentionUserIds.length > 0 && (
              <div className="muted small">
                {t('comments.mentioned', {
                  names: c.mentionUserIds.map((id) => org.userName(id)).join('、'),
                })}
              </div>
            )}
          </li>
        ))}
      </ul>
      <Form form={form} layout="vertical" onFinish={(v) => void send(v)} requiredMark={false}>
        <Form.Item
          name="text"
          label={t('comments.text')}
          rules={[{ required: true, whitespace: true, message: t('comments.textRequired') }]}
        >
          <Input.TextArea
            rows={3}
            maxLength={COMMENT_LIMITS.textMax}
            placeholder={t('comments.placeholder')}
            data-testid="comment-text"
          />
        </Form.Item>
        <Form.Item name="mentionUserIds" label={t('comments.mention')}>
          <Select
            mode="multiple"
            allowClear
            options={people}
            optionFilterProp="label"
            placeholder={t('comments.mentionPlaceholder')}
            maxCount={COMMENT_LIMITS.mentionsMax}
          />
        </Form.Item>
        <div className="comment-attach">
          <Upload
            name="file"
            multiple
            action={`/api/findings/${findingId}/comment-files`}
            headers={{ Authorization: `Bearer ${getToken() ?? ''}` }}
            fileList={uploading}
            showUploadList={{ showRemoveIcon: false }}
            disabled={files.length >= COMMENT_LIMITS.filesMax}
            onChange={({ file, fileList }) => {
              setUploading(fileList.filter((f) => f.status === 'uploading'));
              if (file.status === 'done') {
                setFiles((prev) => [...prev, file.response as CommentFileView]);
              } else if (file.status === 'error') {
                // Too large, a type not allowed: said by its code, as for evidence.
                const errors = fieldErrorsOf(file.response);
                const explained = errors.length
                  ? errors.map((e) => explainApiMessage(e.message, t, errors)).join('；')
                  : describeError(file.error, t);
                void message.error(
                  t('form.evidence.failed', { name: file.name, message: explained }),
                );
              }
            }}
          >
            <Button icon={<PaperClipOutlined />} data-testid="comment-attach">
              {t('comments.attach')}
            </Button>
          </Upload>
          {files.length > 0 && (
            <ul className="comment-files pending" aria-label={t('comments.files')}>
              {files.map((f) => (
                <li key={f.id} className="comment-file" data-testid="comment-pending-file">
                  <Space size={6}>
                    <PaperClipOutlined />
                    <span>{f.filename}</span>
                    <span className="muted small">{formatSize(f.size)}</span>
                    <Button
                      type="text"
                      size="small"
                      icon={<CloseOutlined />}
                      aria-label={t('comments.removeFile', { name: f.filename })}
                      onClick={() => setFiles((prev) => prev.filter((x) => x.id !== f.id))}
                    />
                  </Space>
                </li>
              ))}
            </ul>
          )}
        </div>
        <Button type="primary" htmlType="submit" loading={sending} data-testid="comment-send">
          {t('comments.send')}
        </Button>
      </Form>
    </div>
  );
}
