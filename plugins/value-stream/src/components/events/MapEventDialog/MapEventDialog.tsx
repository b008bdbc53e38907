import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useCallback, useState } from 'react';
import { Box, TextField, Typography } from '@material-ui/core';
import { Alert, AlertTitle, Autocomplete } from '@material-ui/lab';
import { useApi } from '@backstage/core-plugin-api';
import type { EventRecord } from '@valuestream/plugin-value-stream-common';
import { valueStreamApiRef } from '../../../api';
import {
  useCatalogOptions,
  type CatalogOption,
} from '../../../hooks/useCatalogOptions';
import { useFieldIds } from '../../../hooks/useFieldIds';
import { useSubmit } from '../../../hooks/useSubmit';
import { fieldMessage } from '../../../lib/errors';
import { FormDialog } from '../../primitives/FormDialog';
import { valueStreamTranslationRef } from '../../../translation';

const KINDS = ['Component'];

/** Props of {@link MapEventDialog}. */
export interface MapEventDialogProps {
  event: EventRecord;
  open: boolean;
  onClose: () => void;
  /** Called with the mapped event. */
  onMapped: (event: EventRecord) => void;
  /** Called when the event turned out to be mapped already (409). */
  onConflict?: () => void;
}

/**
 * Maps a monitoring event that matched no entity to a catalog component,
 * chosen in an autocomplete over the catalog.
 */
export const MapEventDialog = ({
  event,
  open,
  onClose,
  onMapped,
  onConflict,
}: MapEventDialogProps) => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const api = useApi(valueStreamApiRef);
  const id = useFieldIds('map-event');
  const { options, loading, error: catalogError } = useCatalogOptions(KINDS);
  const [selected, setSelected] = useState<CatalogOption | null>(null);

  const run = useCallback(
    () => api.mapEvent(event.id, selected?.ref ?? ''),
    [api, event.id, selected],
  );
  const { submit, submitting, error } = useSubmit(run, onMapped);
  const conflict = error?.status === 409;

  const handleClose = () => {
    if (conflict) {
      onConflict?.();
    }
    onClose();
  };

  return (
    <FormDialog
      title={t('events.dialogTitle')}
      open={open}
      onClose={handleClose}
      onSubmit={() => {
        // Enter in the autocomplete submits the form too.
        if (selected && !conflict) {
          submit();
        }
      }}
      submitting={submitting}
      submitDisabled={!selected || conflict}
      error={conflict ? undefined : error}
      shownFields={['entityRef']}
      submitLabel={t('events.submit')}
    >
      {conflict && (
        <Box mb={2}>
          <Alert severity="warning">
            <AlertTitle>{t('events.alreadyMappedTitle')}</AlertTitle>
            {t('events.alreadyMapped')}
            {error?.message ? ` (${error.message})` : ''}
          </Alert>
        </Box>
      )}
      <Typography variant="body2" gutterBottom>
        {event.summary}
      </Typography>
      <Typography variant="caption" color="textSecondary" component="p">
        {Object.entries(event.labels)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ')}
      </Typography>
      <Autocomplete
        id={id('entity')}
        options={options}
        loading={loading}
        value={selected}
        onChange={(_e, value) => setSelected(value)}
        getOptionLabel={o => o.title}
        getOptionSelected={(o, v) => o.ref === v.ref}
        renderOption={o => (
          <div>
            <Typography variant="body2">{o.title}</Typography>
            <Typography variant="caption" color="textSecondary">
              {o.ref}
            </Typography>
          </div>
        )}
        renderInput={params => (
          <TextField
            {...params}
            label={t('events.entity')}
            margin="normal"
            required
            error={Boolean(catalogError || fieldMessage(error, 'entityRef'))}
            helperText={
              catalogError
                ? t('events.catalogError')
                : fieldMessage(error, 'entityRef') ?? t('events.entityHelp')
            }
          />
        )}
      />
    </FormDialog>
  );
};
