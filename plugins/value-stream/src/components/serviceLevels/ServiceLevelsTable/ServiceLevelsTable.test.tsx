import { screen, within } from '@testing-library/react';
import { attainment, serviceLevel } from '../../../__testUtils__/fixtures';
import { renderWithApis } from '../../../__testUtils__/render';
import { ServiceLevelsTable } from './ServiceLevelsTable';

describe('ServiceLevelsTable', () => {
  it('shows targets, attainment, breaches and error budget', async () => {
    await renderWithApis(<ServiceLevelsTable serviceLevels={[attainment()]} />);
    const table = screen.getByRole('table', { name: 'Service levels' });
    const row = within(table).getAllByRole('row')[1];
    expect(row).toHaveTextContent('Checkout gold');
    expect(row).toHaveTextContent('99.95 % (99.9 %)');
    expect(row).toHaveTextContent('P1: 15 min / 4 h');
    expect(row).toHaveTextContent('100 % / 90 %');
    expect(row).toHaveTextContent('50 %');
    expect(
      screen.getByRole('progressbar', {
        name: 'Error budget of Checkout gold',
      }),
    ).toHaveAttribute('aria-valuenow', '50');
  });

  it('offers agreeing a proposed service level only with the agree permission', async () => {
    const proposed = attainment({
      serviceLevel: serviceLevel({ state: 'proposed' }),
    });
    await renderWithApis(
      <ServiceLevelsTable serviceLevels={[proposed]} onChanged={jest.fn()} />,
      { allow: name => name !== 'value-stream.service-level.agree' },
    );
    // Back to draft is still allowed, so the button shows...
    expect(
      await screen.findByRole('button', {
        name: 'Move service level Checkout gold',
      }),
    ).toBeInTheDocument();
  });

  it('hides actions from users who may not move service levels', async () => {
    await renderWithApis(
      <ServiceLevelsTable
        serviceLevels={[attainment()]}
        onChanged={jest.fn()}
      />,
      { allow: false },
    );
    expect(
      screen.getByRole('table', { name: 'Service levels' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /Move/ }),
    ).not.toBeInTheDocument();
  });
});
