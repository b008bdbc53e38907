import { screen, within } from '@testing-library/react';
import type { Entity } from '@backstage/catalog-model';
import { DateTime } from 'luxon';
import { renderWithApis } from '../../../__testUtils__/render';
import { EntityAssetCard } from './EntityAssetCard';

function resource(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'oracle-license', namespace: 'default', annotations },
    spec: { type: 'license', owner: 'group:default/dba' },
    relations: [
      { type: 'ownedBy', targetRef: 'group:default/dba' },
      { type: 'dependencyOf', targetRef: 'component:default/checkout' },
      { type: 'dependencyOf', targetRef: 'component:default/billing' },
    ],
  };
}

describe('EntityAssetCard', () => {
  it('shows the asset from its annotations and its dependents', async () => {
    const expires = DateTime.now().plus({ days: 20 }).toISODate()!;
    await renderWithApis(<EntityAssetCard />, {
      entity: resource({
        'valuestream.io/asset-type': 'license',
        'valuestream.io/asset-vendor': 'Oracle',
        'valuestream.io/asset-cost': '1000 USD/month',
        'valuestream.io/asset-expires': expires,
        'valuestream.io/asset-seats': '25',
      }),
    });
    const details = screen.getByRole('table', { name: 'Asset details' });
    const row = (name: string) =>
      within(details).getByRole('row', { name: new RegExp(`^${name}`) });
    expect(row('Type')).toHaveTextContent('Licence');
    expect(row('Vendor')).toHaveTextContent('Oracle');
    expect(row('Cost')).toHaveTextContent(
      '$1,000.00 per month ($12,000.00 per year)',
    );
    expect(row('Expires')).toHaveTextContent('20 days left');
    expect(row('Seats')).toHaveTextContent('25');
    expect(
      within(row('Owner')).getByRole('link', { name: /dba/ }),
    ).toHaveAttribute('href', '/catalog/default/group/dba');

    expect(screen.getByText('Dependents (2)')).toBeInTheDocument();
    const dependents = screen.getByRole('list', { name: 'Dependents' });
    expect(within(dependents).getAllByRole('link')).toHaveLength(2);
  });

  it('shows what is missing or unreadable', async () => {
    const entity = resource({
      'valuestream.io/asset-type': 'hardware',
      'valuestream.io/asset-cost': 'a lot',
    });
    entity.relations = [];
    delete entity.spec!.owner;
    await renderWithApis(<EntityAssetCard />, { entity });
    const details = screen.getByRole('table', { name: 'Asset details' });
    expect(details).toHaveTextContent('Hardware');
    expect(details).toHaveTextContent(
      'a lot (not a cost such as 1200 USD/year)',
    );
    expect(details).toHaveTextContent('No owner');
    expect(
      screen.getByText('Nothing in the catalog depends on this asset.'),
    ).toBeInTheDocument();
  });

  it('says when the entity is not an asset', async () => {
    await renderWithApis(<EntityAssetCard />, { entity: resource({}) });
    expect(screen.getByText('Not an asset')).toBeInTheDocument();
  });
});
