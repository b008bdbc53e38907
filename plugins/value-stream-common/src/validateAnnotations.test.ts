import type { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_ASSET_COST,
  ANNOTATION_ASSET_EXPIRES,
  ANNOTATION_ASSET_SEATS,
  ANNOTATION_ASSET_TYPE,
  ANNOTATION_ASSET_VENDOR,
} from './annotations';
import {
  isIsoDate,
  validateValueStreamAnnotations,
} from './validateAnnotations';

function entity(kind: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'x', namespace: 'payments', annotations },
  };
}

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
    // Other plugins own these; the suite only reads them.
    [
      'annotations of other plugins',
      'Component',
      {
        'github.com/project-slug': 'checkout',
        'pagerduty.com/service-id': 'P-1',
      },
    ],
  ])('accepts %s', (_, kind, annotations) => {
    expect(validateValueStreamAnnotations(entity(kind, annotations))).toEqual(
      [],
    );
  });

  it.each<[string, string, string]>([
    [
      'valuestream.io/service-level-tier',
      'gold tier',
      'is not a tier name (letters, digits, - and _, such as gold)',
    ],
    [
      'valuestream.io/alert-selector',
      'job',
      'is not a label selector such as service=checkout,env=prod: "job" is not a label matcher like alertname=HighLatency',
    ],
    [
      'valuestream.io/support-group',
      'user:default/jane',
      'is not a Group: it names a user',
    ],
    ['valuestream.io/runbook', 'wiki/runbook', 'is not an http or https URL'],
    ['valuestream.io/monitoring', 'ftp://x.org', 'is not an http or https URL'],
    [
      'valuestream.io/required-assets',
      'api:default/x',
      'is not a comma list of Resource entity refs: "api:default/x" is not a Resource',
    ],
  ])('reports a bad %s on a component', (annotation, value, reason) => {
    expect(
      validateValueStreamAnnotations(
        entity('Component', { [annotation]: value }),
      ),
    ).toEqual([
      {
        annotation,
        message: `component:payments/x: annotation ${annotation} "${value}" ${reason}`,
      },
    ]);
  });

  it('accepts SLOs as code and names the field of a bad one', () => {
    const slos = `
- name: checkout-availability
  indicator:
    ratioMetric:
      good: { query: 'sum(http_requests_total{job="checkout",code!~"5.."})' }
      total: { query: 'sum(http_requests_total{job="checkout"})' }
  objectives: [{ target: 0.999 }]
  timeWindow: [{ duration: 30d, isRolling: true }]
`;
    expect(
      validateValueStreamAnnotations(
        entity('Component', { 'valuestream.io/slos': slos }),
      ),
    ).toEqual([]);
    expect(
      validateValueStreamAnnotations(
        entity('Component', {
          'valuestream.io/slos': slos.replace('0.999', '99.9'),
        }),
      ),
    ).toEqual([
      {
        annotation: 'valuestream.io/slos',
        message:
          'component:payments/x: annotation valuestream.io/slos is not a list of SLOs (OpenSLO v1 fields: name, indicator, objectives, timeWindow, alertPolicies): 0.objectives.0.target: Must be below 1 (0.99 for 99 %)',
      },
    ]);
  });

  it.each<[string, string, string]>([
    [
      ANNOTATION_ASSET_TYPE,
      'software',
      'is not an asset type (license, hardware, cloud)',
    ],
    [
      ANNOTATION_ASSET_COST,
      'cheap',
      'is not a cost such as "1200 USD/year" (<amount> <ISO 4217 currency>/<month|year|one-off>)',
    ],
    [ANNOTATION_ASSET_VENDOR, '  ', 'is empty: name the vendor'],
    [
      ANNOTATION_ASSET_EXPIRES,
      '2026-02-30',
      'is not a valid date (YYYY-MM-DD)',
    ],
    [
      ANNOTATION_ASSET_EXPIRES,
      '31.12.2026',
      'is not a valid date (YYYY-MM-DD)',
    ],
    [ANNOTATION_ASSET_SEATS, '0', 'is not a positive whole number of seats'],
    [ANNOTATION_ASSET_SEATS, '2.5', 'is not a positive whole number of seats'],
  ])('reports %s %j on a resource', (annotation, value, reason) => {
    const annotations: Record<string, string> = {
      [ANNOTATION_ASSET_TYPE]: 'license',
      [annotation]: value,
    };
    expect(
      validateValueStreamAnnotations(entity('Resource', annotations)),
    ).toEqual([
      {
        annotation,
        message: `resource:payments/x: annotation ${annotation} ${JSON.stringify(
          value,
        )} ${reason}`,
      },
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
          'component:payments/x: annotation valuestream.io/asset-type belongs on a Resource, not on a Component',
      },
      {
        annotation: ANNOTATION_ASSET_SEATS,
        message:
          'component:payments/x: annotation valuestream.io/asset-seats belongs on a Resource, not on a Component',
      },
    ]);
  });

  it('reports every bad annotation', () => {
    const problems = validateValueStreamAnnotations(
      entity('Component', {
        'valuestream.io/runbook': 'x',
        'valuestream.io/monitoring': 'y',
      }),
    );
    expect(problems.map(p => p.annotation)).toEqual([
      'valuestream.io/runbook',
      'valuestream.io/monitoring',
    ]);
  });

  it('uses the namespace of the entity for refs without one', () => {
    const problems = validateValueStreamAnnotations({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'ledger',
        namespace: 'payments',
        annotations: { 'valuestream.io/support-group': 'user:alice' },
      },
      spec: {},
    });
    expect(problems).toEqual([
      {
        annotation: 'valuestream.io/support-group',
        message:
          'component:payments/ledger: annotation valuestream.io/support-group "user:alice" is not a Group: it names a user',
      },
    ]);
  });
});

describe('isIsoDate', () => {
  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2026-04-31', false],
    ['2026-00-10', false],
    ['2026-1-10', false],
    ['0000-01-01', true],
  ])('%s -> %s', (value, expected) => {
    expect(isIsoDate(value)).toBe(expected);
  });
});
