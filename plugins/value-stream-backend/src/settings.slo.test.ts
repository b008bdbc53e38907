import { ConfigReader } from '@backstage/config';
import { readValueStreamSettings } from './settings';

const read = (valueStream: object) =>
  readValueStreamSettings(new ConfigReader({ valueStream }));

describe('valueStream.slo', () => {
  it('has no sources and no override by default', () => {
    expect(read({}).slo).toEqual({ sources: [], requireOverride: false });
  });

  it('reads sources with their headers, the bearer token as Authorization', () => {
    expect(
      read({
        slo: {
          sources: [
            {
              name: 'mimir',
              baseUrl: 'https://mimir.example.com/prometheus/',
              bearerToken: 's3cret',
              headers: { 'X-Scope-OrgID': 'shop' },
              timeoutSeconds: 5,
            },
          ],
          budgetPolicy: { requireOverride: true },
        },
      }).slo,
    ).toEqual({
      sources: [
        {
          name: 'mimir',
          type: 'prometheus',
          baseUrl: 'https://mimir.example.com/prometheus',
          headers: { 'X-Scope-OrgID': 'shop', Authorization: 'Bearer s3cret' },
          timeoutMs: 5_000,
        },
      ],
      requireOverride: true,
    });
  });

  it.each<[string, object, string]>([
    [
      'a source named twice',
      {
        sources: [
          { name: 'a', baseUrl: 'http://x' },
          { name: 'a', baseUrl: 'http://y' },
        ],
      },
      'Invalid config valueStream.slo.sources: a is named twice',
    ],
    [
      'a source that is not http',
      { sources: [{ name: 'a', baseUrl: 'prometheus:9090' }] },
      'Invalid config valueStream.slo.sources: a.baseUrl must be an http or https URL',
    ],
    [
      'a source of another type',
      { sources: [{ name: 'a', type: 'datadog', baseUrl: 'http://x' }] },
      'Invalid config valueStream.slo.sources: a.type datadog is not supported (prometheus)',
    ],
  ])('refuses %s', (_, slo, message) => {
    expect(() => read({ slo })).toThrow(message);
  });

  it('refuses a measured tier SLO that breaks the schema, naming the field', () => {
    expect(() =>
      read({
        serviceLevelTiers: {
          gold: {
            availabilityTarget: 99.9,
            slos: [
              {
                name: 'Latency',
                objectivePercent: 99,
                indicator: { thresholdMetric: { query: 'p99' } },
              },
            ],
          },
        },
      }),
    ).toThrow(
      'Invalid config valueStream.serviceLevelTiers.gold.slos[0]: objectives.0.op: A thresholdMetric objective needs op',
    );
  });
});
