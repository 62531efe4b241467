import { DeleteOutlined, SaveOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { INBOX_VIEW_LIMITS, type InboxViewFilters } from '@rectiflow/contracts/web';
import { api } from '../api/client';
import type { InboxSavedView, InboxSavedViewList } from '../api/types';
import { useLoad } from '../hooks/use-load';
import { describeError, showSubmitError } from '../i18n/api-messages';

/**
 * 保存视图 and the views dropdown: the inbox's filters and sort saved on the server under a
 * name, the caller's own, found again in any browser.
 */
export function InboxViews({
  filters,
  onApply,
}: {
  filters: InboxViewFilters;
  onApply: (filters: InboxViewFilters) => void;
}) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const views = useLoad(() => api.get<InboxSavedViewList>('/me/inbox-views'), []);
  const [current, setCurrent] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ name: string }>();
  const items = views.data?.items ?? [];
  const full = items.length >= INBOX_VIEW_LIMITS.perUser;

  const save = async () => {
    const { name } = await form.validateFields();
    setBusy(true);
    try {
      const view = await api.post<InboxSavedView>('/me/inbox-views', { name, filters });
      void message.success(t('inbox.viewSaved', { name: view.name }));
      setSaving(false);
      form.resetFields();
      await views.reload();
      setCurrent(view.id);
    } catch (err) {
      showSubmitError(err, form, ['name'], t, (text) => void message.error(text));
    } finally {
      setBusy(false);
    }
  };

  const remove = (view: InboxSavedView) =>
    modal.confirm({
      title: t('inbox.deleteViewConfirm', { name: view.name }),
      okText: t('inbox.deleteView'),
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          await api.del(`/me/inbox-views/${view.id}`);
          setCurrent(undefined);
          await views.reload();
        } catch (err) {
          void message.error(describeError(err, t));
        }
      },
    });

  const chosen = items.find((v) => v.id === current);
  return (
    <Space wrap size="small" className="inbox-views">
      <Select<string>
        allowClear
        aria-label={t('inbox.views')}
        placeholder={t('inbox.views')}
        style={{ width: 180 }}
        loading={views.loading}
        value={chosen?.id}
        notFoundContent={t('inbox.noViews')}
        onChange={(id) => {
          setCurrent(id);
          const view = items.find((v) => v.id === id);
          if (view) onApply(view.filters);
        }}
        options={items.map((v) => ({ value: v.id, label: v.name }))}
        data-testid="inbox-views"
      />
      {chosen && (
        <Button
          icon={<DeleteOutlined />}
          aria-label={t('inbox.deleteView')}
          title={t('inbox.deleteView')}
          onClick={() => remove(chosen)}
        />
      )}
      <Button
        icon={<SaveOutlined />}
        disabled={full}
        title={full ? t('inbox.tooManyViews', { n: INBOX_VIEW_LIMITS.perUser }) : undefined}
        onClick={() => setSaving(true)}
        data-testid="save-view"
      >
        {t('inbox.saveView')}
      </Button>
      <Modal
        open={saving}
        title={t('inbox.saveViewTitle')}
        okText={t('common.save')}
        confirmLoading={busy}
        onOk={() => void save().catch(() => undefined)}
        onCancel={() => setSaving(false)}
        destroyOnHidden
      >
        <p className="muted">{t('inbox.saveViewHint')}</p>
        <Form form={form} layout="vertical" onFinish={() => void save()}>
          <Form.Item
            name="name"
            label={t('inbox.viewName')}
            rules={[
              { required: true, whitespace: true, message: t('inbox.viewNameRequired') },
              { max: INBOX_VIEW_LIMITS.nameMax },
            ]}
          >
            <Input
              autoFocus
              maxLength={INBOX_VIEW_LIMITS.nameMax}
              placeholder={t('inbox.viewNamePlaceholder')}
              data-testid="view-name"
            />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
