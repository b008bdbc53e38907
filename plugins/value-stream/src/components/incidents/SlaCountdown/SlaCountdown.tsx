import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { Typography, makeStyles } from '@material-ui/core';
import type {
  IncidentRecord,
  RecordHeadline,
} from '@valuestream/plugin-value-stream-common';
import { useNow } from '../../../hooks/useNow';
import { formatDuration, formatDateTime } from '../../../lib/format';
import { slaStatus } from '../../../lib/sla';
import { errorTextColor, secondaryTextColor } from '../../primitives/tones';
import { valueStreamTranslationRef } from '../../../translation';

const useStyles = makeStyles(
  theme => ({
    ok: {
      color: theme.palette.text.primary,
      fontVariantNumeric: 'tabular-nums',
    },
    breached: {
      color: errorTextColor(theme),
      fontWeight: theme.typography.fontWeightBold as number,
      fontVariantNumeric: 'tabular-nums',
    },
    muted: { color: secondaryTextColor(theme) },
  }),
  { name: 'ValueStreamSlaCountdown' },
);

/** Props of {@link SlaCountdown}. */
export interface SlaCountdownProps {
  incident: RecordHeadline<IncidentRecord>;
}

/**
 * Why a clock that still runs is red: the resolution clock of an incident
 * that was answered late says so, rather than calling a target that has
 * not passed breached.
 */
function missedNote(
  incident: RecordHeadline<IncidentRecord>,
): 'sla.responseMissed' | 'sla.breachedNote' {
  const { responseBreached, resolutionBreached } = incident.sla;
  return responseBreached && !resolutionBreached
    ? 'sla.responseMissed'
    : 'sla.breachedNote';
}

/**
 * The live SLA countdown of an incident: it ticks every second and turns red
 * once the response or resolution target is breached.
 */
export const SlaCountdown = ({ incident }: SlaCountdownProps) => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const classes = useStyles();
  const now = useNow(1000);
  const status = slaStatus(incident, now);

  if (status.clock === 'none' || status.remainingMs === undefined) {
    return (
      <Typography
        variant="body2"
        className={status.breached ? classes.breached : classes.muted}
      >
        {status.breached ? t('sla.breached') : t('sla.noClock')}
      </Typography>
    );
  }

  const what =
    status.clock === 'response' ? t('sla.response') : t('sla.resolution');
  const text =
    status.remainingMs < 0
      ? t('sla.overdueBy', {
          what,
          duration: formatDuration(-status.remainingMs),
        })
      : t('sla.dueIn', { what, duration: formatDuration(status.remainingMs) });

  return (
    <Typography
      variant="body2"
      role="timer"
      aria-label={t('sla.label', { what })}
      title={t('sla.due', { date: formatDateTime(status.dueAt) })}
      className={status.breached ? classes.breached : classes.ok}
      data-breached={status.breached}
    >
      {text}
      {status.breached && status.remainingMs >= 0
        ? t(missedNote(incident))
        : ''}
      {status.paused ? t('sla.paused') : ''}
    </Typography>
  );
};
