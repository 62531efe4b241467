import { RollbackOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { checkReturnAssignment } from '@rectiflow/domain';
import { api } from '../api/client';
import type { FindingDetail } from '../api/types';
import { useUser } from '../auth/session';
import { showSubmitError } from '../i18n/api-messages';
import { keepEnterFromSubmitting } from '../tasks/dates';

const FIELDS = ['reason'] as const;

/**
 * 退回交办: the lead department's clerk or head hands the assignment back to the office before
 * the measures are approved, with a reason (shown only to whom the shared rule allows it).
 */
export function ReturnAssignmentButton({
  finding,
  onReturned,
}: {
  finding: FindingDetail;
  onReturned: () => void | Promise<unknown>;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const user = useUser();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ reason?: string }>();
  const allowed = checkReturnAssignment(
    { userId: user.id, roles: user.roles, departmentId: user.departmentId },
    finding,
  );
  if (!allowed.ok || finding.halted) return null;

  const send = async (v: { reason?: string }) => {
    setBusy(true);
    try {
      await api.post(`/findings/${finding.id}/return`, { reason: v.reason ?? '' });
      void message.success(t('returnAssignment.done'));
      setOpen(false);
      await onReturned();
    } catch (err) {
      showSubmitError(err, form, FIELDS, t, (text) => void message.error(text));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button
        danger
        icon={<RollbackOutlined />}
        onClick={() => {
          form.resetFields();
          setOpen(true);
        }}
        data-testid="return-assignment"
      >
        {t('returnAssignment.button')}
      </Button>
      <Modal
        open={open}
        title={t('returnAssignment.button')}
        okText={t('returnAssignment.confirm')}
        okButtonProps={{ danger: true, loading: busy }}
        cancelText={t('common.cancel')}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        forceRender
      >
        <Form<{ reason?: string }>
          form={form}
          layout="vertical"
          onFinish={(v) => void send(v)}
          onKeyDownCapture={keepEnterFromSubmitting}
          aria-label={t('returnAssignment.button')}
        >
          <Typography.Paragraph type="secondary">{t('returnAssignment.help')}</Typography.Paragraph>
          <Form.Item
            name="reason"
            label={t('returnAssignment.reason')}
            required
            rules={[
              { required: true, whitespace: true, message: t('returnAssignment.reasonRequired') },
            ]}
          >
            <Input.TextArea
              autoSize={{ minRows: 2, maxRows: 6 }}
              maxLength={2000}
              placeholder={t('returnAssignment.reasonPlaceholder')}
              data-testid="return-reason"
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
