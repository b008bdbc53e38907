import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import type { CatalogProcessorResult } from '@backstage/plugin-catalog-node';
import { ValueStreamAnnotationsProcessor } from './ValueStreamAnnotationsProcessor';

const location = {
  type: 'url',
  target: 'https://example.com/catalog-info.yaml',
};

function entity(
  kind: string,
  annotations: Record<string, string>,
  name = 'search-licence',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default', annotations },
    spec: {},
  };
}

const licence = {
  'valuestream.io/asset-type': 'license',
  'valuestream.io/asset-cost': '18000 USD/year',
  'valuestream.io/asset-vendor': 'Elastic N.V.',
  'valuestream.io/asset-expires': '2027-01-15',
  'valuestream.io/asset-seats': '250',
};

async function process(
  subject: Entity,
  processor = ValueStreamAnnotationsProcessor.create(),
) {
  const emitted: CatalogProcessorResult[] = [];
  const result = await processor.postProcessEntity(subject, location, r =>
    emitted.push(r),
  );
  expect(result).toBe(subject);
  return emitted.map(r => {
    if (r.type !== 'error') {
      throw new Error(`Unexpected ${r.type} result`);
    }
    expect(r.location).toBe(location);
    return `${r.error.name}: ${r.error.message}`;
  });
}

describe('ValueStreamAnnotationsProcessor', () => {
  it('is named', () => {
    expect(ValueStreamAnnotationsProcessor.create().getProcessorName()).toBe(
      'ValueStreamAnnotationsProcessor',
    );
  });

  // Good values, on the kind each annotation belongs on.
  it.each<[string, string, string]>([
    ['Component', 'valuestream.io/service-level-tier', 'gold'],
    ['Component', 'valuestream.io/service-level-tier', 'tier_2-eu'],
    ['Component', 'valuestream.io/alert-selector', 'service=checkout'],
    [
      'Component',
      'valuestream.io/alert-selector',
      'alertname=HighLatency, job="checkout api"',
    ],
    ['Component', 'valuestream.io/support-group', 'group:default/sre'],
    ['Component', 'valuestream.io/support-group', 'sre'],
    ['Component', 'valuestream.io/support-group', 'ops/night-shift'],
    [
      'System',
      'valuestream.io/runbook',
      'https://runbooks.example.com/checkout',
    ],
    ['Component', 'valuestream.io/runbook', 'http://wiki.local/runbooks/cart'],
    [
      'Component',
      'valuestream.io/monitoring',
      'https://grafana.example.com/d/checkout',
    ],
    [
      'Component',
      'valuestream.io/required-assets',
      'resource:default/search-engine-license',
    ],
    [
      'Component',
      'valuestream.io/required-assets',
      'oracle-license, resource:ops/db-main',
    ],
    ['Resource', 'valuestream.io/asset-type', 'license'],
    ['Resource', 'valuestream.io/asset-type', 'hardware'],
    ['Resource', 'valuestream.io/asset-type', 'cloud'],
    ['Resource', 'valuestream.io/asset-cost', '42000 USD/month'],
    ['Resource', 'valuestream.io/asset-cost', '99.90 EUR/year'],
    ['Resource', 'valuestream.io/asset-cost', '96000 GBP/one-off'],
    ['Resource', 'valuestream.io/asset-vendor', 'Amazon Web Services'],
    ['Resource', 'valuestream.io/asset-expires', '2028-02-29'],
    ['Resource', 'valuestream.io/asset-expires', '2027-12-31'],
    ['Resource', 'valuestream.io/asset-seats', '1'],
    ['Resource', 'valuestream.io/asset-seats', '250'],
  ])('accepts %s %s: %j', async (kind, annotation, value) => {
    const annotations: Record<string, string> = { [annotation]: value };
    if (kind === 'Resource' && annotation !== 'valuestream.io/asset-type') {
      annotations['valuestream.io/asset-type'] = 'license';
    }
    expect(await process(entity(kind, annotations))).toEqual([]);
  });

  // Bad values, with the exact message the entity will show.
  it.each<[string, string, string, string]>([
    [
      'Component',
      'valuestream.io/service-level-tier',
      'gold!',
      'is not a tier name (letters, digits, - and _, such as gold)',
    ],
    [
      'Component',
      'valuestream.io/service-level-tier',
      '',
      'is not a tier name (letters, digits, - and _, such as gold)',
    ],
    [
      'Component',
      'valuestream.io/alert-selector',
      'checkout',
      'is not a label selector such as service=checkout,env=prod: "checkout" is not a label matcher like alertname=HighLatency',
    ],
    [
      'Component',
      'valuestream.io/alert-selector',
      'service=',
      'is not a label selector such as service=checkout,env=prod: "service=" is not a label matcher like alertname=HighLatency',
    ],
    [
      'Component',
      'valuestream.io/support-group',
      'user:default/alex.kim',
      'is not a Group: it names a user',
    ],
    [
      'Component',
      'valuestream.io/support-group',
      'group:default/',
      'is not a Group entity ref such as group:default/sre',
    ],
    [
      'Component',
      'valuestream.io/runbook',
      'runbooks/checkout.md',
      'is not an http or https URL',
    ],
    [
      'Component',
      'valuestream.io/runbook',
      'ftp://files.example.com/runbook',
      'is not an http or https URL',
    ],
    [
      'Component',
      'valuestream.io/monitoring',
      'prometheus',
      'is not an http or https URL',
    ],
    [
      'Component',
      'valuestream.io/required-assets',
      'component:default/cart-service',
      'is not a comma list of Resource entity refs: "component:default/cart-service" is not a Resource',
    ],
    [
      'Component',
      'valuestream.io/required-assets',
      ' , ',
      'is empty: list Resource entity refs separated by commas',
    ],
    [
      'Resource',
      'valuestream.io/asset-type',
      'software',
      'is not an asset type (license, hardware, cloud)',
    ],
    [
      'Resource',
      'valuestream.io/asset-type',
      'License',
      'is not an asset type (license, hardware, cloud)',
    ],
    [
      'Resource',
      'valuestream.io/asset-cost',
      '18000 USD',
      'is not a cost such as "1200 USD/year" (<amount> <ISO 4217 currency>/<month|year|one-off>)',
    ],
    [
      'Resource',
      'valuestream.io/asset-cost',
      '$18000/year',
      'is not a cost such as "1200 USD/year" (<amount> <ISO 4217 currency>/<month|year|one-off>)',
    ],
    [
      'Resource',
      'valuestream.io/asset-cost',
      '18000 usd/year',
      'is not a cost such as "1200 USD/year" (<amount> <ISO 4217 currency>/<month|year|one-off>)',
    ],
    [
      'Resource',
      'valuestream.io/asset-cost',
      '18000 XYZ/year',
      'has an unknown currency XYZ (an ISO 4217 code such as USD, EUR, GBP)',
    ],
    [
      'Resource',
      'valuestream.io/asset-cost',
      '18000 USD/week',
      'has an unknown period week (month, year, one-off)',
    ],
    [
      'Resource',
      'valuestream.io/asset-vendor',
      '   ',
      'is empty: name the vendor',
    ],
    [
      'Resource',
      'valuestream.io/asset-vendor',
      'x'.repeat(201),
      'is longer than 200 characters',
    ],
    [
      'Resource',
      'valuestream.io/asset-expires',
      '2026-13-01',
      'is not a valid date (YYYY-MM-DD)',
    ],
    [
      'Resource',
      'valuestream.io/asset-expires',
      '2026-02-30',
      'is not a valid date (YYYY-MM-DD)',
    ],
    [
      'Resource',
      'valuestream.io/asset-expires',
      '2027-02-29',
      'is not a valid date (YYYY-MM-DD)',
    ],
    [
      'Resource',
      'valuestream.io/asset-expires',
      '15/01/2027',
      'is not a valid date (YYYY-MM-DD)',
    ],
    [
      'Resource',
      'valuestream.io/asset-expires',
      '2027-01-15T00:00:00Z',
      'is not a valid date (YYYY-MM-DD)',
    ],
    [
      'Resource',
      'valuestream.io/asset-seats',
      '0',
      'is not a positive whole number of seats',
    ],
    [
      'Resource',
      'valuestream.io/asset-seats',
      '-5',
      'is not a positive whole number of seats',
    ],
    [
      'Resource',
      'valuestream.io/asset-seats',
      '2.5',
      'is not a positive whole number of seats',
    ],
    [
      'Resource',
      'valuestream.io/asset-seats',
      'many',
      'is not a positive whole number of seats',
    ],
  ])('rejects %s %s: %j', async (kind, annotation, value, reason) => {
    const annotations: Record<string, string> = { [annotation]: value };
    if (kind === 'Resource' && annotation !== 'valuestream.io/asset-type') {
      annotations['valuestream.io/asset-type'] = 'license';
    }
    const ref = `${kind.toLocaleLowerCase('en-US')}:default/search-licence`;
    expect(await process(entity(kind, annotations))).toEqual([
      `InputError: ${ref}: annotation ${annotation} ${JSON.stringify(
        value,
      )} ${reason}`,
    ]);
  });

  it('gives the message of the example in the reference', async () => {
    expect(
      await process(
        entity('Resource', {
          ...licence,
          'valuestream.io/asset-expires': '2026-13-01',
        }),
      ),
    ).toEqual([
      'InputError: resource:default/search-licence: annotation valuestream.io/asset-expires "2026-13-01" is not a valid date (YYYY-MM-DD)',
    ]);
  });

  it('accepts a complete licence and an entity without annotations', async () => {
    expect(await process(entity('Resource', licence))).toEqual([]);
    expect(
      await process({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'bare' },
        spec: {},
      }),
    ).toEqual([]);
  });

  it('leaves annotations of other prefixes alone', async () => {
    expect(
      await process(
        entity('Component', {
          'github.com/project-slug': 'not a slug',
          'backstage.io/techdocs-ref': 'dir:.',
          'valuestream.iox/whatever': 'x',
        }),
      ),
    ).toEqual([]);
  });

  it('accepts SLOs as code and rejects a bad one, naming the field', async () => {
    const slos = JSON.stringify([
      {
        name: 'checkout-latency',
        indicator: {
          metricSourceRef: 'prometheus',
          ratioMetric: {
            good: { query: 'sum(latency_bucket{le="0.3"})' },
            total: { query: 'sum(latency_count)' },
          },
        },
        objectives: [{ target: 0.99 }],
        timeWindow: [{ duration: '28d', isRolling: true }],
      },
    ]);
    expect(
      await process(
        entity('Component', { 'valuestream.io/slos': slos }, 'checkout'),
      ),
    ).toEqual([]);
    expect(
      await process(
        entity(
          'Component',
          { 'valuestream.io/slos': slos.replace('"28d"', '"28 days"') },
          'checkout',
        ),
      ),
    ).toEqual([
      'InputError: component:default/checkout: annotation valuestream.io/slos is not a list of SLOs (OpenSLO v1 fields: name, indicator, objectives, timeWindow, alertPolicies): 0.timeWindow.0.duration: Must be a duration such as 28d or 30d, a multiple of 5m',
    ]);
  });

  it('rejects unknown valuestream.io/ keys, naming the key', async () => {
    const [message] = await process(
      entity('Component', {
        'valuestream.io/run-book': 'https://x.example.com',
      }),
    );
    expect(message).toMatch(
      /^InputError: component:default\/search-licence: unknown annotation valuestream.io\/run-book; the valuestream.io\/ annotations are valuestream.io\/service-level-tier, .*valuestream.io\/runbook/,
    );
  });

  it.each([
    'valuestream.io/asset-type',
    'valuestream.io/asset-cost',
    'valuestream.io/asset-vendor',
    'valuestream.io/asset-expires',
    'valuestream.io/asset-seats',
  ])('rejects %s outside a Resource', async annotation => {
    expect(
      await process(
        entity(
          'Component',
          { [annotation]: licence[annotation as keyof typeof licence] },
          'checkout',
        ),
      ),
    ).toEqual([
      `InputError: component:default/checkout: annotation ${annotation} belongs on a Resource, not on a Component`,
    ]);
  });

  it('requires an asset type on a Resource with asset annotations', async () => {
    const { 'valuestream.io/asset-type': _type, ...untyped } = licence;
    expect(await process(entity('Resource', untyped))).toEqual([
      'InputError: resource:default/search-licence: annotation valuestream.io/asset-type is missing: a Resource with asset annotations needs its type (license, hardware, cloud)',
    ]);
  });

  it.each(['hardware', 'cloud'])('rejects seats on a %s asset', async type => {
    expect(
      await process(
        entity('Resource', { ...licence, 'valuestream.io/asset-type': type }),
      ),
    ).toEqual([
      `InputError: resource:default/search-licence: annotation valuestream.io/asset-seats "250" applies to licences only, but valuestream.io/asset-type is "${type}"`,
    ]);
  });

  it('reports every problem of an entity, one error each', async () => {
    const messages = await process(
      entity('Resource', {
        'valuestream.io/asset-type': 'licence',
        'valuestream.io/asset-cost': 'cheap',
        'valuestream.io/asset-vendor': '',
        'valuestream.io/asset-expires': '2026-02-30',
        'valuestream.io/runbook': 'nope',
      }),
    );
    expect(messages).toHaveLength(5);
    expect(
      messages.every(m =>
        m.startsWith(
          'InputError: resource:default/search-licence: annotation valuestream.io/',
        ),
      ),
    ).toBe(true);
  });

  describe('with service level tiers in config', () => {
    const processor = ValueStreamAnnotationsProcessor.fromConfig(
      new ConfigReader({
        valueStream: {
          serviceLevelTiers: {
            gold: { availabilityTarget: 99.9 },
            silver: { availabilityTarget: 99.5 },
          },
        },
      }),
    );

    it('accepts a configured tier', async () => {
      expect(
        await process(
          entity('Component', { 'valuestream.io/service-level-tier': 'gold' }),
          processor,
        ),
      ).toEqual([]);
    });

    it('rejects a tier that is not configured', async () => {
      expect(
        await process(
          entity('Component', {
            'valuestream.io/service-level-tier': 'platinum',
          }),
          processor,
        ),
      ).toEqual([
        'InputError: component:default/search-licence: annotation valuestream.io/service-level-tier "platinum" is not a configured service level tier (gold, silver)',
      ]);
    });

    it('accepts any well-formed tier when none are configured', async () => {
      expect(
        await process(
          entity('Component', {
            'valuestream.io/service-level-tier': 'platinum',
          }),
          ValueStreamAnnotationsProcessor.fromConfig(new ConfigReader({})),
        ),
      ).toEqual([]);
    });
  });
});
