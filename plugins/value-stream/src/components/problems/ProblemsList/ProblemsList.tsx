import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  Box,
  List,
  ListItem,
  ListItemText,
  Typography,
} from '@material-ui/core';
import { Alert, AlertTitle } from '@material-ui/lab';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type {
  ProblemRecord,
  RecordHeadline,
} from '@valuestream/plugin-value-stream-common';
import { StateChip } from '../../primitives/StateChip';
import { RecordTransitionButton } from '../../primitives/RecordTransitionButton';
import { valueStreamTranslationRef } from '../../../translation';
import { useLabels } from '../../../hooks/useLabels';

/** Props of {@link ProblemsList}. */
export interface ProblemsListProps {
  problems: RecordHeadline<ProblemRecord>[];
  /** Called after an action changed a problem; without it no actions show. */
  onChanged?: () => void;
  /** Show the configuration item of each problem (on portal pages). */
  showEntity?: boolean;
}

/**
 * Problems with their state; known errors show their root cause and the
 * workaround the service desk can give.
 */
export const ProblemsList = ({
  problems,
  onChanged,
  showEntity,
}: ProblemsListProps) => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const { stateLabel } = useLabels();
  return (
    <List aria-label={t('problemsList.label')}>
      {problems.map(problem => (
        <ListItem key={problem.id} divider alignItems="flex-start">
          <ListItemText
            disableTypography
            primary={
              <Box display="flex" alignItems="center" style={{ gap: 8 }}>
                <Typography variant="subtitle2">{problem.title}</Typography>
                <StateChip
                  value={problem.state}
                  label={stateLabel('problems', problem.state)}
                />
                {showEntity && <EntityRefLink entityRef={problem.entityRef} />}
                <Box flexGrow={1} />
                {onChanged && (
                  <RecordTransitionButton
                    collection="problems"
                    record={problem}
                    onChanged={onChanged}
                  />
                )}
              </Box>
            }
            secondary={
              <Box mt={1}>
                <Typography variant="body2" color="textSecondary">
                  {problem.description}
                </Typography>
                {problem.rootCause && (
                  <Typography variant="body2">
                    <strong>{t('problemsList.rootCause')}</strong>{' '}
                    {problem.rootCause}
                  </Typography>
                )}
                {problem.workaround ? (
                  <Box mt={1}>
                    <Alert severity="info">
                      <AlertTitle>
                        {problem.state === 'known_error'
                          ? t('problemsList.knownErrorWorkaround')
                          : t('problemsList.workaround')}
                      </AlertTitle>
                      {problem.workaround}
                    </Alert>
                  </Box>
                ) : (
                  problem.state === 'known_error' && (
                    <Typography variant="body2" color="textSecondary">
                      {t('problemsList.noWorkaround')}
                    </Typography>
                  )
                )}
                {problem.incidentIds.length > 0 && (
                  <Typography variant="caption" color="textSecondary">
                    {t('problemsList.linkedIncidents', {
                      count: problem.incidentIds.length,
                    })}
                  </Typography>
                )}
              </Box>
            }
          />
        </ListItem>
      ))}
    </List>
  );
};
