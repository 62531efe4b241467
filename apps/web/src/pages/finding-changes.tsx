import { App, Button, DatePicker, Dropdown, Form, Input, Modal, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { FindingDetail } from '../api/types';
import { useOrganisation } from '../auth/organisation';
import { showSubmitError } from '../i18n/api-messages';
import { endOfDayIso, keepEnterFromSubmitting, notBeforeToday, toDay } from '../tasks/dates';
import { clearErrorsOnChange, fieldRules } from '../tasks/field-rules';

type Change = 'reassign' | 'dueDate' | 'title' | 'withdraw';

/** The rules each change's body follows (libs/contracts form-rules.ts). */
const RULES_OF = {
  reassign: 'reassign',
  dueDate: 'due_date',
  title: 'title',
  withdraw: 'withdraw',
} as const;

interface ChangeValues {
  responsibleLeaderId?: string;
  leadDepartmentId?: string;
  coDepartmentIds?: string[];
  dueAt?: Dayjs;
  title?: string;
  reason?: string;
}

const FIELDS = [
  'responsibleLeaderId',
  'leadDepartmentId',
  'coDepartmentIds',
  'dueAt',
  'title',
  'reason',
] as const;

/**
 * 调整: the office's changes to a running finding (改派, 延期, 修改标题, 撤回), each with a reason
 * that goes into the history. Answers the finding as it now is.
 */
export function FindingChangesMenu({
  finding,
  onChanged,
}: {
  finding: FindingDetail;
  onChanged: () => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const org = useOrganisation();
  const [open, setOpen] = useState<Change | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<ChangeValues>();
  const lead = Form.useWatch('leadDepartmentId', form);
  const assigned = finding.stage !== 'assign' && finding.leadDepartmentId !== null;

  const start = (change: Change) => {
    form.resetFields();
    form.setFieldsValue({
      responsibleLeaderId: finding.responsibleLeaderId ?? undefined,
      leadDepartmentId: finding.leadDepartmentId ?? undefined,
      coDepartmentIds: finding.coDepartmentIds,
      dueAt: toDay(finding.dueAt),
      title: finding.title,
      reason: undefined,
    });
    setOpen(change);
  };

  const send = async (v: ChangeValues) => {
    if (!open) return;
    const reason = v.reason ?? '';
    const id = finding.id;
    setBusy(true);
    try {
      if (open === 'reassign')
        await api.post(`/findings/${id}/reassign`, {
          responsibleLeaderId: v.responsibleLeaderId,
          leadDepartmentId: v.leadDepartmentId,
          coDepartmentIds: (v.coDepartmentIds ?? []).filter((d) => d !== v.leadDepartmentId),
          reason,
        });
      else if (open === 'dueDate')
        await api.post(`/findings/${id}/due-date`, { dueAt: endOfDayIso(v.dueAt) ?? '', reason });
      else if (open === 'title')
        await api.patch(`/findings/${id}`, { title: v.title ?? '', reason });
      else await api.post(`/findings/${id}/withdraw`, { reason });
      void message.success(t(`changes.${open}Done`));
      setOpen(null);
      await onChanged();
    } catch (err) {
      showSubmitError(err, form, FIELDS, t, (text) => void message.error(text));
    } finally {
      setBusy(false);
    }
  };

  const items = [
    { key: 'reassign', label: t('changes.reassign'), disabled: !assigned },
    { key: 'dueDate', label: t('changes.dueDate'), disabled: !assigned },
    { key: 'title', label: t('changes.title') },
    { type: 'divider' as const },
    { key: 'withdraw', label: t('changes.withdraw'), danger: true },
  ];
  const deptOptions = org.departments.map((d) => ({
    value: d.id,
    label: `${d.name}（${d.code}）`,
  }));

  return (
    <>
      <Dropdown menu={{ items, onClick: ({ key }) => start(key as Change) }} trigger={['click']}>
        <Button data-testid="finding-changes">{t('changes.menu')}</Button>
      </Dropdown>
      <Modal
        open={open !== null}
        title={open ? t(`changes.${open}`) : ''}
        okText={open === 'withdraw' ? t('changes.withdrawConfirm') : t('common.submit')}
        okButtonProps={{ danger: open === 'withdraw', loading: busy }}
        cancelText={t('common.cancel')}
        onOk={() => form.submit()}
        onCancel={() => setOpen(null)}
        forceRender
      >
        <Form<ChangeValues>
          form={form}
          layout="vertical"
          onFinish={(v) => void send(v)}
          onValuesChange={clearErrorsOnChange(form)}
          onKeyDownCapture={keepEnterFromSubmitting}
          aria-label={open ? t(`changes.${open}`) : undefined}
        >
          {open === 'withdraw' && (
            <Typography.Paragraph type="danger">{t('changes.withdrawHelp')}</Typography.Paragraph>
          )}
          {open === 'reassign' && (
            <>
              <Form.Item name="responsibleLeaderId" label={t('finding.leader')}>
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  options={org.leaders.map((u) => ({ value: u.id, label: u.displayName }))}
                />
              </Form.Item>
              <Form.Item name="leadDepartmentId" label={t('finding.department')}>
                <Select showSearch={{ optionFilterProp: 'label' }} options={deptOptions} />
              </Form.Item>
              <Form.Item
                name="coDepartmentIds"
                label={t('finding.coDepartments')}
                rules={fieldRules('reassign', 'coDepartmentIds', t)}
              >
                <Select
                  mode="multiple"
                  allowClear
                  options={deptOptions.filter((d) => d.value !== lead)}
                />
              </Form.Item>
            </>
          )}
          {open === 'dueDate' && (
            <Form.Item
              name="dueAt"
              label={t('changes.newDueAt')}
              required
              rules={fieldRules('due_date', 'dueAt', t)}
            >
              <DatePicker
                style={{ width: '100%' }}
                disabledDate={notBeforeToday}
                data-testid="change-due"
              />
            </Form.Item>
          )}
          {open === 'title' && (
            <Form.Item
              name="title"
              label={t('finding.title')}
              required
              rules={fieldRules('title', 'title', t)}
            >
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
            </Form.Item>
          )}
          <Form.Item
            name="reason"
            label={t('changes.reason')}
            required
            rules={open ? fieldRules(RULES_OF[open], 'reason', t) : []}
          >
            <Input.TextArea
              autoSize={{ minRows: 2, maxRows: 6 }}
              maxLength={2000}
              placeholder={t('changes.reasonPlaceholder')}
              data-testid="change-reason"
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
