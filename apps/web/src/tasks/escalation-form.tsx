import { Alert, DatePicker, Form, Input, Radio, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ESCALATION_ACTIONS, type EscalationAction, type EscalationInput } from '@rectiflow/domain';
import { useOrganisation } from '../auth/organisation';
import { formatDateTime } from '../components/format';
import { endOfDayIso, notBeforeToday, keepEnterFromSubmitting } from './dates';
import { FormFooter } from './form-footer';
import type { TaskFormProps } from './task-form-props';
import { useTaskSubmit } from './use-task-submit';

interface EscalationValues {
  action?: EscalationAction;
  comment?: string;
  dueAt?: Dayjs;
  leadDepartmentId?: string;
}

const FIELDS = ['action', 'comment', 'dueAt', 'leadDepartmentId'] as const;

/** 督办: urge, extend the deadline, reassign to another department, or record accountability. */
export function EscalationForm({ task, finding, canAct, onDone }: TaskFormProps) {
  const { t } = useTranslation();
  const org = useOrganisation();
  const [form] = Form.useForm<EscalationValues>();
  const { submit, busy, general } = useTaskSubmit<EscalationInput>(task, form, FIELDS, onDone);
  const action = Form.useWatch('action', form);
  const subject = finding.openTasks.find((x) => x.id === task.subjectTaskId);

  const finish = (v: EscalationValues) =>
    void submit({
      action: v.action ?? ('' as EscalationAction),
      comment: (v.comment ?? '').trim(),
      dueAt: v.action === 'extend' || v.action === 'reassign' ? endOfDayIso(v.dueAt) : undefined,
      leadDepartmentId: v.action === 'reassign' ? v.leadDepartmentId : undefined,
    });

  return (
    <Form<EscalationValues>
      form={form}
      layout="vertical"
      onFinish={finish}
      onKeyDownCapture={keepEnterFromSubmitting}
      disabled={!canAct}
      initialValues={{ action: 'urge' }}
      aria-label={t('kind.escalation')}
    >
      <Alert
        type="warning"
        showIcon
        className="form-context"
        title={`${t('form.escalation.level')} ${task.escalationLevel || finding.escalationLevel}`}
        description={
          subject
            ? `${t('form.escalation.subject')}：${t(`kind.${subject.kind}`)} · ${org.departmentName(subject.departmentId)} · ${formatDateTime(subject.dueAt)}`
            : undefined
        }
      />
      <Form.Item name="action" label={t('form.escalation.action')} required>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={ESCALATION_ACTIONS.map((a) => ({ value: a, label: t(`escalationAction.${a}`) }))}
        />
      </Form.Item>
      {(action === 'extend' || action === 'reassign') && (
        <Form.Item name="dueAt" label={t('form.escalation.dueAt')} required={action === 'extend'}>
          <DatePicker style={{ width: '100%' }} disabledDate={notBeforeToday} />
        </Form.Item>
      )}
      {action === 'reassign' && (
        <Form.Item name="leadDepartmentId" label={t('form.escalation.department')} required>
          <Select
            options={org.departments
              .filter((d) => d.id !== finding.leadDepartmentId)
              .map((d) => ({ value: d.id, label: `${d.name}（${d.code}）` }))}
          />
        </Form.Item>
      )}
      <Form.Item name="comment" label={t('form.escalation.comment')} required>
        <Input.TextArea
          autoSize={{ minRows: 3, maxRows: 8 }}
          maxLength={5000}
          placeholder={t('form.escalation.commentPlaceholder')}
        />
      </Form.Item>
      <FormFooter general={general} busy={busy} disabled={!canAct} />
    </Form>
  );
}
