import {
  ANNOTATION_SOURCE_LOCATION,
  VALUE_STREAM_ANNOTATIONS,
  annualAssetCost,
  assetFieldsOf,
  matchesAlertSelector,
  parseAlertSelector,
  parseAssetCost,
  parseRequiredAssets,
  type AssetCost,
} from './annotations';

describe('annotation names', () => {
  it('use the suite prefix or the well-known external names', () => {
    for (const name of Object.values(VALUE_STREAM_ANNOTATIONS)) {
      expect(name).toMatch(
        /^(valuestream\.io|github\.com|pagerduty\.com|backstage\.io)\//,
      );
    }
    expect(ANNOTATION_SOURCE_LOCATION).toBe('backstage.io/source-location');
  });
});

describe('parseAssetCost', () => {
  it.each<[string, AssetCost | undefined]>([
    ['1200 USD/year', { amount: 1200, currency: 'USD', period: 'year' }],
    ['99.90 eur/month', { amount: 99.9, currency: 'EUR', period: 'month' }],
    [
      '5000 USD / one-off',
      { amount: 5000, currency: 'USD', period: 'one-off' },
    ],
    ['  5000 CHF ', { amount: 5000, currency: 'CHF', period: 'one-off' }],
    ['10GBP/Year', { amount: 10, currency: 'GBP', period: 'year' }],
    ['1200 USD/week', undefined],
    ['1,200 USD/year', undefined],
    ['-5 USD/year', undefined],
    ['USD 1200', undefined],
    ['1200 dollars/year', undefined],
    ['', undefined],
  ])('parses %j', (value, expected) => {
    expect(parseAssetCost(value)).toEqual(expected);
  });

  it.each<[AssetCost, number | undefined]>([
    [{ amount: 100, currency: 'USD', period: 'month' }, 1200],
    [{ amount: 1200, currency: 'USD', period: 'year' }, 1200],
    [{ amount: 5000, currency: 'USD', period: 'one-off' }, undefined],
  ])('annualises %j as %s', (cost, expected) => {
    expect(annualAssetCost(cost)).toBe(expected);
  });
});

describe('parseAlertSelector', () => {
  it.each<[string, Record<string, string>]>([
    ['alertname=HighLatency', { alertname: 'HighLatency' }],
    [
      'alertname=HighLatency, job=checkout',
      { alertname: 'HighLatency', job: 'checkout' },
    ],
    ['team="payments core"', { team: 'payments core' }],
    ['a=b=c', { a: 'b=c' }],
  ])('parses %j', (value, expected) => {
    expect(parseAlertSelector(value)).toEqual(expected);
  });

  it.each([['alertname'], ['=x'], ['1a=b'], ['a='], ['a=b,,c=d'], ['a=""']])(
    'rejects %j',
    value => {
      expect(() => parseAlertSelector(value)).toThrow(
        'is not a label matcher like alertname=HighLatency',
      );
    },
  );

  it.each<[Record<string, string>, Record<string, string>, boolean]>([
    [{ job: 'checkout' }, { job: 'checkout', alertname: 'X' }, true],
    [
      { job: 'checkout', alertname: 'Y' },
      { job: 'checkout', alertname: 'X' },
      false,
    ],
    [{ job: 'checkout' }, {}, false],
    [{}, { job: 'checkout' }, false],
  ])('matches %j against %j: %s', (selector, labels, expected) => {
    expect(matchesAlertSelector(selector, labels)).toBe(expected);
  });
});

describe('parseRequiredAssets', () => {
  it.each<[string, string | undefined, string[]]>([
    ['db-main', undefined, ['resource:default/db-main']],
    [
      'db-main, resource:shared/Oracle-License',
      'payments',
      ['resource:payments/db-main', 'resource:shared/oracle-license'],
    ],
    [' , ', undefined, []],
  ])('parses %j', (value, namespace, expected) => {
    expect(parseRequiredAssets(value, namespace)).toEqual(expected);
  });

  it.each([
    ['component:default/x', '"component:default/x" is not a Resource'],
    ['resource:', '"resource:" is not an entity ref'],
  ])('rejects %j', (value, message) => {
    expect(() => parseRequiredAssets(value)).toThrow(message);
  });
});

describe('assetFieldsOf', () => {
  it('reads trimmed asset annotations and the owner relation before spec.owner', () => {
    expect(
      assetFieldsOf({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: {
          name: 'search-licence',
          annotations: {
            'valuestream.io/asset-type': ' licence ',
            'valuestream.io/asset-vendor': 'Acme',
            'valuestream.io/asset-cost': '1200 USD/year',
            'valuestream.io/asset-seats': '',
          },
        },
        spec: { owner: 'team-b' },
        relations: [{ type: 'ownedBy', targetRef: 'group:default/team-a' }],
      }),
    ).toEqual({
      type: 'licence',
      vendor: 'Acme',
      cost: '1200 USD/year',
      owner: 'group:default/team-a',
    });
  });

  it('falls back to spec.owner without an ownedBy relation', () => {
    expect(
      assetFieldsOf({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: { name: 'x' },
        spec: { owner: 'team-b' },
      }).owner,
    ).toBe('team-b');
  });
});
