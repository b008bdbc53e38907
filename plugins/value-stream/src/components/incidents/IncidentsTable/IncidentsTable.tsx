import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
  makeStyles,
} from '@material-ui/core';
import { DataTable } from '../../primitives/DataTable';
import { Link } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type {
  IncidentRecord,
  RecordHeadline,
} from '@valuestream/plugin-value-stream-common';
import { useNow } from '../../../hooks/useNow';
import { formatDateTime } from '../../../lib/format';
import { slaStatus } from '../../../lib/sla';
import { StateChip } from '../../primitives/StateChip';
import { SlaCountdown } from '../SlaCountdown';
import { breachedRowColor, useTextStyles } from '../../primitives/tones';
import { RecordTransitionCell } from '../../primitives/RecordTransitionButton';
import { valueStreamTranslationRef } from '../../../translation';
import { useLabels } from '../../../hooks/useLabels';

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
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const { enumLabel, stateLabel } = useLabels();
  const classes = useStyles();
  const text = useTextStyles();
  const now = useNow(1000);
  return (
    <DataTable size="small" aria-label={t('tables.incidents')}>
      <TableHead>
        <TableRow>
          <TableCell>{t('tables.incident')}</TableCell>
          {showEntity && <TableCell>{t('tables.service')}</TableCell>}
          <TableCell>{t('tables.priority')}</TableCell>
          <TableCell>{t('tables.state')}</TableCell>
          <TableCell>{t('tables.sla')}</TableCell>
          {!compact && <TableCell>{t('tables.opened')}</TableCell>}
          {onChanged && <TableCell>{t('tables.actions')}</TableCell>}
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
                    {t('tables.majorIncident')}
                  </Typography>
                )}
              </TableCell>
              {showEntity && (
                <TableCell>
                  <EntityRefLink entityRef={incident.entityRef} />
                </TableCell>
              )}
              <TableCell>
                <StateChip
                  value={incident.priority}
                  label={enumLabel('priority', incident.priority)}
                />
              </TableCell>
              <TableCell>
                <StateChip
                  value={incident.state}
                  label={stateLabel('incidents', incident.state)}
                />
              </TableCell>
              <TableCell>
                <SlaCountdown incident={incident} />
              </TableCell>
              {!compact && (
                <TableCell>{formatDateTime(incident.createdAt)}</TableCell>
              )}
              {onChanged && (
                <RecordTransitionCell
                  collection="incidents"
                  record={incident}
                  onChanged={onChanged}
                />
              )}
            </TableRow>
          );
        })}
      </TableBody>
    </DataTable>
  );
};
