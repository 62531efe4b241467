import { EyeInvisibleOutlined, EyeOutlined } from '@ant-design/icons';
import { App, Button, Form, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { WITHHOLD_REASONS, type WithholdReason } from '@rectiflow/domain';
import { api, ApiError } from '../api/client';
import type { FindingDetail } from '../api/types';
import { describeError, explainApiMessage } from '../i18n/api-messages';

interface Values {
  reason?: WithholdReason;
}

/**
 * 不予公开: the office leaves a finding out of the public version of the report (向社会通报)
 * with one of the recognised reasons, or tells it again. The internal report keeps it.
 */
export function DisclosureButton({
  finding,
  onChanged,
}: {
  finding: Pick<FindingDetail, 'id' | 'disclosure'>;
  onChanged: () => Promise<void> | void;
}) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<Values>();

  const put = async (body: { withheld: boolean; reason?: WithholdReason }) => {
    setBusy(true);
    try {
      await api.put<FindingDetail>(`/findings/${finding.id}/disclosure`, body);
      void message.success(t(body.withheld ? 'disclosure.saved' : 'disclosure.disclosed'));
      setOpen(false);
      await onChanged();
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && body.withheld)
        form.setFields([
          {
            name: 'reason',
            errors: err.messages.map((m) => explainApiMessage(m, t, err.errors)),
          },
        ]);
      else void message.error(describeError(err, t));
    } finally {
      setBusy(false);
    }
  };

  if (finding.disclosure.withheld)
    return (
      <Button
        icon={<EyeOutlined />}
        loading={busy}
        data-testid="disclose"
        onClick={() =>
          void modal.confirm({
            title: t('disclosure.disclose'),
            content: t('disclosure.confirmDisclose'),
            onOk: () => put({ withheld: false }),
          })
        }
      >
        {t('disclosure.disclose')}
      </Button>
    );

  return (
    <>
      <Button
        icon={<EyeInvisibleOutlined />}
        onClick={() => {
          form.resetFields();
          setOpen(true);
        }}
        data-testid="withhold"
      >
        {t('disclosure.withhold')}
      </Button>
      <Modal
        open={open}
        title={t('disclosure.title')}
        okText={t('disclosure.withhold')}
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('disclosure.help')}</Typography.Paragraph>
        <Form
          form={form}
          name="disclosure"
          layout="vertical"
          onFinish={(v) => void put({ withheld: true, reason: v.reason })}
        >
          <Form.Item
            name="reason"
            label={t('disclosure.reason')}
            rules={[{ required: true, message: t('disclosure.reasonRequired') }]}
          >
            <Select
              placeholder={t('disclosure.reasonPlaceholder')}
              data-testid="withhold-reason"
              options={WITHHOLD_REASONS.map((r) => ({ value: r, label: t(`withholdReason.${r}`) }))}
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
