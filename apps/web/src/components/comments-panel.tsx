import { App, Button, Empty, Form, Input, Select, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { COMMENT_LIMITS } from '@rectiflow/contracts/web';
import { api } from '../api/client';
import type { Comment, CommentFileView, CommentPage } from '../api/types';
import { useOrganisation } from '../auth/organisation';
import { useLoad } from '../hooks/use-load';
import { showSubmitError } from '../i18n/api-messages';
import { AttachFiles, StoredFileItem } from './file-attachments';
import { formatDateTime } from './format';

interface CommentForm {
  text: string;
  mentionUserIds?: string[];
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
                  <StoredFileItem key={f.id} file={f} path={`/comment-files/${f.id}`} />
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
        <AttachFiles
          action={`/api/findings/${findingId}/comment-files`}
          files={files}
          onChange={setFiles}
          max={COMMENT_LIMITS.filesMax}
          label={t('comments.attach')}
          listLabel={t('comments.files')}
          testId="comment-attach"
        />
        <Button type="primary" htmlType="submit" loading={sending} data-testid="comment-send">
          {t('comments.send')}
        </Button>
      </Form>
    </div>
  );
}
