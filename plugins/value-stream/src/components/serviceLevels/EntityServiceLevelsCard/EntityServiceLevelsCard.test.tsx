import { screen } from '@testing-library/react';
import { summary } from '../../../__testUtils__/fixtures';
import {
  fakeValueStreamApi,
  renderWithApis,
  responseError,
} from '../../../__testUtils__/render';
import { EntityServiceLevelsCard } from './EntityServiceLevelsCard';

describe('EntityServiceLevelsCard', () => {
  it('shows the service levels of the entity', async () => {
    const api = fakeValueStreamApi({
      getSummary: jest.fn().mockResolvedValue(summary()),
    });
    await renderWithApis(<EntityServiceLevelsCard />, { api });
    expect(
      await screen.findByRole('table', { name: 'Service levels' }),
    ).toHaveTextContent('Checkout gold');
  });

  it('shows an empty state and errors', async () => {
    const api = fakeValueStreamApi({
      getSummary: jest.fn().mockResolvedValue(summary({ serviceLevels: [] })),
    });
    const { unmount } = await renderWithApis(<EntityServiceLevelsCard />, {
      api,
    });
    expect(await screen.findByText('No service level')).toBeInTheDocument();
    unmount();
    const failing = fakeValueStreamApi({
      getSummary: jest
        .fn()
        .mockRejectedValue(await responseError(500, 'Error', 'boom')),
    });
    await renderWithApis(<EntityServiceLevelsCard />, { api: failing });
    expect(
      await screen.findByText(/Request failed with 500/),
    ).toBeInTheDocument();
  });
});
