import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useState } from 'react';
import { Box, Button } from '@material-ui/core';
import { useApi, alertApiRef } from '@backstage/core-plugin-api';
import { useActionPermission } from '../../../lib/permissions';
import { RaiseIncidentDialog } from '../../incidents/RaiseIncidentDialog';
import { RequestChangeDialog } from '../../changes/RequestChangeDialog';
import { ServiceLevelDialog } from '../../serviceLevels/ServiceLevelDialog';
import { valueStreamTranslationRef } from '../../../translation';

/** Props of {@link EntityActions}. */
export interface EntityActionsProps {
  entityRef: string;
  /** Called after a record was created. */
  onChanged: () => void;
}

type Form = 'incident' | 'change' | 'serviceLevel';

/**
 * The service desk and practice entry points of a service: raise an
 * incident, request a change, propose a service level. Each button shows
 * only to users who may create that record for the service.
 */
export const EntityActions = ({ entityRef, onChanged }: EntityActionsProps) => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const alertApi = useApi(alertApiRef);
  const [open, setOpen] = useState<Form | undefined>();
  const incident = useActionPermission('create', 'incidents', entityRef);
  const change = useActionPermission('create', 'changes', entityRef);
  const serviceLevel = useActionPermission(
    'create',
    'service-levels',
    entityRef,
  );

  const done = (message: string) => () => {
    setOpen(undefined);
    alertApi.post({ message, severity: 'success', display: 'transient' });
    onChanged();
  };
  const close = () => setOpen(undefined);

  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
      {incident.allowed && (
        <Button
          variant="contained"
          color="primary"
          onClick={() => setOpen('incident')}
        >
          {t('entityActions.raiseIncident')}
        </Button>
      )}
      {change.allowed && (
        <Button variant="outlined" onClick={() => setOpen('change')}>
          {t('entityActions.requestChange')}
        </Button>
      )}
      {serviceLevel.allowed && (
        <Button variant="outlined" onClick={() => setOpen('serviceLevel')}>
          {t('entityActions.proposeServiceLevel')}
        </Button>
      )}
      {open === 'incident' && (
        <RaiseIncidentDialog
          open
          entityRef={entityRef}
          onClose={close}
          onCreated={done(t('entityActions.incidentRaised'))}
        />
      )}
      {open === 'change' && (
        <RequestChangeDialog
          open
          entityRef={entityRef}
          onClose={close}
          onCreated={done(t('entityActions.changeRequested'))}
        />
      )}
      {open === 'serviceLevel' && (
        <ServiceLevelDialog
          open
          entityRef={entityRef}
          onClose={close}
          onCreated={done(t('entityActions.serviceLevelSaved'))}
        />
      )}
    </Box>
  );
};
