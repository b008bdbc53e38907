import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { incident, serviceLevel } from '../../../__testUtils__/fixtures';
import {
  fakeValueStreamApi,
  renderWithApis,
} from '../../../__testUtils__/render';
import { RecordTransitionButton } from './RecordTransitionButton';

describe('RecordTransitionButton', () => {
  it('opens the transition dialog with the lifecycle targets and refreshes after', async () => {
    const api = fakeValueStreamApi({
      transitionRecord: jest
        .fn()
        .mockResolvedValue(incident({ state: 'acknowledged' })),
    });
    const onChanged = jest.fn();
    await renderWithApis(
      <RecordTransitionButton
        collection="incidents"
        record={incident()}
        onChanged={onChanged}
      />,
      { api },
    );
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Move incident Checkout returns 500',
      }),
    );
    await userEvent.click(screen.getByRole('button', { name: /New state/ }));
    const options = within(screen.getByRole('listbox')).getAllByRole('option');
    expect(options.map(o => o.textContent)).toContain('Acknowledged');
    expect(options.map(o => o.textContent)).not.toContain('Closed');
    await userEvent.click(
      within(screen.getByRole('listbox')).getByRole('option', {
        name: 'Acknowledged',
      }),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Move to acknowledged' }),
    );
    expect(api.transitionRecord).toHaveBeenCalledWith('incidents', 'inc-1', {
      to: 'acknowledged',
      version: 1,
    });
    expect(onChanged).toHaveBeenCalled();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('leaves out agreeing a service level without the agree permission', async () => {
    await renderWithApis(
      <RecordTransitionButton
        collection="service-levels"
        record={serviceLevel({ state: 'proposed' })}
        onChanged={jest.fn()}
      />,
      { allow: name => name !== 'value-stream.service-level.agree' },
    );
    await userEvent.click(
      await screen.findByRole('button', { name: /Move service level/ }),
    );
    await userEvent.click(screen.getByRole('button', { name: /New state/ }));
    const options = within(screen.getByRole('listbox')).getAllByRole('option');
    expect(options.map(o => o.textContent)).toEqual(['Draft']);
  });

  it('offers agreeing with the agree permission', async () => {
    await renderWithApis(
      <RecordTransitionButton
        collection="service-levels"
        record={serviceLevel({ state: 'proposed' })}
        onChanged={jest.fn()}
      />,
    );
    await userEvent.click(
      await screen.findByRole('button', { name: /Move service level/ }),
    );
    await userEvent.click(screen.getByRole('button', { name: /New state/ }));
    expect(
      within(screen.getByRole('listbox'))
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['Agreed', 'Draft']);
  });

  it('shows nothing for a record at the end of its lifecycle or without permission', async () => {
    const authorize = jest.fn();
    const { unmount } = await renderWithApis(
      <RecordTransitionButton
        collection="incidents"
        record={incident({ state: 'closed' })}
        onChanged={jest.fn()}
      />,
    );
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
    unmount();
    await renderWithApis(
      <RecordTransitionButton
        collection="incidents"
        record={incident()}
        onChanged={jest.fn()}
      />,
      {
        allow: name => {
          authorize(name);
          return false;
        },
      },
    );
    await waitFor(() =>
      expect(authorize).toHaveBeenCalledWith(
        'value-stream.incident.transition',
      ),
    );
    expect(
      screen.queryByRole('button', { name: /Move/ }),
    ).not.toBeInTheDocument();
  });
});
