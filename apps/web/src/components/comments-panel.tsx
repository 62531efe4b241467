import { App, Button, Empty, Form, Input, Select, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Comment, CommentPage } from '../api/types';
import { useOrganisation } from '../auth/organisation';
import { useLoad } from '../hooks/use-load';
import { showSubmitError } from '../i18n/api-messages';
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
      });
      form.resetFields();
      await thread.reload();
    } catch (err) {
      showSubmitError(err, form, ['text', 'mentionUserIds'], t, message.error);
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
          <Input.TextArea rows={3} maxLength={5000} placeholder={t('comments.placeholder')} />
        </Form.Item>
        <Form.Item name="mentionUserIds" label={t('comments.mention')}>
          <Select
            mode="multiple"
            allowClear
            options={people}
            optionFilterProp="label"
            placeholder={t('comments.mentionPlaceholder')}
            maxCount={20}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={sending}>
          {t('comments.send')}
        </Button>
      </Form>
    </div>
  );
}
