import { Button, Card, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import type { Light, Stage } from '@rectiflow/domain';
import { api, query } from '../api/client';
import type { FindingSummary, Page } from '../api/types';
import { useOrganisation } from '../auth/organisation';
import { formatDate } from '../components/format';
import { DueCell, EscalationTag, FindingLight, StageTag } from '../components/status';
import { useDocumentTitle } from '../hooks/use-document-title';
import { useLoad } from '../hooks/use-load';

/**
 * The filters a dashboard figure drills down to. They live in the address (so the list can be
 * shared) and go to GET /api/findings as they are; the API counts them with the dashboard's own
 * SQL, so the list's total is the figure that was clicked.
 */
export const DRILL_FILTERS = [
  'roundId',
  'stage',
  'light',
  'departmentId',
  'leaderId',
  'overdue',
  'escalated',
  'longTerm',
  'open',
  'withdrawn',
] as const;
type DrillFilter = (typeof DRILL_FILTERS)[number];

const PAGE_SIZE = 50;

/** `/findings?…`: findings across rounds, narrowed by the filters in the address. */
export function FindingsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('findings.title'));
  const [params, setParams] = useSearchParams();
  const org = useOrganisation();
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const filters = Object.fromEntries(
    DRILL_FILTERS.flatMap((k) => (params.get(k) ? [[k, params.get(k) as string]] : [])),
  ) as Partial<Record<DrillFilter, string>>;
  const key = DRILL_FILTERS.map((k) => filters[k] ?? '').join('|');
  const findings = useLoad(
    () =>
      api.get<Page<FindingSummary>>(
        `/findings${query({ ...filters, unitId: org.unitFilter, page, pageSize: PAGE_SIZE })}`,
      ),
    [key, page, org.unitFilter],
  );

  /** A filter as a tag a person can read (names, not ids). */
  const describe = (k: DrillFilter, v: string): string | null => {
    switch (k) {
      case 'stage':
        return `${t('finding.stage')}：${t(`stage.${v}`)}`;
      case 'light':
        return `${t('finding.light')}：${t(`light.${v}`)}`;
      case 'departmentId':
        return `${t('finding.department')}：${org.departmentName(v)}`;
      case 'leaderId':
        return `${t('finding.leader')}：${org.userName(v)}`;
      case 'roundId':
        return null; // named by the round link instead
      case 'withdrawn':
        return v === 'false' ? null : t('finding.withdrawn');
      default:
        return v === 'true' ? t(`findings.filter.${k}`) : t(`findings.filter.not.${k}`);
    }
  };
  const tags = DRILL_FILTERS.flatMap((k) => {
    const v = filters[k];
    const text = v ? describe(k, v) : null;
    return text ? [{ k, text }] : [];
  });

  return (
    <div className="page findings-page">
      <div className="page-head">
        <Typography.Title level={2} className="page-title">
          {t('findings.title')}
        </Typography.Title>
        <Link to={`/dashboard${filters.roundId ? `?roundId=${filters.roundId}` : ''}`}>
          {t('findings.backToDashboard')}
        </Link>
      </div>
      <Card variant="borderless">
        <Space wrap size={[6, 6]} className="drill-filters" aria-label={t('findings.filters')}>
          {filters.roundId && (
            <Link to={`/rounds/${filters.roundId}`}>
              <Tag color="blue">{t('findings.oneRound')}</Tag>
            </Link>
          )}
          {tags.map(({ k, text }) => (
            <Tag
              key={k}
              closable
              onClose={() => {
                const next = new URLSearchParams(params);
                next.delete(k);
                next.delete('page');
                setParams(next);
              }}
            >
              {text}
            </Tag>
          ))}
          <Typography.Text data-testid="findings-total" data-value={findings.data?.total ?? ''}>
            {t('findings.total', { n: findings.data?.total ?? 0 })}
          </Typography.Text>
          {tags.length > 0 && (
            <Button size="small" type="link" onClick={() => setParams({})}>
              {t('findings.clear')}
            </Button>
          )}
        </Space>
        <Table<FindingSummary>
          rowKey="id"
          size="small"
          className="findings-table section-gap-top"
          loading={findings.loading}
          dataSource={findings.data?.items ?? []}
          scroll={{ x: 900 }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: findings.data?.total ?? 0,
            showSizeChanger: false,
            onChange: (p) => {
              const next = new URLSearchParams(params);
              next.set('page', String(p));
              setParams(next);
            },
          }}
          columns={[
            { title: t('finding.code'), dataIndex: 'code', width: 110 },
            {
              title: t('finding.title'),
              dataIndex: 'title',
              render: (_, f) => (
                <Space size={6} wrap>
                  <Link to={`/findings/${f.id}`}>{f.title}</Link>
                  {f.withdrawn && <Tag className="withdrawn-tag">{t('finding.withdrawn')}</Tag>}
                  {f.longTerm && <Tag color="gold">{t('finding.longTerm')}</Tag>}
                </Space>
              ),
            },
            {
              title: t('finding.stage'),
              dataIndex: 'stage',
              width: 120,
              render: (s: Stage) => <StageTag stage={s} />,
            },
            {
              title: t('finding.light'),
              dataIndex: 'light',
              width: 100,
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
              width: 120,
              render: (u: string | null) => (u ? org.userName(u) : '—'),
            },
            {
              title: t('finding.dueAt'),
              dataIndex: 'dueAt',
              width: 160,
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
              width: 110,
              render: (l: number) => <EscalationTag level={l} />,
            },
          ]}
        />
      </Card>
    </div>
  );
}
