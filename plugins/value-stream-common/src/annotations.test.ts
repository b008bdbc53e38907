import type { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_ASSET_COST,
  ANNOTATION_ASSET_EXPIRES,
  ANNOTATION_ASSET_SEATS,
  ANNOTATION_ASSET_TYPE,
  ANNOTATION_ASSET_VENDOR,
  ANNOTATION_SOURCE_LOCATION,
  VALUE_STREAM_ANNOTATIONS,
  annualAssetCost,
  matchesAlertSelector,
  parseAlertSelector,
  parseAssetCost,
  parseRequiredAssets,
  validateValueStreamAnnotations,
  type AssetCost,
} from './annotations';

function entity(kind: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'x', namespace: 'payments', annotations },
  };
}

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

describe('validateValueStreamAnnotations', () => {
  it.each<[string, string, Record<string, string>]>([
    ['a component without annotations', 'Component', {}],
    [
      'a well-annotated component',
      'Component',
      {
        'valuestream.io/service-level-tier': 'gold',
        'valuestream.io/alert-selector': 'job=checkout',
        'valuestream.io/support-group': 'sre',
        'valuestream.io/runbook': 'https://wiki.example.com/runbooks/checkout',
        'valuestream.io/monitoring': 'http://grafana.local/d/checkout',
        'valuestream.io/required-assets': 'db-main, resource:shared/license',
        'github.com/project-slug': 'acme/checkout',
        'pagerduty.com/service-id': 'PABC123',
        'backstage.io/techdocs-ref': 'dir:.',
      },
    ],
    [
      'a well-annotated resource',
      'Resource',
      {
        [ANNOTATION_ASSET_TYPE]: 'license',
        [ANNOTATION_ASSET_COST]: '1200 USD/year',
        [ANNOTATION_ASSET_VENDOR]: 'Oracle',
        [ANNOTATION_ASSET_EXPIRES]: '2026-12-31',
        [ANNOTATION_ASSET_SEATS]: '25',
      },
    ],
    ['unrelated annotations', 'Component', { 'example.com/anything': '???' }],
  ])('accepts %s', (_, kind, annotations) => {
    expect(validateValueStreamAnnotations(entity(kind, annotations))).toEqual(
      [],
    );
  });

  it.each<[string, Record<string, string>, string]>([
    [
      'valuestream.io/service-level-tier',
      {},
      'valuestream.io/service-level-tier must be a tier name such as gold (letters, digits, - and _), got "gold tier"',
    ],
    [
      'valuestream.io/alert-selector',
      {},
      'valuestream.io/alert-selector "job" is not a label matcher like alertname=HighLatency, got "job"',
    ],
    [
      'valuestream.io/support-group',
      {},
      'valuestream.io/support-group must name a Group, got "user:default/jane"',
    ],
    [
      'valuestream.io/runbook',
      {},
      'valuestream.io/runbook must be an http or https URL, got "wiki/runbook"',
    ],
    [
      'valuestream.io/monitoring',
      {},
      'valuestream.io/monitoring must be an http or https URL, got "ftp://x.org"',
    ],
    [
      'valuestream.io/required-assets',
      {},
      'valuestream.io/required-assets "api:default/x" is not a Resource, got "api:default/x"',
    ],
    [
      'github.com/project-slug',
      {},
      'github.com/project-slug must be owner/repository, got "checkout"',
    ],
    [
      'pagerduty.com/service-id',
      {},
      'pagerduty.com/service-id must be a PagerDuty service id such as PABC123, got "P-1"',
    ],
  ])('reports a bad %s on a component', (annotation, _, message) => {
    const bad: Record<string, string> = {
      'valuestream.io/service-level-tier': 'gold tier',
      'valuestream.io/alert-selector': 'job',
      'valuestream.io/support-group': 'user:default/jane',
      'valuestream.io/runbook': 'wiki/runbook',
      'valuestream.io/monitoring': 'ftp://x.org',
      'valuestream.io/required-assets': 'api:default/x',
      'github.com/project-slug': 'checkout',
      'pagerduty.com/service-id': 'P-1',
    };
    expect(
      validateValueStreamAnnotations(
        entity('Component', { [annotation]: bad[annotation] }),
      ),
    ).toEqual([{ annotation, message }]);
  });

  it.each<[string, string, string]>([
    [
      ANNOTATION_ASSET_TYPE,
      'software',
      'must be one of license, hardware, cloud',
    ],
    [
      ANNOTATION_ASSET_COST,
      'cheap',
      'must be an amount, currency and period such as 1200 USD/year (month, year or one-off)',
    ],
    [ANNOTATION_ASSET_VENDOR, '  ', 'must be a vendor name'],
    [
      ANNOTATION_ASSET_EXPIRES,
      '2026-02-30',
      'must be an ISO date such as 2026-12-31',
    ],
    [
      ANNOTATION_ASSET_EXPIRES,
      '31.12.2026',
      'must be an ISO date such as 2026-12-31',
    ],
    [ANNOTATION_ASSET_SEATS, '0', 'must be a positive whole number'],
    [ANNOTATION_ASSET_SEATS, '2.5', 'must be a positive whole number'],
  ])('reports %s %j on a resource', (annotation, value, reason) => {
    expect(
      validateValueStreamAnnotations(
        entity('Resource', { [annotation]: value }),
      ),
    ).toEqual([
      { annotation, message: `${annotation} ${reason}, got "${value}"` },
    ]);
  });

  it('reports asset annotations off a Resource', () => {
    expect(
      validateValueStreamAnnotations(
        entity('Component', {
          [ANNOTATION_ASSET_TYPE]: 'license',
          [ANNOTATION_ASSET_SEATS]: '3',
        }),
      ),
    ).toEqual([
      {
        annotation: ANNOTATION_ASSET_TYPE,
        message:
          'valuestream.io/asset-type belongs on a Resource, not a Component',
      },
      {
        annotation: ANNOTATION_ASSET_SEATS,
        message:
          'valuestream.io/asset-seats belongs on a Resource, not a Component',
      },
    ]);
  });

  it('reports every bad annotation', () => {
    const problems = validateValueStreamAnnotations(
      entity('Component', {
        'valuestream.io/runbook': 'x',
        'github.com/project-slug': 'y',
      }),
    );
    expect(problems.map(p => p.annotation)).toEqual([
      'valuestream.io/runbook',
      'github.com/project-slug',
    ]);
  });
});
