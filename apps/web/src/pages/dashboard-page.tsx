import {
  Alert,
  Card,
  Col,
  Empty,
  Progress,
  Row,
  Select,
  Skeleton,
  Statistic,
  Table,
  Typography,
} from 'antd';
import type { EChartsOption } from 'echarts';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import {
  AMOUNT_KINDS,
  AMOUNT_KIND_LABELS,
  fenAsChineseAmount,
  fenToYuan,
  LIGHTS,
  STAGES,
  type Light,
} from '@rectiflow/domain';
import { api, query } from '../api/client';
import type { Dashboard, DepartmentFigures, LeaderFigures, Page, Round, Trend } from '../api/types';
import { useOrganisation } from '../auth/organisation';
import { useSession } from '../auth/session';
import { Chart } from '../components/chart';
import { useLoad } from '../hooks/use-load';
import { describeError } from '../i18n/api-messages';
import { useDocumentTitle } from '../hooks/use-document-title';
import { drillLink } from './drill-link';
import { PublicCommentFigures } from '../public/public-comments';

type LightOrUnassigned = Light | 'unassigned';
/** 待交办 is not a light: findings awaiting assignment are shown apart, in grey. */
const DONUT: LightOrUnassigned[] = [...LIGHTS, 'unassigned'];
const LIGHT_COLOR: Record<LightOrUnassigned, string> = {
  green: '#52c41a',
  yellow: '#faad14',
  red: '#f5222d',
  unassigned: '#bfbfbf',
};

/** A figure that opens the list behind it. */
function Drill({
  to,
  n,
  testId,
  danger,
}: {
  to: string;
  n: number;
  testId?: string;
  danger?: boolean;
}) {
  return (
    <Link to={to} data-testid={testId} className={danger && n ? 'danger-text' : undefined}>
      {n}
    </Link>
  );
}

/** 整改成效 summed over the findings counted: regulations, each kind of funds, people. */
function OutcomeFigures({ sums }: { sums: Dashboard['outcomes'] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language.startsWith('zh') ? 'zh' : 'en';
  const figures: [string, string, string | number][] = [
    ['regulations', t('outcomes.regulations'), sums.regulations.total],
    ...AMOUNT_KINDS.map((k): [string, string, string] => [
      k,
      AMOUNT_KIND_LABELS[k][lang],
      lang === 'zh' ? fenAsChineseAmount(sums.amountsFen[k]) : `¥${fenToYuan(sums.amountsFen[k])}`,
    ]),
    ['people', t('outcomes.people'), sums.people.total],
  ];
  return (
    <Card title={t('outcomes.dashboard')} size="small" data-testid="dash-outcomes">
      <Row gutter={[16, 8]}>
        {figures.map(([key, title, value]) => (
          <Col key={key} xs={12} md={8} lg={4}>
            <div data-testid={`dash-outcome-${key}`}>
              <Statistic title={title} value={value} />
            </div>
          </Col>
        ))}
      </Row>
    </Card>
  );
}

/** On-time rate as a whole percentage; the API may give a fraction (0.8) or a percentage (80). */
function ratePercent(rate: number): number {
  return Math.round(rate <= 1 ? rate * 100 : rate);
}

export function DashboardPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  useDocumentTitle(t('dashboard.title'));
  const roundId = params.get('roundId') ?? undefined;
  const org = useOrganisation();
  const { unitFilter } = org;
  const { user, hasRole } = useSession();
  const navigate = useNavigate();
  // Every figure counts live findings only (撤回 is in none), as the list it drills to.
  const live = (filters: Record<string, string | boolean | undefined> = {}) =>
    drillLink(roundId, { withdrawn: false, ...filters });
  const trend = useLoad(
    () => api.get<Trend>(`/dashboard/trend${query({ roundId, unitId: unitFilter })}`),
    [roundId, unitFilter],
  );
  const rounds = useLoad(
    () => api.get<Page<Round>>(`/rounds${query({ pageSize: 500, unitId: unitFilter })}`),
    [unitFilter],
  );
  const figures = useLoad(
    () => api.get<Dashboard>(`/dashboard${query({ roundId, unitId: unitFilter })}`),
    [roundId, unitFilter],
  );
  // Counted in SQL by the API (byLight), never by downloading the findings here.
  const lights = { data: figures.data?.byLight };

  const d = figures.data;
  const stageOption = useMemo<EChartsOption | null>(() => {
    if (!d) return null;
    return {
      tooltip: { trigger: 'axis' },
      // Room above the tallest bar for its count (its label sits on top).
      grid: { left: 40, right: 16, top: 32, bottom: 60 },
      xAxis: {
        type: 'category',
        data: STAGES.map((s) => t(`stage.${s}`)),
        axisLabel: { interval: 0, rotate: 30 },
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          name: t('dashboard.byStage'),
          data: STAGES.map((s) => d.byStage[s] ?? 0),
          itemStyle: { color: '#1677ff' },
          label: { show: true, position: 'top' },
        },
      ],
    };
  }, [d, t]);

  const narrow = typeof window !== 'undefined' && window.innerWidth < 576;
  const lightOption = useMemo<EChartsOption | null>(() => {
    if (!lights.data) return null;
    const data = DONUT.filter((l) => lights.data?.[l]).map((l) => ({
      name: t(`light.${l}`),
      value: lights.data?.[l] ?? 0,
      itemStyle: { color: LIGHT_COLOR[l] },
    }));
    return {
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      // On a phone the names beside the ring would be cut off: the figures go inside, the
      // legend below names the colours.
      series: [
        {
          type: 'pie',
          radius: ['40%', '70%'],
          data,
          label: narrow
            ? { position: 'inside', formatter: '{c}', color: '#fff', fontWeight: 'bold' }
            : { formatter: '{b} {c}' },
        },
      ],
    };
  }, [lights.data, t, narrow]);

  const deptOption = useMemo<EChartsOption | null>(() => {
    if (!d) return null;
    // Horizontal bars: long names (区市场监督管理局综合执法大队) get a line of their own,
    // truncated with an ellipsis at 7 em; the tooltip and the table beside give them in full.
    const names = d.byDepartment.map((x) => x.name);
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { bottom: 0 },
      grid: { left: 8, right: 24, top: 8, bottom: 36, containLabel: true },
      yAxis: {
        type: 'category',
        data: names,
        inverse: true,
        axisLabel: { interval: 0, width: 100, overflow: 'truncate' },
        triggerEvent: true,
      },
      xAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          name: t('dashboard.open'),
          data: d.byDepartment.map((x) => x.open),
          itemStyle: { color: '#1677ff' },
        },
        {
          type: 'bar',
          name: t('dashboard.overdue'),
          data: d.byDepartment.map((x) => x.overdue),
          itemStyle: { color: '#f5222d' },
        },
        {
          type: 'bar',
          name: t('dashboard.closed'),
          data: d.byDepartment.map((x) => x.closed),
          itemStyle: { color: '#52c41a' },
        },
      ],
    };
  }, [d, t]);
  const deptHeight = Math.max(260, (d?.byDepartment.length ?? 0) * 48 + 60);

  const trendOption = useMemo<EChartsOption | null>(() => {
    if (!trend.data) return null;
    const w = trend.data.weeks;
    return {
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 8, right: 16, top: 16, bottom: 36, containLabel: true },
      xAxis: { type: 'category', data: w.map((x) => x.weekStart.slice(5)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'line',
          name: t('dashboard.opened'),
          data: w.map((x) => x.opened),
          itemStyle: { color: '#1677ff' },
        },
        {
          type: 'line',
          name: t('dashboard.closed'),
          data: w.map((x) => x.closed),
          itemStyle: { color: '#52c41a' },
        },
        {
          type: 'line',
          name: t('dashboard.overdueAtWeekEnd'),
          data: w.map((x) => x.overdue),
          itemStyle: { color: '#f5222d' },
        },
      ],
    };
  }, [trend.data, t]);

  const leaderRows = d?.byLeader ?? [];
  const mine =
    user && hasRole('leader') ? leaderRows.find((l) => l.leaderId === user.id) : undefined;
  const leaderColumns = [
    {
      title: t('dashboard.leader'),
      dataIndex: 'leaderId',
      render: (id: string) => <Link to={live({ leaderId: id })}>{org.userName(id)}</Link>,
    },
    {
      title: t('dashboard.open'),
      dataIndex: 'open',
      align: 'right' as const,
      render: (n: number, l: LeaderFigures) => (
        <Drill to={live({ leaderId: l.leaderId, open: true })} n={n} />
      ),
    },
    ...(['red', 'yellow', 'green', 'unassigned'] as const).map((light) => ({
      title: t(`light.${light}`),
      key: light,
      align: 'right' as const,
      render: (_: unknown, l: LeaderFigures) => (
        <Drill
          to={drillLink(roundId, { leaderId: l.leaderId, light })}
          n={l.byLight?.[light] ?? 0}
          danger={light === 'red'}
        />
      ),
    })),
    {
      title: t('dashboard.closed'),
      dataIndex: 'closed',
      align: 'right' as const,
      render: (n: number, l: LeaderFigures) => (
        <Drill to={live({ leaderId: l.leaderId, stage: 'closed' })} n={n} />
      ),
    },
    {
      title: t('dashboard.byStage'),
      key: 'stages',
      render: (_: unknown, l: LeaderFigures) => (
        <span className="leader-stages">
          {STAGES.filter((s) => l.byStage?.[s]).map((s) => (
            <Link key={s} to={live({ leaderId: l.leaderId, stage: s })} className="leader-stage">
              {`${t(`stage.${s}`)} ${l.byStage[s]}`}
            </Link>
          ))}
        </span>
      ),
    },
  ];

  return (
    <div className="page dashboard-page">
      <div className="page-head">
        <Typography.Title level={2} className="page-title">
          {t('dashboard.title')}
        </Typography.Title>
        <label className="filter">
          <span>{t('dashboard.round')}</span>
          <Select<string>
            allowClear
            aria-label={t('dashboard.round')}
            placeholder={t('dashboard.allRounds')}
            style={{ width: 280 }}
            value={roundId}
            onChange={(v) => setParams(v ? { roundId: v } : {})}
            options={(rounds.data?.items ?? []).map((r) => ({ value: r.id, label: r.title }))}
          />
        </label>
      </div>
      {figures.error ? (
        <Alert
          type="warning"
          showIcon
          title={t('dashboard.notReady', { message: describeError(figures.error, t) })}
        />
      ) : !d ? (
        <Skeleton active />
      ) : (
        <>
          <Row gutter={[16, 16]}>
            {(
              [
                ['total', d.total, undefined, live()],
                ['closed', d.closed, '#389e0d', live({ stage: 'closed' })],
                ['overdue', d.overdue, d.overdue ? '#cf1322' : undefined, live({ overdue: true })],
                [
                  'escalated',
                  d.escalated,
                  d.escalated ? '#d4380d' : undefined,
                  live({ escalated: true }),
                ],
                ['longTerm', d.longTerm, undefined, live({ longTerm: true })],
              ] as const
            ).map(([key, value, color, to]) => (
              <Col key={key} xs={12} md={8} lg={4}>
                <Link
                  to={to}
                  className="stat-link"
                  aria-label={`${t(`dashboard.${key}`)} ${value}`}
                >
                  <Card size="small" variant="borderless" className="stat-card" hoverable>
                    <div data-testid={`dash-${key}`} data-value={value}>
                      <Statistic
                        title={t(`dashboard.${key}`)}
                        value={value}
                        styles={{ content: { color } }}
                      />
                    </div>
                  </Card>
                </Link>
              </Col>
            ))}
            <Col xs={12} md={8} lg={4}>
              <Card size="small" variant="borderless" className="stat-card">
                <Statistic
                  title={t('dashboard.closedRate')}
                  value={d.total ? Math.round((d.closed / d.total) * 100) : 0}
                  suffix="%"
                />
              </Card>
            </Col>
          </Row>
          <PublicCommentFigures counts={d.publicComments} />
          <Typography.Paragraph type="secondary" className="section-gap-top drill-hint">
            {t('dashboard.drillHint')}
          </Typography.Paragraph>
          <OutcomeFigures sums={d.outcomes} />
          {mine && (
            <Card title={t('dashboard.myFindings')} size="small" data-testid="my-findings">
              <Table<LeaderFigures>
                rowKey="leaderId"
                size="small"
                pagination={false}
                dataSource={[mine]}
                scroll={{ x: 640 }}
                columns={leaderColumns}
              />
            </Card>
          )}
          <Row gutter={[16, 16]} className="section-gap-top">
            <Col xs={24} lg={14}>
              <Card title={t('dashboard.byStage')} size="small">
                {stageOption && (
                  <Chart
                    option={stageOption}
                    testId="stage-chart"
                    onItemClick={(e) => void navigate(live({ stage: STAGES[e.dataIndex] }))}
                    label={STAGES.map((s) => `${t(`stage.${s}`)} ${d.byStage[s] ?? 0}`).join('，')}
                  />
                )}
              </Card>
            </Col>
            <Col xs={24} lg={10}>
              <Card title={t('dashboard.lights')} size="small">
                {!lights.data ? (
                  <Skeleton active />
                ) : DONUT.every((l) => !lights.data?.[l]) ? (
                  <Empty description={t('dashboard.noData')} />
                ) : (
                  lightOption && (
                    <Chart
                      option={lightOption}
                      testId="light-chart"
                      onItemClick={(e) => {
                        const light = DONUT.filter((l) => lights.data?.[l])[e.dataIndex];
                        if (light) void navigate(drillLink(roundId, { light }));
                      }}
                      label={DONUT.map((l) => `${t(`light.${l}`)} ${lights.data?.[l] ?? 0}`).join(
                        '，',
                      )}
                    />
                  )
                )}
              </Card>
            </Col>
          </Row>
          <Card title={t('dashboard.byDepartment')} size="small" className="section-gap-top">
            {d.byDepartment.length === 0 ? (
              <Empty description={t('dashboard.noData')} />
            ) : (
              <Row gutter={[16, 16]}>
                <Col xs={24} xl={12}>
                  {deptOption && (
                    <Chart
                      option={deptOption}
                      height={deptHeight}
                      testId="department-chart"
                      label={t('dashboard.byDepartment')}
                      onItemClick={(e) => {
                        // A bar (open, overdue, closed) or a department's name on the axis.
                        const dept =
                          e.seriesIndex === undefined
                            ? d.byDepartment.find((x) => x.name === e.name)
                            : d.byDepartment[e.dataIndex];
                        if (!dept) return;
                        const which = [{ open: true }, { overdue: true }, { stage: 'closed' }][
                          e.seriesIndex ?? 0
                        ];
                        void navigate(live({ departmentId: dept.departmentId, ...which }));
                      }}
                    />
                  )}
                </Col>
                <Col xs={24} xl={12}>
                  <Table<DepartmentFigures>
                    rowKey="departmentId"
                    size="small"
                    pagination={false}
                    dataSource={d.byDepartment}
                    scroll={{ x: 640 }}
                    className="department-table"
                    columns={[
                      {
                        title: t('dashboard.department'),
                        dataIndex: 'name',
                        render: (_, x) => (
                          <Link to={live({ departmentId: x.departmentId })}>
                            {`${x.name}（${x.code}）`}
                          </Link>
                        ),
                      },
                      {
                        title: t('dashboard.open'),
                        dataIndex: 'open',
                        align: 'right',
                        render: (n: number, x) => (
                          <Drill to={live({ departmentId: x.departmentId, open: true })} n={n} />
                        ),
                      },
                      {
                        title: t('dashboard.overdue'),
                        dataIndex: 'overdue',
                        align: 'right',
                        render: (n: number, x) => (
                          <Drill
                            to={live({ departmentId: x.departmentId, overdue: true })}
                            n={n}
                            danger
                          />
                        ),
                      },
                      {
                        title: t('dashboard.closed'),
                        dataIndex: 'closed',
                        align: 'right',
                        render: (n: number, x) => (
                          <Drill
                            to={live({ departmentId: x.departmentId, stage: 'closed' })}
                            n={n}
                          />
                        ),
                      },
                      { title: t('dashboard.sentBack'), dataIndex: 'sentBack', align: 'right' },
                      {
                        title: t('dashboard.escalated'),
                        dataIndex: 'escalated',
                        align: 'right',
                        render: (n: number | undefined, x) =>
                          n === undefined ? (
                            '—'
                          ) : (
                            <Drill
                              to={live({ departmentId: x.departmentId, escalated: true })}
                              n={n}
                            />
                          ),
                      },
                      { title: t('supervision.talks'), dataIndex: 'talks', align: 'right' },
                      {
                        title: t('supervision.accountabilityRecords'),
                        dataIndex: 'accountabilityRecords',
                        align: 'right',
                      },
                      {
                        title: t('dashboard.onTimeRate'),
                        dataIndex: 'onTimeRate',
                        width: 150,
                        render: (rate: number | null) =>
                          rate === null || rate === undefined ? (
                            '—'
                          ) : (
                            <Progress
                              percent={ratePercent(rate)}
                              size="small"
                              format={(p) => `${p}%`}
                            />
                          ),
                      },
                    ]}
                  />
                </Col>
              </Row>
            )}
          </Card>
          <Row gutter={[16, 16]} className="section-gap-top">
            <Col xs={24} xl={12}>
              <Card title={t('dashboard.trend')} size="small" data-testid="trend-card">
                {trend.error ? (
                  <Alert type="warning" showIcon title={describeError(trend.error, t)} />
                ) : !trendOption || !trend.data ? (
                  <Skeleton active />
                ) : (
                  <>
                    <Chart
                      option={trendOption}
                      testId="trend-chart"
                      label={trend.data.weeks
                        .map(
                          (w) =>
                            `${w.weekStart} ${t('dashboard.opened')} ${w.opened} ${t('dashboard.closed')} ${w.closed} ${t('dashboard.overdueAtWeekEnd')} ${w.overdue}`,
                        )
                        .join('，')}
                    />
                    <Typography.Paragraph type="secondary" className="trend-note">
                      {t('dashboard.trendNote')}
                    </Typography.Paragraph>
                  </>
                )}
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card title={t('dashboard.byLeader')} size="small">
                {leaderRows.length === 0 ? (
                  <Empty description={t('dashboard.noData')} />
                ) : (
                  <Table<LeaderFigures>
                    rowKey="leaderId"
                    size="small"
                    pagination={false}
                    dataSource={leaderRows}
                    scroll={{ x: 640 }}
                    className="leader-table"
                    columns={leaderColumns}
                  />
                )}
              </Card>
            </Col>
          </Row>
        </>
      )}
    </div>
  );
}
