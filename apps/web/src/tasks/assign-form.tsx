import type { AssignInput } from '@rectiflow/domain';
import { Form } from 'antd';
import { useTranslation } from 'react-i18next';
import { ASSIGNMENT_FIELDS, AssignmentFields, type AssignmentValues } from './assignment-fields';
import { endOfDayIso, toDay, keepEnterFromSubmitting } from './dates';
import { clearErrorsOnChange } from './field-rules';
import { FormFooter } from './form-footer';
import type { TaskFormProps } from './task-form-props';
import { useTaskSubmit } from './use-task-submit';

/** 交办: who leads, which department, by when, and whether it is a long-term item. */
export function AssignForm({ task, finding, canAct, onDone }: TaskFormProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<AssignmentValues>();
  const { submit, busy, general } = useTaskSubmit<AssignInput>(
    task,
    form,
    ASSIGNMENT_FIELDS,
    onDone,
  );

  const finish = (v: AssignmentValues) =>
    void submit({
      // Empty strings let the API name a missing choice ("responsibleLeaderId must be a UUID").
      responsibleLeaderId: v.responsibleLeaderId ?? '',
      leadDepartmentId: v.leadDepartmentId ?? '',
      coDepartmentIds: (v.coDepartmentIds ?? []).filter((d) => d !== v.leadDepartmentId),
      dueAt: endOfDayIso(v.dueAt) ?? '',
      coDepartmentDueAt: v.coDepartmentIds?.length ? endOfDayIso(v.coDepartmentDueAt) : undefined,
      longTerm: !!v.longTerm,
    });

  return (
    <Form<AssignmentValues>
      form={form}
      layout="vertical"
      onFinish={finish}
      onValuesChange={clearErrorsOnChange(form)}
      onKeyDownCapture={keepEnterFromSubmitting}
      disabled={!canAct}
      initialValues={{
        responsibleLeaderId: finding.responsibleLeaderId ?? undefined,
        leadDepartmentId: finding.leadDepartmentId ?? undefined,
        coDepartmentIds: finding.coDepartmentIds,
        dueAt: toDay(finding.dueAt),
        longTerm: finding.longTerm,
      }}
      aria-label={t('kind.assign')}
    >
      <AssignmentFields form={form} testIdPrefix="assign" longTermHelp />
      <FormFooter general={general} busy={busy} disabled={!canAct} />
    </Form>
  );
}
