import { CheckCircleOutlined, RollbackOutlined } from '@ant-design/icons';
import { Card, Form, Input, Radio } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Decision, DecisionInput } from '@rectiflow/domain';
import { ReviewsList } from '../components/finding-panels';
import { keepEnterFromSubmitting } from './dates';
import { FormFooter } from './form-footer';
import type { TaskFormProps } from './task-form-props';
import { useTaskSubmit } from './use-task-submit';

interface DecisionValues {
  decision?: Decision;
  comment?: string;
}

const FIELDS = ['decision', 'comment'] as const;

/** What a decision form calls its choice, its two answers and its comment. */
export interface DecisionWords {
  label: string;
  approve: string;
  reject: string;
  comment: string;
  commentPlaceholder?: string;
  commentHint?: string;
}

/**
 * Approving measures (level 0) and the three review levels: approve, or send back with a
 * comment. Other approve-or-return steps (督办单验收) give it their own context and words.
 */
export function DecisionForm({
  task,
  finding,
  canAct,
  onDone,
  context,
  words: given,
}: TaskFormProps & { context?: ReactNode; words?: DecisionWords }) {
  const { t } = useTranslation();
  const words: DecisionWords = given ?? {
    label: t('form.decision.label'),
    approve: t('form.decision.approve'),
    reject: t('form.decision.reject'),
    comment: t('form.decision.comment'),
    commentPlaceholder: t('form.decision.commentPlaceholder'),
    commentHint: t('form.decision.commentRequiredHint'),
  };
  const [form] = Form.useForm<DecisionValues>();
  const { submit, busy, general } = useTaskSubmit<DecisionInput>(task, form, FIELDS, onDone);
  const decision = Form.useWatch('decision', form);

  const finish = (v: DecisionValues) => {
    const comment = v.comment?.trim();
    // The API decides whether a comment is missing, and says so under the field.
    void submit({
      decision: v.decision ?? ('' as Decision),
      ...(comment || v.decision === 'reject' ? { comment: comment ?? '' } : {}),
    });
  };

  return (
    <Form<DecisionValues>
      form={form}
      layout="vertical"
      onFinish={finish}
      onKeyDownCapture={keepEnterFromSubmitting}
      disabled={!canAct}
      initialValues={{ decision: 'approve' }}
      aria-label={t(`kind.${task.kind}`)}
    >
      {/* The measures under review are beside the form, in the finding's panel. */}
      {context !== undefined ? (
        context
      ) : finding.reviews.length > 0 ? (
        <Card
          size="small"
          title={t('form.decision.earlier')}
          className="form-context earlier-reviews"
        >
          <ReviewsList reviews={finding.reviews} />
        </Card>
      ) : (
        <p className="muted form-context">{t('form.decision.noEarlier')}</p>
      )}
      <Form.Item name="decision" label={words.label} required>
        <Radio.Group optionType="button" buttonStyle="solid" size="large" data-testid="decision">
          <Radio.Button value="approve" data-testid="decision-approve">
            <CheckCircleOutlined /> {words.approve}
          </Radio.Button>
          <Radio.Button value="reject" data-testid="decision-reject">
            <RollbackOutlined /> {words.reject}
          </Radio.Button>
        </Radio.Group>
      </Form.Item>
      <Form.Item
        name="comment"
        label={words.comment}
        required={decision === 'reject'}
        extra={decision === 'reject' ? words.commentHint : undefined}
      >
        <Input.TextArea
          autoSize={{ minRows: 3, maxRows: 8 }}
          maxLength={5000}
          placeholder={words.commentPlaceholder}
          data-testid="decision-comment"
        />
      </Form.Item>
      <FormFooter
        general={general}
        busy={busy}
        disabled={!canAct}
        label={decision === 'reject' ? words.reject : undefined}
      />
    </Form>
  );
}
