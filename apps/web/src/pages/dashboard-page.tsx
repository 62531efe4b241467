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
import { useSearchParams } from 'react-router-dom';
import { LIGHTS, STAGES, type Light } from '@rectiflow/domain';
import { api, query } from '../api/client';
import type { Dashboard, DepartmentFigures, Page, Round } from '../api/types';
import { useOrganisation } from '../auth/organisation';
import { Chart } from '../components/chart';
import { useLoad } from '../hooks/use-load';
import { describeError } from '../i18n/api-messages';
import { useDocumentTitle } from '../hooks/use-document-title';

type LightOrUnassigned = Light | 'unassigned';
/** 待交办 is not a light: findings awaiting assignment are shown apart, in grey. */
const DONUT: LightOrUnassigned[] = [...LIGHTS, 'unassigned'];
const LIGHT_COLOR: Record<LightOrUnassigned, string> = {
  green: '#52c41a',
  yellow: '#faad14',
  red: '#f5222d',
  unassigned: '#bfbfbf',
};

/** On-time rate as a whole percentage; the API may give a fraction (0.8) or a percentage (80). */
function ratePercent(rate: number): number {
  return Math.round(rate <= 1 ? rate * 100 : rate);
}

export function DashboardPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  useDocumentTitle(t('dashboard.title'));
  const roundId = params.get('roundId') ?? undefined;
  const { unitFilter } = useOrganisation();
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
      grid: { left: 40, right: 16, top: 16, bottom: 60 },
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
      series: [{ type: 'pie', radius: ['40%', '70%'], data, label: { formatter: '{b} {c}' } }],
    };
  }, [lights.data, t]);

  const deptOption = useMemo<EChartsOption | null>(() => {
    if (!d) return null;
    const names = d.byDepartment.map((x) => x.name);
    return {
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 40, right: 16, top: 16, bottom: 50 },
      xAxis: { type: 'category', data: names },
      yAxis: { type: 'value', minInterval: 1 },
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
                ['total', d.total, undefined],
                ['closed', d.closed, '#389e0d'],
                ['overdue', d.overdue, d.overdue ? '#cf1322' : undefined],
                ['escalated', d.escalated, d.escalated ? '#d4380d' : undefined],
              ] as const
            ).map(([key, value, color]) => (
              <Col key={key} xs={12} md={6} lg={5}>
                <Card size="small" variant="borderless" className="stat-card">
                  <div data-testid={`dash-${key}`} data-value={value}>
                    <Statistic
                      title={t(`dashboard.${key}`)}
                      value={value}
                      styles={{ content: { color } }}
                    />
                  </div>
                </Card>
              </Col>
            ))}
            <Col xs={24} md={24} lg={4}>
              <Card size="small" variant="borderless" className="stat-card">
                <Statistic
                  title={t('dashboard.closedRate')}
                  value={d.total ? Math.round((d.closed / d.total) * 100) : 0}
                  suffix="%"
                />
              </Card>
            </Col>
          </Row>
          <Row gutter={[16, 16]} className="section-gap-top">
            <Col xs={24} lg={14}>
              <Card title={t('dashboard.byStage')} size="small">
                {stageOption && (
                  <Chart
                    option={stageOption}
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
                  {deptOption && <Chart option={deptOption} label={t('dashboard.byDepartment')} />}
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
                        render: (_, x) => `${x.name}（${x.code}）`,
                      },
                      { title: t('dashboard.open'), dataIndex: 'open', align: 'right' },
                      {
                        title: t('dashboard.overdue'),
                        dataIndex: 'overdue',
                        align: 'right',
                        render: (n: number) => <span className={n ? 'danger-text' : ''}>{n}</span>,
                      },
                      { title: t('dashboard.closed'), dataIndex: 'closed', align: 'right' },
                      { title: t('dashboard.sentBack'), dataIndex: 'sentBack', align: 'right' },
                      {
                        title: t('dashboard.escalated'),
                        dataIndex: 'escalated',
                        align: 'right',
                        render: (n?: number) => n ?? '—',
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
        </>
      )}
    </div>
  );
}
