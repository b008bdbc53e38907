import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { Box, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { STAGES } from '@valuestream/plugin-value-stream-common';
import { useEntitySummary } from '../../../hooks/useEntitySummary';
import { formatDate, stageLabel } from '../../../lib/format';
import { gapMessage } from '../ReadinessChecklist';
import { valueStreamTranslationRef } from '../../../translation';

/**
 * An overview card with the entity's value stream stage, how many exit
 * criteria of that stage are met and the gaps of earlier stages.
 */
export const EntityValueStreamStageCard = () => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const { summary, loading, error } = useEntitySummary();

  let body;
  if (loading) {
    body = <Progress />;
  } else if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else if (!summary) {
    body = <EmptyState missing="data" title={t('entityCards.noStageData')} />;
  } else {
    const exit = summary.checklist.filter(i => i.stage === summary.stage);
    const met = exit.filter(i => i.met).length;
    const gaps = summary.checklist.filter(i => i.gap);
    const index = STAGES.indexOf(summary.stage);
    const next = STAGES[index + 1];
    body = (
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
  }
  return <InfoCard title={t('entityCards.stageTitle')}>{body}</InfoCard>;
};
