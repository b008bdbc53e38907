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
import { StateChip } from '../../shared/StateChip';
import { RecordTransitionButton } from '../../shared/RecordTransitionButton';

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
}: ProblemsListProps) => (
  <List aria-label="Problems">
    {problems.map(problem => (
      <ListItem key={problem.id} divider alignItems="flex-start">
        <ListItemText
          disableTypography
          primary={
            <Box display="flex" alignItems="center" style={{ gap: 8 }}>
              <Typography variant="subtitle2">{problem.title}</Typography>
              <StateChip value={problem.state} />
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
                  <strong>Root cause:</strong> {problem.rootCause}
                </Typography>
              )}
              {problem.workaround ? (
                <Box mt={1}>
                  <Alert severity="info">
                    <AlertTitle>
                      {problem.state === 'known_error'
                        ? 'Known error: workaround'
                        : 'Workaround'}
                    </AlertTitle>
                    {problem.workaround}
                  </Alert>
                </Box>
              ) : (
                problem.state === 'known_error' && (
                  <Typography variant="body2" color="textSecondary">
                    Known error without a workaround yet
                  </Typography>
                )
              )}
              {problem.incidentIds.length > 0 && (
                <Typography variant="caption" color="textSecondary">
                  {problem.incidentIds.length} linked incident
                  {problem.incidentIds.length === 1 ? '' : 's'}
                </Typography>
              )}
            </Box>
          }
        />
      </ListItem>
    ))}
  </List>
);
