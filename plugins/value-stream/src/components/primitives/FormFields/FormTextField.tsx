import { Grid, GridSize, TextField, TextFieldProps } from '@material-ui/core';
import { useFormField } from './FormFieldsContext';

/** Props of {@link FormTextField}. */
export type FormTextFieldProps = Omit<
  TextFieldProps,
  'id' | 'name' | 'value' | 'onChange' | 'error' | 'fullWidth'
> & {
  /** The field's path in the request, as the backend names it in errors. */
  name: string;
  value: string;
  onChange: (value: string) => void;
  /** The field's width in the form's grid. */
  xs?: GridSize;
  sm?: GridSize;
};

/**
 * A text field in the grid of a form: labelled by id, and showing the
 * backend's message for it in place of its helper text.
 */
export const FormTextField = ({
  name,
  onChange,
  helperText,
  xs = 12,
  sm,
  ...props
}: FormTextFieldProps) => {
  const { id, message } = useFormField(name);
  return (
    <Grid item xs={xs} sm={sm}>
      <TextField
        {...props}
        id={id}
        name={name}
        onChange={e => onChange(e.target.value)}
        fullWidth
        error={Boolean(message)}
        helperText={message ?? helperText}
      />
    </Grid>
  );
};
