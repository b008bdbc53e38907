import { Chip, makeStyles } from '@material-ui/core';
import { humanize } from '../../../lib/format';

type Tone = 'good' | 'bad' | 'active' | 'neutral' | 'warning';

const TONES: Record<string, Tone> = {
  // success and final
  closed: 'neutral',
  resolved: 'good',
  deployed: 'good',
  success: 'good',
  agreed: 'good',
  ready: 'good',
  approved: 'good',
  retired: 'neutral',
  // failures
  failed: 'bad',
  failure: 'bad',
  rejected: 'bad',
  abandoned: 'neutral',
  cancelled: 'neutral',
  // needing attention
  new: 'warning',
  authorize: 'warning',
  proposed: 'warning',
  known_error: 'warning',
  P1: 'bad',
  P2: 'warning',
  emergency: 'bad',
  very_high: 'bad',
  high: 'warning',
  // event severities
  exception: 'bad',
  warning: 'warning',
  informational: 'neutral',
};

const useStyles = makeStyles(
  theme => ({
    good: {
      backgroundColor: theme.palette.success?.main ?? '#2e7d32',
      color: theme.palette.common.white,
    },
    bad: {
      backgroundColor: theme.palette.error.main,
      color: theme.palette.common.white,
    },
    warning: {
      backgroundColor: theme.palette.warning?.main ?? '#ed6c02',
      color: theme.palette.common.white,
    },
    active: {
      backgroundColor: theme.palette.info?.main ?? theme.palette.primary.main,
      color: theme.palette.common.white,
    },
    neutral: {},
  }),
  { name: 'ValueStreamStateChip' },
);

/** Props of {@link StateChip}. */
export interface StateChipProps {
  /** A state, priority, type or risk level such as `in_progress` or `P1`. */
  value: string;
  label?: string;
}

/** A small coloured chip for a record state, priority or risk. */
export const StateChip = ({ value, label }: StateChipProps) => {
  const classes = useStyles();
  const tone = TONES[value] ?? 'active';
  return (
    <Chip
      size="small"
      label={label ?? (/^P\d$/.test(value) ? value : humanize(value))}
      className={classes[tone]}
    />
  );
};
