import { SafetyCertificateOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  AutoComplete,
  Button,
  Card,
  DatePicker,
  Form,
  Grid,
  Input,
  Select,
  Table,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { api, query } from '../api/client';
import type { AuditEvent, AuditVerification, Page } from '../api/types';
import { useOrganisation } from '../auth/organisation';
import { useDocumentTitle } from '../hooks/use-document-title';
import { useLoad } from '../hooks/use-load';
import { describeError } from '../i18n/api-messages';
import { resources } from '../i18n/resources';

/** The actions the app has words for, prefixes (`user.`) among them. */
const KNOWN_ACTIONS = Object.keys(resources['zh-CN'].translation.audit.actions);

const PAGE_SIZE = 50;

/** The audit event in words: the app's own, a finding history's, or the raw code. */
export function actionText(e: Pick<AuditEvent, 'action' | 'data'>, t: TFunction): string {
  const own = `audit.actions.${e.action}`;
  const ownText = t(own);
  if (ownText !== own) return ownText;
  const d = e.data ?? {};
  const history = `history.${e.action}`;
  const kind = typeof d.kind === 'string' ? t(`kind.${d.kind}`) : '';
  const text = t(history, { kind, level: d.level ?? '', filename: d.filename ?? '' });
  return text === history ? e.action : text;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The event's data in one line: `key: value` pairs, values cut short, ids of people and
 * departments the app knows given by name.
 */
function compact(
  data: Record<string, unknown> | null,
  nameOf: (id: string) => string | undefined,
): string {
  if (!data) return '';
  const named = (v: unknown): unknown =>
    typeof v === 'string' && UUID.test(v) ? (nameOf(v) ?? v) : Array.isArray(v) ? v.map(named) : v;
  return Object.entries(data)
    .map(([k, v]) => {
      const value = named(v);
      const s = typeof value === 'string' ? value : JSON.stringify(value);
      return `${k}: ${s.length > 60 ? `${s.slice(0, 57)}…` : s}`;
    })
    .join('  ·  ');
}

/**
 * 审计日志: who did what to which finding or object when, filtered by person, action (a known
 * one or any prefix), object and days; and the chain's check (GET /api/audit/verify).
 */
export function AuditPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const org = useOrganisation();
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  useDocumentTitle(t('audit.title'));
  const [params, setParams] = useSearchParams();
  const filter = {
    actorId: params.get('actorId') ?? '',
    action: params.get('action') ?? '',
    entityId: params.get('entityId') ?? '',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
  };
  const page = Number(params.get('page') ?? '1') || 1;
  const set = (changes: Partial<typeof filter> & { page?: string }) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries({ page: '', ...changes })) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  const list = useLoad(
    () =>
      api.get<Page<AuditEvent>>(
        `/audit${query({ ...filter, page, pageSize: PAGE_SIZE, unitId: org.unitFilter })}`,
      ),
    [params.toString(), org.unitFilter],
  );
  const nameOf = (id: string) => {
    const u = org.users.find((x) => x.id === id);
    if (u) return u.displayName;
    const d = org.departments.find((x) => x.id === id);
    return d ? `${d.name}（${d.code}）` : undefined;
  };
  const [verifying, setVerifying] = useState(false);
  const [verification, setVerification] = useState<AuditVerification | null>(null);
  const [actionDraft, setActionDraft] = useState(filter.action);
  const [entityDraft, setEntityDraft] = useState(filter.entityId);

  const verify = async () => {
    setVerifying(true);
    try {
      setVerification(await api.get<AuditVerification>('/audit/verify'));
    } catch (err) {
      void message.error(describeError(err, t));
    } finally {
      setVerifying(false);
    }
  };

  const actionOptions = KNOWN_ACTIONS.map((a) => ({
    value: a,
    label: (
      <span>
        {t(`audit.actions.${a}`)} <code className="muted-code">{a}</code>
      </span>
    ),
  }));
  const range: [Dayjs | null, Dayjs | null] = [
    filter.from ? dayjs(filter.from) : null,
    filter.to ? dayjs(filter.to) : null,
  ];

  const entityCell = (e: AuditEvent) => {
    const type = t(`audit.entityTypes.${e.entityType}`, { defaultValue: e.entityType });
    if (e.entityType === 'finding')
      return (
        <span>
          {type} <Link to={`/findings/${e.entityId}`}>{e.entityId.slice(0, 8)}</Link>
        </span>
      );
    if (e.entityType === 'user')
      return (
        <span>
          {type}{' '}
          {org.users.find((u) => u.id === e.entityId)?.displayName ?? e.entityId.slice(0, 12)}
        </span>
      );
    if (e.entityType === 'department')
      return (
        <span>
          {type} {org.departmentName(e.entityId)}
        </span>
      );
    return (
      <span>
        {type} <code className="muted-code">{e.entityId.slice(0, 12)}</code>
      </span>
    );
  };

  return (
    <div className="page">
      <div className="page-head">
        <Typography.Title level={2} className="page-title">
          {t('audit.title')}
        </Typography.Title>
        <Button
          icon={<SafetyCertificateOutlined />}
          onClick={() => void verify()}
          loading={verifying}
          data-testid="audit-verify"
        >
          {t('audit.verify')}
        </Button>
      </div>
      <Typography.Paragraph type="secondary">{t('audit.explain')}</Typography.Paragraph>
      {verification && (
        <Alert
          className="audit-verification"
          data-testid="audit-verification"
          data-ok={String(verification.ok)}
          type={verification.ok ? 'success' : 'error'}
          showIcon
          closable
          onClose={() => setVerification(null)}
          title={
            verification.ok
              ? t('audit.verifyOk', { events: verification.events })
              : verification.firstBadSeq !== undefined
                ? t('audit.verifyBroken', {
                    seq: verification.firstBadSeq,
                    events: verification.events,
                  })
                : t('audit.verifyBrokenNoSeq', { events: verification.events })
          }
          style={{ marginBottom: 16 }}
        />
      )}
      <Card variant="borderless" className="filters-card">
        <Form layout="vertical" className="audit-filters" aria-label={t('inbox.filters')}>
          <Form.Item label={t('audit.who')}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('audit.whoPlaceholder')}
              value={filter.actorId || undefined}
              onChange={(v?: string) => set({ actorId: v ?? '' })}
              options={org.users.map((u) => ({
                value: u.id,
                label: `${u.displayName}（${u.username}）`,
              }))}
              data-testid="audit-actor"
            />
          </Form.Item>
          <Form.Item label={t('audit.what')}>
            <AutoComplete
              allowClear
              value={actionDraft}
              options={actionOptions}
              onChange={(v?: string) => setActionDraft(v ?? '')}
              onSelect={(v?: string) => set({ action: v ?? '' })}
              onClear={() => set({ action: '' })}
              onBlur={() => actionDraft !== filter.action && set({ action: actionDraft.trim() })}
              placeholder={t('audit.whatPlaceholder')}
              filterOption={(input, option) =>
                !!option &&
                (String(option.value).includes(input) ||
                  t(`audit.actions.${String(option.value)}`).includes(input))
              }
              data-testid="audit-action"
            />
          </Form.Item>
          <Form.Item label={t('audit.finding')}>
            <Input.Search
              allowClear
              value={entityDraft}
              onChange={(e) => setEntityDraft(e.target.value)}
              onSearch={(v) => set({ entityId: v.trim() })}
              placeholder={t('audit.findingPlaceholder')}
              data-testid="audit-entity"
            />
          </Form.Item>
          <Form.Item label={t('audit.range')}>
            <DatePicker.RangePicker
              allowEmpty={[true, true]}
              value={range}
              style={{ width: '100%' }}
              onChange={(v) =>
                set({
                  from: v?.[0] ? v[0].format('YYYY-MM-DD') : '',
                  to: v?.[1] ? v[1].format('YYYY-MM-DD') : '',
                })
              }
              data-testid="audit-range"
            />
          </Form.Item>
        </Form>
      </Card>
      <Card variant="borderless">
        {list.error ? <Alert type="error" showIcon title={describeError(list.error, t)} /> : null}
        <Table<AuditEvent>
          rowKey="seq"
          size="small"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          data-testid="audit-events"
          scroll={phone ? undefined : { x: 960 }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (n) => t('audit.total', { count: n }),
            onChange: (p) => set({ page: p > 1 ? String(p) : '' }),
          }}
          columns={
            phone
              ? [
                  {
                    // One cell per event on a phone: time, who and what over two lines.
                    key: 'event',
                    title: t('audit.title'),
                    render: (_, e) => (
                      <div className="audit-phone-row">
                        <div>
                          <strong>{actionText(e, t)}</strong>
                          <span className="audit-phone-who">{org.userName(e.actorId)}</span>
                        </div>
                        <div className="audit-phone-meta">
                          #{e.seq} · {dayjs(e.at).format('YYYY-MM-DD HH:mm:ss')} · {entityCell(e)}
                        </div>
                        {e.data && <div className="audit-data">{compact(e.data, nameOf)}</div>}
                      </div>
                    ),
                  },
                ]
              : [
                  { title: '#', dataIndex: 'seq', width: 70 },
                  {
                    title: t('audit.at'),
                    dataIndex: 'at',
                    width: 170,
                    render: (at: string) => dayjs(at).format('YYYY-MM-DD HH:mm:ss'),
                  },
                  {
                    title: t('audit.who'),
                    dataIndex: 'actorId',
                    width: 130,
                    render: (id: string | null) => org.userName(id),
                  },
                  {
                    title: t('audit.what'),
                    dataIndex: 'action',
                    width: 200,
                    render: (_, e) => (
                      <span title={e.action} data-action={e.action}>
                        {actionText(e, t)}
                      </span>
                    ),
                  },
                  {
                    title: t('audit.entity'),
                    key: 'entity',
                    width: 200,
                    render: (_, e) => entityCell(e),
                  },
                  {
                    title: t('audit.data'),
                    dataIndex: 'data',
                    render: (d: Record<string, unknown> | null) => (
                      <span className="audit-data" title={d ? JSON.stringify(d) : ''}>
                        {compact(d, nameOf)}
                      </span>
                    ),
                  },
                ]
          }
        />
      </Card>
    </div>
  );
}
