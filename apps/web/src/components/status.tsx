import { Badge, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { InboxTaskKind, Light, Stage } from '@rectiflow/domain';
import { dueText, formatDateTime, formatDue } from './format';

const LIGHT_STATUS: Record<Light, 'success' | 'warning' | 'error'> = {
  green: 'success',
  yellow: 'warning',
  red: 'error',
};

/** The 红黄绿灯: a coloured dot with its name, so it reads without colour too. */
export function LightBadge({ light }: { light: Light }) {
  const { t } = useTranslation();
  return (
    <Badge
      status={LIGHT_STATUS[light]}
      text={t(`light.${light}`)}
      className={`light light-${light}`}
      data-light={light}
    />
  );
}

/**
 * A finding's light in a list: none once withdrawn, 待交办 while awaiting assignment (its deadline
 * is the assignment step's, not a light of the rectification), otherwise its 红黄绿灯.
 */
export function FindingLight({
  light,
  stage,
  withdrawn,
}: {
  light: Light;
  stage: Stage;
  withdrawn?: boolean;
}) {
  const { t } = useTranslation();
  if (withdrawn) return <Typography.Text type="secondary">—</Typography.Text>;
  if (stage === 'assign')
    return <Typography.Text type="secondary">{t('light.unassigned')}</Typography.Text>;
  return <LightBadge light={light} />;
}

const STAGE_COLOR: Record<Stage, string> = {
  assign: 'default',
  draft_measures: 'blue',
  approve_measures: 'geekblue',
  evidence: 'cyan',
  review_1: 'purple',
  review_2: 'purple',
  review_3: 'magenta',
  long_term: 'gold',
  closed: 'green',
};

export function StageTag({ stage }: { stage: Stage }) {
  const { t } = useTranslation();
  return (
    <Tag color={STAGE_COLOR[stage]} data-stage={stage}>
      {t(`stage.${stage}`)}
    </Tag>
  );
}

/** A task's kind; an escalation task also says its level ("督办 · 2 级"). */
export function KindTag({ kind, level }: { kind: InboxTaskKind; level?: number }) {
  const { t } = useTranslation();
  if (kind === 'escalation' && level)
    return <Tag color="red">{t('inbox.escalationKind', { level })}</Tag>;
  return <Tag color={kind === 'escalation' ? 'red' : 'blue'}>{t(`kind.${kind}`)}</Tag>;
}

/** Due time with the time left or overdue, and an overdue badge when late. */
export function DueCell({ dueAt, overdue }: { dueAt: string | null; overdue?: boolean }) {
  const { t, i18n } = useTranslation();
  if (!dueAt) return <span className="muted">{t('due.none')}</span>;
  return (
    <Tooltip title={formatDateTime(dueAt)}>
      <span className="due-cell">
        <span>{formatDue(dueAt)}</span>
        <br />
        {overdue ? (
          <Tag color="error" className="overdue-tag">
            {dueText(dueAt, t, i18n.language)}
          </Tag>
        ) : (
          <span className="muted small">{dueText(dueAt, t, i18n.language)}</span>
        )}
      </span>
    </Tooltip>
  );
}

export function EscalationTag({ level }: { level: number }) {
  const { t } = useTranslation();
  if (!level) return null;
  return <Tag color="volcano">{t('inbox.escalated', { level })}</Tag>;
}
