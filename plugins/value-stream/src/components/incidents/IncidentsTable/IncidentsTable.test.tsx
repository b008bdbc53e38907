import { screen, within } from '@testing-library/react';
import { incident } from '../../../__testUtils__/fixtures';
import { renderWithApis } from '../../../__testUtils__/render';
import { IncidentsTable } from './IncidentsTable';

describe('IncidentsTable', () => {
  it('highlights breached incidents and shows live SLA clocks', async () => {
    await renderWithApis(
      <IncidentsTable
        incidents={[
          incident(),
          incident({
            id: 'inc-2',
            title: 'Slow search',
            priority: 'P3',
            major: true,
            sla: {
              responseDueAt: '2020-01-01T00:00:00Z',
              pausedMs: 0,
              responseBreached: true,
              resolutionBreached: false,
            },
          }),
        ]}
        showEntity
      />,
    );
    const rows = within(
      screen.getByRole('table', { name: 'Incidents' }),
    ).getAllByRole('row');
    expect(rows[1]).toHaveAttribute('data-breached', 'false');
    expect(rows[1]).toHaveTextContent('P1');
    expect(within(rows[1]).getByRole('timer')).toHaveTextContent(
      /Response due in/,
    );
    expect(rows[2]).toHaveAttribute('data-breached', 'true');
    expect(rows[2]).toHaveTextContent('Major incident');
    expect(within(rows[2]).getByRole('timer')).toHaveTextContent(
      /Response overdue by/,
    );
  });

  it('offers lifecycle moves to permitted users only', async () => {
    const { unmount } = await renderWithApis(
      <IncidentsTable incidents={[incident()]} onChanged={jest.fn()} />,
    );
    expect(
      await screen.findByRole('button', {
        name: 'Move incident Checkout returns 500',
      }),
    ).toBeInTheDocument();
    unmount();
    await renderWithApis(
      <IncidentsTable incidents={[incident()]} onChanged={jest.fn()} />,
      {
        allow: false,
      },
    );
    expect(
      screen.queryByRole('button', { name: /Move/ }),
    ).not.toBeInTheDocument();
  });
});
