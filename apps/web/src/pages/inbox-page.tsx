import { ReloadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Empty,
  Grid,
  Input,
  List,
  Modal,
  Row,
  Select,
  Space,
  Statistic,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { INBOX_TASK_KINDS, type InboxTaskKind } from '@rectiflow/domain';
import { api, query } from '../api/client';
import type {
  BatchApproveAnswer,
  BatchClaimAnswer,
  InboxCounts,
  Page,
  Round,
  Task,
} from '../api/types';
import { useOrganisation } from '../auth/organisation';
import { useUser } from '../auth/session';
import { DueCell, KindTag, LightBadge } from '../components/status';
import { useLoad } from '../hooks/use-load';
import { describeError } from '../i18n/api-messages';
import { useDocumentTitle } from '../hooks/use-document-title';
import { InboxViews } from './inbox-views';
import { taskPath } from '../tasks/task-path';

type InboxSort = 'due' | 'code' | 'kind';

interface InboxFilters {
  kind?: InboxTaskKind;
  roundId?: string;
  overdue?: boolean;
  /** Words of the finding's number or title, its measures or reports, in every round. */
  q?: string;
  sort?: InboxSort;
  order?: 'asc' | 'desc';
}

/** The sort a column header stands for. */
const SORT_OF_COLUMN: Record<string, InboxSort> = {
  findingCode: 'code',
  kind: 'kind',
  dueAt: 'due',
  light: 'due',
};

const filtersKey = (userId: string) => `rectiflow.inbox.filters.${userId}`;

function readFilters(userId: string): InboxFilters {
  try {
    return JSON.parse(localStorage.getItem(filtersKey(userId)) ?? '{}') as InboxFilters;
  } catch {
    return {};
  }
}

export function InboxPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const user = useUser();
  const org = useOrganisation();
  const { unitFilter } = org;
  const navigate = useNavigate();
  useDocumentTitle(t('inbox.title'));
  // Each person's last choice of filters, kept on this device.
  const [filters, setFilters] = useState<InboxFilters>(() => readFilters(user.id));
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [busyTask, setBusyTask] = useState<string | null>(null);
  // 批量认领 / 批量同意: the rows ticked on this page (desktop table).
  const [selected, setSelected] = useState<string[]>([]);
  const [batchBusy, setBatchBusy] = useState(false);
  const [approveOpen, setApproveOpen] = useState(false);
  const [approveComment, setApproveComment] = useState('');
  const [batchResult, setBatchResult] = useState<{
    summary: string;
    failures: string[];
  } | null>(null);

  useEffect(() => {
    localStorage.setItem(filtersKey(user.id), JSON.stringify(filters));
  }, [filters, user.id]);
  // A link to the inbox of one kind (`/?kind=supervision_order_review` from the home page's
  // figures) sets that filter.
  const [params] = useSearchParams();
  const linkedKind = params.get('kind');
  useEffect(() => {
    if (linkedKind && (INBOX_TASK_KINDS as readonly string[]).includes(linkedKind)) {
      setFilters((f) => ({ ...f, kind: linkedKind as InboxTaskKind }));
      setPage(1);
    }
  }, [linkedKind]);

  const tasks = useLoad(
    () =>
      api.get<Page<Task>>(
        `/inbox${query({ kind: filters.kind, roundId: filters.roundId, overdue: filters.overdue ? true : undefined, q: filters.q, sort: filters.sort, order: filters.order, unitId: unitFilter, page, pageSize })}`,
      ),
    [filters, unitFilter, page, pageSize],
  );
  // The counts follow the round, unit and search the list shows (the kind tags break them down).
  const counts = useLoad(
    () =>
      api.get<InboxCounts>(
        `/inbox/counts${query({ roundId: filters.roundId, q: filters.q, unitId: unitFilter })}`,
      ),
    [filters.roundId, filters.q, unitFilter],
  );
  const screens = Grid.useBreakpoint();
  // Phones get a card per task (light, title, deadline, action), not a table scrolled sideways.
  const asCards = screens.sm === false;
  const rounds = useLoad(
    () => api.get<Page<Round>>(`/rounds${query({ pageSize: 500, unitId: unitFilter })}`),
    [unitFilter],
  );
  const roundTitle = useMemo(
    () => new Map((rounds.data?.items ?? []).map((r) => [r.id, r.title])),
    [rounds.data],
  );

  const update = (next: InboxFilters) => {
    setFilters(next);
    setPage(1);
  };

  const claimOrRelease = async (task: Task, action: 'claim' | 'release') => {
    setBusyTask(task.id);
    try {
      await api.post(`/tasks/${task.id}/${action}`);
      void message.success(action === 'claim' ? t('inbox.claimed') : t('inbox.released'));
      await Promise.all([tasks.reload(), counts.reload()]);
    } catch (err) {
      void message.error(describeError(err, t));
      await tasks.reload();
    } finally {
      setBusyTask(null);
    }
  };

  const items = tasks.data?.items ?? [];
  const chosen = items.filter((task) => selected.includes(task.id));
  const claimable = chosen.filter((task) => task.status === 'open');
  const approvable = user.roles.includes('leader')
    ? chosen.filter((task) => task.kind === 'approve_measures')
    : [];

  const runBatch = async (kind: 'claim' | 'approve') => {
    setBatchBusy(true);
    try {
      const failed =
        kind === 'claim'
          ? await api
              .post<BatchClaimAnswer>('/tasks/claim', { taskIds: claimable.map((x) => x.id) })
              .then((a) => ({ ok: a.claimed.length, failed: a.failed }))
          : await api
              .post<BatchApproveAnswer>('/tasks/approve', {
                taskIds: approvable.map((x) => x.id),
                ...(approveComment.trim() ? { comment: approveComment.trim() } : {}),
              })
              .then((a) => ({ ok: a.approved.length, failed: a.failed }));
      const title = (id: string) => {
        const task = items.find((x) => x.id === id);
        return task ? `${task.findingCode} ${task.findingTitle}` : id;
      };
      setBatchResult({
        summary: t(kind === 'claim' ? 'inbox.batchClaimed' : 'inbox.batchApproved', {
          ok: failed.ok,
          failed: failed.failed.length,
        }),
        failures: failed.failed.map((f) => `${title(f.taskId)}：${f.message}`),
      });
      setSelected([]);
      setApproveOpen(false);
      setApproveComment('');
      await Promise.all([tasks.reload(), counts.reload()]);
    } catch (err) {
      void message.error(describeError(err, t));
    } finally {
      setBatchBusy(false);
    }
  };

  const byKind = counts.data?.byKind ?? {};
  const hasFilters = !!(filters.kind || filters.roundId || filters.overdue || filters.q);
  const sortOrder = (column: string) =>
    (filters.sort ?? 'due') === SORT_OF_COLUMN[column] && column !== 'light'
      ? filters.order === 'desc'
        ? ('descend' as const)
        : ('ascend' as const)
      : null;

  const actions = (task: Task) => (
    <Space>
      <Button type="primary" size="small" onClick={() => void navigate(taskPath(task))}>
        {t('common.open')}
      </Button>
      {task.status === 'open' && (
        <Button
          size="small"
          loading={busyTask === task.id}
          onClick={() => void claimOrRelease(task, 'claim')}
        >
          {t('inbox.claim')}
        </Button>
      )}
      {task.status === 'claimed' && task.assigneeId === user.id && (
        <Button
          size="small"
          loading={busyTask === task.id}
          onClick={() => void claimOrRelease(task, 'release')}
        >
          {t('inbox.release')}
        </Button>
      )}
    </Space>
  );

  const pagination = {
    current: page,
    pageSize,
    total: tasks.data?.total ?? 0,
    showSizeChanger: !asCards,
    onChange: (p: number, s: number) => {
      setPage(p);
      setPageSize(s);
    },
  };

  return (
    <div className="page">
      <div className="page-head">
        <Typography.Title level={2} className="page-title">
          {t('inbox.title')}
        </Typography.Title>
        <Button
          icon={<ReloadOutlined />}
          onClick={() => void Promise.all([tasks.reload(), counts.reload()])}
        >
          {t('common.refresh')}
        </Button>
      </div>

      <Row gutter={[16, 16]} className="inbox-summary">
        <Col xs={12} md={6} lg={4}>
          <Card size="small" variant="borderless" className="stat-card">
            <div data-testid="count-total">
              <Statistic title={t('inbox.total')} value={counts.data?.total ?? '—'} />
            </div>
          </Card>
        </Col>
        <Col xs={12} md={6} lg={4}>
          <Card size="small" variant="borderless" className="stat-card stat-danger">
            <div data-testid="count-overdue">
              <Statistic
                title={t('inbox.overdue')}
                value={counts.data?.overdue ?? '—'}
                styles={{ content: { color: counts.data?.overdue ? '#cf1322' : undefined } }}
              />
            </div>
          </Card>
        </Col>
        <Col xs={24} md={12} lg={16}>
          <Card size="small" variant="borderless" className="stat-card" title={t('inbox.byKind')}>
            <Space wrap size={[6, 6]} role="group" aria-label={t('inbox.byKind')}>
              {INBOX_TASK_KINDS.filter((k) => byKind[k]).map((k) => (
                <Tag.CheckableTag
                  key={k}
                  checked={filters.kind === k}
                  onChange={(on) => update({ ...filters, kind: on ? k : undefined })}
                >
                  {`${t(`kind.${k}`)} ${byKind[k]}`}
                </Tag.CheckableTag>
              ))}
              {Object.keys(byKind).length === 0 && (
                <span className="muted">{t('common.none')}</span>
              )}
            </Space>
          </Card>
        </Col>
      </Row>

      <Card variant="borderless" className="filters-card">
        <Space wrap size="middle" className="filters" role="search" aria-label={t('inbox.filters')}>
          <label className="filter">
            <span>{t('inbox.kind')}</span>
            <Select<InboxTaskKind>
              allowClear
              aria-label={t('inbox.kind')}
              placeholder={t('common.all')}
              style={{ width: 170 }}
              value={filters.kind}
              onChange={(kind) => update({ ...filters, kind })}
              options={INBOX_TASK_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
            />
          </label>
          <label className="filter">
            <span>{t('inbox.round')}</span>
            <Select<string>
              allowClear
              aria-label={t('inbox.round')}
              placeholder={t('common.all')}
              style={{ width: 240 }}
              value={filters.roundId}
              onChange={(roundId) => update({ ...filters, roundId })}
              options={(rounds.data?.items ?? []).map((r) => ({ value: r.id, label: r.title }))}
            />
          </label>
          <label className="filter">
            <span>{t('inbox.search')}</span>
            <Input.Search
              allowClear
              aria-label={t('inbox.search')}
              placeholder={t('inbox.searchPlaceholder')}
              style={{ width: 280 }}
              defaultValue={filters.q}
              // A saved view applied puts its words in the box.
              key={`q:${filters.q ?? ''}`}
              onSearch={(q) => update({ ...filters, q: q.trim() || undefined })}
              data-testid="inbox-search"
            />
          </label>
          <label className="filter">
            <span>{t('inbox.overdueOnly')}</span>
            <Switch
              checked={!!filters.overdue}
              onChange={(overdue) => update({ ...filters, overdue })}
              aria-label={t('inbox.overdueOnly')}
            />
          </label>
          {hasFilters && (
            <Button type="link" onClick={() => update({})}>
              {t('inbox.clear')}
            </Button>
          )}
          <span className="muted small">{t('inbox.savedFilters')}</span>
          <InboxViews filters={filters} onApply={update} />
        </Space>
      </Card>

      <Card variant="borderless">
        {!asCards && (
          <Space wrap className="batch-bar" style={{ marginBottom: 12 }}>
            <span className="muted">{t('inbox.selected', { n: selected.length })}</span>
            <Button
              disabled={claimable.length === 0}
              loading={batchBusy && !approveOpen}
              onClick={() => void runBatch('claim')}
              data-testid="batch-claim"
            >
              {`${t('inbox.batchClaim')}${claimable.length ? ` (${claimable.length})` : ''}`}
            </Button>
            {user.roles.includes('leader') && (
              <Button
                type="primary"
                disabled={approvable.length === 0}
                onClick={() => setApproveOpen(true)}
                data-testid="batch-approve"
              >
                {`${t('inbox.batchApprove')}${approvable.length ? ` (${approvable.length})` : ''}`}
              </Button>
            )}
          </Space>
        )}
        {batchResult && (
          <Alert
            type={batchResult.failures.length ? 'warning' : 'success'}
            showIcon
            closable
            onClose={() => setBatchResult(null)}
            style={{ marginBottom: 12 }}
            data-testid="batch-result"
            title={batchResult.summary}
            description={
              batchResult.failures.length > 0 && (
                <ul className="error-list">
                  {batchResult.failures.map((f) => (
                    <li key={f}>{f}</li>
                  ))}
                </ul>
              )
            }
          />
        )}
        <Modal
          open={approveOpen}
          title={t('inbox.batchApproveTitle', { n: approvable.length })}
          okText={t('inbox.batchApprove')}
          confirmLoading={batchBusy}
          onOk={() => void runBatch('approve')}
          onCancel={() => setApproveOpen(false)}
          destroyOnHidden
        >
          <p className="muted">{t('inbox.batchApproveHint')}</p>
          <ul>
            {approvable.map((task) => (
              <li key={task.id}>{`${task.findingCode} ${task.findingTitle}`}</li>
            ))}
          </ul>
          <Input.TextArea
            aria-label={t('inbox.batchComment')}
            placeholder={t('inbox.batchComment')}
            maxLength={5000}
            autoSize={{ minRows: 2, maxRows: 6 }}
            value={approveComment}
            onChange={(e) => setApproveComment(e.target.value)}
            data-testid="batch-comment"
          />
        </Modal>
        {asCards ? (
          <List<Task>
            className="inbox-cards"
            loading={tasks.loading}
            dataSource={tasks.data?.items ?? []}
            locale={{ emptyText: <Empty description={t('inbox.empty')} /> }}
            pagination={{ ...pagination, size: 'small', align: 'center' }}
            renderItem={(task) => (
              <List.Item className="inbox-card" data-kind={task.kind} data-finding={task.findingId}>
                <div className="inbox-card-head">
                  <LightBadge light={task.light} />
                  <KindTag kind={task.kind} level={task.escalationLevel} />
                  <span className="muted small">{task.findingCode}</span>
                </div>
                <Link to={taskPath(task)} className="task-link">
                  {task.findingTitle}
                </Link>
                <div className="inbox-card-foot">
                  <DueCell dueAt={task.dueAt} overdue={task.overdue} />
                  {actions(task)}
                </div>
              </List.Item>
            )}
          />
        ) : (
          <Table<Task>
            rowKey="id"
            className="inbox-table"
            rowSelection={{
              selectedRowKeys: selected,
              onChange: (keys) => setSelected(keys.map(String)),
            }}
            loading={tasks.loading}
            dataSource={tasks.data?.items ?? []}
            locale={{ emptyText: <Empty description={t('inbox.empty')} /> }}
            scroll={{ x: 680 }}
            onRow={(task) =>
              ({
                'data-kind': task.kind,
                'data-finding': task.findingId,
              }) as React.HTMLAttributes<HTMLElement>
            }
            pagination={pagination}
            onChange={(_, __, sorter) => {
              const one = Array.isArray(sorter) ? sorter[0] : sorter;
              const column = String(one?.field ?? '');
              if (!one?.order || !SORT_OF_COLUMN[column]) {
                update({ ...filters, sort: undefined, order: undefined });
                return;
              }
              const sort = SORT_OF_COLUMN[column];
              const order = one.order === 'descend' ? 'desc' : 'asc';
              if (sort !== (filters.sort ?? 'due') || order !== (filters.order ?? 'asc'))
                update({ ...filters, sort, order });
            }}
            columns={[
              {
                title: t('inbox.light'),
                dataIndex: 'light',
                width: 90,
                render: (_, task) => <LightBadge light={task.light} />,
              },
              {
                title: t('inbox.code'),
                dataIndex: 'findingCode',
                width: 90,
                sorter: true,
                sortOrder: sortOrder('findingCode'),
                sortDirections: ['ascend', 'descend'],
              },
              {
                title: t('inbox.kind'),
                dataIndex: 'kind',
                width: 130,
                sorter: true,
                sortOrder: sortOrder('kind'),
                sortDirections: ['ascend', 'descend'],
                render: (_, task) => <KindTag kind={task.kind} level={task.escalationLevel} />,
              },
              {
                title: t('inbox.finding'),
                dataIndex: 'findingTitle',
                render: (_, task) => (
                  <div>
                    <Link to={taskPath(task)} className="task-link">
                      {task.findingTitle}
                    </Link>
                    <div className="muted small">{roundTitle.get(task.roundId) ?? ''}</div>
                  </div>
                ),
              },
              {
                title: t('inbox.due'),
                dataIndex: 'dueAt',
                width: 170,
                sorter: true,
                sortOrder: sortOrder('dueAt'),
                sortDirections: ['ascend', 'descend'],
                render: (_, task) => <DueCell dueAt={task.dueAt} overdue={task.overdue} />,
              },
              {
                title: t('inbox.status'),
                // Narrow screens: the claim/release buttons already tell the state.
                responsive: ['lg'],
                dataIndex: 'status',
                width: 130,
                render: (_, task) =>
                  task.status === 'claimed' ? (
                    <Tag color={task.assigneeId === user.id ? 'processing' : 'warning'}>
                      {task.assigneeId === user.id
                        ? t('inbox.claimedByMe')
                        : t('inbox.claimedByOther', { name: org.userName(task.assigneeId) })}
                    </Tag>
                  ) : (
                    <Tag>{t(`taskStatus.${task.status}`)}</Tag>
                  ),
              },
              {
                title: t('common.actions'),
                key: 'actions',
                width: 170,
                render: (_, task) => actions(task),
              },
            ]}
          />
        )}
      </Card>
    </div>
  );
}
