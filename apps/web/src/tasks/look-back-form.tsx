import { Form, Input, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import { LOOK_BACK_OUTCOMES, type LookBackOutcome, type LookBackInput } from '@rectiflow/domain';
import { keepEnterFromSubmitting } from './dates';
import { FormFooter } from './form-footer';
import type { TaskFormProps } from './task-form-props';
import { useTaskSubmit } from './use-task-submit';

interface LookBackValues {
  outcome?: LookBackOutcome;
  comment?: string;
}

const FIELDS = ['outcome', 'comment'] as const;

/** 回头看: does the result hold, or has the problem come back (which reopens the finding)? */
export function LookBackForm({ task, canAct, onDone }: TaskFormProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<LookBackValues>();
  const { submit, busy, general } = useTaskSubmit<LookBackInput>(task, form, FIELDS, onDone);

  const finish = (v: LookBackValues) =>
    void submit({
      outcome: v.outcome ?? ('' as LookBackOutcome),
      comment: (v.comment ?? '').trim(),
    });

  return (
    <Form<LookBackValues>
      form={form}
      layout="vertical"
      onFinish={finish}
      onKeyDownCapture={keepEnterFromSubmitting}
      disabled={!canAct}
      initialValues={{ outcome: 'holds' }}
      aria-label={t(`kind.${task.kind}`)}
    >
      <Form.Item name="outcome" label={t('form.lookBack.outcome')} required>
        <Radio.Group
          options={LOOK_BACK_OUTCOMES.map((o) => ({ value: o, label: t(`lookBackOutcome.${o}`) }))}
        />
      </Form.Item>
      <Form.Item name="comment" label={t('form.lookBack.comment')} required>
        <Input.TextArea
          autoSize={{ minRows: 3, maxRows: 8 }}
          maxLength={5000}
          placeholder={t('form.lookBack.commentPlaceholder')}
        />
      </Form.Item>
      <FormFooter general={general} busy={busy} disabled={!canAct} />
    </Form>
  );
}
