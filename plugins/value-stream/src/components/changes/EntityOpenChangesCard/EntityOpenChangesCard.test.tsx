import { screen } from '@testing-library/react';
import { summary } from '../../../__testUtils__/fixtures';
import {
  fakeValueStreamApi,
  renderWithApis,
  responseError,
} from '../../../__testUtils__/render';
import { EntityOpenChangesCard } from './EntityOpenChangesCard';

describe('EntityOpenChangesCard', () => {
  it('shows open changes', async () => {
    const api = fakeValueStreamApi({
      getSummary: jest.fn().mockResolvedValue(summary()),
    });
    await renderWithApis(<EntityOpenChangesCard />, { api });
    expect(
      await screen.findByRole('table', { name: 'Changes' }),
    ).toHaveTextContent('Upgrade payment SDK');
  });

  it('shows an empty state and errors', async () => {
    const api = fakeValueStreamApi({
      getSummary: jest.fn().mockResolvedValue(summary({ openChanges: [] })),
    });
    const { unmount } = await renderWithApis(<EntityOpenChangesCard />, {
      api,
    });
    expect(await screen.findByText('No open changes')).toBeInTheDocument();
    unmount();
    const failing = fakeValueStreamApi({
      getSummary: jest
        .fn()
        .mockRejectedValue(await responseError(500, 'Error', 'boom')),
    });
    await renderWithApis(<EntityOpenChangesCard />, { api: failing });
    expect(
      await screen.findByText(/Request failed with 500/),
    ).toBeInTheDocument();
  });
});
