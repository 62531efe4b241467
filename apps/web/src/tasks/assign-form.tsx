import type { AssignInput } from '@rectiflow/domain';
import { DatePicker, Form, Select, Switch } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useOrganisation } from '../auth/organisation';
import { endOfDayIso, notBeforeToday, toDay, keepEnterFromSubmitting } from './dates';
import { FormFooter } from './form-footer';
import type { TaskFormProps } from './task-form-props';
import { useTaskSubmit } from './use-task-submit';

interface AssignValues {
  responsibleLeaderId?: string;
  leadDepartmentId?: string;
  coDepartmentIds?: string[];
  dueAt?: Dayjs;
  longTerm?: boolean;
}

const FIELDS = [
  'responsibleLeaderId',
  'leadDepartmentId',
  'coDepartmentIds',
  'dueAt',
  'longTerm',
] as const;

/** 交办: who leads, which department, by when, and whether it is a long-term item. */
export function AssignForm({ task, finding, canAct, onDone }: TaskFormProps) {
  const { t } = useTranslation();
  const org = useOrganisation();
  const [form] = Form.useForm<AssignValues>();
  const { submit, busy, general } = useTaskSubmit<AssignInput>(task, form, FIELDS, onDone);
  const lead = Form.useWatch('leadDepartmentId', form);

  const finish = (v: AssignValues) =>
    void submit({
      // Empty strings let the API name a missing choice ("responsibleLeaderId must be a UUID").
      responsibleLeaderId: v.responsibleLeaderId ?? '',
      leadDepartmentId: v.leadDepartmentId ?? '',
      coDepartmentIds: (v.coDepartmentIds ?? []).filter((d) => d !== v.leadDepartmentId),
      dueAt: endOfDayIso(v.dueAt) ?? '',
      longTerm: !!v.longTerm,
    });

  return (
    <Form<AssignValues>
      form={form}
      layout="vertical"
      onFinish={finish}
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
      <Form.Item name="responsibleLeaderId" label={t('form.assign.leader')} required>
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('form.assign.leaderPlaceholder')}
          options={org.leaders.map((u) => ({ value: u.id, label: u.displayName }))}
          data-testid="assign-leader"
        />
      </Form.Item>
      <Form.Item name="leadDepartmentId" label={t('form.assign.department')} required>
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('form.assign.departmentPlaceholder')}
          options={org.departments.map((d) => ({ value: d.id, label: `${d.name}（${d.code}）` }))}
          data-testid="assign-department"
        />
      </Form.Item>
      <Form.Item name="coDepartmentIds" label={t('form.assign.coDepartments')}>
        <Select
          mode="multiple"
          allowClear
          placeholder={t('form.assign.coDepartmentsPlaceholder')}
          options={org.departments
            .filter((d) => d.id !== lead)
            .map((d) => ({ value: d.id, label: `${d.name}（${d.code}）` }))}
        />
      </Form.Item>
      <Form.Item name="dueAt" label={t('form.assign.dueAt')} required>
        <DatePicker
          style={{ width: '100%' }}
          disabledDate={notBeforeToday}
          data-testid="assign-due"
        />
      </Form.Item>
      <Form.Item
        name="longTerm"
        label={t('form.assign.longTerm')}
        valuePropName="checked"
        extra={t('form.assign.longTermHelp')}
      >
        <Switch />
      </Form.Item>
      <FormFooter general={general} busy={busy} disabled={!canAct} />
    </Form>
  );
}
