// The parts of a finding shown on its own page and beside a task's form.
import { DownloadOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Descriptions,
  Empty,
  Space,
  Table,
  Tag,
  Timeline,
  Tooltip,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { TaskKind } from '@rectiflow/domain';
import { download } from '../api/client';
import type {
  Contribution,
  Escalation,
  Evidence,
  FindingDetail,
  HistoryEntry,
  LookBack,
  Measure,
  Review,
  StageReport,
  Task,
} from '../api/types';
import { useOrganisation } from '../auth/organisation';
import { describeError } from '../i18n/api-messages';
import { PreviewButton } from './evidence-preview';
import { formatDate, formatDateTime, formatSize } from './format';
import { ItemList } from './item-list';
import { outcomeText, type OutcomeFields } from './outcome-text';
import { DueCell, EscalationTag, KindTag, LightBadge, StageTag } from './status';

export function FindingFacts({ finding, compact }: { finding: FindingDetail; compact?: boolean }) {
  const { t } = useTranslation();
  const org = useOrganisation();
  const items = [
    { key: 'code', label: t('finding.code'), children: finding.code },
    {
      key: 'stage',
      label: t('finding.stage'),
      children: (
        <Space wrap size={4}>
          <StageTag stage={finding.stage} />
          {finding.longTerm && <Tag color="gold">{t('finding.longTerm')}</Tag>}
        </Space>
      ),
    },
    {
      key: 'light',
      label: t('finding.light'),
      // A withdrawn finding is no longer worked on: it has no light.
      children: finding.withdrawn ? '—' : <LightBadge light={finding.light} />,
    },
    { key: 'area', label: t('finding.area'), children: finding.areaTitle ?? '—' },
    { key: 'theme', label: t('finding.theme'), children: finding.themeTitle ?? '—' },
    {
      key: 'leader',
      label: t('finding.leader'),
      children: finding.responsibleLeaderId ? org.userName(finding.responsibleLeaderId) : '—',
    },
    {
      key: 'department',
      label: t('finding.department'),
      children: org.departmentName(finding.leadDepartmentId),
    },
    {
      key: 'co',
      label: t('finding.coDepartments'),
      children: finding.coDepartmentIds.length
        ? finding.coDepartmentIds.map((d) => org.departmentName(d)).join('、')
        : '—',
    },
    { key: 'due', label: t('finding.dueAt'), children: formatDate(finding.dueAt) },
    {
      key: 'cycle',
      label: t('finding.cycle'),
      children: t('finding.cycleN', { n: finding.cycle }),
    },
    {
      key: 'escalation',
      label: t('finding.escalationLevel'),
      children: finding.escalationLevel ? (
        <EscalationTag level={finding.escalationLevel} />
      ) : (
        t('common.none')
      ),
    },
    ...(finding.sentBackCount > 0
      ? [
          {
            key: 'sentBack',
            label: t('finding.sentBack'),
            children: <Tag color="orange">{finding.sentBackCount}</Tag>,
          },
        ]
      : []),
    ...(finding.closedAt
      ? [
          {
            key: 'closed',
            label: t('finding.closedAt'),
            children: formatDateTime(finding.closedAt),
          },
        ]
      : []),
  ];
  return (
    <Descriptions
      size="small"
      bordered
      column={compact ? 1 : { xs: 1, sm: 1, md: 2, lg: 3 }}
      items={items}
    />
  );
}

const ENUMERATED = /^[一二三四五六七八九十]+是/;

/**
 * "一是…二是…": the ordinal is added for display unless the text already starts with one (a
 * measure typed as "一是…" must not read "一是一是…").
 */
export function MeasureText({
  text,
  index,
  ordinal,
}: {
  text: string;
  index: number;
  ordinal: string[];
}) {
  if (ENUMERATED.test(text)) return <span>{text}</span>;
  return (
    <>
      <strong className="ordinal">{ordinal[index] ?? `${index + 1}.`}</strong>
      {text}
    </>
  );
}

export function MeasuresList({ measures }: { measures: Measure[] }) {
  const { t } = useTranslation();
  const org = useOrganisation();
  const ordinal = t('form.measures.ordinal', { returnObjects: true }) as string[];
  if (!measures.length)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('finding.noMeasures')} />;
  return (
    <ItemList
      className="measures"
      label={t('finding.measures')}
      items={measures.map((m, i) => ({
        key: m.id,
        title: (
          <span className="measure-text">
            <MeasureText text={m.text} index={i} ordinal={ordinal} />
          </span>
        ),
        description:
          m.ownerDepartmentId || m.dueAt ? (
            <Space size="middle" wrap className="small">
              {m.ownerDepartmentId && (
                <span>{`${t('form.measures.owner')}：${org.departmentName(m.ownerDepartmentId)}`}</span>
              )}
              {m.dueAt && <span>{`${t('form.measures.dueAt')}：${formatDate(m.dueAt)}`}</span>}
            </Space>
          ) : undefined,
        extra: (
          <Tag color={m.done ? 'success' : 'default'} className="measure-state">
            {m.done ? t('finding.measureDone') : t('finding.measureOpen')}
          </Tag>
        ),
      }))}
    />
  );
}

function DownloadButton({ evidence }: { evidence: Evidence }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  return (
    <Button
      size="small"
      icon={<DownloadOutlined />}
      aria-label={`${t('common.download')} ${evidence.filename}`}
      onClick={() => {
        download(`/evidence/${evidence.id}`, evidence.filename).catch(
          (err: unknown) => void message.error(describeError(err, t)),
        );
      }}
    >
      {t('common.download')}
    </Button>
  );
}

/** Evidence files with their hashes; `compact` (beside a form) lists instead of tabulating. */
export function EvidenceTable({
  evidence,
  compact,
  measures = [],
}: {
  evidence: Evidence[];
  compact?: boolean;
  /** The finding's measures, to name the one each file proves. */
  measures?: { id: string; seq: number; text: string }[];
}) {
  const { t } = useTranslation();
  const org = useOrganisation();
  const measureLabel = (id: string | null) => {
    const m = id ? measures.find((x) => x.id === id) : undefined;
    return m ? t('form.evidence.measureN', { n: m.seq }) : t('form.evidence.general');
  };
  const actions = (e: Evidence) => (
    <Space size={4} wrap>
      <PreviewButton evidence={e} />
      <DownloadButton evidence={e} />
    </Space>
  );
  if (!evidence.length)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('finding.noEvidence')} />;
  if (compact) {
    return (
      <ItemList
        label={t('finding.evidence')}
        items={evidence.map((e) => ({
          key: e.id,
          title: (
            <Space wrap size={6}>
              <strong>{e.filename}</strong>
              <Tag>{t(`evidenceKind.${e.kind}`)}</Tag>
              <Tag color="blue">{measureLabel(e.measureId)}</Tag>
              <span className="muted small">{formatSize(e.size)}</span>
            </Space>
          ),
          description: (
            <>
              <div className="muted small">{`${org.userName(e.uploadedBy)} · ${formatDateTime(e.uploadedAt)}`}</div>
              <Typography.Text type="secondary" className="sha" copyable={{ text: e.sha256 }}>
                {`SHA-256 ${e.sha256}`}
              </Typography.Text>
            </>
          ),
          extra: actions(e),
        }))}
      />
    );
  }
  return (
    <Table<Evidence>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={evidence}
      scroll={{ x: 640 }}
      columns={[
        {
          title: t('finding.file'),
          dataIndex: 'filename',
          width: 200,
          render: (_, e) => (
            <Space orientation="vertical" size={0}>
              <span>{e.filename}</span>
              <Typography.Text type="secondary" className="sha" copyable={{ text: e.sha256 }}>
                {`SHA-256 ${e.sha256.slice(0, 16)}…`}
              </Typography.Text>
            </Space>
          ),
        },
        {
          title: t('form.evidence.measure'),
          dataIndex: 'measureId',
          width: 110,
          render: (id: string | null) => {
            const m = id ? measures.find((x) => x.id === id) : undefined;
            return (
              <Tooltip title={m?.text}>
                <Tag color="blue" data-testid="evidence-measure">
                  {measureLabel(id)}
                </Tag>
              </Tooltip>
            );
          },
        },
        {
          title: t('form.evidence.kind'),
          dataIndex: 'kind',
          width: 100,
          render: (k: Evidence['kind']) => t(`evidenceKind.${k}`),
        },
        {
          title: t('finding.size'),
          dataIndex: 'size',
          width: 90,
          render: (s: number) => formatSize(s),
        },
        {
          title: t('finding.uploadedBy'),
          dataIndex: 'uploadedBy',
          width: 140,
          render: (id: string) => org.userName(id),
        },
        {
          title: t('finding.uploadedAt'),
          dataIndex: 'uploadedAt',
          width: 150,
          render: (at: string) => formatDateTime(at),
        },
        {
          title: t('common.actions'),
          key: 'dl',
          width: 170,
          render: (_, e) => actions(e),
        },
      ]}
    />
  );
}

export function ReviewsList({ reviews, emptyText }: { reviews: Review[]; emptyText?: string }) {
  const { t } = useTranslation();
  const org = useOrganisation();
  if (!reviews.length)
    return (
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={emptyText ?? t('finding.noReviews')}
      />
    );
  return (
    <ItemList
      className="reviews"
      label={t('finding.reviews')}
      items={[...reviews].reverse().map((r) => ({
        key: `${r.cycle}-${r.level}-${r.at}`,
        title: (
          <Space wrap size={6}>
            <Tag color={r.decision === 'approve' ? 'success' : 'error'}>
              {t(`decision.${r.decision}`)}
            </Tag>
            <span>{t(`reviewLevel.${r.level}`)}</span>
            <span className="muted small">{`${org.userName(r.reviewerId)} · ${formatDateTime(r.at)}`}</span>
          </Space>
        ),
        description: r.comment ? (
          <span className="review-comment pre-wrap">{r.comment}</span>
        ) : undefined,
      }))}
    />
  );
}

export function EscalationsTable({ escalations }: { escalations: Escalation[] }) {
  const { t } = useTranslation();
  const org = useOrganisation();
  if (!escalations.length)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('finding.noEscalations')} />;
  return (
    <Table<Escalation>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={escalations}
      scroll={{ x: 640 }}
      columns={[
        {
          title: t('finding.level'),
          dataIndex: 'level',
          width: 70,
          render: (l: number) => <EscalationTag level={l} />,
        },
        {
          title: t('form.escalation.subject'),
          dataIndex: 'taskKind',
          render: (k: TaskKind) => t(`kind.${k}`),
        },
        {
          title: t('finding.stage'),
          dataIndex: 'status',
          width: 90,
          render: (s: Escalation['status']) =>
            s === 'open' ? (
              <Tag color="red">{t('finding.escalationOpen')}</Tag>
            ) : (
              <Tag>{t('finding.escalationResolved')}</Tag>
            ),
        },
        {
          title: t('form.escalation.action'),
          dataIndex: 'action',
          render: (a: Escalation['action']) => (a ? t(`escalationAction.${a}`) : '—'),
        },
        {
          title: t('form.escalation.comment'),
          dataIndex: 'comment',
          render: (c: string | null) => c ?? '—',
        },
        {
          title: t('finding.actor'),
          dataIndex: 'actorId',
          render: (id: string | null) => (id ? org.userName(id) : '—'),
        },
        {
          title: t('finding.at'),
          dataIndex: 'createdAt',
          width: 150,
          render: (at: string) => formatDateTime(at),
        },
      ]}
    />
  );
}

export function StageReportsList({ reports }: { reports: StageReport[] }) {
  const { t } = useTranslation();
  const org = useOrganisation();
  return (
    <ItemList
      label={t('finding.stageReports')}
      items={[...reports].reverse().map((r) => ({
        key: `${r.cycle}-${r.seq}`,
        title: (
          <Space wrap size={6}>
            <span>{`#${r.seq}`}</span>
            {r.finalStage && <Tag color="gold">{t('finding.finalStage')}</Tag>}
            <span className="muted small">{`${org.userName(r.authorId)} · ${formatDateTime(r.at)}`}</span>
          </Space>
        ),
        description: <span className="pre-wrap">{r.report}</span>,
      }))}
    />
  );
}

/**
 * 配合整改: each co-department's part — what it did, its files, who and when — or pending,
 * with its due date. Shown beside the lead department's evidence and on the finding page.
 */
export function ContributionsList({
  contributions,
  evidence,
}: {
  contributions: Contribution[];
  evidence: Evidence[];
}) {
  const { t } = useTranslation();
  const org = useOrganisation();
  if (!contributions.length) return <span className="muted">{t('common.none')}</span>;
  return (
    <ItemList
      label={t('finding.contributions')}
      items={contributions.map((c) => {
        const files = evidence.filter((e) => c.evidenceIds.includes(e.id));
        return {
          key: c.taskId,
          title: (
            <Space wrap size={6} data-testid="contribution">
              <strong>{org.departmentName(c.departmentId)}</strong>
              {c.status === 'done' ? (
                <Tag color="green">{t('finding.contributionDone')}</Tag>
              ) : (
                <Tag color="orange">{t('finding.contributionPending')}</Tag>
              )}
              <span className="muted small">
                {c.status === 'done' && c.at
                  ? `${org.userName(c.authorId)} · ${formatDateTime(c.at)}`
                  : `${t('finding.dueAt')}：${formatDate(c.dueAt)}`}
              </span>
            </Space>
          ),
          description:
            c.status === 'done' ? (
              <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                <span className="pre-wrap contribution-text">{c.text}</span>
                {files.length > 0 && (
                  <Space wrap size={4}>
                    {files.map((e) => (
                      <Space key={e.id} size={2} className="contribution-file">
                        <span className="small">{e.filename}</span>
                        <DownloadButton evidence={e} />
                      </Space>
                    ))}
                  </Space>
                )}
              </Space>
            ) : undefined,
        };
      })}
    />
  );
}

export function LookBacksList({ lookBacks }: { lookBacks: LookBack[] }) {
  const { t } = useTranslation();
  const org = useOrganisation();
  return (
    <ItemList
      label={t('finding.lookBacks')}
      items={lookBacks.map((l) => ({
        key: `${l.cycle}-${l.at}`,
        title: (
          <Space wrap size={6}>
            <Tag color={l.outcome === 'holds' ? 'success' : 'error'}>
              {t(`lookBackOutcome.${l.outcome}`)}
            </Tag>
            <span className="muted small">{`${org.userName(l.actorId)} · ${formatDateTime(l.at)}`}</span>
          </Space>
        ),
        description: l.comment,
      }))}
    />
  );
}

function historyText(h: HistoryEntry, t: ReturnType<typeof useTranslation>['t']): string {
  const d = h.detail ?? {};
  const kind = typeof d.kind === 'string' ? t(`kind.${d.kind}`) : '';
  const key = `history.${h.action}`;
  const text = t(key, { kind, level: d.level ?? '', filename: d.filename ?? '' });
  return text === key ? h.action : text;
}

function historyExtra(
  h: HistoryEntry,
  t: ReturnType<typeof useTranslation>['t'],
  org: ReturnType<typeof useOrganisation>,
  lang: 'zh' | 'en',
): string | null {
  const d = h.detail ?? {};
  const input = (d.input ?? {}) as {
    decision?: string;
    comment?: string;
    report?: string;
    action?: string;
    outcome?: string;
  };
  const parts: string[] = [];
  if (input.decision === 'approve' || input.decision === 'reject')
    parts.push(t(`decision.${input.decision}`));
  if (input.action) parts.push(t(`escalationAction.${input.action}`));
  if (input.outcome) parts.push(t(`lookBackOutcome.${input.outcome}`));
  if (input.comment) parts.push(input.comment);
  if (typeof (input as { text?: unknown }).text === 'string')
    parts.push((input as { text: string }).text);
  if (typeof d.comment === 'string' && !input.comment) parts.push(d.comment);
  // The office's changes (改派, 延期, a new title, 撤回): what changed, then why, a line each.
  const lines = parts.length ? [parts.join('：')] : [];
  if (h.action.startsWith('outcome.')) lines.push(outcomeText(d as unknown as OutcomeFields, lang));
  if (h.action === 'finding.due_changed' && typeof d.dueAt === 'string')
    lines.push(`${formatDate(d.from as string | null)} → ${formatDate(d.dueAt)}`);
  if (h.action === 'finding.reassigned' && typeof d.reason === 'string') {
    const to = [
      typeof d.leadDepartmentId === 'string' ? org.departmentName(d.leadDepartmentId) : null,
      typeof d.responsibleLeaderId === 'string' ? org.userName(d.responsibleLeaderId) : null,
    ].filter(Boolean);
    if (to.length) lines.push(`→ ${to.join(' · ')}`);
  }
  if (h.action === 'finding.retitled' && typeof d.title === 'string')
    lines.push(`${typeof d.from === 'string' ? d.from : ''} → ${d.title}`);
  // 立即回头看: when it was planned, and the sample's seed when it was drawn in one (抽查).
  if (h.action === 'finding.look_back_started') {
    if (typeof d.plannedAt === 'string')
      lines.push(t('lookBackNow.plannedWas', { date: formatDate(d.plannedAt) }));
    if (typeof d.sampleSeed === 'number')
      lines.push(t('lookBackNow.sampledWith', { seed: d.sampleSeed }));
  }
  // 约谈 / 问责: whom, and what was decided, as the supervisor wrote them.
  if (
    h.action === 'supervision.talk_recorded' ||
    h.action === 'supervision.accountability_recorded'
  ) {
    const who = [d.accountabilityKind, d.subject].filter((x) => typeof x === 'string' && x);
    if (who.length) lines.push(who.join(' · '));
    if (typeof d.note === 'string' && d.note) lines.push(d.note);
  }
  // A 专题会议's decision on this finding, in words, and what the meeting said.
  if (h.action === 'meeting.decision_recorded' && typeof d.decision === 'string') {
    const note = typeof d.note === 'string' && d.note ? `：${d.note}` : '';
    lines.push(`${t(`meetings.decisions.${d.decision}`)}${note}`);
    // A decision the finding's workflow refused (e.g. it had moved on) did not take effect.
    if (d.outcome === 'failed')
      lines.push(
        [t('meetings.failed'), typeof d.message === 'string' ? d.message : '']
          .filter(Boolean)
          .join('：'),
      );
  }
  // 不予公开: the recognised reason, in words.
  if (h.action === 'finding.withheld' && typeof d.reason === 'string')
    return [...lines, `${t('disclosure.reasonLabel')}：${t(`withholdReason.${d.reason}`)}`].join(
      '\n',
    );
  // 退回交办 is the lead department's, with its own reason.
  const reasonLabel =
    h.action === 'finding.returned' ? t('returnAssignment.reason') : t('changes.reason');
  if (typeof d.reason === 'string') lines.push(`${reasonLabel}：${d.reason}`);
  return lines.length ? lines.join('\n') : null;
}

export function HistoryTimeline({ history }: { history: HistoryEntry[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language.startsWith('zh') ? 'zh' : 'en';
  const org = useOrganisation();
  const items = [...history].reverse().map((h, i) => {
    const rejected = (h.detail?.input as { decision?: string } | undefined)?.decision === 'reject';
    const color =
      rejected || h.action === 'finding.escalated' || h.action === 'finding.reopened'
        ? '#cf1322'
        : h.action === 'finding.closed'
          ? '#389e0d'
          : '#1677ff';
    const extra = historyExtra(h, t, org, lang);
    return {
      key: `${h.at}-${i}`,
      color,
      content: (
        <div className="history-entry">
          <strong>{historyText(h, t)}</strong>
          <div className="muted small">{`${formatDateTime(h.at)} · ${org.userName(h.actorId)}`}</div>
          {extra && <div className="small pre-wrap history-extra">{extra}</div>}
        </div>
      ),
    };
  });
  return <Timeline className="history" items={items} />;
}

export function OpenTasksList({ tasks, findingId }: { tasks: Task[]; findingId: string }) {
  const { t } = useTranslation();
  const org = useOrganisation();
  if (!tasks.length) return <span className="muted">{t('common.none')}</span>;
  return (
    <ItemList
      label={t('finding.openTasks')}
      items={tasks.map((task) => ({
        key: task.id,
        title: (
          <Space wrap size={6}>
            <KindTag kind={task.kind} />
            <LightBadge light={task.light} />
            <span className="small">{`${t('finding.holder')}：${task.roles.map((r) => t(`role.${r}`)).join(' / ')}${task.departmentId ? ` · ${org.departmentName(task.departmentId)}` : ''}`}</span>
          </Space>
        ),
        description: <DueCell dueAt={task.dueAt} overdue={task.overdue} />,
        extra: <Link to={`/findings/${findingId}/tasks/${task.id}`}>{t('common.open')}</Link>,
      }))}
    />
  );
}
