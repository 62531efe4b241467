// 意见建议 on the public page (no sign-in): the comment form while the window is open, and the
// receipt-code look-up at any time. Everything the public or the office wrote is shown as text
// (React escapes it), never as HTML.
import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Result,
  Select,
  Space,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { formatReceiptCode, type PublicCommentStatus } from '@rectiflow/domain';
import type { PublicFindingList } from '@rectiflow/contracts';
import { PUBLIC_COMMENT_LIMITS } from '@rectiflow/contracts/web';
import { api, ApiError, fieldErrorsOf } from '../api/client';
import { useLoad } from '../hooks/use-load';
import { describeError, explainApiMessage } from '../i18n/api-messages';

interface CommentValues {
  text: string;
  contact?: string;
  findingCode?: string;
  /** The honeypot: hidden from people, so only a bot fills it. */
  website?: string;
}

type Outcome =
  | { kind: 'sent'; receiptCode: string }
  | { kind: 'closed' }
  | { kind: 'throttled'; seconds: number }
  | { kind: 'failed'; text: string };

/** The comment form of a publication; `open` as the public page was answered. */
export function PublicCommentForm({ slug, open }: { slug: string; open: boolean }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<CommentValues>();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(open ? null : { kind: 'closed' });
  // The findings the published text tells, to choose the one the comment concerns.
  const findings = useLoad(
    () =>
      open
        ? api.get<PublicFindingList>(`/public/rounds/${encodeURIComponent(slug)}/findings`)
        : Promise.resolve({ items: [] }),
    [slug, open],
  );

  const submit = async (values: CommentValues) => {
    setBusy(true);
    try {
      // A plain fetch: the answer's Retry-After is read on a 429.
      const res = await fetch(`/api/public/rounds/${encodeURIComponent(slug)}/comments`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({
          text: values.text,
          contact: values.contact?.trim() || undefined,
          findingCode: values.findingCode?.trim() || undefined,
          website: values.website || undefined,
        }),
      });
      const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
      if (res.status === 201) {
        setOutcome({ kind: 'sent', receiptCode: String(body.receiptCode) });
        form.resetFields();
      } else if (res.status === 409) {
        setOutcome({ kind: 'closed' });
      } else if (res.status === 429) {
        setOutcome({ kind: 'throttled', seconds: Number(res.headers.get('Retry-After')) || 60 });
      } else if (res.status === 400) {
        const errors = fieldErrorsOf(body);
        const fields = ['text', 'contact', 'findingCode'] as const;
        const placed = errors.filter((e) => (fields as readonly string[]).includes(e.field));
        form.setFields(
          placed.map((e) => ({
            name: e.field as (typeof fields)[number],
            errors: [explainApiMessage(e.message, t, errors)],
          })),
        );
        if (placed.length === 0)
          setOutcome({
            kind: 'failed',
            text: describeError(new ApiError(400, [], null, errors), t),
          });
      } else {
        setOutcome({ kind: 'failed', text: describeError(new ApiError(res.status, []), t) });
      }
    } catch (err) {
      setOutcome({ kind: 'failed', text: describeError(err, t) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('publicComment.formTitle')} className="public-comment-card">
      {outcome?.kind === 'closed' ? (
        <Alert type="info" showIcon message={t('publicComment.closed')} />
      ) : outcome?.kind === 'sent' ? (
        <Result
          status="success"
          title={t('publicComment.submitted')}
          subTitle={t('publicComment.receiptHelp')}
          extra={
            <div className="receipt-code">
              <span className="muted">{t('publicComment.receiptCode')}</span>
              <Typography.Text copyable={{ text: outcome.receiptCode }} strong data-receipt>
                {formatReceiptCode(outcome.receiptCode)}
              </Typography.Text>
            </div>
          }
        />
      ) : (
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false}>
          <p className="muted">{t('publicComment.intro')}</p>
          {outcome?.kind === 'throttled' && (
            <Alert
              type="warning"
              showIcon
              className="public-comment-alert"
              message={t('publicComment.tooMany', { seconds: outcome.seconds })}
            />
          )}
          {outcome?.kind === 'failed' && (
            <Alert type="error" showIcon className="public-comment-alert" message={outcome.text} />
          )}
          <Form.Item
            name="text"
            label={t('publicComment.text')}
            rules={[
              { required: true, whitespace: true, message: t('apiError.should not be empty') },
            ]}
          >
            <Input.TextArea
              rows={5}
              maxLength={PUBLIC_COMMENT_LIMITS.textMax}
              showCount
              placeholder={t('publicComment.textPlaceholder', {
                max: PUBLIC_COMMENT_LIMITS.textMax,
              })}
            />
          </Form.Item>
          <Form.Item
            name="findingCode"
            label={t('publicComment.findingCode')}
            extra={t('publicComment.findingCodeHelp')}
          >
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              className="public-comment-finding"
              placeholder={t('publicComment.findingPlaceholder')}
              loading={findings.loading}
              options={(findings.data?.items ?? []).map((f) => ({
                value: f.code,
                label: `${f.code} ${f.title}`,
              }))}
            />
          </Form.Item>
          <Form.Item
            name="contact"
            label={t('publicComment.contact')}
            extra={t('publicComment.contactHelp')}
          >
            <Input maxLength={PUBLIC_COMMENT_LIMITS.contactMax} autoComplete="off" />
          </Form.Item>
          {/* The honeypot: out of sight and out of the tab order; autofill leaves it alone. */}
          <div className="hp-field" aria-hidden="true">
            <Form.Item name="website" label="Website">
              <Input tabIndex={-1} autoComplete="off" />
            </Form.Item>
          </div>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('publicComment.submit')}
          </Button>
        </Form>
      )}
    </Card>
  );
}

/** 查询回复: the status and the reply of a comment, by its receipt code. */
export function ReceiptLookup() {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [found, setFound] = useState<{ status: PublicCommentStatus; reply?: string } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const look = async () => {
    if (!code.trim()) return;
    setBusy(true);
    setProblem(null);
    setFound(null);
    try {
      const res = await fetch(`/api/public/comments/${encodeURIComponent(code.trim())}`, {
        headers: { Accept: 'application/json' },
      });
      if (res.status === 200) setFound((await res.json()) as typeof found);
      else if (res.status === 404) setProblem(t('publicComment.notFound'));
      else if (res.status === 429)
        setProblem(
          t('publicComment.tooMany', { seconds: Number(res.headers.get('Retry-After')) || 60 }),
        );
      else setProblem(describeError(new ApiError(res.status, []), t));
    } catch (err) {
      setProblem(describeError(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('publicComment.lookupTitle')} className="public-comment-card">
      <Space.Compact className="receipt-lookup">
        <Input
          value={code}
          onChange={(e) => setCode(e.target.value)}
          onPressEnter={() => void look()}
          placeholder={t('publicComment.lookupPlaceholder')}
          maxLength={20}
          aria-label={t('publicComment.lookupPlaceholder')}
        />
        <Button onClick={() => void look()} loading={busy}>
          {t('publicComment.lookup')}
        </Button>
      </Space.Compact>
      {problem && (
        <Alert type="warning" showIcon className="public-comment-alert" message={problem} />
      )}
      {found && (
        <Descriptions column={1} size="small" className="receipt-result">
          <Descriptions.Item label={t('publicComment.status')}>
            <span data-status={found.status}>{t(`publicComment.statuses.${found.status}`)}</span>
          </Descriptions.Item>
          {found.reply && (
            <Descriptions.Item label={t('publicComment.reply')}>
              <span className="pre-wrap" data-reply>
                {found.reply}
              </span>
            </Descriptions.Item>
          )}
        </Descriptions>
      )}
    </Card>
  );
}

/** The dashboard's line on 意见建议 (received in the windows, handled by the office), once any came. */
export function PublicCommentFigures({
  counts,
}: {
  counts?: { received: number; handled: number };
}) {
  const { t } = useTranslation();
  if (!counts || counts.received === 0) return null;
  return (
    <Typography.Paragraph className="section-gap-top" data-testid="dash-public-comments">
      {t('publicComment.figures', counts)}
    </Typography.Paragraph>
  );
}
