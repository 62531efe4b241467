import { AuditOutlined, FileWordOutlined, PrinterOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Col,
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
import { api, download } from '../api/client';
import type { FindingDetail, Round } from '../api/types';
import {
  ContributionsList,
  EscalationsTable,
  EvidenceTable,
  FindingFacts,
  HistoryTimeline,
  LookBacksList,
  MeasuresList,
  OpenTasksList,
  ReviewsList,
  StageReportsList,
} from '../components/finding-panels';
import { CommentsPanel } from '../components/comments-panel';
import { StageProgress } from '../components/stage-progress';
import { EscalationTag, LightBadge, StageTag } from '../components/status';
import { useSession } from '../auth/session';
import { useLoad } from '../hooks/use-load';
import { describeError } from '../i18n/api-messages';
import { useDocumentTitle } from '../hooks/use-document-title';
import { FindingChangesMenu } from './finding-changes';
import { SupervisionRecords } from './supervision-records';
import { ReturnAssignmentButton } from './return-assignment';
import { SupervisionActions, SupervisionOrdersList } from './supervision-orders';
import { LookBackNowButton } from './look-back-actions';
import { DisclosureButton } from './finding-disclosure';
import { FindingOutcomes } from './finding-outcomes';

export function FindingPage() {
  const { findingId = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { hasRole } = useSession();
  const navigate = useNavigate();
  const [resuming, setResuming] = useState(false);
  const finding = useLoad(() => api.get<FindingDetail>(`/findings/${findingId}`), [findingId]);
  useDocumentTitle(finding.data ? `${finding.data.code} ${finding.data.title}` : undefined);
  const roundId = finding.data?.roundId;
  const round = useLoad(
    () => (roundId ? api.get<Round>(`/rounds/${roundId}`) : Promise.resolve(undefined)),
    [roundId],
  );

  if (finding.error)
    return (
      <Result
        status="warning"
        title={t('notFound.finding')}
        subTitle={describeError(finding.error, t)}
        extra={<Link to="/">{t('common.goHome')}</Link>}
      />
    );
  if (!finding.data) return <Skeleton active className="page" />;
  const f = finding.data;
  const resume = async () => {
    setResuming(true);
    try {
      await api.post(`/findings/${f.id}/resume`);
      void message.success(t('finding.resumed'));
    } catch (err) {
      void message.error(describeError(err, t));
    } finally {
      setResuming(false);
      await finding.reload();
    }
  };

  return (
    <div className="page finding-page">
      <Breadcrumb
        items={[
          { title: <Link to="/rounds">{t('nav.rounds')}</Link> },
          {
            title: round.data ? (
              <Link to={`/rounds/${round.data.id}`}>{round.data.title}</Link>
            ) : (
              '…'
            ),
          },
          { title: f.code },
        ]}
      />
      <div className="finding-head">
        <Typography.Title level={2} className="page-title">
          <span className="finding-code">{f.code}</span> {f.title}
        </Typography.Title>
        <Space wrap>
          <StageTag stage={f.stage} />
          {f.halted && (
            <Tag color="red" className="halted-tag">
              {t('finding.halted')}
            </Tag>
          )}
          {f.withdrawn && (
            <Tag color="default" className="withdrawn-tag">
              {t('finding.withdrawn')}
            </Tag>
          )}
          {!f.withdrawn && <LightBadge light={f.light} />}
          {f.overdue && <Tag color="error">{t('finding.overdue')}</Tag>}
          <EscalationTag level={f.escalationLevel} />
          {f.longTerm && <Tag color="gold">{t('finding.longTerm')}</Tag>}
          {f.cycle > 1 && <Tag color="orange">{t('finding.cycleN', { n: f.cycle })}</Tag>}
          {f.disclosure.withheld && (
            <Tag color="purple" className="withheld-tag" data-testid="withheld-tag">
              {t('disclosure.withheld')}
              {f.disclosure.reason ? `：${t(`withholdReason.${f.disclosure.reason}`)}` : ''}
            </Tag>
          )}
          {hasRole('office') && !f.withdrawn && f.stage !== 'closed' && !f.halted && (
            <FindingChangesMenu finding={f} onChanged={finding.reload} />
          )}
          <ReturnAssignmentButton finding={f} onReturned={() => void navigate('/')} />
          <SupervisionActions finding={f} onChanged={finding.reload} />
          <LookBackNowButton finding={f} onChanged={finding.reload} />
          {hasRole('office') && <DisclosureButton finding={f} onChanged={finding.reload} />}
          {hasRole('office', 'committee', 'supervisor', 'inspection_office') && (
            <Button
              icon={<AuditOutlined />}
              onClick={() => void navigate(`/audit?entityId=${f.id}`)}
              data-testid="finding-audit"
            >
              {t('audit.toAudit')}
            </Button>
          )}
        </Space>
        <Space wrap className="no-print finding-print">
          <Button
            icon={<FileWordOutlined />}
            onClick={() =>
              void download(
                `/findings/${f.id}/approval-form.docx`,
                `${f.code}-整改事项销号审批表.docx`,
              ).catch((err: unknown) => void message.error(describeError(err, t)))
            }
            data-testid="approval-form"
          >
            {t('finding.approvalForm')}
          </Button>
          <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
            {t('finding.print')}
          </Button>
        </Space>
      </div>
      {f.withdrawn && (
        <Alert
          type="info"
          showIcon
          className="withdrawn-alert"
          title={t('finding.withdrawn')}
          description={t('finding.withdrawnHelp')}
        />
      )}
      {f.returnedReason && (
        <Alert
          type="warning"
          showIcon
          className="returned-alert"
          title={t('returnAssignment.returned')}
          description={f.returnedReason}
        />
      )}
      {f.halted && (
        <Alert
          type="error"
          showIcon
          className="halted-alert"
          title={t('finding.haltedTitle')}
          description={t('finding.haltedHelp')}
          action={
            hasRole('office') ? (
              <Button danger type="primary" loading={resuming} onClick={() => void resume()}>
                {t('finding.resume')}
              </Button>
            ) : undefined
          }
        />
      )}
      <Card className="progress-card" variant="borderless">
        <StageProgress stage={f.stage} light={f.light} longTerm={f.longTerm} />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            {f.openTasks.length > 0 && (
              <Card title={t('finding.openTasks')} size="small" className="open-tasks-card">
                <OpenTasksList tasks={f.openTasks} findingId={f.id} />
              </Card>
            )}
            <Card title={t('finding.title')} size="small">
              <FindingFacts finding={f} />
            </Card>
            <Card title={t('finding.measures')} size="small">
              <MeasuresList measures={f.measures} />
            </Card>
            {f.lastReport && (
              <Card title={t('finding.lastReport')} size="small">
                <Typography.Paragraph className="pre-wrap report-text">
                  {f.lastReport}
                </Typography.Paragraph>
              </Card>
            )}
            {f.contributions.length > 0 && (
              <Card
                title={t('finding.contributionsTitle', {
                  pending: f.contributions.filter((c) => c.status === 'pending').length,
                })}
                size="small"
                className="contributions-card"
              >
                <ContributionsList contributions={f.contributions} evidence={f.evidence} />
              </Card>
            )}
            <Card title={t('outcomes.title')} size="small" className="outcomes-card">
              <FindingOutcomes
                findingId={f.id}
                evidence={f.evidence}
                onChanged={() => void finding.reload()}
              />
            </Card>
            <Card title={`${t('finding.evidence')}（${f.evidence.length}）`} size="small">
              <EvidenceTable evidence={f.evidence} measures={f.measures} />
            </Card>
            <Card title={t('finding.reviews')} size="small">
              <ReviewsList reviews={f.reviews} />
            </Card>
            <Card title={t('finding.escalations')} size="small">
              <EscalationsTable escalations={f.escalations} />
            </Card>
            {f.stageReports.length > 0 && (
              <Card title={t('finding.stageReports')} size="small">
                <StageReportsList reports={f.stageReports} />
              </Card>
            )}
            {f.lookBacks.length > 0 && (
              <Card title={t('finding.lookBacks')} size="small">
                <LookBacksList lookBacks={f.lookBacks} />
              </Card>
            )}
            {f.supervisionOrders.length > 0 && (
              <Card title={t('supervisionOrders.title')} size="small">
                <SupervisionOrdersList finding={f} />
              </Card>
            )}
            {hasRole('office', 'committee', 'supervisor', 'inspector', 'inspection_office') && (
              <Card title={t('records.title')} size="small" className="no-print">
                <SupervisionRecords
                  findingId={f.id}
                  findingLabel={`${f.code} ${f.title}`}
                  unitId={f.unitId}
                  onRecorded={() => void finding.reload()}
                />
              </Card>
            )}
          </Space>
        </Col>
        <Col xs={24} xl={8}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card title={t('comments.title')} size="small">
              <CommentsPanel findingId={f.id} unitId={f.unitId} />
            </Card>
            <Card title={t('finding.history')} size="small">
              <HistoryTimeline history={f.history} />
            </Card>
          </Space>
        </Col>
      </Row>
    </div>
  );
}
