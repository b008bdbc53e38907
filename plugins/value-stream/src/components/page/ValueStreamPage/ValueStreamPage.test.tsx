import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  assetsOverview,
  board,
  boardItem,
} from '../../../__testUtils__/fixtures';
import {
  fakeValueStreamApi,
  renderWithApis,
} from '../../../__testUtils__/render';
import { ValueStreamPage } from './ValueStreamPage';

describe('ValueStreamPage', () => {
  it('opens on the board and switches between the consoles', async () => {
    const api = fakeValueStreamApi({
      getBoard: jest.fn().mockResolvedValue(board([boardItem()])),
      getAssets: jest.fn().mockResolvedValue(assetsOverview()),
    });
    await renderWithApis(<ValueStreamPage />, { api, entity: false });
    expect(
      screen.getByRole('heading', { name: 'Value stream', level: 1 }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('region', { name: 'Operate stage' }),
    ).toBeInTheDocument();

    for (const tab of [
      'Board',
      'Changes',
      'Incidents',
      'Problems',
      'Service levels',
      'Metrics',
      'Events',
      'Assets',
    ]) {
      expect(screen.getByRole('tab', { name: tab })).toBeInTheDocument();
    }
    await userEvent.click(screen.getByRole('tab', { name: 'Changes' }));
    expect(
      await screen.findByText('Waiting for my approval'),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('tab', { name: 'Incidents' }));
    expect(
      await screen.findByText('No incidents match these filters'),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('tab', { name: 'Problems' }));
    expect(
      await screen.findByText('Problems and known errors'),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('tab', { name: 'Service levels' }));
    expect(await screen.findByText('No service levels')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('tab', { name: 'Metrics' }));
    expect(
      await screen.findByText('Choose a system or an owner'),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('tab', { name: 'Events' }));
    expect(await screen.findByText('No unmatched events')).toBeInTheDocument();
    expect(api.listEvents).toHaveBeenCalledWith(
      expect.objectContaining({ unmatched: true }),
    );
    await userEvent.click(screen.getByRole('tab', { name: 'Assets' }));
    expect(
      await screen.findByRole('table', { name: 'Expiring assets' }),
    ).toBeInTheDocument();
  });
});
