import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { CSSProperties } from 'react';
import { MenuItem, TextField } from '@material-ui/core';
import type { Collection } from '../../../api';
import { OPEN } from '../../../lib/states';
import { valueStreamTranslationRef } from '../../../translation';
import { useLabels } from '../../../hooks/useLabels';

/** Props of {@link StateFilter}. */
export interface StateFilterProps {
  id: string;
  /** A state, `''` for all, or {@link OPEN} for the open ones. */
  value: string;
  onChange: (value: string) => void;
  /** The collection whose states are offered. */
  collection: Collection;
  states: readonly string[];
  /** Offer "Open": every state the record is not closed in. */
  withOpen?: boolean;
  fullWidth?: boolean;
  style?: CSSProperties;
}

/** The state filter above a list of records. */
export const StateFilter = ({
  id,
  value,
  onChange,
  collection,
  states,
  withOpen,
  fullWidth,
  style,
}: StateFilterProps) => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const { stateLabel } = useLabels();
  return (
    <TextField
      select
      id={id}
      label={t('filters.state')}
      SelectProps={{ displayEmpty: true }}
      InputLabelProps={{ shrink: true }}
      value={value}
      onChange={e => onChange(e.target.value)}
      fullWidth={fullWidth}
      style={style}
    >
      {withOpen && <MenuItem value={OPEN}>{t('filters.open')}</MenuItem>}
      <MenuItem value="">{t('filters.all')}</MenuItem>
      {states.map(s => (
        <MenuItem key={s} value={s}>
          {stateLabel(collection, s)}
        </MenuItem>
      ))}
    </TextField>
  );
};
