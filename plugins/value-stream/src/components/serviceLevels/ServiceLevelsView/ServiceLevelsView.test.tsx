import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { serviceLevel } from '../../../__testUtils__/fixtures';
import {
  fakeValueStreamApi,
  renderWithApis,
  responseError,
} from '../../../__testUtils__/render';
import { ServiceLevelsView } from './ServiceLevelsView';

describe('ServiceLevelsView', () => {
  it('lists service levels and lets an agreer agree a proposed one', async () => {
    const proposed = serviceLevel({ state: 'proposed', version: 4 });
    const api = fakeValueStreamApi({
      listRecords: jest.fn().mockResolvedValue({ items: [proposed] }),
      transitionRecord: jest.fn().mockResolvedValue(serviceLevel()),
    });
    await renderWithApis(<ServiceLevelsView />, { api, entity: false });
    const table = await screen.findByRole('table', { name: 'Service levels' });
    const row = within(table).getAllByRole('row')[1];
    expect(row).toHaveTextContent('Checkout gold');
    expect(row).toHaveTextContent('99.9 %');
    expect(row).toHaveTextContent('15 min / 4 h');

    await userEvent.click(
      await within(row).findByRole('button', { name: /Move service level/ }),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Move to agreed' }),
    );
    expect(api.transitionRecord).toHaveBeenCalledWith(
      'service-levels',
      'sl-1',
      {
        to: 'agreed',
        version: 4,
      },
    );
    expect(api.listRecords).toHaveBeenCalledTimes(2);
  });

  it('shows empty and error states', async () => {
    const { unmount } = await renderWithApis(<ServiceLevelsView />, {
      entity: false,
    });
    expect(await screen.findByText('No service levels')).toBeInTheDocument();
    unmount();
    const api = fakeValueStreamApi({
      listRecords: jest
        .fn()
        .mockRejectedValue(await responseError(500, 'Error', 'boom')),
    });
    await renderWithApis(<ServiceLevelsView />, { api, entity: false });
    expect(
      await screen.findByText(/Request failed with 500/),
    ).toBeInTheDocument();
  });
});
