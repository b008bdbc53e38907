import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { deployment, release } from '../../../__testUtils__/fixtures';
import { renderWithApis } from '../../../__testUtils__/render';
import { DeploymentTimeline, byEnvironment } from './DeploymentTimeline';

describe('DeploymentTimeline', () => {
  it('shows releases and one timeline per environment, production first', async () => {
    await renderInTestApp(
      <DeploymentTimeline
        releases={[
          release(),
          release({
            id: 'rel-2',
            releaseVersion: '2.5.0',
            title: 'Next',
            state: 'ready',
            createdAt: '2025-02-01T00:00:00Z',
            url: 'https://github.com/x/releases/2.5.0',
          }),
        ]}
        deployments={[
          deployment({
            id: 'd-s',
            environment: 'staging',
            production: false,
            deployedVersion: '2.5.0',
          }),
          deployment(),
          deployment({
            id: 'd-f',
            deployedVersion: '2.3.9',
            state: 'failure',
            finishedAt: '2025-01-01T00:00:00Z',
          }),
        ]}
      />,
    );
    const headings = screen
      .getAllByRole('heading', { level: 3 })
      .map(h => h.textContent);
    expect(headings).toEqual([
      'Releases',
      'production (production)',
      'staging',
    ]);
    expect(screen.getByLabelText('Releases')).toHaveTextContent(
      /2\.5\.0.*2\.4\.0/,
    );
    expect(screen.getByRole('link', { name: /2\.5\.0/ })).toHaveAttribute(
      'href',
      'https://github.com/x/releases/2.5.0',
    );
    expect(
      screen.getByLabelText('Deployments to production'),
    ).toHaveTextContent(/2\.4\.0Success.*2\.3\.9Failure/);
  });

  it('shows what runs where and lets releases move along their lifecycle', async () => {
    const onChanged = jest.fn();
    await renderWithApis(
      <DeploymentTimeline
        releases={[release({ state: 'ready' })]}
        deployments={[]}
        latest={[deployment({ deployedVersion: '2.3.0' })]}
        onChanged={onChanged}
      />,
    );
    expect(screen.getByText('Running 2.3.0')).toBeInTheDocument();
    expect(
      await screen.findByRole('button', {
        name: 'Move release 2.4.0 Faster checkout',
      }),
    ).toBeInTheDocument();
  });

  it('marks an unauthorized deployment, with its reason as accessible text', async () => {
    const reason =
      "No authorized change of component:default/checkout covers 2025-01-12T10:00:00.000Z (30 minutes' grace).";
    await renderInTestApp(
      <DeploymentTimeline
        releases={[]}
        deployments={[
          deployment({
            id: 'd-u',
            deployedVersion: '2.4.1',
            unauthorized: true,
            unauthorizedReason: reason,
          }),
          deployment({ id: 'd-ok', deployedVersion: '2.4.0' }),
        ]}
      />,
    );
    const timeline = screen.getByLabelText('Deployments to production');
    const flags = within(timeline).getAllByText('Unauthorized');
    expect(flags).toHaveLength(1);
    const chip = screen.getByLabelText(
      `Unauthorized deployment of 2.4.1: ${reason}`,
    );
    expect(chip).toHaveTextContent('Unauthorized');
    // On the flagged deployment's entry, not on the authorized one.
    const entries = within(timeline).getAllByRole('listitem');
    expect(entries[0]).toHaveTextContent(/2\.4\.1.*Unauthorized/);
    expect(entries[1]).not.toHaveTextContent('Unauthorized');
  });

  it('names no reason it does not have', async () => {
    await renderInTestApp(
      <DeploymentTimeline
        releases={[]}
        deployments={[deployment({ unauthorized: true })]}
      />,
    );
    expect(
      screen.getByLabelText(
        'Unauthorized deployment of 2.4.0: no authorized change covered it',
      ),
    ).toBeInTheDocument();
  });

  it('groups by environment', () => {
    const groups = byEnvironment([
      deployment({ environment: 'dev', production: false }),
      deployment({ environment: 'prod-eu' }),
    ]);
    expect(groups.map(g => g.environment)).toEqual(['prod-eu', 'dev']);
  });
});
