import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { change } from '../../../__testUtils__/fixtures';
import {
  fakeValueStreamApi,
  renderWithApis,
  responseError,
} from '../../../__testUtils__/render';
import { ChangesView } from './ChangesView';

describe('ChangesView', () => {
  it('shows what waits for my approval, the calendar and all changes', async () => {
    const api = fakeValueStreamApi({
      listAwaitingMyApproval: jest
        .fn()
        .mockResolvedValue({ items: [change({ title: 'Needs me' })] }),
      listRecords: jest.fn().mockResolvedValue({
        items: [
          change({ id: 'chg-2', title: 'Rotate keys', state: 'scheduled' }),
        ],
        nextCursor: 'c2',
      }),
    });
    await renderWithApis(<ChangesView />, { api, entity: false });

    const tables = await screen.findAllByRole('table', { name: 'Changes' });
    expect(tables[0]).toHaveTextContent('Needs me');
    expect(
      within(tables[0]).getByRole('button', {
        name: /Approve or reject Needs me/,
      }),
    ).toBeInTheDocument();
    expect(tables[1]).toHaveTextContent('Rotate keys');
    expect(
      screen.getByRole('table', { name: /Change calendar/ }),
    ).toBeInTheDocument();
    expect(api.listRecords).toHaveBeenCalledWith('changes', {
      state: ['new', 'assess', 'authorize', 'scheduled', 'implement', 'review'],
      limit: 100,
      cursor: undefined,
    });

    api.listRecords.mockResolvedValueOnce({
      items: [change({ id: 'chg-3', title: 'Third' })],
    });
    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() =>
      expect(api.listRecords).toHaveBeenLastCalledWith(
        'changes',
        expect.objectContaining({ cursor: 'c2' }),
      ),
    );
    expect(await screen.findAllByText('Third')).not.toHaveLength(0);
  });

  it('filters by state', async () => {
    const api = fakeValueStreamApi();
    await renderWithApis(<ChangesView />, { api, entity: false });
    expect(
      await screen.findByText('Nothing waits for your approval'),
    ).toBeInTheDocument();
    expect(await screen.findByText('No changes')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: /State/ }));
    await userEvent.click(
      within(screen.getByRole('listbox')).getByRole('option', {
        name: 'Failed',
      }),
    );
    await waitFor(() =>
      expect(api.listRecords).toHaveBeenLastCalledWith('changes', {
        state: ['failed'],
        limit: 100,
        cursor: undefined,
      }),
    );
  });

  it('shows errors', async () => {
    const err = await responseError(500, 'Error', 'boom');
    const api = fakeValueStreamApi({
      listAwaitingMyApproval: jest.fn().mockRejectedValue(err),
      listRecords: jest.fn().mockRejectedValue(err),
    });
    await renderWithApis(<ChangesView />, { api, entity: false });
    await waitFor(() =>
      expect(
        screen.getAllByText(/Request failed with 500/).length,
      ).toBeGreaterThanOrEqual(2),
    );
  });
});
