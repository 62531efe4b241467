import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Grid,
  Input,
  Modal,
  Select,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError, api, download, query } from '../api/client';
import type {
  MeetingAgendaItem,
  MeetingDecisionKind,
  MeetingDecisionsAnswer,
  MeetingDetail,
  MeetingPage,
  MeetingView,
  Page,
  Round,
} from '../api/types';
import { useOrganisation } from '../auth/organisation';
import { useSession } from '../auth/session';
import { formatDate, formatDateTime } from '../components/format';
import { DueCell, StageTag } from '../components/status';
import { useDocumentTitle } from '../hooks/use-document-title';
import { useLoad } from '../hooks/use-load';
import { describeError, explainApiMessage, showSubmitError } from '../i18n/api-messages';

interface CreateValues {
  heldOn?: Dayjs;
  title?: string;
  attendees?: string;
  attendeeIds?: string[];
  roundId?: string;
  since?: Dayjs;
}
const CREATE_FIELDS = ['heldOn', 'title', 'attendees', 'attendeeIds', 'roundId', 'since'] as const;

interface DecisionRow {
  decision?: MeetingDecisionKind;
  note?: string;
  dueAt?: Dayjs;
}
type DecisionValues = { d?: Record<string, DecisionRow> };

/** Decisions that move a finding's final review; only for findings awaiting it. */
const REVIEW_DECISIONS: MeetingDecisionKind[] = ['accept', 'send_back'];
const OTHER_DECISIONS: MeetingDecisionKind[] = ['extend', 'escalate', 'note'];
const NEEDS_NOTE: MeetingDecisionKind[] = ['send_back', 'escalate', 'note'];
const NEEDS_DAY: MeetingDecisionKind[] = ['extend', 'escalate'];

/**
 * 专题会议: the office creates the committee's meetings; a meeting's page shows its agenda as
 * the API reads it from the findings (a table per section), downloads its pack (DOCX), and
 * records the decisions taken — one per finding — in one submission. The committee reads.
 */
export function MeetingsPage() {
  const { t } = useTranslation();
  const { meetingId } = useParams();
  const { hasRole } = useSession();
  const navigate = useNavigate();
  const { unitFilter } = useOrganisation();
  useDocumentTitle(t('meetings.title'));
  const [creating, setCreating] = useState(false);
  const [version, setVersion] = useState(0);
  const list = useLoad(
    () => api.get<MeetingPage>(`/meetings${query({ pageSize: 100, unitId: unitFilter })}`),
    [unitFilter, version],
  );

  return (
    <div className="page meetings-page">
      <div className="page-head">
        <Typography.Title level={2} className="page-title">
          {t('meetings.title')}
        </Typography.Title>
        {hasRole('office') && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="meeting-create"
          >
            {t('meetings.create')}
          </Button>
        )}
      </div>
      <Typography.Paragraph type="secondary">{t('meetings.explain')}</Typography.Paragraph>
      <Card variant="borderless">
        <Table<MeetingView>
          rowKey="id"
          size="small"
          className="meetings-table"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          pagination={false}
          rowClassName={(m) => (m.id === meetingId ? 'meeting-current' : '')}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={list.error ? describeError(list.error, t) : t('meetings.empty')}
              />
            ),
          }}
          columns={[
            { title: t('meetings.heldOn'), dataIndex: 'heldOn', width: 120 },
            {
              title: t('meetings.name'),
              dataIndex: 'title',
              render: (title: string, m) => <Link to={`/meetings/${m.id}`}>{title}</Link>,
            },
            {
              title: t('meetings.attendees'),
              key: 'attendees',
              responsive: ['md'],
              render: (_, m) => [m.attendees, ...m.attendeeNames].filter(Boolean).join('、') || '—',
            },
          ]}
        />
      </Card>
      {meetingId && (
        <MeetingAgenda key={meetingId} meetingId={meetingId} canDecide={hasRole('office')} />
      )}
      {creating && (
        <CreateMeetingDialog
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            setVersion((v) => v + 1);
            void navigate(`/meetings/${id}`);
          }}
        />
      )}
    </div>
  );
}

function CreateMeetingDialog({
  onClose,
  onCreated,
}: {
  onClose(): void;
  onCreated(id: string): void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { users, unitFilter } = useOrganisation();
  const user = useSession().user;
  const [form] = Form.useForm<CreateValues>();
  const [busy, setBusy] = useState(false);
  const rounds = useLoad(
    () => api.get<Page<Round>>(`/rounds${query({ pageSize: 500, unitId: unitFilter })}`),
    [unitFilter],
  );
  const finish = async (v: CreateValues) => {
    setBusy(true);
    try {
      const created = await api.post<MeetingDetail>('/meetings', {
        heldOn: v.heldOn?.format('YYYY-MM-DD') ?? '',
        title: v.title ?? '',
        attendees: v.attendees || undefined,
        attendeeIds: v.attendeeIds?.length ? v.attendeeIds : undefined,
        roundId: v.roundId || undefined,
        since: v.since?.format('YYYY-MM-DD'),
      });
      void message.success(t('meetings.created'));
      onCreated(created.id);
    } catch (err) {
      showSubmitError(err, form, CREATE_FIELDS, t, (text) => void message.error(text));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('meetings.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form<CreateValues>
        form={form}
        name="meeting"
        layout="vertical"
        aria-label={t('meetings.create')}
        initialValues={{ heldOn: dayjs() }}
        onFinish={(v) => void finish(v)}
      >
        <Form.Item
          name="heldOn"
          label={t('meetings.heldOn')}
          rules={[{ required: true, message: t('meetings.heldOnRequired') }]}
        >
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('meetings.name')}
          rules={[{ required: true, whitespace: true, message: t('meetings.nameRequired') }]}
        >
          <Input maxLength={200} placeholder={t('meetings.namePlaceholder')} />
        </Form.Item>
        <Form.Item name="attendees" label={t('meetings.attendees')}>
          <Input.TextArea
            autoSize={{ minRows: 2 }}
            maxLength={2000}
            placeholder={t('meetings.attendeesPlaceholder')}
          />
        </Form.Item>
        <Form.Item name="attendeeIds" label={t('meetings.attendeeUsers')}>
          <Select
            mode="multiple"
            optionFilterProp="label"
            options={users
              .filter((u) => u.active !== false && u.unitId === user?.unitId)
              .map((u) => ({ value: u.id, label: u.displayName }))}
          />
        </Form.Item>
        <Form.Item name="roundId" label={t('meetings.round')}>
          <Select
            allowClear
            placeholder={t('dashboard.allRounds')}
            options={(rounds.data?.items ?? []).map((r) => ({ value: r.id, label: r.title }))}
          />
        </Form.Item>
        <Form.Item name="since" label={t('meetings.since')} extra={t('meetings.sinceHelp')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function MeetingAgenda({ meetingId, canDecide }: { meetingId: string; canDecide: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<DecisionValues>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<MeetingDecisionsAnswer | null>(null);
  // On a phone the department, leader and due date go under the finding, so the decision fits.
  const phone = Grid.useBreakpoint().md === false;
  const detail = useLoad(() => api.get<MeetingDetail>(`/meetings/${meetingId}`), [meetingId]);
  const m = detail.data;

  const downloadPack = async () => {
    try {
      const name = await download(`/meetings/${meetingId}/pack.docx`, '专题会议材料.docx');
      void message.success(t('round.downloaded', { name }));
    } catch (err) {
      void message.error(describeError(err, t));
    }
  };

  const items = m?.agenda.flatMap((s) => s.items) ?? [];
  const awaitingReview = new Set(
    m?.agenda.find((s) => s.key === 'review')?.items.map((i) => i.findingId) ?? [],
  );
  // A held meeting keeps its agenda: a finding it already decided (a decision that acted on it,
  // not only a note) shows that decision instead of the choice again.
  const decided = new Map(
    (m?.decisions ?? [])
      .filter((d) => d.outcome === 'applied' && d.decision !== 'note')
      .map((d) => [d.findingId, d.decision]),
  );
  const label = (findingId: string) => {
    const it = items.find((i) => i.findingId === findingId);
    return it ? `${it.code} ${it.title}` : findingId;
  };

  const save = async (values: DecisionValues) => {
    const rows = Object.entries(values.d ?? {}).filter(([, r]) => r?.decision);
    if (rows.length === 0) {
      void message.warning(t('meetings.noDecisions'));
      return;
    }
    const sent = rows.map(([findingId]) => findingId);
    setBusy(true);
    setResult(null);
    form.setFields(
      sent.flatMap((id) =>
        (['decision', 'note', 'dueAt'] as const).map((f) => ({ name: ['d', id, f], errors: [] })),
      ),
    );
    try {
      const answer = await api.post<MeetingDecisionsAnswer>(`/meetings/${meetingId}/decisions`, {
        decisions: rows.map(([findingId, r]) => ({
          findingId,
          decision: r.decision,
          note: r.note?.trim() || undefined,
          dueAt:
            r.dueAt && NEEDS_DAY.includes(r.decision!) ? r.dueAt.format('YYYY-MM-DD') : undefined,
        })),
      });
      setResult(answer);
      if (answer.failed.length === 0)
        void message.success(t('meetings.saved', { count: answer.applied.length }));
      form.resetFields();
      await detail.reload();
    } catch (err) {
      // decisions.<i>.<field> → the row of the finding sent at i.
      const placed = new Set<string>();
      if (err instanceof ApiError) {
        const fields = err.errors.flatMap((e) => {
          const hit = /^decisions\.(\d+)\.(\w+)$/.exec(e.field);
          const findingId = hit ? sent[Number(hit[1])] : undefined;
          if (!hit || !findingId) return [];
          placed.add(e.message);
          const field = hit[2] === 'findingId' ? 'decision' : hit[2];
          return [
            {
              name: ['d', findingId, field],
              errors: [explainApiMessage(e.message, t, err.errors)],
            },
          ];
        });
        form.setFields(fields as Parameters<typeof form.setFields>[0]);
      }
      const rest = err instanceof ApiError ? err.messages.filter((x) => !placed.has(x)) : [];
      if (!(err instanceof ApiError) || rest.length > 0 || placed.size === 0)
        void message.error(describeError(err, t));
      else void message.error(t('meetings.fixErrors'));
    } finally {
      setBusy(false);
    }
  };

  if (detail.error)
    return (
      <Card className="meeting-detail">
        <Empty description={describeError(detail.error, t)} />
      </Card>
    );
  if (!m) return <Card className="meeting-detail" loading />;

  const decisionCell = (it: MeetingAgendaItem) => {
    const done = decided.get(it.findingId);
    if (done)
      return (
        <Tag color="blue" data-testid={`decided-${it.code}`}>
          {t(`meetings.decisions.${done}`)}
        </Tag>
      );
    const kinds = [
      ...(awaitingReview.has(it.findingId) ? REVIEW_DECISIONS : []),
      ...OTHER_DECISIONS,
    ];
    return (
      <div className="meeting-decision" data-testid={`decide-${it.code}`}>
        <Form.Item name={['d', it.findingId, 'decision']} noStyle={false} className="decision-kind">
          <Select
            allowClear
            aria-label={`${t('meetings.decision')} ${it.code}`}
            placeholder={t('meetings.decisionPlaceholder')}
            options={kinds.map((k) => ({ value: k, label: t(`meetings.decisions.${k}`) }))}
          />
        </Form.Item>
        <Form.Item noStyle dependencies={[['d', it.findingId, 'decision']]}>
          {() => {
            const kind = form.getFieldValue(['d', it.findingId, 'decision']) as
              MeetingDecisionKind | undefined;
            if (!kind) return null;
            return (
              <>
                {NEEDS_DAY.includes(kind) && (
                  <Form.Item
                    name={['d', it.findingId, 'dueAt']}
                    rules={[{ required: true, message: t('meetings.dueAtRequired') }]}
                  >
                    <DatePicker
                      aria-label={`${t('meetings.dueAt')} ${it.code}`}
                      placeholder={
                        kind === 'extend' ? t('meetings.newDueAt') : t('meetings.orderDueAt')
                      }
                      disabledDate={(d) => d.isBefore(dayjs().startOf('day'))}
                      style={{ width: '100%' }}
                    />
                  </Form.Item>
                )}
                <Form.Item
                  name={['d', it.findingId, 'note']}
                  rules={
                    NEEDS_NOTE.includes(kind)
                      ? [{ required: true, whitespace: true, message: t('meetings.noteRequired') }]
                      : []
                  }
                >
                  <Input.TextArea
                    autoSize={{ minRows: 1 }}
                    maxLength={2000}
                    aria-label={`${t('meetings.note')} ${it.code}`}
                    placeholder={t('meetings.notePlaceholder')}
                  />
                </Form.Item>
              </>
            );
          }}
        </Form.Item>
      </div>
    );
  };

  return (
    <Card
      className="meeting-detail"
      title={m.title}
      extra={
        <Button
          icon={<DownloadOutlined />}
          onClick={() => void downloadPack()}
          data-testid="meeting-pack"
        >
          {t('meetings.pack')}
        </Button>
      }
    >
      <Descriptions size="small" column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label={t('meetings.heldOn')}>{m.heldOn}</Descriptions.Item>
        <Descriptions.Item label={t('meetings.since')}>
          {m.since ? formatDate(m.since) : t('meetings.sinceAll')}
        </Descriptions.Item>
        <Descriptions.Item label={t('meetings.attendees')}>
          {[m.attendees, ...m.attendeeNames].filter(Boolean).join('、') || '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('meetings.agendaAsOf')}>
          <span data-testid="agenda-as-of">
            {m.agendaAsOf
              ? t('meetings.agendaKept', { at: formatDateTime(m.agendaAsOf) })
              : t('meetings.agendaLive')}
          </span>
        </Descriptions.Item>
      </Descriptions>
      <Form<DecisionValues>
        form={form}
        name="decisions"
        aria-label={t('meetings.decisionsForm')}
        onFinish={(v) => void save(v)}
      >
        {m.agenda.map((section, i) => (
          <section
            key={section.key}
            className="agenda-section"
            data-testid={`agenda-${section.key}`}
          >
            <Typography.Title level={4}>
              {t('meetings.sectionNumber', { n: i + 1 })}
              {t(`meetings.sections.${section.key}`)}
              <Tag className="agenda-count">{section.items.length}</Tag>
            </Typography.Title>
            <Table<MeetingAgendaItem>
              rowKey={(it) => `${section.key}:${it.findingId}:${it.at ?? ''}`}
              size="small"
              pagination={false}
              dataSource={section.items}
              scroll={phone ? undefined : { x: canDecide ? 900 : 640 }}
              locale={{ emptyText: t('meetings.sectionEmpty') }}
              columns={[
                ...(phone ? [] : [{ title: t('meetings.code'), dataIndex: 'code', width: 90 }]),
                {
                  title: t('meetings.finding'),
                  dataIndex: 'title',
                  render: (title: string, it) => (
                    <>
                      <Link to={`/findings/${it.findingId}`}>{title}</Link>
                      <div>
                        <StageTag stage={it.stage} />
                      </div>
                      {phone && (
                        <Typography.Text type="secondary" className="block-line">
                          {[it.code, it.leadDepartmentName, it.responsibleLeaderName]
                            .filter(Boolean)
                            .join(' · ')}
                          {it.dueAt ? ` · ${formatDate(it.dueAt)}` : ''}
                        </Typography.Text>
                      )}
                      {it.detail && (
                        <Typography.Text type="secondary" className="block-line">
                          {detailText(section.key, it, t)}
                        </Typography.Text>
                      )}
                    </>
                  ),
                },
                ...(phone
                  ? []
                  : [
                      {
                        title: t('meetings.department'),
                        dataIndex: 'leadDepartmentName',
                        width: 120,
                      },
                      {
                        title: t('meetings.leader'),
                        dataIndex: 'responsibleLeaderName',
                        width: 100,
                      },
                      {
                        title: t('meetings.due'),
                        key: 'due',
                        width: 130,
                        render: (_: unknown, it: MeetingAgendaItem) => (
                          <DueCell
                            dueAt={it.dueAt}
                            overdue={section.key === 'overdue' && it.overdue}
                          />
                        ),
                      },
                    ]),
                ...(canDecide
                  ? [
                      {
                        title: t('meetings.decision'),
                        key: 'decision',
                        width: phone ? 170 : 260,
                        render: (_: unknown, it: MeetingAgendaItem) => decisionCell(it),
                      },
                    ]
                  : []),
              ]}
            />
          </section>
        ))}
        {canDecide && (
          <div className="meeting-save">
            <Button type="primary" htmlType="submit" loading={busy} data-testid="meeting-save">
              {t('meetings.save')}
            </Button>
          </div>
        )}
      </Form>
      {result && result.failed.length > 0 && (
        <ul className="plain-list meeting-failed" role="alert">
          {result.failed.map((f) => (
            <li key={f.findingId}>
              {label(f.findingId)}：{f.message}
            </li>
          ))}
        </ul>
      )}
      <Typography.Title level={4}>{t('meetings.recorded')}</Typography.Title>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={m.decisions}
        scroll={{ x: 640 }}
        data-testid="meeting-decisions"
        locale={{ emptyText: t('meetings.noneRecorded') }}
        columns={[
          {
            title: t('meetings.finding'),
            key: 'finding',
            render: (_, d) => (
              <Link to={`/findings/${d.findingId}`}>
                {d.code} {d.title}
              </Link>
            ),
          },
          {
            title: t('meetings.decision'),
            dataIndex: 'decision',
            width: 110,
            render: (k: MeetingDecisionKind) => t(`meetings.decisions.${k}`),
          },
          {
            title: t('meetings.note'),
            key: 'note',
            render: (_, d) => (
              <>
                {d.note || '—'}
                {d.dueAt && (
                  <Typography.Text type="secondary" className="block-line">
                    {t('meetings.dueAt')}：{formatDate(d.dueAt)}
                  </Typography.Text>
                )}
              </>
            ),
          },
          {
            title: t('meetings.outcome'),
            key: 'outcome',
            width: 110,
            render: (_, d) =>
              d.outcome === 'applied' ? (
                <Tag color="green">{t('meetings.applied')}</Tag>
              ) : (
                <Tag color="red" title={d.message ?? ''}>
                  {t('meetings.failed')}
                </Tag>
              ),
          },
          {
            title: t('meetings.decidedAt'),
            dataIndex: 'decidedAt',
            width: 150,
            render: (at: string) => formatDateTime(at),
          },
        ]}
      />
    </Card>
  );
}

/** A section's own words on an item, with what its code says first. */
function detailText(
  key: string,
  it: MeetingAgendaItem,
  t: (k: string, o?: Record<string, unknown>) => string,
): string {
  const code = it.detailCode;
  const text = it.detail;
  if (key === 'look_backs')
    return `${t(`meetings.lookBack.${code === 'relapsed' ? 'relapsed' : 'holds'}`)}${text ? `：${text}` : ''}`;
  if (key === 'orders')
    return `${t(`meetings.order.${code === 'answered' ? 'answered' : 'open'}`)}：${text}`;
  if (key === 'stage_reports')
    return `${code === 'final' ? `${t('meetings.finalStage')}：` : ''}${text}`;
  return text;
}
