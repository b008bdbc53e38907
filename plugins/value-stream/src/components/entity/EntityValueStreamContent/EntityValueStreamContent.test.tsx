import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  ENTITY_REF,
  change,
  impact,
  metricsReport,
  summary,
} from '../../../__testUtils__/fixtures';
import {
  fakeValueStreamApi,
  renderWithApis,
  responseError,
} from '../../../__testUtils__/render';
import { EntityValueStreamContent } from './EntityValueStreamContent';

describe('EntityValueStreamContent', () => {
  it('shows the whole value stream of the entity', async () => {
    const api = fakeValueStreamApi({
      getSummary: jest.fn().mockResolvedValue(summary()),
      getRecord: jest.fn().mockResolvedValue(change()),
      getMetrics: jest.fn().mockResolvedValue(metricsReport()),
      getImpact: jest.fn().mockResolvedValue(impact()),
    });
    await renderWithApis(<EntityValueStreamContent />, { api });

    const stepper = await screen.findByLabelText('Value stream stages');
    expect(api.getSummary).toHaveBeenCalledWith(ENTITY_REF);
    expect(stepper.querySelector('[aria-current="step"]')).toHaveTextContent(
      'Operate',
    );
    expect(screen.getAllByRole('alert').map(a => a.textContent)).toContain(
      'Operating without an agreed service level',
    );
    expect(
      screen.getByRole('table', { name: 'Service levels' }),
    ).toHaveTextContent('Checkout gold');
    expect(screen.getByRole('table', { name: 'Changes' })).toHaveTextContent(
      'Upgrade payment SDK',
    );
    expect(
      screen.getByLabelText('Deployments to production'),
    ).toHaveTextContent('2.4.0');
    expect(screen.getByLabelText('Deployments to staging')).toBeInTheDocument();
    expect(screen.getByRole('table', { name: 'Incidents' })).toHaveTextContent(
      'Checkout returns 500',
    );
    expect(screen.getByRole('timer')).toHaveTextContent(/Response due in/);
    expect(screen.getByRole('list', { name: 'Problems' })).toHaveTextContent(
      'Restart the pods',
    );
    expect(await screen.findByText('No stage history yet')).toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: 'Raise incident' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('region', { name: 'Lead time for changes' }),
    ).toHaveTextContent('1d 06h 00m');
    expect(api.getMetrics).toHaveBeenCalledWith({
      entityRef: ENTITY_REF,
      bucket: 'week',
    });
    expect(
      await screen.findByRole('list', { name: 'Impacted, 1 hop away' }),
    ).toHaveTextContent('Storefront');
    expect(api.getImpact).toHaveBeenCalledWith(ENTITY_REF, 3);

    // Record evidence opens the record.
    const design = screen.getByRole('list', { name: 'Design exit criteria' });
    await userEvent.click(
      within(design).getByRole('button', { name: 'Upgrade payment SDK' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(
      await within(dialog).findByRole('table', { name: 'Record details' }),
    ).toBeInTheDocument();
    expect(api.getRecord).toHaveBeenCalledWith('changes', 'chg-1');
  });

  it('loads the other cards alongside the summary, not after it', async () => {
    const api = fakeValueStreamApi({
      // The summary never arrives.
      getSummary: jest.fn(() => new Promise(() => {})),
      getMetrics: jest.fn().mockResolvedValue(metricsReport()),
      getImpact: jest.fn().mockResolvedValue(impact()),
    });
    await renderWithApis(<EntityValueStreamContent />, { api });

    expect(
      await screen.findByRole('region', { name: 'Lead time for changes' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('list', { name: 'Impacted, 1 hop away' }),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(api.getHistory).toHaveBeenCalledWith(ENTITY_REF),
    );
    expect(screen.getByText('Service levels')).toBeInTheDocument();
    expect(
      screen.queryByLabelText('Value stream stages'),
    ).not.toBeInTheDocument();
  });

  it('gives the service levels the full width', async () => {
    const api = fakeValueStreamApi({
      getSummary: jest.fn().mockResolvedValue(summary()),
      getMetrics: jest.fn().mockResolvedValue(metricsReport()),
      getImpact: jest.fn().mockResolvedValue(impact()),
    });
    await renderWithApis(<EntityValueStreamContent />, { api });
    const table = await screen.findByRole('table', { name: 'Service levels' });
    const cell = table.closest('.MuiGrid-item');
    expect(cell).toHaveClass('MuiGrid-grid-xs-12');
    expect(cell?.className).not.toMatch(/MuiGrid-grid-(sm|md|lg|xl)-/);
  });

  it('refreshes after an incident was raised', async () => {
    const api = fakeValueStreamApi({
      getSummary: jest.fn().mockResolvedValue(summary({ openIncidents: [] })),
      createRecord: jest.fn().mockResolvedValue({}),
    });
    await renderWithApis(<EntityValueStreamContent />, { api });
    expect(await screen.findByText('No open incidents.')).toBeInTheDocument();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Raise incident' }),
    );
    await userEvent.type(
      screen.getByRole('textbox', { name: /Title/ }),
      'Down',
    );
    await userEvent.type(
      screen.getByRole('textbox', { name: /What happened/ }),
      'Everything',
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Raise incident' }),
    );
    expect(api.getSummary).toHaveBeenCalledTimes(2);
  });

  it('shows an empty service level state and the error of a failed load', async () => {
    const api = fakeValueStreamApi({
      getSummary: jest.fn().mockResolvedValue(summary({ serviceLevels: [] })),
    });
    const { unmount } = await renderWithApis(<EntityValueStreamContent />, {
      api,
    });
    expect(await screen.findByText('No service level')).toBeInTheDocument();
    unmount();

    const failing = fakeValueStreamApi({
      getSummary: jest
        .fn()
        .mockRejectedValue(await responseError(403, 'NotAllowedError', 'no')),
    });
    await renderWithApis(<EntityValueStreamContent />, { api: failing });
    expect(
      await screen.findByText(/Request failed with 403/),
    ).toBeInTheDocument();
  });
});
