import { DownloadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Segmented,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import {
  SCORECARD_COMPONENTS,
  SCORECARD_WEIGHT_OF,
  type ScorecardComponent,
} from '@rectiflow/domain';
import { api, download, query } from '../api/client';
import type {
  Page,
  Round,
  ScorecardDepartmentView,
  ScorecardPartView,
  ScorecardView,
} from '../api/types';
import { useOrganisation } from '../auth/organisation';
import { useSession } from '../auth/session';
import { useDocumentTitle } from '../hooks/use-document-title';
import { useLoad } from '../hooks/use-load';
import { describeError } from '../i18n/api-messages';

const PERIOD_PARAMS = ['roundId', 'from', 'to'] as const;

/** The points a figure adds or takes off, signed. */
function signed(points: number): string {
  return points > 0 ? `+${points}` : points < 0 ? `−${-points}` : '0';
}

/**
 * 绩效考核: per department, the figures of its rectification work over a round or a range of
 * deadline dates, weighted into a score by the formula shown above the table (the API's, with
 * the deployment's weights). A department's staff see only their own row. The period lives in
 * the address, so a narrowed scorecard can be shared; the export holds the same rows.
 */
export function ScorecardPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const { unitFilter, inspectingSide, unitName } = useOrganisation();
  const { hasRole } = useSession();
  useDocumentTitle(t('scorecard.title'));
  const period = Object.fromEntries(PERIOD_PARAMS.map((p) => [p, params.get(p) ?? undefined]));
  const mode = params.get('mode') === 'range' || period.from ? 'range' : 'round';
  const key = params.toString();
  const scorecard = useLoad(
    () => api.get<ScorecardView>(`/scorecard${query({ ...period, unitId: unitFilter })}`),
    [key, unitFilter],
  );
  const watcher = hasRole('office', 'committee', 'supervisor', 'inspector', 'inspection_office');
  const rounds = useLoad(
    () => api.get<Page<Round>>(`/rounds${query({ pageSize: 500, unitId: unitFilter })}`),
    [unitFilter],
  );

  const setPeriod = (next: Partial<Record<(typeof PERIOD_PARAMS)[number] | 'mode', string>>) => {
    const out = new URLSearchParams(params);
    for (const [name, value] of Object.entries(next)) {
      if (value) out.set(name, value);
      else out.delete(name);
    }
    setParams(out, { replace: true });
  };

  const exportScorecard = async () => {
    try {
      const name = await download(
        `/scorecard.xlsx${query({ ...period, unitId: unitFilter })}`,
        '绩效考核.xlsx',
      );
      void message.success(t('round.downloaded', { name }));
    } catch (err) {
      void message.error(describeError(err, t));
    }
  };

  const view = scorecard.data;
  const name = (c: ScorecardComponent) => t(`scorecard.components.${c}`);
  // In Chinese the API's own formula, word for word as the workbook has it; otherwise in words of
  // the page's language with the same weights.
  const formula = !view
    ? ''
    : i18n.language.startsWith('zh')
      ? view.formula
      : `${t('scorecard.score')} = max(0, ${view.weights.base} + ${view.weights.onTime} × ${name('onTimeRate')}${SCORECARD_COMPONENTS.filter(
          (c) => c !== 'onTimeRate',
        )
          .map((c) => ` − ${view.weights[SCORECARD_WEIGHT_OF[c]]} × ${name(c)}`)
          .join('')})`;

  const figure = (c: ScorecardComponent, part: ScorecardPartView) => {
    if (c !== 'onTimeRate') return part.value ?? 0;
    if (part.value === null) return t('scorecard.noneDue');
    return `${Math.round(part.value * 1000) / 10}%`;
  };

  const rankColumn: ColumnsType<ScorecardDepartmentView>[number] = {
    title: t('scorecard.rank'),
    key: 'rank',
    width: 56,
    // Equal scores share a rank (1, 1, 3).
    render: (_, d) => 1 + (view?.departments ?? []).filter((o) => o.score > d.score).length,
  };

  const columns: ColumnsType<ScorecardDepartmentView> = [
    // A department sees its own row only: a rank among one would say nothing.
    ...(watcher ? [rankColumn] : []),
    {
      title: t('scorecard.department'),
      dataIndex: 'name',
      width: 120,
      fixed: 'left',
      render: (n: string, d) => (
        <span data-testid={`scorecard-row-${d.code}`}>
          {n}
          {inspectingSide && (
            <Typography.Text type="secondary" className="scorecard-unit">
              {unitName(d.unitId)}
            </Typography.Text>
          )}
        </span>
      ),
    },
    {
      title: `${t('scorecard.findings')}／${t('scorecard.due')}`,
      key: 'findings',
      width: 96,
      render: (_, d) => `${d.findings}／${d.due}`,
    },
    ...SCORECARD_COMPONENTS.map((c) => ({
      title: (
        <span>
          {name(c)}
          <br />
          <Typography.Text type="secondary" className="scorecard-weight">
            {t('scorecard.weight', { weight: view?.weights[SCORECARD_WEIGHT_OF[c]] ?? '' })}
          </Typography.Text>
        </span>
      ),
      key: c,
      width: 112,
      render: (_: unknown, d: ScorecardDepartmentView) => (
        <span className="scorecard-cell" data-testid={`scorecard-${d.code}-${c}`}>
          <span className="scorecard-value">{figure(c, d[c])}</span>
          <Typography.Text
            type={d[c].points < 0 ? 'danger' : d[c].points > 0 ? 'success' : 'secondary'}
            className="scorecard-points"
          >
            {signed(d[c].points)}
          </Typography.Text>
        </span>
      ),
    })),
    {
      title: t('scorecard.score'),
      dataIndex: 'score',
      key: 'score',
      width: 80,
      fixed: 'right',
      render: (score: number, d) => (
        <strong className="scorecard-score" data-testid={`scorecard-${d.code}-score`}>
          {score}
        </strong>
      ),
    },
  ];

  return (
    <div className="page">
      <div className="page-head">
        <Typography.Title level={2} className="page-title">
          {t('scorecard.title')}
        </Typography.Title>
        <Button
          icon={<DownloadOutlined />}
          onClick={() => void exportScorecard()}
          data-testid="scorecard-export"
        >
          {t('scorecard.export')}
        </Button>
      </div>
      <Typography.Paragraph type="secondary">{t('scorecard.explain')}</Typography.Paragraph>
      <Card variant="borderless">
        <Space wrap className="filters">
          <Segmented
            value={mode}
            data-testid="scorecard-mode"
            options={[
              { value: 'round', label: t('scorecard.byRound') },
              { value: 'range', label: t('scorecard.byRange') },
            ]}
            onChange={(v) =>
              setPeriod(
                v === 'range' ? { mode: 'range', roundId: '' } : { mode: '', from: '', to: '' },
              )
            }
          />
          {mode === 'round' ? (
            <Select
              allowClear
              className="filter-select"
              data-testid="scorecard-round"
              placeholder={t('scorecard.allRounds')}
              value={period.roundId}
              onChange={(v: string | undefined) => setPeriod({ roundId: v ?? '' })}
              options={(rounds.data?.items ?? []).map((r) => ({ value: r.id, label: r.title }))}
              popupMatchSelectWidth={false}
            />
          ) : (
            <DatePicker.RangePicker
              aria-label={t('scorecard.range')}
              data-testid="scorecard-range"
              value={[period.from ? dayjs(period.from) : null, period.to ? dayjs(period.to) : null]}
              onChange={(v) =>
                setPeriod({
                  mode: 'range',
                  from: v?.[0] ? v[0].format('YYYY-MM-DD') : '',
                  to: v?.[1] ? v[1].format('YYYY-MM-DD') : '',
                })
              }
            />
          )}
        </Space>
        {view && (
          <div className="scorecard-formula" data-testid="scorecard-formula">
            <Typography.Text strong>{t('scorecard.formula')}：</Typography.Text>
            <Typography.Text code>{formula}</Typography.Text>
            <Typography.Paragraph type="secondary" className="scorecard-scope">
              {t('scorecard.scope')} {t('scorecard.timeZone', { timeZone: view.period.timeZone })}
            </Typography.Paragraph>
          </div>
        )}
        {scorecard.error ? (
          <Alert type="error" showIcon message={describeError(scorecard.error, t)} />
        ) : null}
        <Table<ScorecardDepartmentView>
          rowKey="departmentId"
          className="scorecard-table"
          size={watcher ? 'middle' : 'small'}
          loading={scorecard.loading}
          dataSource={view?.departments ?? []}
          columns={columns}
          scroll={{ x: 1000 }}
          pagination={false}
          locale={{ emptyText: <Empty description={t('scorecard.empty')} /> }}
        />
      </Card>
    </div>
  );
}
