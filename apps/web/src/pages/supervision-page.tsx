import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { LIGHTS } from '@rectiflow/domain';
import { api, download, query } from '../api/client';
import type { Page, Round, SupervisionItem, SupervisionPage as Ledger } from '../api/types';
import { useOrganisation } from '../auth/organisation';
import { DueCell, EscalationTag, LightBadge, StageTag } from '../components/status';
import { useDocumentTitle } from '../hooks/use-document-title';
import { useLoad } from '../hooks/use-load';
import { describeError } from '../i18n/api-messages';
import { SupervisionRecords } from './supervision-records';

const REASONS = ['overdue', 'escalated', 'sent_back', 'due_soon'] as const;
const REASON_COLOR: Record<(typeof REASONS)[number], string> = {
  overdue: 'red',
  escalated: 'volcano',
  sent_back: 'orange',
  due_soon: 'gold',
};
const FILTERS = ['roundId', 'departmentId', 'leaderId', 'reason', 'light'] as const;

/**
 * 督办台账: what is late, escalated, sent back repeatedly or about to fall due, across rounds and
 * departments (and units, for the inspecting side). Filters live in the address, so a link to a
 * narrowed ledger can be shared; the export holds the same rows.
 */
export function SupervisionPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const { departments, leaders, userName, departmentName, unitFilter, inspectingSide, unitName } =
    useOrganisation();
  useDocumentTitle(t('supervision.title'));
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const filters = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? undefined]));
  const key = params.toString();
  const ledger = useLoad(
    () =>
      api.get<Ledger>(`/supervision${query({ ...filters, unitId: unitFilter, page, pageSize })}`),
    [key, unitFilter, page, pageSize],
  );
  const rounds = useLoad(
    () => api.get<Page<Round>>(`/rounds${query({ pageSize: 500, unitId: unitFilter })}`),
    [unitFilter],
  );

  const setFilter = (name: (typeof FILTERS)[number], value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
    setPage(1);
  };

  const exportLedger = async () => {
    try {
      const name = await download(
        `/supervision.xlsx${query({ ...filters, unitId: unitFilter })}`,
        '督办台账.xlsx',
      );
      void message.success(t('round.downloaded', { name }));
    } catch (err) {
      void message.error(describeError(err, t));
    }
  };

  const select = (
    name: (typeof FILTERS)[number],
    placeholder: string,
    options: { value: string; label: string }[],
  ) => (
    <Select
      allowClear
      className="filter-select"
      data-testid={`supervision-${name}`}
      placeholder={placeholder}
      value={filters[name]}
      onChange={(v: string | undefined) => setFilter(name, v)}
      options={options}
      popupMatchSelectWidth={false}
    />
  );

  return (
    <div className="page">
      <div className="page-head">
        <Typography.Title level={2} className="page-title">
          {t('supervision.title')}
        </Typography.Title>
        <Button icon={<DownloadOutlined />} onClick={() => void exportLedger()}>
          {t('supervision.export')}
        </Button>
      </div>
      <Typography.Paragraph type="secondary">{t('supervision.explain')}</Typography.Paragraph>
      <Card variant="borderless">
        <Space wrap className="filters">
          {select(
            'roundId',
            t('dashboard.allRounds'),
            (rounds.data?.items ?? []).map((r) => ({ value: r.id, label: r.title })),
          )}
          {select(
            'departmentId',
            t('round.departmentFilter'),
            departments
              .filter((d) => !unitFilter || d.unitId === unitFilter)
              .map((d) => ({ value: d.id, label: departmentName(d.id) })),
          )}
          {select(
            'leaderId',
            t('supervision.leader'),
            leaders
              .filter((u) => !unitFilter || u.unitId === unitFilter)
              .map((u) => ({ value: u.id, label: u.displayName })),
          )}
          {select(
            'reason',
            t('supervision.reason'),
            REASONS.map((r) => ({ value: r, label: t(`supervision.reasons.${r}`) })),
          )}
          {select(
            'light',
            t('dashboard.lights'),
            LIGHTS.map((l) => ({ value: l, label: t(`light.${l}`) })),
          )}
        </Space>
        <Table<SupervisionItem>
          rowKey="id"
          className="supervision-table"
          loading={ledger.loading}
          dataSource={ledger.data?.items ?? []}
          scroll={{ x: 960 }}
          locale={{
            emptyText: (
              <Empty
                description={ledger.error ? describeError(ledger.error, t) : t('supervision.empty')}
              />
            ),
          }}
          pagination={{
            current: page,
            pageSize,
            total: ledger.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (n) => t('supervision.total', { count: n }),
            onChange: (p, s) => {
              setPage(p);
              setPageSize(s);
            },
          }}
          columns={[
            {
              title: t('supervision.reason'),
              key: 'reasons',
              width: 150,
              render: (_, f) => (
                <Space size={2} wrap>
                  {f.reasons.map((r) => (
                    <Tag key={r} color={REASON_COLOR[r]}>
                      {t(`supervision.reasons.${r}`)}
                    </Tag>
                  ))}
                </Space>
              ),
            },
            {
              title: t('round.findingTitle'),
              dataIndex: 'title',
              render: (_, f) => (
                <Link to={`/findings/${f.id}`}>
                  {f.code} {f.title}
                </Link>
              ),
            },
            ...(inspectingSide
              ? [
                  {
                    title: t('units.unit'),
                    dataIndex: 'unitId',
                    width: 140,
                    render: (id: string) => unitName(id),
                  },
                ]
              : []),
            {
              title: t('round.departmentFilter'),
              dataIndex: 'leadDepartmentId',
              width: 140,
              render: (id: string | null) => departmentName(id),
            },
            {
              title: t('supervision.leader'),
              dataIndex: 'responsibleLeaderId',
              width: 100,
              render: (id: string | null) => (id ? userName(id) : '—'),
            },
            {
              title: t('round.stageFilter'),
              dataIndex: 'stage',
              width: 110,
              render: (_, f) => <StageTag stage={f.stage} />,
            },
            {
              title: t('dashboard.lights'),
              dataIndex: 'light',
              width: 80,
              render: (_, f) => <LightBadge light={f.light} />,
            },
            {
              title: t('rounds.dueAt'),
              dataIndex: 'dueAt',
              width: 130,
              render: (_, f) => <DueCell dueAt={f.dueAt} overdue={f.overdue} />,
            },
            {
              title: t('dashboard.escalated'),
              dataIndex: 'escalationLevel',
              width: 100,
              render: (level: number) => (level > 0 ? <EscalationTag level={level} /> : '—'),
            },
            {
              title: `${t('supervision.talks')}／${t('supervision.accountabilityRecords')}`,
              key: 'records',
              width: 90,
              render: (_, f) =>
                f.talks + f.accountabilityRecords > 0
                  ? `${f.talks}／${f.accountabilityRecords}`
                  : '—',
            },
            {
              title: t('supervision.openOrders'),
              dataIndex: 'openOrders',
              width: 80,
              render: (n: number) => (n > 0 ? n : '—'),
            },
          ]}
        />
      </Card>
      <Card variant="borderless" title={t('records.title')} className="records-card">
        <SupervisionRecords unitId={unitFilter} departmentId={filters.departmentId} />
      </Card>
    </div>
  );
}
