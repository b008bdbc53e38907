import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { Chip } from '@material-ui/core';
import { expiryTone } from '../../../lib/assets';
import { useToneStyles } from '../../primitives/tones';
import { valueStreamTranslationRef } from '../../../translation';

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
  const { t } = useTranslationRef(valueStreamTranslationRef);
  let label: string;
  if (days === 0) {
    label = t('expiry.today');
  } else if (days < 0) {
    label = t('expiry.expired', { count: -days });
  } else {
    label = t('expiry.left', { count: days });
  }
  return (
    <Chip size="small" label={label} className={classes[expiryTone(days)]} />
  );
};
