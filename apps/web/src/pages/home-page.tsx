import { AlertOutlined, FileProtectOutlined } from '@ant-design/icons';
import { Card, Col, Empty, List, Progress, Row, Space, Statistic, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { SupervisionReason } from '@rectiflow/contracts';
import { api, query } from '../api/client';
import type {
  Batch,
  BatchSummary,
  Dashboard,
  FindingSummary,
  Page,
  Round,
  RoundWithCounts,
  Task,
} from '../api/types';
import { useOrganisation } from '../auth/organisation';
import { useSession, useUser } from '../auth/session';
import { formatDate } from '../components/format';
import { LightBadge } from '../components/status';
import { useLoad } from '../hooks/use-load';
import { drillLink } from './drill-link';
import { InboxPage } from './inbox-page';
import { taskPath } from '../tasks/task-path';

/**
 * The page after sign-in leads with what the person acts on or watches: the supervisor the
 * 督办台账's late, escalated and nearly due findings and the supervision orders awaiting
 * acceptance, then the inbox; a leader their own findings' figures, then the inbox; the
 * inspector (who acts on nothing) the progress of the unit and its rounds and what is overdue;
 * the inspecting office (巡察办) the units' progress in its latest batches.
 * Every figure is a count the API takes in SQL, and each opens the list behind it.
 */
export function HomePage() {
  const { hasRole } = useSession();
  // The inspector only watches: no inbox (nothing is ever theirs to do).
  if (hasRole('inspector') && !hasRole('supervisor', 'office', 'leader', 'committee'))
    return <InspectorHome />;
  return (
    <>
      {hasRole('inspection_office') && <InspectionOfficeHead />}
      {hasRole('supervisor') && <SupervisorHead />}
      {hasRole('leader') && <LeaderHead />}
      <InboxPage />
    </>
  );
}

const WATCHED: SupervisionReason[] = ['overdue', 'escalated', 'due_soon'];

/** A figure that opens its list; red when it counts something late. */
function Figure({
  title,
  n,
  to,
  danger,
  testId,
}: {
  title: string;
  n: number | undefined;
  to: string;
  danger?: boolean;
  testId: string;
}) {
  return (
    <Link to={to} className="home-figure" data-testid={testId}>
      <Card size="small" variant="borderless" className="stat-card" hoverable>
        <Statistic
          title={title}
          value={n ?? '—'}
          styles={{ content: { color: danger && n ? '#cf1322' : undefined } }}
        />
      </Card>
    </Link>
  );
}

/** The supervisor's: the ledger's figures, and the orders whose answers await acceptance. */
function SupervisorHead() {
  const { t } = useTranslation();
  const { unitFilter } = useOrganisation();
  // One count per reason: the ledger's own SQL filter, one row asked for.
  const figures = useLoad(
    () =>
      Promise.all(
        WATCHED.map((reason) =>
          api
            .get<Page<unknown>>(
              `/supervision${query({ reason, unitId: unitFilter, page: 1, pageSize: 1 })}`,
            )
            .then((p) => p.total),
        ),
      ),
    [unitFilter],
  );
  const awaiting = useLoad(
    () =>
      api.get<Page<Task>>(
        `/inbox${query({ kind: 'supervision_order_review', unitId: unitFilter, page: 1, pageSize: 5 })}`,
      ),
    [unitFilter],
  );
  const total = awaiting.data?.total;
  return (
    <section className="page home-head" aria-labelledby="home-supervisor">
      <Typography.Title level={2} className="page-title" id="home-supervisor">
        <AlertOutlined /> {t('home.supervisorTitle')}
      </Typography.Title>
      <Row gutter={[12, 12]}>
        {WATCHED.map((reason, i) => (
          <Col xs={12} md={6} key={reason}>
            <Figure
              title={t(`home.reasons.${reason}`)}
              n={figures.data?.[i]}
              to={`/supervision?reason=${reason}`}
              danger={reason !== 'due_soon'}
              testId={`home-${reason}`}
            />
          </Col>
        ))}
        <Col xs={12} md={6}>
          <Figure
            title={t('home.ordersAwaiting')}
            n={total}
            to="/?kind=supervision_order_review"
            testId="home-orders-awaiting"
          />
        </Col>
      </Row>
      <Card
        size="small"
        variant="borderless"
        className="home-orders"
        title={
          <Space>
            <FileProtectOutlined />
            {t('home.ordersAwaitingList')}
          </Space>
        }
        extra={
          total ? <Link to="/?kind=supervision_order_review">{t('home.allOrders')}</Link> : null
        }
      >
        {awaiting.data && awaiting.data.items.length === 0 ? (
          <span className="muted">{t('home.noOrdersAwaiting')}</span>
        ) : (
          <List<Task>
            size="small"
            loading={!awaiting.data}
            dataSource={awaiting.data?.items ?? []}
            renderItem={(task) => (
              <List.Item data-testid="home-order-row">
                <Link to={taskPath(task)}>
                  <span className="finding-code">{task.findingCode}</span> {task.findingTitle}
                </Link>
                <span className="muted small">{formatDate(task.createdAt)}</span>
              </List.Item>
            )}
          />
        )}
      </Card>
    </section>
  );
}

/** A leader's own findings (分管/负责): open, late, closed, each opening its list. */
function LeaderHead() {
  const { t } = useTranslation();
  const user = useUser();
  const { unitFilter } = useOrganisation();
  const figures = useLoad(
    () => api.get<Dashboard>(`/dashboard${query({ unitId: unitFilter })}`),
    [unitFilter],
  );
  const mine = figures.data?.byLeader.find((l) => l.leaderId === user.id);
  return (
    <section className="page home-head" aria-labelledby="home-leader">
      <Typography.Title level={2} className="page-title" id="home-leader">
        {t('home.leaderTitle')}
      </Typography.Title>
      <Row gutter={[12, 12]}>
        <Col xs={8}>
          <Figure
            title={t('home.myOpen')}
            n={figures.data ? (mine?.open ?? 0) : undefined}
            to={drillLink(undefined, { leaderId: user.id, open: true })}
            testId="home-leader-open"
          />
        </Col>
        <Col xs={8}>
          <Figure
            title={t('home.myOverdue')}
            n={figures.data ? (mine?.overdue ?? 0) : undefined}
            to={drillLink(undefined, { leaderId: user.id, overdue: true })}
            danger
            testId="home-leader-overdue"
          />
        </Col>
        <Col xs={8}>
          <Figure
            title={t('home.myClosed')}
            n={figures.data ? (mine?.closed ?? 0) : undefined}
            to={drillLink(undefined, { leaderId: user.id, stage: 'closed' })}
            testId="home-leader-closed"
          />
        </Col>
      </Row>
    </section>
  );
}

/** Batches the inspecting office's home shows, newest first. */
const HOME_BATCHES = 3;
/** Units shown per batch: the ones furthest behind (a city's batch covers dozens). */
const HOME_BATCH_UNITS = 5;

type UnitRow = BatchSummary['units'][number];

/** Furthest behind first: most overdue, then least completed, then by code. */
function behindFirst(a: UnitRow, b: UnitRow): number {
  return (
    b.overdue - a.overdue || a.completionRate - b.completionRate || a.code.localeCompare(b.code)
  );
}

/**
 * The inspecting office's (巡察办): its latest batches, each with its completion and the units
 * furthest behind in it, as the batch's summary counts them (SQL); the batch's page has all.
 */
function InspectionOfficeHead() {
  const { t } = useTranslation();
  const summaries = useLoad(async () => {
    const page = await api.get<Page<Batch>>(
      `/batches${query({ page: 1, pageSize: HOME_BATCHES })}`,
    );
    const items = await Promise.all(
      page.items.map((b) => api.get<BatchSummary>(`/batches/${b.id}/summary`)),
    );
    return { items, total: page.total };
  }, []);
  const s = summaries.data;
  return (
    <section className="page home-head" aria-labelledby="home-inspection-office">
      <div className="page-head">
        <Typography.Title level={2} className="page-title" id="home-inspection-office">
          {t('home.batchesTitle')}
        </Typography.Title>
        <Link to="/batches">{t('home.allBatches', { n: s?.total ?? 0 })}</Link>
      </div>
      {!s ? (
        <Card size="small" variant="borderless" loading />
      ) : s.items.length === 0 ? (
        <Card size="small" variant="borderless">
          <Empty description={t('home.noBatches')}>
            <Link to="/batches">{t('home.toBatches')}</Link>
          </Empty>
        </Card>
      ) : (
        <Row gutter={[12, 12]}>
          {s.items.map((b) => {
            const shown = [...b.units].sort(behindFirst).slice(0, HOME_BATCH_UNITS);
            return (
              <Col xs={24} xl={8} key={b.batch.id}>
                <Card
                  size="small"
                  variant="borderless"
                  data-testid="home-batch"
                  title={<Link to={`/batches/${b.batch.id}`}>{b.batch.title}</Link>}
                  extra={
                    <span className="muted small">
                      {t('home.batchLate', {
                        overdue: b.total.overdue,
                        escalated: b.total.escalated,
                      })}
                    </span>
                  }
                >
                  <Progress
                    percent={Math.round(b.total.completionRate * 100)}
                    format={() => `${b.total.completed}/${b.total.findings}`}
                    data-testid="home-batch-total"
                  />
                  <List<UnitRow>
                    size="small"
                    dataSource={shown}
                    renderItem={(u) => (
                      <List.Item data-testid="home-batch-unit" data-unit={u.code}>
                        <div style={{ width: '100%' }}>
                          <Space size={8} wrap>
                            <span>{u.name}</span>
                            {u.overdue > 0 && (
                              <span className="danger-text small">
                                {t('home.unitOverdue', { n: u.overdue })}
                              </span>
                            )}
                          </Space>
                          <Progress
                            percent={Math.round(u.completionRate * 100)}
                            size="small"
                            format={() => `${u.completed}/${u.findings}`}
                          />
                        </div>
                      </List.Item>
                    )}
                  />
                  {b.units.length > shown.length && (
                    <Link to={`/batches/${b.batch.id}`} className="small">
                      {t('home.allUnits', { n: b.units.length })}
                    </Link>
                  )}
                </Card>
              </Col>
            );
          })}
        </Row>
      )}
    </section>
  );
}

/** Closed of all, as a whole percentage (0 when there is nothing yet). */
const percent = (closed: number, total: number) =>
  total > 0 ? Math.round((closed / total) * 100) : 0;

/** The inspector's: the unit's progress, each round's, and the overdue findings. */
function InspectorHome() {
  const { t } = useTranslation();
  const org = useOrganisation();
  const { unitFilter } = org;
  const figures = useLoad(
    () => api.get<Dashboard>(`/dashboard${query({ unitId: unitFilter })}`),
    [unitFilter],
  );
  // The latest rounds, each with its counts by stage (a GROUP BY per round).
  const rounds = useLoad(async () => {
    const page = await api.get<Page<Round>>(
      `/rounds${query({ unitId: unitFilter, page: 1, pageSize: 6 })}`,
    );
    return Promise.all(page.items.map((r) => api.get<RoundWithCounts>(`/rounds/${r.id}`)));
  }, [unitFilter]);
  const overdue = useLoad(
    () =>
      api.get<Page<FindingSummary>>(
        `/findings${query({ overdue: true, unitId: unitFilter, page: 1, pageSize: 10 })}`,
      ),
    [unitFilter],
  );
  const d = figures.data;
  return (
    <div className="page home-inspector">
      <div className="page-head">
        <Typography.Title level={2} className="page-title">
          {t('home.inspectorTitle')}
        </Typography.Title>
      </div>
      <Row gutter={[12, 12]}>
        <Col xs={24} md={8}>
          <Card size="small" variant="borderless" className="stat-card">
            <div className="home-progress" data-testid="home-unit-progress">
              <Progress
                type="circle"
                size={96}
                percent={d ? percent(d.closed, d.total) : 0}
                format={(p) => `${p ?? 0}%`}
              />
              <Statistic
                title={t('home.closedOfTotal')}
                value={d ? `${d.closed} / ${d.total}` : '—'}
              />
            </div>
          </Card>
        </Col>
        <Col xs={12} md={8}>
          <Figure
            title={t('home.reasons.overdue')}
            n={d?.overdue}
            to="/supervision?reason=overdue"
            danger
            testId="home-overdue"
          />
        </Col>
        <Col xs={12} md={8}>
          <Figure
            title={t('home.reasons.escalated')}
            n={d?.escalated}
            to="/supervision?reason=escalated"
            danger
            testId="home-escalated"
          />
        </Col>
      </Row>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={10}>
          <Card size="small" variant="borderless" title={t('home.roundProgress')}>
            <List
              size="small"
              loading={!rounds.data}
              locale={{ emptyText: <Empty description={t('common.none')} /> }}
              dataSource={rounds.data ?? []}
              renderItem={(r) => {
                const closed = r.counts.byStage.closed ?? 0;
                return (
                  <List.Item data-testid="home-round-row" className="home-round">
                    <div style={{ width: '100%' }}>
                      <Link to={`/rounds/${r.id}`}>{r.title}</Link>
                      <Progress
                        percent={percent(closed, r.counts.total)}
                        size="small"
                        format={() => `${closed}/${r.counts.total}`}
                      />
                    </div>
                  </List.Item>
                );
              }}
            />
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card
            size="small"
            variant="borderless"
            title={t('home.overdueList', { n: overdue.data?.total ?? 0 })}
            extra={<Link to="/supervision?reason=overdue">{t('home.toLedger')}</Link>}
          >
            <Table<FindingSummary>
              size="small"
              rowKey="id"
              loading={!overdue.data}
              pagination={false}
              scroll={{ x: true }}
              locale={{ emptyText: t('home.noneOverdue') }}
              dataSource={overdue.data?.items ?? []}
              columns={[
                {
                  title: t('home.finding'),
                  key: 'finding',
                  render: (_: unknown, f) => (
                    <Space size={6} align="start">
                      <span className="nowrap">
                        <LightBadge light={f.light} />
                      </span>
                      <Link to={`/findings/${f.id}`} data-testid="home-overdue-row">
                        <span className="finding-code">{f.code}</span> {f.title}
                      </Link>
                    </Space>
                  ),
                },
                {
                  title: t('home.department'),
                  key: 'dept',
                  responsive: ['sm'],
                  render: (_: unknown, f) =>
                    f.leadDepartmentId ? org.departmentName(f.leadDepartmentId) : '—',
                },
                {
                  title: t('home.dueAt'),
                  key: 'due',
                  render: (_: unknown, f) => <span className="nowrap">{formatDate(f.dueAt)}</span>,
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
