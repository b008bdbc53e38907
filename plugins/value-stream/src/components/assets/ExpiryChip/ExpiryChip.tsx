import { Chip, makeStyles } from '@material-ui/core';
import { daysLeftLabel, expiryTone } from '../../../lib/assets';

const useStyles = makeStyles(
  theme => ({
    bad: {
      backgroundColor: theme.palette.error.main,
      color: theme.palette.common.white,
    },
    warning: {
      backgroundColor: theme.palette.warning?.main ?? '#ed6c02',
      color: theme.palette.common.white,
    },
    neutral: {},
  }),
  { name: 'ValueStreamExpiryChip' },
);

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
  const classes = useStyles();
  return (
    <Chip
      size="small"
      label={daysLeftLabel(days)}
      className={classes[expiryTone(days)]}
    />
  );
};
