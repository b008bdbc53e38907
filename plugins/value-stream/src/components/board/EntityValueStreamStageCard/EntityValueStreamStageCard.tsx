import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { Box, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { InfoCard } from '@backstage/core-components';
import type { EntitySummary } from '@valuestream/plugin-value-stream-common';
import { STAGES } from '@valuestream/plugin-value-stream-common';
import { useEntitySummary } from '../../../hooks/useEntitySummary';
import { AsyncContent } from '../../primitives/AsyncContent';
import { formatDate } from '../../../lib/format';
import { gapMessage } from '../ReadinessChecklist';
import { valueStreamTranslationRef } from '../../../translation';
import { useLabels } from '../../../hooks/useLabels';

const StageSummary = ({ summary }: { summary: EntitySummary }) => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const { stageLabel } = useLabels();
  const exit = summary.checklist.filter(i => i.stage === summary.stage);
  const met = exit.filter(i => i.met).length;
  const gaps = summary.checklist.filter(i => i.gap);
  const index = STAGES.indexOf(summary.stage);
  const next = STAGES[index + 1];
  return (
    <Box>
      <Typography variant="h4" component="p">
        {stageLabel(summary.stage)}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {t('entityCards.stageOf', {
          number: String(index + 1),
          stages: String(STAGES.length),
        })}
        {summary.stageSince
          ? t('entityCards.stageSince', {
              date: formatDate(summary.stageSince),
            })
          : ''}
      </Typography>
      {exit.length > 0 && next && (
        <Typography variant="body2" style={{ marginTop: 8 }}>
          {t('entityCards.criteriaMet', {
            met: String(met),
            total: String(exit.length),
            next: stageLabel(next),
          })}
        </Typography>
      )}
      {gaps.map(item => (
        <Box mt={1} key={item.id}>
          <Alert severity="warning">
            {gapMessage(t, summary.stage, item.label)}
          </Alert>
        </Box>
      ))}
    </Box>
  );
};

/**
 * An overview card with the entity's value stream stage, how many exit
 * criteria of that stage are met and the gaps of earlier stages.
 */
export const EntityValueStreamStageCard = () => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const { summary, loading, error } = useEntitySummary();
  return (
    <InfoCard title={t('entityCards.stageTitle')}>
      <AsyncContent
        loading={loading}
        error={error}
        value={summary}
        emptyTitle={t('entityCards.noStageData')}
      >
        {value => <StageSummary summary={value} />}
      </AsyncContent>
    </InfoCard>
  );
};
