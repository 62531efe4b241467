import { App, Form, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BatchAssignAnswer } from '@rectiflow/contracts';
import { api } from '../api/client';
import { explainApiMessage, showSubmitError } from '../i18n/api-messages';
import {
  ASSIGNMENT_FIELDS as FIELDS,
  AssignmentFields,
  type AssignmentValues as Values,
} from '../tasks/assignment-fields';
import { endOfDayIso } from '../tasks/dates';

/**
 * 批量交办: the findings chosen in the round's list get one leader, lead department, deadline
 * (and co-departments) in one go; each is assigned as if one by one, and those that could not be
 * are named with the reason.
 */
export function BatchAssignDialog({
  roundId,
  findingIds,
  codeOf,
  open,
  onClose,
  onAssigned,
}: {
  roundId: string;
  findingIds: string[];
  codeOf(id: string): string;
  open: boolean;
  onClose(): void;
  onAssigned(answer: BatchAssignAnswer): void;
}) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);

  const finish = async (v: Values) => {
    setBusy(true);
    try {
      const answer = await api.post<BatchAssignAnswer>(`/rounds/${roundId}/assign`, {
        findingIds,
        responsibleLeaderId: v.responsibleLeaderId ?? '',
        leadDepartmentId: v.leadDepartmentId ?? '',
        coDepartmentIds: (v.coDepartmentIds ?? []).filter((d) => d !== v.leadDepartmentId),
        dueAt: endOfDayIso(v.dueAt) ?? '',
        coDepartmentDueAt: v.coDepartmentIds?.length ? endOfDayIso(v.coDepartmentDueAt) : undefined,
        longTerm: !!v.longTerm,
      });
      void message.success(t('batchAssign.done', { count: answer.assigned.length }));
      if (answer.failed.length > 0)
        modal.warning({
          title: t('batchAssign.failed', { count: answer.failed.length }),
          content: (
            <ul className="plain-list">
              {answer.failed.map((f) => (
                <li key={f.findingId}>
                  {codeOf(f.findingId)}：{explainApiMessage(f.message, t)}
                </li>
              ))}
            </ul>
          ),
        });
      form.resetFields();
      onAssigned(answer);
    } catch (err) {
      showSubmitError(err, form, FIELDS, t, (text) => void message.error(text));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('batchAssign.title', { count: findingIds.length })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        {findingIds.map(codeOf).join('、')}
      </Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => void finish(v)}
        aria-label={t('batchAssign.title', { count: findingIds.length })}
      >
        <AssignmentFields form={form} testIdPrefix="batch-assign" />
      </Form>
    </Modal>
  );
}
