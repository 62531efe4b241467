import { EditOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api/client';
import type { Round } from '../api/types';
import { describeError, explainApiMessage } from '../i18n/api-messages';

interface Values {
  nextSteps?: string;
}

/**
 * 下一步工作计划: the office writes section 四 of the 通报 and it is kept with the round; left
 * empty, the report writes its own plan from the figures.
 */
export function NextStepsButton({
  round,
  onSaved,
}: {
  round: Pick<Round, 'id' | 'nextSteps'>;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<Values>();

  const save = async (v: Values) => {
    setBusy(true);
    try {
      await api.patch<Round>(`/rounds/${round.id}`, { nextSteps: v.nextSteps ?? '' });
      void message.success(t('nextSteps.saved'));
      setOpen(false);
      onSaved();
    } catch (err) {
      if (err instanceof ApiError && err.status === 400)
        form.setFields([
          {
            name: 'nextSteps',
            errors: err.messages.map((m) => explainApiMessage(m, t, err.errors)),
          },
        ]);
      else void message.error(describeError(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button
        icon={<EditOutlined />}
        onClick={() => {
          form.setFieldsValue({ nextSteps: round.nextSteps ?? '' });
          setOpen(true);
        }}
      >
        {t('nextSteps.edit')}
      </Button>
      <Modal
        open={open}
        title={t('nextSteps.title')}
        okText={t('nextSteps.save')}
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
        width={720}
      >
        <Typography.Paragraph type="secondary">{t('nextSteps.help')}</Typography.Paragraph>
        <Form form={form} name="next-steps" layout="vertical" onFinish={(v) => void save(v)}>
          <Form.Item name="nextSteps" label={t('nextSteps.label')} rules={[{ max: 5000 }]}>
            <Input.TextArea
              autoSize={{ minRows: 6, maxRows: 16 }}
              placeholder={t('nextSteps.placeholder')}
              showCount
              maxLength={5000}
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
