import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { problem } from '../../../__testUtils__/fixtures';
import {
  fakeValueStreamApi,
  renderWithApis,
  responseError,
} from '../../../__testUtils__/render';
import { ProblemsView } from './ProblemsView';

describe('ProblemsView', () => {
  it('lists open problems and filters by state', async () => {
    const api = fakeValueStreamApi({
      listRecords: jest.fn().mockResolvedValue({ items: [problem()] }),
    });
    await renderWithApis(<ProblemsView />, { api, entity: false });
    expect(
      await screen.findByRole('list', { name: 'Problems' }),
    ).toHaveTextContent('Connection pool exhaustion');
    expect(api.listRecords).toHaveBeenCalledWith('problems', {
      state: ['new', 'investigating', 'known_error'],
      limit: 100,
      cursor: undefined,
    });
    await userEvent.click(screen.getByRole('button', { name: /State/ }));
    await userEvent.click(
      within(screen.getByRole('listbox')).getByRole('option', { name: 'All' }),
    );
    await waitFor(() =>
      expect(api.listRecords).toHaveBeenLastCalledWith('problems', {
        state: undefined,
        limit: 100,
        cursor: undefined,
      }),
    );
  });

  it('shows empty and error states', async () => {
    const { unmount } = await renderWithApis(<ProblemsView />, {
      entity: false,
    });
    expect(await screen.findByText('No problems')).toBeInTheDocument();
    unmount();
    const api = fakeValueStreamApi({
      listRecords: jest
        .fn()
        .mockRejectedValue(await responseError(500, 'Error', 'boom')),
    });
    await renderWithApis(<ProblemsView />, { api, entity: false });
    expect(
      await screen.findByText(/Request failed with 500/),
    ).toBeInTheDocument();
  });
});
