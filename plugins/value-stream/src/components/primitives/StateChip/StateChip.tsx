import { Chip } from '@material-ui/core';
import { useToneStyles, type Tone } from '../tones';

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
/** Props of {@link StateChip}. */
export interface StateChipProps {
  /** A state, priority, type or risk level such as `in_progress` or `P1`. */
  value: string;
  /** The translated label of the value, from {@link useLabels}. */
  label: string;
}

/** A small coloured chip for a record state, priority or risk. */
export const StateChip = ({ value, label }: StateChipProps) => {
  const classes = useToneStyles();
  const tone = TONES[value] ?? 'active';
  return <Chip size="small" label={label} className={classes[tone]} />;
};
