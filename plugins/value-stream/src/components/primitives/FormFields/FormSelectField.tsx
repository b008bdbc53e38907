import { MenuItem } from '@material-ui/core';
import { humanize } from '../../../lib/format';
import { FormTextField, type FormTextFieldProps } from './FormTextField';

/** Props of {@link FormSelectField}. */
export type FormSelectFieldProps<T extends string> = Omit<
  FormTextFieldProps,
  'value' | 'onChange' | 'select' | 'children'
> & {
  value: T;
  onChange: (value: T) => void;
  options: readonly T[];
  /** The label of a choice, from {@link useLabels}; humanized by default. */
  optionLabel?: (option: T) => string;
};

/** A choice among fixed values in the grid of a form. */
export const FormSelectField = <T extends string>({
  onChange,
  options,
  optionLabel = humanize,
  ...props
}: FormSelectFieldProps<T>) => (
  <FormTextField {...props} select onChange={value => onChange(value as T)}>
    {options.map(option => (
      <MenuItem key={option} value={option}>
        {optionLabel(option)}
      </MenuItem>
    ))}
  </FormTextField>
);
