import { PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  Modal,
  Select,
  Table,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { ROUND_SOURCES, type RoundSource } from '@rectiflow/domain';
import { api, ApiError, query } from '../api/client';
import { placeMessages } from '../api/field-errors';
import type { Batch, CreateRoundBody, Page, Round } from '../api/types';
import { useOrganisation } from '../auth/organisation';
import { useSession } from '../auth/session';
import { formatDate, formatDateTime } from '../components/format';
import { useLoad } from '../hooks/use-load';
import { describeError, explainApiMessage } from '../i18n/api-messages';
import { endOfDayIso } from '../tasks/dates';
import { useDocumentTitle } from '../hooks/use-document-title';

interface RoundValues {
  title?: string;
  source?: RoundSource;
  inspectingBody?: string;
  feedbackDate?: Dayjs;
  dueAt?: Dayjs;
  /** Inspecting side: the unit the round is for, and the batch it belongs to. */
  unitId?: string;
  batchId?: string;
}

const FIELDS = [
  'title',
  'source',
  'inspectingBody',
  'feedbackDate',
  'dueAt',
  'unitId',
  'batchId',
] as const;

export function RoundsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { hasRole } = useSession();
  const navigate = useNavigate();
  useDocumentTitle(t('rounds.title'));
  const { inspectingSide, units, unitFilter, unitName } = useOrganisation();
  const rounds = useLoad(
    () => api.get<Page<Round>>(`/rounds${query({ pageSize: 500, unitId: unitFilter })}`),
    [unitFilter],
  );
  // The inspecting office creates a unit's round under one of its batches (and imports its list).
  const batches = useLoad(
    () =>
      inspectingSide ? api.get<Page<Batch>>('/batches?pageSize=500') : Promise.resolve(undefined),
    [inspectingSide],
  );
  const [creating, setCreating] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<RoundValues>();
  const isOffice = hasRole('office') || hasRole('inspection_office');

  const create = async (v: RoundValues) => {
    setBusy(true);
    try {
      const body: CreateRoundBody = {
        title: (v.title ?? '').trim(),
        source: v.source ?? ('' as RoundSource),
        inspectingBody: v.inspectingBody?.trim() || undefined,
        feedbackDate: v.feedbackDate ? v.feedbackDate.format('YYYY-MM-DD') : undefined,
        dueAt: endOfDayIso(v.dueAt),
        ...(inspectingSide ? { unitId: v.unitId, batchId: v.batchId } : {}),
      };
      const round = await api.post<Round>('/rounds', body);
      void message.success(t('rounds.created'));
      setCreating(false);
      form.resetFields();
      void navigate(`/rounds/${round.id}`);
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) {
        const placed = placeMessages(err.messages, FIELDS);
        form.setFields(
          [...placed.byField.values()].map((e) => ({
            name: e.path[0] as keyof RoundValues,
            errors: e.messages.map((m) => explainApiMessage(m, t, err.errors)),
          })),
        );
        if (placed.general.length) void message.error(placed.general.join('；'));
      } else {
        void message.error(describeError(err, t));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page">
      <div className="page-head">
        <Typography.Title level={2} className="page-title">
          {t('rounds.title')}
        </Typography.Title>
        {isOffice && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="create-round"
          >
            {t('rounds.create')}
          </Button>
        )}
      </div>
      <Card variant="borderless">
        <Table<Round>
          rowKey="id"
          loading={rounds.loading}
          dataSource={rounds.data?.items ?? []}
          scroll={{ x: 720 }}
          locale={{
            emptyText: (
              <Empty description={isOffice ? t('rounds.emptyOffice') : t('rounds.empty')} />
            ),
          }}
          columns={[
            {
              title: t('rounds.name'),
              dataIndex: 'title',
              render: (_, r) => <Link to={`/rounds/${r.id}`}>{r.title}</Link>,
            },
            ...(inspectingSide
              ? [
                  {
                    title: t('units.unit'),
                    dataIndex: 'unitId',
                    width: 160,
                    render: (id: string) => unitName(id),
                  },
                ]
              : []),
            {
              title: t('rounds.source'),
              dataIndex: 'source',
              width: 110,
              render: (s: RoundSource) => t(`source.${s}`),
            },
            {
              title: t('rounds.inspectingBody'),
              dataIndex: 'inspectingBody',
              render: (b: string | null) => b ?? '—',
            },
            {
              title: t('rounds.feedbackDate'),
              dataIndex: 'feedbackDate',
              width: 130,
              render: (d: string | null) => formatDate(d),
            },
            {
              title: t('rounds.dueAt'),
              dataIndex: 'dueAt',
              width: 130,
              render: (d: string | null) => formatDate(d),
            },
            {
              title: t('rounds.createdAt'),
              dataIndex: 'createdAt',
              width: 160,
              render: (d: string) => formatDateTime(d),
            },
          ]}
        />
      </Card>
      <Modal
        open={creating}
        title={t('rounds.create')}
        onCancel={() => setCreating(false)}
        okText={t('common.submit')}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form<RoundValues>
          form={form}
          layout="vertical"
          onFinish={(v) => void create(v)}
          initialValues={{ source: 'inspection', unitId: unitFilter }}
          aria-label={t('rounds.create')}
        >
          {inspectingSide && (
            <>
              <Form.Item name="unitId" label={t('units.unit')} required>
                <Select
                  data-testid="round-unit"
                  options={units.map((u) => ({ value: u.id, label: u.name }))}
                />
              </Form.Item>
              <Form.Item name="batchId" label={t('batches.title')}>
                <Select
                  allowClear
                  data-testid="round-batch"
                  options={(batches.data?.items ?? []).map((b) => ({
                    value: b.id,
                    label: b.title,
                  }))}
                />
              </Form.Item>
            </>
          )}
          <Form.Item name="title" label={t('rounds.name')} required>
            <Input
              maxLength={200}
              placeholder="例如：县委第一巡察组反馈意见"
              data-testid="round-title"
            />
          </Form.Item>
          <Form.Item name="source" label={t('rounds.source')} required>
            <Select options={ROUND_SOURCES.map((s) => ({ value: s, label: t(`source.${s}`) }))} />
          </Form.Item>
          <Form.Item name="inspectingBody" label={t('rounds.inspectingBody')}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="feedbackDate" label={t('rounds.feedbackDate')}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="dueAt" label={t('rounds.dueAt')}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
