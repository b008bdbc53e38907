import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useState } from 'react';
import {
  Box,
  Button,
  Chip,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  makeStyles,
} from '@material-ui/core';
import { DataTable } from '../../primitives/DataTable';
import { InfoCard } from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import type { EventRecord } from '@valuestream/plugin-value-stream-common';
import { usePagedEvents } from '../../../hooks/usePagedEvents';
import { formatDateTime } from '../../../lib/format';
import { useEventManagePermission } from '../../../lib/permissions';
import { PagedList } from '../../primitives/PagedList';
import { MapEventDialog } from '../MapEventDialog';
import { StateChip } from '../../primitives/StateChip';
import { valueStreamTranslationRef } from '../../../translation';
import { useLabels } from '../../../hooks/useLabels';

const useStyles = makeStyles(
  theme => ({
    labels: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(0.5) },
  }),
  { name: 'ValueStreamEventsView' },
);

const SOURCES: Record<EventRecord['source'], string> = {
  alertmanager: 'Alertmanager',
  github: 'GitHub',
  pagerduty: 'PagerDuty',
  portal: 'Portal',
};

/**
 * The monitoring events that matched no entity, newest first, with a "Map
 * to entity" action for users who may manage events.
 */
export const EventsView = () => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const { enumLabel } = useLabels();
  const classes = useStyles();
  const alertApi = useApi(alertApiRef);
  const events = usePagedEvents({ unmatched: true, limit: 50 });
  const manage = useEventManagePermission();
  const [mapping, setMapping] = useState<EventRecord | undefined>();

  const onMapped = (mapped: EventRecord) => {
    setMapping(undefined);
    events.remove(mapped.id);
    alertApi.post({
      message: t('events.mapped', {
        entity: mapped.entityRef ?? t('events.theEntity'),
      }),
      severity: 'success',
      display: 'transient',
    });
  };

  return (
    <InfoCard title={t('events.title')} subheader={t('events.subheader')}>
      <PagedList
        list={events}
        emptyTitle={t('events.emptyTitle')}
        emptyDescription={t('events.emptyDescription')}
      >
        {items => (
          <DataTable size="small" aria-label={t('events.title')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('tables.received')}</TableCell>
                <TableCell>{t('tables.source')}</TableCell>
                <TableCell>{t('tables.severity')}</TableCell>
                <TableCell>{t('tables.summary')}</TableCell>
                <TableCell>{t('tables.labels')}</TableCell>
                {manage.allowed && <TableCell>{t('tables.action')}</TableCell>}
              </TableRow>
            </TableHead>
            <TableBody>
              {items.map(event => (
                <TableRow key={event.id}>
                  <TableCell>{formatDateTime(event.receivedAt)}</TableCell>
                  <TableCell>{SOURCES[event.source] ?? event.source}</TableCell>
                  <TableCell>
                    <StateChip
                      value={event.severity}
                      label={enumLabel('eventSeverity', event.severity)}
                    />
                  </TableCell>
                  <TableCell>
                    {event.summary}
                    {event.status === 'resolved' && (
                      <Box component="span" ml={1}>
                        <Chip
                          size="small"
                          variant="outlined"
                          label={enumLabel('eventStatus', event.status)}
                        />
                      </Box>
                    )}
                  </TableCell>
                  <TableCell>
                    <div className={classes.labels}>
                      {Object.entries(event.labels).map(([k, v]) => (
                        <Chip
                          key={k}
                          size="small"
                          variant="outlined"
                          label={`${k}=${v}`}
                        />
                      ))}
                    </div>
                  </TableCell>
                  {manage.allowed && (
                    <TableCell>
                      <Button
                        size="small"
                        color="primary"
                        onClick={() => setMapping(event)}
                        aria-label={t('events.mapToEntityLabel', {
                          summary: event.summary,
                        })}
                      >
                        {t('events.mapToEntity')}
                      </Button>
                    </TableCell>
                  )}
                </TableRow>
              ))}
            </TableBody>
          </DataTable>
        )}
      </PagedList>
      {mapping && (
        <MapEventDialog
          open
          event={mapping}
          onClose={() => setMapping(undefined)}
          onMapped={onMapped}
          onConflict={events.reload}
        />
      )}
    </InfoCard>
  );
};
