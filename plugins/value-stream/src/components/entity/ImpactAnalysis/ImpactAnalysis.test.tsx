import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ENTITY_REF, impact } from '../../../__testUtils__/fixtures';
import {
  fakeValueStreamApi,
  renderWithApis,
  responseError,
} from '../../../__testUtils__/render';
import { IMPACT_ITEMS_SHOWN, ImpactAnalysis } from './ImpactAnalysis';

describe('ImpactAnalysis', () => {
  it('lists what depends on the entity by distance, with paths', async () => {
    const api = fakeValueStreamApi({
      getImpact: jest.fn().mockResolvedValue(impact()),
    });
    await renderWithApis(<ImpactAnalysis entityRef={ENTITY_REF} />, { api });

    const oneHop = await screen.findByRole('list', {
      name: 'Impacted, 1 hop away',
    });
    expect(api.getImpact).toHaveBeenCalledWith(ENTITY_REF, 3);
    expect(
      screen.getByRole('heading', { name: 'Impacted: what depends on it (3)' }),
    ).toBeInTheDocument();
    const first = within(oneHop).getAllByRole('listitem');
    expect(first).toHaveLength(2);
    expect(first[0]).toHaveTextContent('Storefront');
    expect(first[0]).toHaveTextContent('via dependency of');
    expect(first[1]).toHaveTextContent('via part of');
    // Without a catalog title, an entity shows by its name.
    expect(within(first[1]).getAllByRole('link')[0]).toHaveTextContent(
      /^shop$/,
    );

    const twoHops = screen.getByRole('list', { name: 'Impacted, 2 hops away' });
    const item = within(twoHops).getByRole('listitem');
    expect(item).toHaveTextContent('Mobile app');
    expect(item).toHaveTextContent('→');
    expect(item).toHaveTextContent('via dependency of → API consumed by');
    // The path links every entity on the way.
    const links = within(item).getAllByRole('link');
    expect(links.map(l => l.getAttribute('href'))).toEqual([
      '/catalog/default/component/mobile-app',
      '/catalog/default/component/checkout',
      '/catalog/default/component/storefront',
      '/catalog/default/component/mobile-app',
    ]);
    expect(links[2]).toHaveTextContent('Storefront');

    // Upstream is collapsed until opened.
    expect(
      screen.queryByRole('list', { name: 'Upstream, 1 hop away' }),
    ).not.toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', {
        name: /Upstream: what it depends on \(1\)/,
      }),
    );
    expect(
      await screen.findByRole('list', { name: 'Upstream, 1 hop away' }),
    ).toHaveTextContent('Payments DB');
  });

  it('shows the first items of a long list and the rest on request', async () => {
    const count = IMPACT_ITEMS_SHOWN + 5;
    const api = fakeValueStreamApi({
      getImpact: jest.fn().mockResolvedValue(
        impact({
          downstream: Array.from({ length: count }, (_, i) => ({
            entityRef: `component:default/consumer-${i}`,
            kind: 'Component',
            title: `Consumer ${i}`,
            depth: 1,
            path: [ENTITY_REF, `component:default/consumer-${i}`],
            relations: ['dependencyOf'],
          })),
        }),
      ),
    });
    await renderWithApis(<ImpactAnalysis entityRef={ENTITY_REF} />, { api });

    const oneHop = await screen.findByRole('list', {
      name: 'Impacted, 1 hop away',
    });
    expect(within(oneHop).getAllByRole('listitem')).toHaveLength(
      IMPACT_ITEMS_SHOWN,
    );
    expect(screen.getByText(`1 hop away (${count})`)).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: `Show all ${count} 1 hop away` }),
    );
    expect(within(oneHop).getAllByRole('listitem')).toHaveLength(count);
    expect(oneHop).toHaveTextContent(`Consumer ${count - 1}`);
    expect(
      screen.queryByRole('button', { name: /Show all/ }),
    ).not.toBeInTheDocument();
  });

  it('follows more or fewer hops on request', async () => {
    const api = fakeValueStreamApi({
      getImpact: jest.fn().mockResolvedValue(impact()),
    });
    await renderWithApis(<ImpactAnalysis entityRef={ENTITY_REF} depth={2} />, {
      api,
    });
    await screen.findByRole('list', { name: 'Impacted, 1 hop away' });
    expect(api.getImpact).toHaveBeenCalledWith(ENTITY_REF, 2);
    await userEvent.click(screen.getByRole('button', { name: /Depth/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: '5 hops' }),
    );
    await waitFor(() =>
      expect(api.getImpact).toHaveBeenLastCalledWith(ENTITY_REF, 5),
    );
  });

  it('says when nothing depends on the entity', async () => {
    const api = fakeValueStreamApi({
      getImpact: jest
        .fn()
        .mockResolvedValueOnce(impact({ downstream: [] }))
        .mockResolvedValueOnce(impact({ downstream: [], upstream: [] })),
    });
    const { unmount } = await renderWithApis(
      <ImpactAnalysis entityRef={ENTITY_REF} />,
      { api },
    );
    expect(
      await screen.findByText('Nothing depends on it within 3 hops.'),
    ).toBeInTheDocument();
    unmount();
    await renderWithApis(<ImpactAnalysis entityRef={ENTITY_REF} />, { api });
    expect(await screen.findByText('No related entities')).toBeInTheDocument();
  });

  it('shows progress and the error of a failed load', async () => {
    const pending = fakeValueStreamApi({
      getImpact: jest.fn(() => new Promise<never>(() => {})),
    });
    const { unmount } = await renderWithApis(
      <ImpactAnalysis entityRef={ENTITY_REF} />,
      { api: pending },
    );
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    unmount();
    const failing = fakeValueStreamApi({
      getImpact: jest
        .fn()
        .mockRejectedValue(
          await responseError(404, 'NotFoundError', 'No such entity'),
        ),
    });
    await renderWithApis(<ImpactAnalysis entityRef={ENTITY_REF} />, {
      api: failing,
    });
    expect(
      await screen.findByText(/Request failed with 404/),
    ).toBeInTheDocument();
  });
});
