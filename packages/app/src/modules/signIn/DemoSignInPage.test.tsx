import { fireEvent, screen } from '@testing-library/react';
import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { configApiRef } from '@backstage/core-plugin-api';
import { ConfigReader } from '@backstage/config';
import { DemoSignInPage } from './DemoSignInPage';

const config = new ConfigReader({
  app: {
    title: 'Value Stream',
    demoPersonas: [
      {
        user: 'lucas-moreau',
        title: 'Lucas Moreau',
        description: 'Service owner',
      },
    ],
  },
});

describe('DemoSignInPage', () => {
  afterEach(() => window.localStorage.clear());

  it('remembers the guest choice, so a reload does not ask again', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[configApiRef, config]]}>
        <DemoSignInPage onSignInSuccess={jest.fn()} />
      </TestApiProvider>,
    );
    expect(
      screen.getByRole('button', { name: 'Sign in as Lucas Moreau' }),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Guest' }));
    expect(window.localStorage.getItem('value-stream-demo-persona')).toBe(
      'guest',
    );
    expect(
      screen.queryByRole('button', { name: 'Sign in as Lucas Moreau' }),
    ).not.toBeInTheDocument();
  });

  it('offers the personas when nobody was chosen', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[configApiRef, config]]}>
        <DemoSignInPage onSignInSuccess={jest.fn()} />
      </TestApiProvider>,
    );
    fireEvent.click(
      screen.getByRole('button', { name: 'Sign in as Lucas Moreau' }),
    );
    expect(window.localStorage.getItem('value-stream-demo-persona')).toBe(
      'lucas-moreau',
    );
  });
});
