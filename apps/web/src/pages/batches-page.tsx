import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Form, Input, Modal, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../api/client';
import type { Batch, Page } from '../api/types';
import { useOrganisation } from '../auth/organisation';
import { useSession } from '../auth/session';
import { formatDateTime } from '../components/format';
import { useDocumentTitle } from '../hooks/use-document-title';
import { useLoad } from '../hooks/use-load';
import { showSubmitError } from '../i18n/api-messages';

interface BatchValues {
  title?: string;
  unitIds?: string[];
}

const FIELDS = ['title', 'unitIds'] as const;

/**
 * 巡察批次: the inspecting side's batches, each over several units. The inspecting office
 * creates them; every batch opens onto its cross-unit summary.
 */
export function BatchesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { hasRole } = useSession();
  const { units, unitName } = useOrganisation();
  const navigate = useNavigate();
  useDocumentTitle(t('batches.title'));
  const batches = useLoad(() => api.get<Page<Batch>>('/batches?pageSize=500'), []);
  const [creating, setCreating] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<BatchValues>();
  const mayCreate = hasRole('inspection_office');

  const create = async (v: BatchValues) => {
    setBusy(true);
    try {
      const batch = await api.post<Batch>('/batches', {
        title: (v.title ?? '').trim(),
        unitIds: v.unitIds ?? [],
      });
      void message.success(t('batches.created'));
      setCreating(false);
      form.resetFields();
      void navigate(`/batches/${batch.id}`);
    } catch (err) {
      showSubmitError(err, form, FIELDS, t, (text) => void message.error(text));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page">
      <div className="page-head">
        <Typography.Title level={2} className="page-title">
          {t('batches.title')}
        </Typography.Title>
        {mayCreate && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="create-batch"
          >
            {t('batches.create')}
          </Button>
        )}
      </div>
      <Card variant="borderless">
        <Table<Batch>
          rowKey="id"
          loading={batches.loading}
          dataSource={batches.data?.items ?? []}
          scroll={{ x: 600 }}
          locale={{ emptyText: <Empty description={t('batches.empty')} /> }}
          columns={[
            {
              title: t('batches.name'),
              dataIndex: 'title',
              render: (_, b) => <Link to={`/batches/${b.id}`}>{b.title}</Link>,
            },
            {
              title: t('batches.units'),
              dataIndex: 'unitIds',
              render: (ids: string[]) => ids.map((id) => unitName(id)).join('、'),
            },
            {
              title: t('batches.createdAt'),
              dataIndex: 'createdAt',
              width: 160,
              render: (d: string) => formatDateTime(d),
            },
          ]}
        />
      </Card>
      <Modal
        open={creating}
        title={t('batches.create')}
        onCancel={() => setCreating(false)}
        okText={t('common.submit')}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form<BatchValues>
          form={form}
          layout="vertical"
          onFinish={(v) => void create(v)}
          aria-label={t('batches.create')}
        >
          <Form.Item name="title" label={t('batches.name')} required>
            <Input
              maxLength={500}
              placeholder={t('batches.namePlaceholder')}
              data-testid="batch-title"
            />
          </Form.Item>
          <Form.Item name="unitIds" label={t('batches.units')} required>
            <Select
              mode="multiple"
              data-testid="batch-units"
              options={units.map((u) => ({ value: u.id, label: `${u.name}（${u.code}）` }))}
            />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
