import {
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
  makeStyles,
} from '@material-ui/core';
import { DataTable } from '../../shared/DataTable';
import { Link } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type {
  IncidentRecord,
  RecordHeadline,
} from '@valuestream/plugin-value-stream-common';
import { useNow } from '../../../hooks/useNow';
import { formatDateTime } from '../../../lib/format';
import { slaStatus } from '../../../lib/sla';
import { StateChip } from '../../shared/StateChip';
import { SlaCountdown } from '../SlaCountdown';
import { breachedRowColor, useTextStyles } from '../../shared/tones';
import { RecordTransitionButton } from '../../shared/RecordTransitionButton';

const useStyles = makeStyles(
  theme => ({
    breached: {
      backgroundColor: breachedRowColor(theme),
      borderLeft: `4px solid ${theme.palette.error.main}`,
    },
  }),
  { name: 'ValueStreamIncidentsTable' },
);

/** Props of {@link IncidentsTable}. */
export interface IncidentsTableProps {
  incidents: RecordHeadline<IncidentRecord>[];
  /** Called after an action changed an incident; without it no actions show. */
  onChanged?: () => void;
  /** Show the configuration item of each incident (on portal pages). */
  showEntity?: boolean;
  /** Leave out the opened column (for cards). */
  compact?: boolean;
}

/**
 * Incidents with their priority, state and a live SLA countdown; rows of
 * breached incidents are highlighted.
 */
export const IncidentsTable = ({
  incidents,
  onChanged,
  showEntity,
  compact,
}: IncidentsTableProps) => {
  const classes = useStyles();
  const text = useTextStyles();
  const now = useNow(1000);
  return (
    <DataTable size="small" aria-label="Incidents">
      <TableHead>
        <TableRow>
          <TableCell>Incident</TableCell>
          {showEntity && <TableCell>Service</TableCell>}
          <TableCell>Priority</TableCell>
          <TableCell>State</TableCell>
          <TableCell>SLA</TableCell>
          {!compact && <TableCell>Opened</TableCell>}
          {onChanged && <TableCell>Actions</TableCell>}
        </TableRow>
      </TableHead>
      <TableBody>
        {incidents.map(incident => {
          const breached = slaStatus(incident, now).breached;
          return (
            <TableRow
              key={incident.id}
              className={breached ? classes.breached : undefined}
              data-breached={breached}
            >
              <TableCell>
                <Typography variant="body2">
                  {incident.externalUrl ? (
                    <Link
                      to={incident.externalUrl}
                      target="_blank"
                      rel="noopener noreferrer"
                    >
                      {incident.title}
                    </Link>
                  ) : (
                    incident.title
                  )}
                </Typography>
                {incident.major && (
                  <Typography variant="caption" className={text.error}>
                    Major incident
                  </Typography>
                )}
              </TableCell>
              {showEntity && (
                <TableCell>
                  <EntityRefLink entityRef={incident.entityRef} />
                </TableCell>
              )}
              <TableCell>
                <StateChip value={incident.priority} />
              </TableCell>
              <TableCell>
                <StateChip value={incident.state} />
              </TableCell>
              <TableCell>
                <SlaCountdown incident={incident} />
              </TableCell>
              {!compact && (
                <TableCell>{formatDateTime(incident.createdAt)}</TableCell>
              )}
              {onChanged && (
                <TableCell>
                  <RecordTransitionButton
                    collection="incidents"
                    record={incident}
                    onChanged={onChanged}
                  />
                </TableCell>
              )}
            </TableRow>
          );
        })}
      </TableBody>
    </DataTable>
  );
};
