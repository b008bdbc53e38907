import { screen, within } from '@testing-library/react';
import { mockApis } from '@backstage/test-utils';
import userEvent from '@testing-library/user-event';
import { DateTime } from 'luxon';
import {
  change,
  ENTITY_REF,
  incident,
  problem,
} from '../../../__testUtils__/fixtures';
import {
  fakeValueStreamApi,
  renderWithApis,
  responseError,
} from '../../../__testUtils__/render';
import { TransitionDialog } from './TransitionDialog';

/** The value a `datetime-local` field shows for a timestamp. */
const toLocal = (iso: string) =>
  DateTime.fromISO(iso).toFormat("yyyy-LL-dd'T'HH:mm");

describe('TransitionDialog', () => {
  it('offers only the given states and asks what the transition needs', async () => {
    const moved = problem({ state: 'known_error', version: 3 });
    const api = fakeValueStreamApi({
      transitionRecord: jest.fn().mockResolvedValue(moved),
    });
    const onDone = jest.fn();
    const analytics = mockApis.analytics.mock();
    const investigating = problem({
      state: 'investigating',
      version: 2,
      rootCause: undefined,
      workaround: undefined,
    });
    await renderWithApis(
      <TransitionDialog
        collection="problems"
        record={investigating}
        targets={['known_error', 'resolved']}
        open
        onClose={jest.fn()}
        onDone={onDone}
      />,
      { api, analytics },
    );
    await userEvent.click(screen.getByRole('button', { name: /New state/ }));
    const options = within(screen.getByRole('listbox')).getAllByRole('option');
    expect(options.map(o => o.textContent)).toEqual([
      'Known error',
      'Resolved',
    ]);
    await userEvent.click(options[0]);

    await userEvent.type(
      screen.getByRole('textbox', { name: /Root cause/ }),
      'Leak in retry',
    );
    await userEvent.type(
      screen.getByRole('textbox', { name: /Workaround/ }),
      'Restart',
    );
    await userEvent.type(
      screen.getByRole('textbox', { name: /Note/ }),
      'Confirmed',
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Move to known error' }),
    );

    expect(api.transitionRecord).toHaveBeenCalledWith('problems', 'prb-1', {
      to: 'known_error',
      version: 2,
      note: 'Confirmed',
      rootCause: 'Leak in retry',
      workaround: 'Restart',
    });
    expect(onDone).toHaveBeenCalledWith(moved);
    expect(analytics.captureEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        action: 'transition',
        subject: 'prb-1',
        attributes: {
          entityRef: ENTITY_REF,
          collection: 'problems',
          from: 'investigating',
          to: 'known_error',
        },
      }),
    );
  });

  it('shows a 400 next to the field the transition needs', async () => {
    const api = fakeValueStreamApi({
      transitionRecord: jest
        .fn()
        .mockRejectedValue(
          await responseError(
            400,
            'InputError',
            'Invalid transition: resolutionNote: Required',
            [{ path: 'resolutionNote', message: 'Required' }],
          ),
        ),
    });
    await renderWithApis(
      <TransitionDialog
        collection="incidents"
        record={incident({ state: 'in_progress' })}
        targets={['resolved']}
        open
        onClose={jest.fn()}
        onDone={jest.fn()}
      />,
      { api },
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Move to resolved' }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Please correct the highlighted fields',
    );
    expect(
      screen.getByRole('textbox', { name: /Resolution/ }),
    ).toHaveAccessibleDescription('Required');
  });

  it('shows a 409 for an illegal or stale transition', async () => {
    const api = fakeValueStreamApi({
      transitionRecord: jest
        .fn()
        .mockRejectedValue(
          await responseError(
            409,
            'ConflictError',
            'Cannot move incident from "closed" to "resolved"',
          ),
        ),
    });
    const onDone = jest.fn();
    await renderWithApis(
      <TransitionDialog
        collection="incidents"
        record={incident({ state: 'acknowledged' })}
        targets={['in_progress']}
        open
        onClose={jest.fn()}
        onDone={onDone}
      />,
      { api },
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Move to in progress' }),
    );
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'The record changed or the action is not allowed in its state',
    );
    expect(alert).toHaveTextContent(
      'Cannot move incident from "closed" to "resolved"',
    );
    expect(onDone).not.toHaveBeenCalled();
  });

  const schedule = async () => {
    const api = fakeValueStreamApi({
      transitionRecord: jest
        .fn()
        .mockResolvedValue(change({ state: 'scheduled' })),
    });
    const approved = change({ version: 4 });
    await renderWithApis(
      <TransitionDialog
        collection="changes"
        record={approved}
        targets={['scheduled']}
        open
        onClose={jest.fn()}
        onDone={jest.fn()}
      />,
      { api },
    );
    return { api, approved };
  };

  it('schedules a change with the window it was approved with', async () => {
    const { api, approved } = await schedule();
    expect(screen.getByLabelText('Planned start')).toHaveValue(
      toLocal(approved.plannedStart!),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Move to scheduled' }),
    );
    // The stored window stays as it is: sending it back, cut to minutes,
    // would read as a move of the approved window.
    expect(api.transitionRecord).toHaveBeenCalledWith('changes', 'chg-1', {
      to: 'scheduled',
      version: 4,
    });
  });

  it('sends only the side of the window the user moved', async () => {
    const { api } = await schedule();
    const end = screen.getByLabelText('Planned end');
    await userEvent.clear(end);
    await userEvent.type(end, '2025-01-15T15:30');
    await userEvent.click(
      screen.getByRole('button', { name: 'Move to scheduled' }),
    );
    expect(api.transitionRecord).toHaveBeenCalledWith('changes', 'chg-1', {
      to: 'scheduled',
      version: 4,
      plannedEnd: DateTime.fromISO('2025-01-15T15:30').toUTC().toISO(),
    });
  });
});
