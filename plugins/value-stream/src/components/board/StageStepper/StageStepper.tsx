import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { Step, StepLabel, Stepper, Typography } from '@material-ui/core';
import { STAGES, Stage } from '@valuestream/plugin-value-stream-common';
import { formatDate } from '../../../lib/format';
import {
  valueStreamTranslationRef,
  type ValueStreamT,
} from '../../../translation';
import { useLabels } from '../../../hooks/useLabels';

/** Props of {@link StageStepper}. */
export interface StageStepperProps {
  stage: Stage;
  stageSince?: string;
  /** Stages whose exit criteria have gaps, flagged with a warning. */
  stagesWithGaps?: Stage[];
}

function stepCaption(
  t: ValueStreamT,
  current: boolean,
  gap: boolean,
  stageSince?: string,
) {
  if (current) {
    return (
      <Typography variant="caption" color="textSecondary">
        {stageSince
          ? t('stepper.currentSince', { date: formatDate(stageSince) })
          : t('stepper.current')}
      </Typography>
    );
  }
  if (gap) {
    return (
      <Typography variant="caption" color="error">
        {t('stepper.gaps')}
      </Typography>
    );
  }
  return undefined;
}

/**
 * The value stream stages from demand to retired, with the service's
 * current stage active and the earlier ones completed.
 */
export const StageStepper = ({
  stage,
  stageSince,
  stagesWithGaps = [],
}: StageStepperProps) => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const { stageLabel } = useLabels();
  const active = STAGES.indexOf(stage);
  return (
    <Stepper
      activeStep={active}
      alternativeLabel
      aria-label={t('stepper.label')}
    >
      {STAGES.map((s, index) => {
        const current = index === active;
        const gap = stagesWithGaps.includes(s);
        return (
          <Step
            key={s}
            completed={index < active}
            aria-current={current ? 'step' : undefined}
          >
            <StepLabel
              error={gap}
              optional={stepCaption(t, current, gap, stageSince)}
            >
              {stageLabel(s)}
            </StepLabel>
          </Step>
        );
      })}
    </Stepper>
  );
};
