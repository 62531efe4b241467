import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import {
  App,
  Breadcrumb,
  Button,
  Card,
  Form,
  Input,
  Modal,
  Result,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
  type UploadFile,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api, download, query, request } from '../api/client';
import type { BatchSummary, Page, Round, UnitSummary } from '../api/types';
import { useSession } from '../auth/session';
import { formatDateTime } from '../components/format';
import { useDocumentTitle } from '../hooks/use-document-title';
import { useLoad } from '../hooks/use-load';
import { describeError } from '../i18n/api-messages';

const percent = (rate: number) => `${(rate * 100).toFixed(2)}%`;

type Row = UnitSummary | (BatchSummary['total'] & { unitId: ''; name: string; code: '' });

interface EvaluationValues {
  rating?: string;
  note?: string;
}

/**
 * A batch's cross-unit summary (各单位整改情况): per unit and in total, in the genre's terms,
 * with each unit's evaluation of results (整改成效评估) and the unit's lists under the batch.
 */
export function BatchPage() {
  const { batchId = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { hasRole } = useSession();
  const summary = useLoad(() => api.get<BatchSummary>(`/batches/${batchId}/summary`), [batchId]);
  const rounds = useLoad(() => api.get<Page<Round>>(`/rounds${query({ pageSize: 500 })}`), []);
  useDocumentTitle(summary.data?.batch.title);
  const [evaluating, setEvaluating] = useState<UnitSummary | null>(null);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<EvaluationValues>();
  const mayEvaluate = hasRole('inspection_office');

  if (summary.error)
    return (
      <Result
        status="warning"
        title={describeError(summary.error, t)}
        extra={<Link to="/batches">{t('batches.title')}</Link>}
      />
    );
  const s = summary.data;
  const rows: Row[] = s
    ? [...s.units, { ...s.total, unitId: '', code: '', name: t('batches.total') }]
    : [];
  const batchRounds = (rounds.data?.items ?? []).filter((r) => r.batchId === batchId);

  const saveDocx = async () => {
    try {
      const name = await download(`/batches/${batchId}/summary.docx`, 'summary.docx');
      void message.success(t('round.downloaded', { name }));
    } catch (err) {
      void message.error(describeError(err, t));
    }
  };

  const evaluate = async (v: EvaluationValues) => {
    if (!evaluating) return;
    setBusy(true);
    try {
      const body = new FormData();
      body.append('unitId', evaluating.unitId);
      body.append('rating', v.rating ?? '');
      body.append('note', v.note ?? '');
      for (const f of files) if (f.originFileObj) body.append('files', f.originFileObj, f.name);
      await request('POST', `/batches/${batchId}/evaluations`, { body });
      void message.success(t('batches.evaluated', { unit: evaluating.name }));
      setEvaluating(null);
      setFiles([]);
      form.resetFields();
      await summary.reload();
    } catch (err) {
      void message.error(describeError(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page">
      <Breadcrumb
        items={[
          { title: <Link to="/batches">{t('batches.title')}</Link> },
          { title: s?.batch.title ?? '…' },
        ]}
      />
      <div className="page-head">
        <Typography.Title level={2} className="page-title">
          {s?.batch.title ?? ' '}
        </Typography.Title>
        <Button
          icon={<DownloadOutlined />}
          onClick={() => void saveDocx()}
          data-testid="batch-docx"
        >
          {t('batches.docx')}
        </Button>
      </div>
      <Card
        variant="borderless"
        title={t('batches.summary')}
        extra={s && t('batches.asOf', { time: formatDateTime(s.asOf) })}
      >
        <Table<Row>
          rowKey={(r) => r.unitId || 'total'}
          loading={summary.loading}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 900 }}
          data-testid="batch-summary"
          rowClassName={(r) => (r.unitId ? '' : 'summary-total')}
          columns={[
            { title: t('units.unit'), dataIndex: 'name', fixed: 'left', width: 160 },
            { title: t('batches.findings'), dataIndex: 'findings', align: 'right' },
            { title: t('batches.completed'), dataIndex: 'completed', align: 'right' },
            { title: t('batches.inProgress'), dataIndex: 'inProgress', align: 'right' },
            { title: t('batches.notCompleted'), dataIndex: 'notCompleted', align: 'right' },
            {
              title: t('batches.completionRate'),
              dataIndex: 'completionRate',
              align: 'right',
              render: (r: number) => percent(r),
            },
            { title: t('batches.overdue'), dataIndex: 'overdue', align: 'right' },
            { title: t('batches.escalated'), dataIndex: 'escalated', align: 'right' },
            {
              title: t('batches.evaluation'),
              key: 'evaluation',
              width: 200,
              render: (_, r) => {
                if (!r.unitId) return null;
                const e = (r as UnitSummary).evaluation;
                return (
                  <Space size={4} wrap>
                    {e ? (
                      <Tag color="blue" title={e.note}>
                        {e.rating}
                      </Tag>
                    ) : (
                      <Typography.Text type="secondary">
                        {t('batches.noEvaluation')}
                      </Typography.Text>
                    )}
                    {mayEvaluate && (
                      <Button
                        size="small"
                        type="link"
                        data-testid={`evaluate-${(r as UnitSummary).code}`}
                        onClick={() => {
                          setEvaluating(r as UnitSummary);
                          form.setFieldsValue({ rating: e?.rating, note: e?.note });
                        }}
                      >
                        {t('batches.evaluate')}
                      </Button>
                    )}
                  </Space>
                );
              },
            },
          ]}
        />
      </Card>
      <Card variant="borderless" title={t('batches.rounds')}>
        <Table<Round>
          rowKey="id"
          loading={rounds.loading}
          dataSource={batchRounds}
          pagination={false}
          scroll={{ x: 500 }}
          columns={[
            {
              title: t('rounds.name'),
              dataIndex: 'title',
              render: (_, r) => <Link to={`/rounds/${r.id}`}>{r.title}</Link>,
            },
            {
              title: t('units.unit'),
              dataIndex: 'unitId',
              render: (id: string) => s?.units.find((u) => u.unitId === id)?.name ?? '—',
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
        open={!!evaluating}
        title={`${t('batches.evaluation')}：${evaluating?.name ?? ''}`}
        onCancel={() => setEvaluating(null)}
        okText={t('common.submit')}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form<EvaluationValues>
          form={form}
          layout="vertical"
          onFinish={(v) => void evaluate(v)}
          aria-label={t('batches.evaluation')}
        >
          <Form.Item
            name="rating"
            label={t('batches.rating')}
            rules={[{ required: true, message: t('batches.rating') }]}
          >
            <Select
              data-testid="evaluation-rating"
              options={(s?.ratings ?? []).map((r) => ({ value: r, label: r }))}
            />
          </Form.Item>
          <Form.Item name="note" label={t('batches.note')}>
            <Input.TextArea rows={4} maxLength={20000} data-testid="evaluation-note" />
          </Form.Item>
          <Form.Item label={t('batches.files')}>
            <Upload
              multiple
              fileList={files}
              beforeUpload={() => false}
              onChange={({ fileList }) => setFiles(fileList)}
            >
              <Button icon={<UploadOutlined />}>{t('batches.files')}</Button>
            </Upload>
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
