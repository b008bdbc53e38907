import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { FormErrorAlert } from './FormErrorAlert';

describe('FormErrorAlert', () => {
  it('renders nothing without an error', async () => {
    await renderInTestApp(<FormErrorAlert />);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('says clearly when the record changed or the action is not allowed', async () => {
    await renderInTestApp(
      <FormErrorAlert
        error={{
          status: 409,
          message: 'Version 2 is stale; reload',
          fieldErrors: {},
        }}
      />,
    );
    expect(screen.getByRole('alert')).toHaveTextContent(
      'The record changed or the action is not allowed in its stateVersion 2 is stale; reload',
    );
  });

  it('lists the field errors that no field shows', async () => {
    await renderInTestApp(
      <FormErrorAlert
        error={{
          status: 400,
          message:
            'Invalid change: title: Required; (root): Bad window; extra: Unknown field',
          fieldErrors: {
            title: 'Required',
            '(root)': 'Bad window',
            extra: 'Unknown field',
          },
        }}
        shownFields={['title']}
      />,
    );
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('Please correct the highlighted fields');
    expect(alert).toHaveTextContent('Bad window');
    expect(alert).toHaveTextContent('extra: Unknown field');
    expect(alert).not.toHaveTextContent('Required');
  });
});
