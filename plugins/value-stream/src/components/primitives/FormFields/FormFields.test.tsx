import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import { Grid } from '@material-ui/core';
import { FormDialog } from '../FormDialog';
import { FormCheckboxField } from './FormCheckboxField';
import { FormSelectField } from './FormSelectField';
import { FormTextField } from './FormTextField';

describe('form fields', () => {
  it('label their inputs and show the message of a failed submit', async () => {
    const onTitle = jest.fn();
    await renderInTestApp(
      <FormDialog
        form="test"
        title="Do it"
        open
        onClose={jest.fn()}
        onSubmit={jest.fn()}
        error={{
          status: 400,
          message: 'invalid',
          fieldErrors: { title: 'Title is required' },
        }}
        shownFields={['title']}
      >
        <Grid container>
          <FormTextField
            name="title"
            label="Title"
            value=""
            onChange={onTitle}
            helperText="What happened"
          />
          <FormTextField
            name="note"
            label="Note"
            value=""
            onChange={jest.fn()}
            helperText="Anything else"
          />
          <FormSelectField
            name="kind"
            label="Kind"
            value="normal_kind"
            onChange={jest.fn()}
            options={['normal_kind', 'other']}
          />
          <FormCheckboxField
            name="major"
            label="Major"
            value
            onChange={jest.fn()}
          />
        </Grid>
      </FormDialog>,
    );
    const title = screen.getByRole('textbox', { name: 'Title' });
    expect(title).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText('Title is required')).toBeInTheDocument();
    expect(screen.queryByText('What happened')).not.toBeInTheDocument();
    expect(screen.getByText('Anything else')).toBeInTheDocument();
    await userEvent.type(title, 'x');
    expect(onTitle).toHaveBeenCalledWith('x');
    expect(screen.getByRole('button', { name: /Kind/ })).toHaveTextContent(
      'Normal kind',
    );
    expect(screen.getByRole('checkbox', { name: 'Major' })).toBeChecked();
  });
});
