import { ArrowLeftOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Collapse,
  Grid,
  Popconfirm,
  Result,
  Row,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { REVIEW_KINDS, checkTaskAction, type InboxTaskKind } from '@rectiflow/domain';
import { api } from '../api/client';
import type { FindingDetail } from '../api/types';
import { useOrganisation } from '../auth/organisation';
import { useSession, useUser } from '../auth/session';
import { CommentsPanel } from '../components/comments-panel';
import { EvidenceTable, FindingFacts, MeasuresList } from '../components/finding-panels';
import { StageProgress } from '../components/stage-progress';
import { DueCell, KindTag, LightBadge } from '../components/status';
import { useLoad } from '../hooks/use-load';
import { describeError } from '../i18n/api-messages';
import { TaskForm } from '../tasks/task-form';
import { useDocumentTitle } from '../hooks/use-document-title';
import { FindingOutcomes } from './finding-outcomes';
import { ReturnAssignmentButton } from './return-assignment';

/** Steps whose form is only a decision on what the finding's panel shows. */
const DECIDED_ON_THE_FINDING: ReadonlySet<InboxTaskKind> = new Set([
  'approve_measures',
  ...REVIEW_KINDS,
]);

/** A task's form beside the finding it belongs to. */
export function TaskPage() {
  const { findingId = '', taskId = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const user = useUser();
  const { hasRole } = useSession();
  const org = useOrganisation();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  // Phones (below 600 px) get the form first; the finding's details fold into a panel above it.
  const phone = Grid.useBreakpoint().sm === false;
  const finding = useLoad(() => api.get<FindingDetail>(`/findings/${findingId}`), [findingId]);
  useDocumentTitle(finding.data?.title);

  if (finding.error) {
    return (
      <Result
        status="warning"
        title={describeError(finding.error, t)}
        extra={<Link to="/">{t('task.toInbox')}</Link>}
      />
    );
  }
  if (!finding.data || !org.loaded) return <Skeleton active className="page" />;
  const f = finding.data;
  const task = f.openTasks.find((x) => x.id === taskId);
  if (!task) {
    return (
      <Result
        status="info"
        title={t('task.notOpen')}
        subTitle={t('task.notOpenHint')}
        extra={
          <Space>
            <Button type="primary" onClick={() => void navigate(`/findings/${f.id}`)}>
              {t('task.toFinding')}
            </Button>
            <Button onClick={() => void navigate('/')}>{t('task.toInbox')}</Button>
          </Space>
        }
      />
    );
  }

  const verdict = checkTaskAction(
    { userId: user.id, roles: user.roles, departmentId: user.departmentId, unitId: user.unitId },
    task,
  );
  const canAct = verdict.ok;
  const claimedByOther = task.status === 'claimed' && task.assigneeId !== user.id;

  // The unit's office may hand a task someone else holds back to the pool (away, ill, left).
  const officeMayRelease = claimedByOther && hasRole('office');

  const claim = async (action: 'claim' | 'release', forOther = false) => {
    setBusy(true);
    try {
      await api.post(`/tasks/${task.id}/${action}`);
      void message.success(
        forOther
          ? t('inbox.releasedFor')
          : action === 'claim'
            ? t('inbox.claimed')
            : t('inbox.released'),
      );
    } catch (err) {
      void message.error(describeError(err, t));
    } finally {
      setBusy(false);
      await finding.reload();
    }
  };

  const details = (
    <>
      <StageProgress stage={f.stage} light={f.light} longTerm={f.longTerm} compact />
      <div className="section-gap" />
      <FindingFacts finding={f} compact />
      <Typography.Title level={5} className="section-title">
        {t('finding.measures')}
      </Typography.Title>
      <MeasuresList measures={f.measures} />
      {f.lastReport && (
        <>
          <Typography.Title level={5} className="section-title">
            {t('finding.lastReport')}
          </Typography.Title>
          <Typography.Paragraph className="pre-wrap report-text">
            {f.lastReport}
          </Typography.Paragraph>
        </>
      )}
      {f.evidence.length > 0 && (
        <>
          <Typography.Title level={5} className="section-title">
            {t('finding.evidence')}
          </Typography.Title>
          <EvidenceTable evidence={f.evidence} measures={f.measures} compact />
        </>
      )}
    </>
  );

  return (
    <div className="page task-page">
      <div className="page-head">
        <Space wrap>
          <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate('/')}>
            {t('task.toInbox')}
          </Button>
          <Typography.Title level={2} className="page-title">
            {t('task.title', { kind: t(`kind.${task.kind}`) })}
          </Typography.Title>
        </Space>
      </div>
      <Row gutter={[16, 16]}>
        {phone ? (
          <Col xs={24}>
            <Collapse
              className="finding-folded"
              size="small"
              // A decision's subject (the measures, the report and evidence) is the finding's
              // panel: open above the form, read before deciding. Other steps' forms hold what
              // they need, and come first.
              defaultActiveKey={DECIDED_ON_THE_FINDING.has(task.kind) ? ['finding'] : []}
              items={[
                {
                  key: 'finding',
                  label: (
                    <span>
                      <span className="muted small">{t('task.findingTitle')}：</span>
                      {`${f.code} ${f.title}`}
                    </span>
                  ),
                  children: (
                    <>
                      <Link to={`/findings/${f.id}`} className="finding-title-link">
                        {t('task.toFinding')}
                      </Link>
                      <div className="section-gap" />
                      {details}
                    </>
                  ),
                },
              ]}
              data-testid="finding-folded"
            />
          </Col>
        ) : (
          <Col xs={24} lg={11}>
            <Card
              className="finding-beside"
              title={
                <Space orientation="vertical" size={0} className="card-title-wrap">
                  <span className="muted small">{t('task.findingTitle')}</span>
                  <Link
                    to={`/findings/${f.id}`}
                    className="finding-title-link"
                  >{`${f.code} ${f.title}`}</Link>
                </Space>
              }
            >
              {details}
            </Card>
          </Col>
        )}
        <Col xs={24} lg={13}>
          <Card
            className="task-card"
            title={
              <Space wrap>
                <KindTag kind={task.kind} level={task.escalationLevel} />
                <LightBadge light={task.light} />
                <Tag>{t(`taskStatus.${task.status}`)}</Tag>
              </Space>
            }
            extra={
              task.status === 'open' && canAct ? (
                <Button onClick={() => void claim('claim')} loading={busy} data-testid="claim">
                  {t('inbox.claim')}
                </Button>
              ) : task.status === 'claimed' && task.assigneeId === user.id ? (
                <Button onClick={() => void claim('release')} loading={busy} data-testid="release">
                  {t('inbox.release')}
                </Button>
              ) : officeMayRelease ? (
                <Popconfirm
                  title={t('inbox.releaseForConfirm', { name: org.userName(task.assigneeId) })}
                  okText={t('common.confirm')}
                  cancelText={t('common.cancel')}
                  onConfirm={() => claim('release', true)}
                >
                  <Button loading={busy} data-testid="release-for">
                    {t('inbox.releaseFor')}
                  </Button>
                </Popconfirm>
              ) : null
            }
          >
            <div className="task-due">
              <span className="muted">{t('inbox.due')}：</span>
              <DueCell dueAt={task.dueAt} overdue={task.overdue} />
            </div>
            {claimedByOther && (
              <Alert
                type="warning"
                showIcon
                className="form-context"
                title={t('task.claimFirst', { name: org.userName(task.assigneeId) })}
              />
            )}
            {!canAct && !claimedByOther && (
              <Alert type="info" showIcon className="form-context" title={t('task.notMine')} />
            )}
            {task.kind === 'assign' && f.returnedReason && (
              <Alert
                type="warning"
                showIcon
                className="form-context returned-alert"
                title={t('returnAssignment.returned')}
                description={f.returnedReason}
              />
            )}
            <TaskForm
              key={task.id}
              task={task}
              finding={f}
              canAct={canAct}
              onDone={() => {
                void navigate('/', { state: { done: task.id } });
              }}
            />
            {task.kind === 'draft_measures' && (
              <div className="return-assignment">
                <ReturnAssignmentButton finding={f} onReturned={() => void navigate('/')} />
              </div>
            )}
          </Card>
          {/* Reporting the rectification is when its outcomes are known: recorded beside the step. */}
          {(task.kind === 'submit_evidence' || task.kind === 'stage_report') && (
            <Card title={t('outcomes.title')} size="small" className="outcomes-card">
              <FindingOutcomes findingId={f.id} evidence={f.evidence} />
            </Card>
          )}
          <Card title={t('comments.title')} size="small" className="task-comments">
            <CommentsPanel findingId={f.id} unitId={f.unitId} />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
