import { DatePicker, Form, Select, Switch, Tag, type FormInstance } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Page, User } from '../api/types';
import { useOrganisation } from '../auth/organisation';
import { notBeforeToday } from './dates';
import { fieldRules } from './field-rules';

/** What 交办 asks, in the assign task's form and in the batch-assign dialog alike. */
export interface AssignmentValues {
  responsibleLeaderId?: string;
  leadDepartmentId?: string;
  coDepartmentIds?: string[];
  dueAt?: Dayjs;
  /** When the co-departments' parts fall due (the deadline when empty). */
  coDepartmentDueAt?: Dayjs;
  longTerm?: boolean;
}

export const ASSIGNMENT_FIELDS = [
  'responsibleLeaderId',
  'leadDepartmentId',
  'coDepartmentIds',
  'dueAt',
  'coDepartmentDueAt',
  'longTerm',
] as const;

/**
 * The leader, lead and co-departments, deadline and long-term switch. Choosing a lead
 * department proposes the leader who oversees it (分管领导, GET /departments/:id/overseers)
 * when no leader is chosen yet or the one chosen was proposed for another department; a leader
 * picked by hand is never replaced.
 */
export function AssignmentFields({
  form,
  testIdPrefix,
  longTermHelp,
}: {
  form: FormInstance<AssignmentValues>;
  /** `assign` or `batch-assign`: the fields' data-testid start. */
  testIdPrefix: string;
  longTermHelp?: boolean;
}) {
  const { t } = useTranslation();
  const org = useOrganisation();
  const lead = Form.useWatch('leadDepartmentId', form);
  const leader = Form.useWatch('responsibleLeaderId', form);
  const co = Form.useWatch('coDepartmentIds', form);
  /** The leader this component last proposed; null when the person chose themselves. */
  const proposed = useRef<string | null>(null);
  const [proposedFor, setProposedFor] = useState<string | null>(null);
  const activeDepartments = org.departments.filter((d) => d.active !== false);

  useEffect(() => {
    if (!lead) return;
    const current = form.getFieldValue('responsibleLeaderId') as string | undefined;
    if (current && current !== proposed.current) return;
    let live = true;
    api
      .get<Page<User>>(`/departments/${lead}/overseers`)
      .then((answer) => {
        if (!live) return;
        const now = form.getFieldValue('responsibleLeaderId') as string | undefined;
        // Chosen by hand meanwhile: keep it.
        if (now && now !== proposed.current) return;
        const first = answer.items.find((u) => u.active !== false);
        if (!first) return;
        proposed.current = first.id;
        setProposedFor(first.id);
        form.setFieldValue('responsibleLeaderId', first.id);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [lead, form]);

  const leaderOptions = org.leaders
    .filter((u) => u.active !== false || u.id === leader)
    .map((u) => ({ value: u.id, label: u.displayName }));
  const departmentOptions = (keep?: string) =>
    activeDepartments
      .concat(org.departments.filter((d) => d.active === false && d.id === keep))
      .map((d) => ({ value: d.id, label: `${d.name}（${d.code}）` }));
  const isProposed = !!leader && leader === proposedFor;

  return (
    <>
      <Form.Item
        name="responsibleLeaderId"
        label={
          <span>
            {t('form.assign.leader')}
            {isProposed && (
              <Tag color="blue" className="overseer-tag" data-testid={`${testIdPrefix}-overseer`}>
                {t('form.assign.overseer')}
              </Tag>
            )}
          </span>
        }
        extra={isProposed ? t('form.assign.overseerHint') : undefined}
        required
        rules={fieldRules('assign', 'responsibleLeaderId', t)}
      >
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('form.assign.leaderPlaceholder')}
          options={leaderOptions}
          onChange={() => {
            // Chosen by hand: never replaced by a proposal.
            proposed.current = null;
            setProposedFor(null);
          }}
          data-testid={`${testIdPrefix}-leader`}
        />
      </Form.Item>
      <Form.Item
        name="leadDepartmentId"
        label={t('form.assign.department')}
        required
        rules={fieldRules('assign', 'leadDepartmentId', t)}
      >
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('form.assign.departmentPlaceholder')}
          options={departmentOptions(lead)}
          data-testid={`${testIdPrefix}-department`}
        />
      </Form.Item>
      <Form.Item
        name="coDepartmentIds"
        label={t('form.assign.coDepartments')}
        rules={fieldRules('assign', 'coDepartmentIds', t)}
      >
        <Select
          mode="multiple"
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('form.assign.coDepartmentsPlaceholder')}
          options={departmentOptions().filter((d) => d.value !== lead)}
        />
      </Form.Item>
      <Form.Item
        name="dueAt"
        label={t('form.assign.dueAt')}
        required
        rules={fieldRules('assign', 'dueAt', t)}
      >
        <DatePicker
          style={{ width: '100%' }}
          disabledDate={notBeforeToday}
          data-testid={`${testIdPrefix}-due`}
        />
      </Form.Item>
      {co && co.length > 0 && (
        <Form.Item
          name="coDepartmentDueAt"
          label={t('form.assign.coDepartmentDueAt')}
          extra={t('form.assign.coDepartmentDueAtHelp')}
        >
          <DatePicker
            style={{ width: '100%' }}
            disabledDate={notBeforeToday}
            data-testid={`${testIdPrefix}-co-due`}
          />
        </Form.Item>
      )}
      <Form.Item
        name="longTerm"
        label={t('form.assign.longTerm')}
        valuePropName="checked"
        extra={longTermHelp ? t('form.assign.longTermHelp') : undefined}
      >
        <Switch />
      </Form.Item>
    </>
  );
}
