import { Steps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Light, Stage } from '@rectiflow/domain';

const STEPS = [
  'assign',
  'measures',
  'evidence',
  'review_1',
  'review_2',
  'review_3',
  'closed',
] as const;

const STEP_OF_STAGE: Record<Stage, number> = {
  assign: 0,
  draft_measures: 1,
  approve_measures: 1,
  evidence: 2,
  long_term: 2,
  review_1: 3,
  review_2: 4,
  review_3: 5,
  closed: 6,
};

/** assign → measures → evidence → L1 → L2 → L3 → closed; a late current step shows red. */
export function StageProgress({
  stage,
  light,
  longTerm,
  compact,
}: {
  stage: Stage;
  light: Light;
  longTerm: boolean;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const current = STEP_OF_STAGE[stage];
  const closed = stage === 'closed';
  return (
    <nav aria-label={t('finding.progress')}>
      <Steps
        size="small"
        current={current}
        status={closed ? 'finish' : light === 'red' ? 'error' : 'process'}
        responsive
        // Beside a form the column is narrow: titles go under the icons.
        titlePlacement={compact ? 'vertical' : 'horizontal'}
        items={STEPS.map((key, i) => ({
          key,
          title:
            key === 'evidence' && (longTerm || stage === 'long_term')
              ? t('stageStep.long_term')
              : t(`stageStep.${key}`),
          content: i === current && !closed && !compact ? t(`stage.${stage}`) : undefined,
        }))}
      />
    </nav>
  );
}
