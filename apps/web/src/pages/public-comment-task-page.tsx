import { ArrowLeftOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Radio,
  Result,
  Select,
  Skeleton,
  Space,
  Tag,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import {
  formatReceiptCode,
  PUBLIC_COMMENT_ACTIONS,
  type PublicCommentAction,
} from '@rectiflow/domain';
import type { FindingSummary, Page, PublicCommentView, TaskView } from '@rectiflow/contracts';
import { PUBLIC_COMMENT_LIMITS } from '@rectiflow/contracts/web';
import { api, query } from '../api/client';
import { useUser } from '../auth/session';
import { KindTag } from '../components/status';
import { formatDateTime } from '../components/format';
import { useDocumentTitle } from '../hooks/use-document-title';
import { useLoad } from '../hooks/use-load';
import { describeError, showSubmitError } from '../i18n/api-messages';

interface ActionValues {
  action: PublicCommentAction;
  findingId?: string;
  reply?: string;
  note?: string;
}

/**
 * 意见建议 for the office: the comment (with the contact, shown nowhere else), and how to handle
 * it — link it to a finding of the round (it then shows in that finding's history), reply, or
 * close — through POST /api/tasks/:id/complete like any task.
 */
export function PublicCommentTaskPage() {
  const { taskId = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const user = useUser();
  const [form] = Form.useForm<ActionValues>();
  const action = Form.useWatch('action', form);
  const [busy, setBusy] = useState(false);
  const comment = useLoad(() => api.get<PublicCommentView>(`/public-comments/${taskId}`), [taskId]);
  const roundId = comment.data?.roundId;
  const findings = useLoad(
    () =>
      roundId
        ? api.get<Page<FindingSummary>>(`/findings${query({ roundId, pageSize: 500 })}`)
        : Promise.resolve({ items: [], total: 0 }),
    [roundId],
  );
  useDocumentTitle(t('publicComment.pageTitle'));

  if (comment.error)
    return (
      <Result
        status="warning"
        title={describeError(comment.error, t)}
        extra={<Link to="/">{t('task.toInbox')}</Link>}
      />
    );
  if (!comment.data) return <Skeleton active className="page" />;
  const c = comment.data;
  const open = c.status === 'received';

  const submit = async (values: ActionValues) => {
    setBusy(true);
    try {
      await api.post<{ task: TaskView }>(
        `/tasks/${taskId}/complete`,
        {
          action: values.action,
          findingId: values.action === 'link' ? values.findingId : undefined,
          reply: values.reply?.trim() || undefined,
          note: values.note?.trim() || undefined,
        },
        { 'Idempotency-Key': `${user.id}-${taskId}` },
      );
      void message.success(t('publicComment.done'));
      await comment.reload();
    } catch (err) {
      showSubmitError(err, form, ['action', 'findingId', 'reply', 'note'], t, (text) =>
        message.error(text),
      );
    } finally {
      setBusy(false);
    }
  };

  const findingLabel = (id: string | null) => {
    const f = findings.data?.items.find((x) => x.id === id);
    return f ? `${f.code} ${f.title}` : id;
  };

  return (
    <div className="page public-comment-page">
      <Space className="page-back">
        <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate('/')}>
          {t('task.toInbox')}
        </Button>
      </Space>
      <Card
        title={
          <Space wrap>
            <KindTag kind="public_comment" />
            <Tag>{t(`publicComment.statuses.${c.status}`)}</Tag>
          </Space>
        }
      >
        <Descriptions column={1} size="small" bordered className="public-comment-facts">
          <Descriptions.Item label={t('publicComment.text')}>
            <span className="pre-wrap" data-comment-text>
              {c.text}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('publicComment.contactLabel')}>
            {c.contact ? (
              <span data-contact>{c.contact}</span>
            ) : (
              <span className="muted">{t('publicComment.noContact')}</span>
            )}
          </Descriptions.Item>
          {c.namedFindingId && (
            <Descriptions.Item label={t('publicComment.namedFinding')}>
              <Link to={`/findings/${c.namedFindingId}`}>{findingLabel(c.namedFindingId)}</Link>
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('publicComment.receivedAt')}>
            {formatDateTime(c.createdAt)}
          </Descriptions.Item>
          <Descriptions.Item label={t('publicComment.receiptCode')}>
            {formatReceiptCode(c.receiptCode)}
          </Descriptions.Item>
          {!open && (
            <Descriptions.Item label={t('publicComment.handled')}>
              <Space direction="vertical" size={2}>
                {c.findingId && (
                  <Link to={`/findings/${c.findingId}`}>{findingLabel(c.findingId)}</Link>
                )}
                {c.reply && <span className="pre-wrap">{c.reply}</span>}
                {c.note && <span className="muted pre-wrap">{c.note}</span>}
                {c.handledAt && <span className="muted small">{formatDateTime(c.handledAt)}</span>}
              </Space>
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      {open && (
        <Card title={t('publicComment.action')} className="public-comment-card">
          <Form
            form={form}
            layout="vertical"
            initialValues={{
              action: c.namedFindingId ? 'link' : 'reply',
              findingId: c.namedFindingId ?? undefined,
            }}
            onFinish={(v) => void submit(v)}
          >
            <Form.Item name="action" label={t('publicComment.action')}>
              <Radio.Group
                optionType="button"
                options={PUBLIC_COMMENT_ACTIONS.map((a) => ({
                  value: a,
                  label: t(`publicComment.actions.${a}`),
                }))}
              />
            </Form.Item>
            {action === 'link' && (
              <Form.Item
                name="findingId"
                label={t('publicComment.finding')}
                rules={[{ required: true, message: t('apiError.should not be empty') }]}
              >
                <Select
                  showSearch
                  optionFilterProp="label"
                  loading={findings.loading}
                  className="public-comment-finding"
                  options={(findings.data?.items ?? []).map((f) => ({
                    value: f.id,
                    label: `${f.code} ${f.title}`,
                  }))}
                />
              </Form.Item>
            )}
            <Form.Item
              name="reply"
              label={t('publicComment.replyText')}
              rules={
                action === 'reply'
                  ? [
                      {
                        required: true,
                        whitespace: true,
                        message: t('apiError.should not be empty'),
                      },
                    ]
                  : []
              }
            >
              <Input.TextArea rows={3} maxLength={PUBLIC_COMMENT_LIMITS.replyMax} showCount />
            </Form.Item>
            <Form.Item name="note" label={t('publicComment.note')}>
              <Input.TextArea rows={2} maxLength={PUBLIC_COMMENT_LIMITS.replyMax} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy}>
              {t('common.submit')}
            </Button>
          </Form>
        </Card>
      )}
    </div>
  );
}
