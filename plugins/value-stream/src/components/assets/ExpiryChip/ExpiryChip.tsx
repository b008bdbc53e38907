import { Chip } from '@material-ui/core';
import { daysLeftLabel, expiryTone } from '../../../lib/assets';
import { useToneStyles } from '../../shared/tones';

/** Props of {@link ExpiryChip}. */
export interface ExpiryChipProps {
  /** Days until the licence or contract ends; negative once it has. */
  days: number;
}

/**
 * The days left until an asset expires: red within 30 days (and once
 * expired), amber within 90.
 */
export const ExpiryChip = ({ days }: ExpiryChipProps) => {
  const classes = useToneStyles();
  return (
    <Chip
      size="small"
      label={daysLeftLabel(days)}
      className={classes[expiryTone(days)]}
    />
  );
};
