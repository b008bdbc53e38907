import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import { FormDialog } from './FormDialog';

describe('FormDialog', () => {
  it('submits and cancels', async () => {
    const onSubmit = jest.fn();
    const onClose = jest.fn();
    await renderInTestApp(
      <FormDialog
        title="Do it"
        open
        onClose={onClose}
        onSubmit={onSubmit}
        submitLabel="Go"
      >
        <input aria-label="Thing" />
      </FormDialog>,
    );
    const dialog = screen.getByRole('dialog', { name: 'Do it' });
    expect(dialog).toBeInTheDocument();
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Thing' }),
      'x{enter}',
    );
    expect(onSubmit).toHaveBeenCalledTimes(1);
    await userEvent.click(screen.getByRole('button', { name: 'Go' }));
    expect(onSubmit).toHaveBeenCalledTimes(2);
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onClose).toHaveBeenCalled();
  });

  it('disables its buttons while submitting', async () => {
    await renderInTestApp(
      <FormDialog
        title="Do it"
        open
        onClose={jest.fn()}
        onSubmit={jest.fn()}
        submitting
      >
        <span />
      </FormDialog>,
    );
    expect(screen.getByRole('button', { name: 'Submit' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeDisabled();
  });
});
