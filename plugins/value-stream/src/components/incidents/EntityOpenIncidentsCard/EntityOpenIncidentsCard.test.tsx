import { screen } from '@testing-library/react';
import { summary } from '../../../__testUtils__/fixtures';
import {
  fakeValueStreamApi,
  renderWithApis,
  responseError,
} from '../../../__testUtils__/render';
import { EntityOpenIncidentsCard } from './EntityOpenIncidentsCard';

describe('EntityOpenIncidentsCard', () => {
  it('shows open incidents with their SLA countdown', async () => {
    const api = fakeValueStreamApi({
      getSummary: jest.fn().mockResolvedValue(summary()),
    });
    await renderWithApis(<EntityOpenIncidentsCard />, { api });
    expect(
      await screen.findByRole('table', { name: 'Incidents' }),
    ).toHaveTextContent('Checkout returns 500');
    expect(screen.getByRole('timer')).toHaveTextContent(/Response due in/);
  });

  it('shows an empty state and errors', async () => {
    const api = fakeValueStreamApi({
      getSummary: jest.fn().mockResolvedValue(summary({ openIncidents: [] })),
    });
    const { unmount } = await renderWithApis(<EntityOpenIncidentsCard />, {
      api,
    });
    expect(await screen.findByText('No open incidents')).toBeInTheDocument();
    unmount();
    const failing = fakeValueStreamApi({
      getSummary: jest
        .fn()
        .mockRejectedValue(await responseError(500, 'Error', 'boom')),
    });
    await renderWithApis(<EntityOpenIncidentsCard />, { api: failing });
    expect(
      await screen.findByText(/Request failed with 500/),
    ).toBeInTheDocument();
  });
});
