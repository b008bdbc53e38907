import { useTranslationRef } from '@backstage/frontend-plugin-api';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import type { CatalogOption } from '../../../hooks/useCatalogOptions';
import { useTextStyles } from '../tones';
import { valueStreamTranslationRef } from '../../../translation';

/**
 * A filter that picks one catalog entity (or none) from the options of
 * `useCatalogOptions`; a failed catalog lookup shows under the field.
 */
export function CatalogSelect(props: {
  id: string;
  label: string;
  /** The label of the empty choice, such as "All owners". */
  emptyLabel: string;
  /** What the options are, for the error text: "owners". */
  what: string;
  value: string;
  onChange: (value: string) => void;
  options: { options: CatalogOption[]; error?: Error };
}) {
  const { id, label, emptyLabel, what, value, onChange, options } = props;
  const text = useTextStyles();
  const { t } = useTranslationRef(valueStreamTranslationRef);
  return (
    <TextField
      select
      id={id}
      label={label}
      SelectProps={{ displayEmpty: true }}
      InputLabelProps={{ shrink: true, className: text.secondary }}
      value={value}
      onChange={e => onChange(e.target.value)}
      fullWidth
      helperText={
        options.error ? t('filters.catalogError', { what }) : undefined
      }
    >
      <MenuItem value="">{emptyLabel}</MenuItem>
      {options.options.map(o => (
        <MenuItem key={o.ref} value={o.ref}>
          {o.title}
        </MenuItem>
      ))}
    </TextField>
  );
}
