import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ENTITY_REF, change, incident } from '../../../__testUtils__/fixtures';
import {
  fakeValueStreamApi,
  renderWithApis,
} from '../../../__testUtils__/render';
import { EntityActions } from './EntityActions';

describe('EntityActions', () => {
  it('raises an incident from the service desk entry and refreshes', async () => {
    const api = fakeValueStreamApi({
      createRecord: jest.fn().mockResolvedValue(incident()),
    });
    const onChanged = jest.fn();
    await renderWithApis(
      <EntityActions entityRef={ENTITY_REF} onChanged={onChanged} />,
      { api },
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Raise incident' }),
    );
    expect(
      screen.getByRole('dialog', { name: 'Raise an incident' }),
    ).toBeInTheDocument();
    await userEvent.type(
      screen.getByRole('textbox', { name: /Title/ }),
      'Down',
    );
    await userEvent.type(
      screen.getByRole('textbox', { name: /What happened/ }),
      'All of it',
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Raise incident' }),
    );
    expect(api.createRecord).toHaveBeenCalledWith(
      'incidents',
      expect.objectContaining({ entityRef: ENTITY_REF, title: 'Down' }),
    );
    expect(onChanged).toHaveBeenCalled();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('opens the change and service level forms', async () => {
    const api = fakeValueStreamApi({
      createRecord: jest.fn().mockResolvedValue(change()),
    });
    await renderWithApis(
      <EntityActions entityRef={ENTITY_REF} onChanged={jest.fn()} />,
      { api },
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Request change' }),
    );
    expect(
      screen.getByRole('dialog', { name: 'Request a change' }),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await userEvent.click(
      screen.getByRole('button', { name: 'Propose service level' }),
    );
    expect(
      screen.getByRole('dialog', { name: 'Propose a service level' }),
    ).toBeInTheDocument();
  });

  it('shows only the actions the user may take', async () => {
    await renderWithApis(
      <EntityActions entityRef={ENTITY_REF} onChanged={jest.fn()} />,
      {
        allow: name => name === 'value-stream.incident.create',
      },
    );
    expect(
      await screen.findByRole('button', { name: 'Raise incident' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Request change' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Propose service level' }),
    ).not.toBeInTheDocument();
  });
});
