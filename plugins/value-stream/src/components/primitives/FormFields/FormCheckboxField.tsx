import { Checkbox, FormControlLabel, Grid } from '@material-ui/core';

/** Props of {@link FormCheckboxField}. */
export interface FormCheckboxFieldProps {
  name: string;
  value: boolean;
  onChange: (value: boolean) => void;
  label: string;
}

/** A labelled checkbox on a row of its own in the grid of a form. */
export const FormCheckboxField = ({
  name,
  value,
  onChange,
  label,
}: FormCheckboxFieldProps) => (
  <Grid item xs={12}>
    <FormControlLabel
      control={
        <Checkbox
          name={name}
          checked={value}
          onChange={e => onChange(e.target.checked)}
        />
      }
      label={label}
    />
  </Grid>
);
