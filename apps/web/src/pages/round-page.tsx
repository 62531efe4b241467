import {
  DownloadOutlined,
  FileWordOutlined,
  ImportOutlined,
  PlusOutlined,
} from '@ant-design/icons';
import {
  App,
  Breadcrumb,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Modal,
  Result,
  Select,
  Skeleton,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { STAGES, type Light, type Stage } from '@rectiflow/domain';
import { api, ApiError, download, query } from '../api/client';
import { placeMessages } from '../api/field-errors';
import type { FindingDetail, FindingSummary, Page, RoundWithCounts } from '../api/types';
import { useOrganisation } from '../auth/organisation';
import { useSession } from '../auth/session';
import { formatDate } from '../components/format';
import { DueCell, EscalationTag, FindingLight, StageTag } from '../components/status';
import { useLoad } from '../hooks/use-load';
import { describeError, explainApiMessage } from '../i18n/api-messages';
import { BatchAssignDialog } from './batch-assign-dialog';
import { ImportDialog } from './import-dialog';
import { useDocumentTitle } from '../hooks/use-document-title';
import { LookBackSampleButton } from './look-back-actions';
import { NextStepsButton } from './round-next-steps';
import { PublicLink, PublishButton, usePublications } from './round-publish';

const LIGHT_RANK: Record<Light, number> = { green: 0, yellow: 1, red: 2 };

interface FindingFilters {
  q?: string;
  stage?: Stage;
  departmentId?: string;
  overdue?: boolean;
}

/** Every finding of the round matching the filters (the API pages at 500). */
async function allFindings(roundId: string, f: FindingFilters): Promise<FindingSummary[]> {
  const items: FindingSummary[] = [];
  for (let page = 1; ; page++) {
    const answer = await api.get<Page<FindingSummary>>(
      `/findings${query({ roundId, q: f.q, stage: f.stage, departmentId: f.departmentId, overdue: f.overdue ? true : undefined, page, pageSize: 500 })}`,
    );
    items.push(...answer.items);
    if (items.length >= answer.total || answer.items.length === 0) return items;
  }
}

interface NewFindingValues {
  title?: string;
  areaTitle?: string;
  themeTitle?: string;
  measures?: string;
}

export function RoundPage() {
  const { roundId = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { hasRole } = useSession();
  const org = useOrganisation();
  const navigate = useNavigate();
  const [filters, setFilters] = useState<FindingFilters>({});
  const [importing, setImporting] = useState(false);
  const [adding, setAdding] = useState(false);
  // 批量交办: findings chosen in the list (only those awaiting assignment can be).
  const [chosen, setChosen] = useState<string[]>([]);
  const [assigning, setAssigning] = useState(false);
  const [addBusy, setAddBusy] = useState(false);
  const [addForm] = Form.useForm<NewFindingValues>();
  const round = useLoad(() => api.get<RoundWithCounts>(`/rounds/${roundId}`), [roundId]);
  useDocumentTitle(round.data?.title);
  const findings = useLoad(() => allFindings(roundId, filters), [roundId, filters]);
  const isOffice = hasRole('office');
  // 公开: the publications are the office's and the organisation-wide roles' to read.
  const publications = usePublications(
    roundId,
    hasRole('office', 'committee', 'leader', 'supervisor', 'inspector', 'inspection_office'),
  );
  const latestPublication = publications.data?.items[0];

  const stageOptions = useMemo(
    () => STAGES.map((s) => ({ value: s, label: t(`stage.${s}`) })),
    [t],
  );

  const fetchFile = async (path: string, name: string) => {
    try {
      const saved = await download(path, name);
      void message.success(t('round.downloaded', { name: saved }));
    } catch (err) {
      if (err instanceof ApiError && (err.status === 404 || err.status === 501))
        void message.warning(t('round.notReady', { message: err.messages.join('；') }));
      else void message.error(describeError(err, t));
    }
  };

  const addFinding = async (v: NewFindingValues) => {
    setAddBusy(true);
    try {
      const measures = (v.measures ?? '')
        .split('\n')
        .map((m) => m.trim())
        .filter(Boolean);
      const created = await api.post<FindingDetail>(`/rounds/${roundId}/findings`, {
        title: (v.title ?? '').trim(),
        areaTitle: v.areaTitle?.trim() || undefined,
        themeTitle: v.themeTitle?.trim() || undefined,
        measures: measures.length ? measures : undefined,
      });
      void message.success(t('round.addedFinding', { code: created.code }));
      setAdding(false);
      addForm.resetFields();
      await Promise.all([findings.reload(), round.reload()]);
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) {
        const placed = placeMessages(err.messages, [
          'title',
          'areaTitle',
          'themeTitle',
          'measures',
        ]);
        addForm.setFields(
          [...placed.byField.values()].map((e) => ({
            name: e.path[0] as keyof NewFindingValues,
            errors: e.messages.map((m) => explainApiMessage(m, t, err.errors)),
          })),
        );
        if (placed.general.length) void message.error(placed.general.join('；'));
      } else void message.error(describeError(err, t));
    } finally {
      setAddBusy(false);
    }
  };

  if (round.error)
    return (
      <Result
        status="warning"
        title={describeError(round.error, t)}
        extra={<Link to="/rounds">{t('common.back')}</Link>}
      />
    );
  if (!round.data) return <Skeleton active className="page" />;
  const r = round.data;

  return (
    <div className="page round-page">
      <Breadcrumb
        items={[{ title: <Link to="/rounds">{t('nav.rounds')}</Link> }, { title: r.title }]}
      />
      <div className="page-head">
        <Typography.Title level={2} className="page-title">
          {r.title}
        </Typography.Title>
        <Space wrap>
          {isOffice && (
            <Button
              type="primary"
              icon={<ImportOutlined />}
              onClick={() => setImporting(true)}
              data-testid="open-import"
            >
              {t('round.import')}
            </Button>
          )}
          {isOffice && (
            <Button
              icon={<PlusOutlined />}
              onClick={() => setAdding(true)}
              data-testid="add-finding"
            >
              {t('round.addFinding')}
            </Button>
          )}
          <Button
            icon={<DownloadOutlined />}
            onClick={() =>
              void fetchFile(`/rounds/${r.id}/ledger.xlsx`, `${r.title}-整改台账.xlsx`)
            }
            data-testid="download-ledger"
          >
            {t('round.ledger')}
          </Button>
          <Button
            icon={<FileWordOutlined />}
            onClick={() =>
              void fetchFile(`/rounds/${r.id}/report?format=docx`, `${r.title}-整改通报.docx`)
            }
            data-testid="download-docx"
          >
            {t('round.reportDocx')}
          </Button>
          <Button
            icon={<DownloadOutlined />}
            onClick={() =>
              void fetchFile(`/rounds/${r.id}/report?format=md`, `${r.title}-整改通报.md`)
            }
          >
            {t('round.reportMd')}
          </Button>
          <LookBackSampleButton roundId={r.id} />
          {isOffice && <NextStepsButton round={r} onSaved={() => void round.reload()} />}
          {isOffice && <PublishButton round={r} publications={publications} />}
        </Space>
      </div>
      <Card variant="borderless" size="small">
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 4 }}
          items={[
            { key: 'source', label: t('rounds.source'), children: t(`source.${r.source}`) },
            { key: 'body', label: t('rounds.inspectingBody'), children: r.inspectingBody ?? '—' },
            {
              key: 'feedback',
              label: t('rounds.feedbackDate'),
              children: formatDate(r.feedbackDate),
            },
            { key: 'due', label: t('rounds.dueAt'), children: formatDate(r.dueAt) },
            ...(r.publication
              ? [
                  {
                    key: 'pub',
                    label: t('round.publication'),
                    children: `${r.publication.from ?? ''} — ${r.publication.to ?? ''}`,
                  },
                ]
              : []),
            ...(latestPublication
              ? [
                  {
                    key: 'public',
                    label: t('publication.current'),
                    children: <PublicLink publication={latestPublication} />,
                  },
                ]
              : []),
          ]}
        />
        <Space wrap size={[6, 6]} className="stage-counts" aria-label={t('round.total')}>
          <Tag color="processing">{`${t('round.total')} ${r.counts.total}`}</Tag>
          {STAGES.filter((s) => r.counts.byStage[s]).map((s) => (
            <Tag key={s}>{`${t(`stage.${s}`)} ${r.counts.byStage[s]}`}</Tag>
          ))}
          <Link to={`/dashboard?roundId=${r.id}`}>{t('round.dashboard')}</Link>
        </Space>
      </Card>
      <Card variant="borderless" title={t('round.findings')}>
        <Space wrap size="middle" className="filters" role="search" aria-label={t('inbox.filters')}>
          <Input.Search
            allowClear
            placeholder={t('round.searchPlaceholder')}
            aria-label={t('round.searchPlaceholder')}
            style={{ width: 240 }}
            onSearch={(q) => setFilters({ ...filters, q: q.trim() || undefined })}
            data-testid="finding-search"
          />
          <Select<Stage>
            allowClear
            placeholder={t('round.stageFilter')}
            aria-label={t('round.stageFilter')}
            style={{ width: 150 }}
            options={stageOptions}
            value={filters.stage}
            onChange={(stage) => setFilters({ ...filters, stage })}
          />
          <Select<string>
            allowClear
            placeholder={t('round.departmentFilter')}
            aria-label={t('round.departmentFilter')}
            style={{ width: 180 }}
            value={filters.departmentId}
            onChange={(departmentId) => setFilters({ ...filters, departmentId })}
            options={org.departments.map((d) => ({ value: d.id, label: `${d.name}（${d.code}）` }))}
          />
          <label className="filter">
            <span>{t('round.overdueOnly')}</span>
            <Switch
              checked={!!filters.overdue}
              onChange={(overdue) => setFilters({ ...filters, overdue })}
              aria-label={t('round.overdueOnly')}
            />
          </label>
        </Space>
        {isOffice && chosen.length > 0 && (
          <div className="selection-bar">
            <span>{t('batchAssign.chosen', { count: chosen.length })}</span>
            <Button type="primary" onClick={() => setAssigning(true)} data-testid="batch-assign">
              {t('batchAssign.open')}
            </Button>
            <Button type="link" onClick={() => setChosen([])}>
              {t('common.cancel')}
            </Button>
          </div>
        )}
        <Table<FindingSummary>
          rowKey="id"
          className="findings-table"
          loading={findings.loading}
          dataSource={findings.data ?? []}
          scroll={{ x: 980 }}
          pagination={{
            defaultPageSize: 20,
            showSizeChanger: true,
            showTotal: (n) => `${t('round.total')} ${n}`,
          }}
          onRow={(f) => ({ onDoubleClick: () => void navigate(`/findings/${f.id}`) })}
          rowSelection={
            isOffice
              ? {
                  selectedRowKeys: chosen,
                  onChange: (keys) => setChosen(keys as string[]),
                  getCheckboxProps: (f) => ({
                    disabled: f.stage !== 'assign',
                    'aria-label': f.code,
                  }),
                }
              : undefined
          }
          columns={[
            {
              title: t('finding.code'),
              dataIndex: 'code',
              width: 110,
              sorter: (a, b) => a.code.localeCompare(b.code, 'zh-CN', { numeric: true }),
              defaultSortOrder: 'ascend',
            },
            {
              title: t('finding.title'),
              dataIndex: 'title',
              render: (_, f) => (
                <Space size={6} wrap>
                  <Link to={`/findings/${f.id}`}>{f.title}</Link>
                  {f.halted && <Tag color="red">{t('finding.halted')}</Tag>}
                  {f.withdrawn && <Tag className="withdrawn-tag">{t('finding.withdrawn')}</Tag>}
                  {f.longTerm && <Tag color="gold">{t('finding.longTerm')}</Tag>}
                  {f.cycle > 1 && <Tag color="orange">{t('finding.cycleN', { n: f.cycle })}</Tag>}
                </Space>
              ),
            },
            {
              title: t('finding.stage'),
              dataIndex: 'stage',
              width: 120,
              sorter: (a, b) => STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage),
              render: (s: Stage) => <StageTag stage={s} />,
            },
            {
              title: t('finding.light'),
              dataIndex: 'light',
              width: 110,
              sorter: (a, b) => LIGHT_RANK[a.light] - LIGHT_RANK[b.light],
              // Awaiting assignment is not a light (its deadline is the assignment step's).
              render: (l: Light, f) => (
                <FindingLight light={l} stage={f.stage} withdrawn={f.withdrawn} />
              ),
            },
            {
              title: t('finding.department'),
              dataIndex: 'leadDepartmentId',
              width: 150,
              render: (d: string | null) => org.departmentName(d),
            },
            {
              title: t('finding.leader'),
              dataIndex: 'responsibleLeaderId',
              width: 150,
              render: (u: string | null) => (u ? org.userName(u) : '—'),
            },
            {
              title: t('finding.dueAt'),
              dataIndex: 'dueAt',
              width: 170,
              sorter: (a, b) => (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999'),
              render: (_, f) =>
                f.stage === 'closed' ? (
                  formatDate(f.dueAt)
                ) : (
                  <DueCell dueAt={f.dueAt} overdue={f.overdue} />
                ),
            },
            {
              title: t('finding.escalationLevel'),
              dataIndex: 'escalationLevel',
              width: 120,
              sorter: (a, b) => a.escalationLevel - b.escalationLevel,
              render: (l: number) => <EscalationTag level={l} />,
            },
          ]}
        />
      </Card>
      <BatchAssignDialog
        roundId={r.id}
        findingIds={chosen}
        codeOf={(id) => findings.data?.find((f) => f.id === id)?.code ?? id.slice(0, 8)}
        open={assigning}
        onClose={() => setAssigning(false)}
        onAssigned={() => {
          setAssigning(false);
          setChosen([]);
          void findings.reload();
          void round.reload();
        }}
      />
      <ImportDialog
        roundId={r.id}
        open={importing}
        onClose={() => setImporting(false)}
        onImported={() => {
          setImporting(false);
          void findings.reload();
          void round.reload();
        }}
      />
      <Modal
        open={adding}
        title={t('round.addFinding')}
        onCancel={() => setAdding(false)}
        onOk={() => addForm.submit()}
        okText={t('common.submit')}
        cancelText={t('common.cancel')}
        confirmLoading={addBusy}
        destroyOnHidden
      >
        <Form<NewFindingValues>
          form={addForm}
          layout="vertical"
          onFinish={(v) => void addFinding(v)}
          aria-label={t('round.addFinding')}
        >
          <Form.Item name="title" label={t('round.findingTitle')} required>
            <Input.TextArea
              autoSize={{ minRows: 2 }}
              maxLength={2000}
              data-testid="new-finding-title"
            />
          </Form.Item>
          <Form.Item name="areaTitle" label={t('round.areaTitle')}>
            <Input maxLength={500} />
          </Form.Item>
          <Form.Item name="themeTitle" label={t('round.themeTitle')}>
            <Input maxLength={500} />
          </Form.Item>
          <Form.Item name="measures" label={t('round.measuresText')}>
            <Input.TextArea autoSize={{ minRows: 3 }} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
