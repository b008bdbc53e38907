/*
 * Property-based tests of every write endpoint, on every database: bodies
 * generated from each endpoint's schema rules. A valid body is stored and
 * read back equal (text trimmed with lone surrogates as U+FFFD, times in
 * UTC); an invalid one (an unknown field, a control character, a text over
 * its limit, an impossible time, a wrong type) is a 400 that names the field
 * and writes no row anywhere.
 *
 * FC_NUM_RUNS sets the runs of each property (8 unless told), FC_SEED the
 * seed, to replay a failure.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import {
  type TextKind,
  wellFormedText,
} from '@valuestream/plugin-value-stream-common';
import fc from 'fast-check';
import type { Knex } from 'knex';
import type { Response } from 'supertest';
import { testDatabaseIds } from '../__testUtils__/databases';
import {
  alertNotification,
  INGEST_CONFIG,
  INGEST_TEST_ENTITIES,
  ingestFixture,
  rowCounts,
  sendersOf,
} from '../__testUtils__/ingestBackend';
import {
  apiOf,
  bob,
  CART,
  CHECKOUT,
  RouteBackend,
  startRouteBackend,
} from '../__testUtils__/routeBackend';

jest.setTimeout(120_000);

const NUM_RUNS = Number(process.env.FC_NUM_RUNS ?? 8);
const SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
const runs = (numRuns = NUM_RUNS) => ({
  numRuns,
  ...(SEED !== undefined ? { seed: SEED } : {}),
});

const databases = TestDatabases.create({ ids: testDatabaseIds() });

// ---------------------------------------------------------------- arbitraries

const chr = (min: number, max: number) =>
  fc.integer({ min, max }).map(code => String.fromCodePoint(code));

/**
 * One piece of text a person or a tool may send: ASCII, other scripts,
 * astral characters (surrogate pairs), tab and newline, carriage return in
 * multi-line text, and lone surrogates, which are stored as U+FFFD.
 */
const textUnit = (kind: TextKind) =>
  fc.oneof(
    { weight: 8, arbitrary: chr(0x20, 0x7e) },
    { weight: 2, arbitrary: chr(0xa0, 0xd7ff) },
    { weight: 1, arbitrary: chr(0xe000, 0xfffd) },
    { weight: 1, arbitrary: chr(0x10000, 0x10ffff) },
    { weight: 1, arbitrary: fc.constantFrom('\t', '\n') },
    { weight: 1, arbitrary: fc.constantFrom('\ud800', '\udbff', '\udc00') },
    ...(kind === 'multiline'
      ? [{ weight: 1, arbitrary: fc.constant('\r\n') }]
      : []),
  );

/** What the API stores of a text it accepts. */
const stored = (text: string) => wellFormedText(text).trim();

/** A valid text: not blank, within `max` UTF-16 units. */
const text = (max: number, kind: TextKind = 'line') =>
  fc
    .array(textUnit(kind), { minLength: 1, maxLength: Math.min(max, 40) })
    .map(units => units.join(''))
    .filter(value => stored(value).length > 0 && value.length <= max);

/** A control character the rules refuse in text of that kind. */
const refusedControl = (kind: TextKind) =>
  fc
    .integer({ min: 0, max: 0x1f })
    .filter(
      code =>
        code !== 0x09 && code !== 0x0a && (kind === 'line' || code !== 0x0d),
    )
    .map(code => String.fromCharCode(code));

/** Dates that the calendar does not have, or hours the clock does not. */
const IMPOSSIBLE_TIMES = [
  '2026-02-31T10:00:00Z',
  '2026-02-29T10:00:00Z',
  '2026-04-31T10:00:00Z',
  '2026-06-30T24:00:00Z',
  '2026-06-30T10:60:00Z',
  '2026-13-01T10:00:00Z',
  '2026-06-30T10:00:00',
];

/**
 * An RFC 3339 time between `from` and `to` (epoch ms), written with a
 * random offset and fraction, and its UTC ISO form.
 */
const time = (from: number, to: number) =>
  fc
    .tuple(
      fc.integer({ min: from, max: to }),
      fc.integer({ min: -14 * 4, max: 14 * 4 }).map(q => q * 15),
      fc.boolean(),
    )
    .map(([ms, offsetMinutes, fraction]) => {
      const instant = fraction ? ms : ms - (ms % 1000);
      const local = new Date(instant + offsetMinutes * 60_000).toISOString();
      const sign = offsetMinutes < 0 ? '-' : '+';
      const abs = Math.abs(offsetMinutes);
      const zone =
        offsetMinutes === 0
          ? 'Z'
          : `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(
              abs % 60,
            ).padStart(2, '0')}`;
      const body = fraction ? local.slice(0, 23) : local.slice(0, 19);
      return { text: `${body}${zone}`, iso: new Date(instant).toISOString() };
    });

const Y2020 = Date.parse('2020-01-01T00:00:00Z');
const Y2025 = Date.parse('2025-01-01T00:00:00Z');
const Y2031 = Date.parse('2031-01-01T00:00:00Z');
const Y2090 = Date.parse('2090-01-01T00:00:00Z');

// ------------------------------------------------------------ body specs

interface TextRule {
  max: number;
  kind: TextKind;
}

/** One write endpoint's body as the properties see it. */
interface BodySpec {
  /** Valid bodies, and what each field reads back as. */
  valid: fc.Arbitrary<{
    body: Record<string, unknown>;
    expected: Record<string, unknown>;
  }>;
  /** The text fields a mutation may break, with their rules. */
  texts: Record<string, TextRule>;
  /** The time fields a mutation may break. */
  times?: string[];
}

/** Optional fields: absent or present. */
function withOptional<T extends Record<string, fc.Arbitrary<unknown>>>(
  fields: T,
) {
  return fc.record(fields, { requiredKeys: [] });
}

/** Bodies whose texts all read back as trimmed and well-formed. */
function textBody(
  fixed: Record<string, unknown>,
  required: Record<string, TextRule>,
  optional: Record<string, TextRule> = {},
): BodySpec['valid'] {
  const arb = (rule: TextRule) => text(rule.max, rule.kind);
  return fc
    .tuple(
      fc.record(
        Object.fromEntries(
          Object.entries(required).map(([k, rule]) => [k, arb(rule)]),
        ),
      ),
      withOptional(
        Object.fromEntries(
          Object.entries(optional).map(([k, rule]) => [k, arb(rule)]),
        ),
      ),
    )
    .map(([req, opt]) => {
      const texts = { ...req, ...opt } as Record<string, string>;
      return {
        body: { ...fixed, ...texts },
        expected: Object.fromEntries(
          Object.entries(texts).map(([k, v]) => [k, stored(v)]),
        ),
      };
    });
}

const entityRef = fc.constantFrom(CHECKOUT, CART);
const TITLE: TextRule = { max: 200, kind: 'line' };
const DESCRIPTION: TextRule = { max: 10_000, kind: 'multiline' };
const LABEL: TextRule = { max: 100, kind: 'line' };

const CREATES: Record<string, BodySpec> = {
  changes: {
    valid: fc
      .tuple(
        entityRef,
        textBody(
          { type: 'normal' },
          { title: TITLE, description: DESCRIPTION },
        ),
      )
      .map(([ref, v]) => ({
        body: { ...v.body, entityRef: ref },
        expected: { ...v.expected, entityRef: ref },
      })),
    texts: { title: TITLE, description: DESCRIPTION },
  },
  releases: {
    valid: fc
      .tuple(
        entityRef,
        textBody(
          {},
          { releaseVersion: LABEL, title: TITLE },
          { gitTag: LABEL },
        ),
      )
      .map(([ref, v]) => ({
        body: { ...v.body, entityRef: ref },
        expected: { ...v.expected, entityRef: ref },
      })),
    texts: { releaseVersion: LABEL, title: TITLE, gitTag: LABEL },
  },
  deployments: {
    valid: fc
      .tuple(
        entityRef,
        fc.stringMatching(/^[a-z][\w./:-]{0,30}$/),
        textBody({}, { deployedVersion: LABEL }),
        time(Y2020, Y2025),
        fc.integer({ min: 0, max: 7 * 86_400_000 }),
        fc.constantFrom('success', 'failure'),
      )
      .map(([ref, environment, v, started, runMs, state]) => {
        const finished = new Date(Date.parse(started.iso) + runMs);
        return {
          body: {
            ...v.body,
            entityRef: ref,
            environment,
            state,
            startedAt: started.text,
            finishedAt: finished.toISOString(),
          },
          expected: {
            ...v.expected,
            entityRef: ref,
            environment,
            state,
            startedAt: started.iso,
            finishedAt: finished.toISOString(),
          },
        };
      }),
    texts: { deployedVersion: LABEL },
    times: ['startedAt', 'finishedAt'],
  },
  incidents: {
    valid: fc
      .tuple(
        entityRef,
        fc.constantFrom('high', 'medium', 'low'),
        fc.constantFrom('high', 'medium', 'low'),
        textBody(
          {},
          { title: TITLE, description: DESCRIPTION },
          { contactChannel: { max: 200, kind: 'line' } },
        ),
      )
      .map(([ref, impact, urgency, v]) => ({
        body: { ...v.body, entityRef: ref, impact, urgency },
        expected: { ...v.expected, entityRef: ref, impact, urgency },
      })),
    texts: {
      title: TITLE,
      description: DESCRIPTION,
      contactChannel: { max: 200, kind: 'line' },
    },
  },
  problems: {
    valid: fc
      .tuple(
        entityRef,
        textBody(
          {},
          { title: TITLE, description: DESCRIPTION },
          { rootCause: DESCRIPTION, workaround: DESCRIPTION },
        ),
      )
      .map(([ref, v]) => ({
        body: { ...v.body, entityRef: ref },
        expected: { ...v.expected, entityRef: ref },
      })),
    texts: {
      title: TITLE,
      description: DESCRIPTION,
      rootCause: DESCRIPTION,
      workaround: DESCRIPTION,
    },
  },
  'service-levels': {
    valid: fc
      .tuple(
        entityRef,
        textBody({}, { name: TITLE }),
        fc.integer({ min: 1, max: 10_000 }).map(n => n / 100),
        fc.array(
          fc.tuple(
            text(100),
            fc.integer({ min: 1, max: 100 }),
            fc.option(text(1_000, 'multiline'), { nil: undefined }),
          ),
          { maxLength: 3 },
        ),
      )
      .map(([ref, v, availabilityTarget, slos]) => {
        const target = { responseMinutes: 15, resolutionMinutes: 240 };
        const targets = { P1: target, P2: target, P3: target, P4: target };
        return {
          body: {
            ...v.body,
            entityRef: ref,
            availabilityTarget,
            targets,
            slos: slos.map(([name, objectivePercent, description]) => ({
              name,
              objectivePercent,
              ...(description !== undefined ? { description } : {}),
            })),
          },
          expected: {
            ...v.expected,
            entityRef: ref,
            availabilityTarget,
            targets,
            slos: slos.map(([name, objectivePercent, description]) => ({
              name: stored(name),
              objectivePercent,
              ...(description !== undefined
                ? { description: stored(description) }
                : {}),
            })),
          },
        };
      }),
    texts: { name: TITLE },
  },
};

/** A record of each collection to edit, and the texts an edit may set. */
const UPDATES: Record<
  string,
  { base: Record<string, unknown>; texts: Record<string, TextRule> }
> = {
  changes: {
    base: {
      entityRef: CHECKOUT,
      title: 'Rotate keys',
      description: 'Rotate the signing keys.',
      type: 'normal',
    },
    texts: { title: TITLE, description: DESCRIPTION },
  },
  releases: {
    base: { entityRef: CHECKOUT, releaseVersion: '1.0.0', title: 'First' },
    texts: { releaseVersion: LABEL, title: TITLE, gitTag: LABEL },
  },
  deployments: {
    base: { entityRef: CHECKOUT, environment: 'staging', deployedVersion: '1' },
    texts: { deployedVersion: LABEL },
  },
  incidents: {
    base: {
      entityRef: CHECKOUT,
      title: 'Checkout fails',
      description: 'Payments time out.',
      impact: 'low',
      urgency: 'low',
    },
    texts: {
      title: TITLE,
      description: DESCRIPTION,
      contactChannel: { max: 200, kind: 'line' },
    },
  },
  problems: {
    base: {
      entityRef: CHECKOUT,
      title: 'Timeouts',
      description: 'Payments time out under load.',
    },
    texts: {
      title: TITLE,
      description: DESCRIPTION,
      rootCause: DESCRIPTION,
      workaround: DESCRIPTION,
    },
  },
  'service-levels': {
    base: {
      entityRef: CHECKOUT,
      name: 'Checkout',
      availabilityTarget: 99.9,
      targets: Object.fromEntries(
        ['P1', 'P2', 'P3', 'P4'].map(p => [
          p,
          { responseMinutes: 15, resolutionMinutes: 240 },
        ]),
      ),
    },
    texts: { name: TITLE },
  },
};

/** Valid edits: at least one of the texts. */
function editsOf(texts: Record<string, TextRule>): BodySpec['valid'] {
  const [first, ...rest] = Object.keys(texts);
  return textBody(
    {},
    { [first]: texts[first] },
    Object.fromEntries(rest.map(k => [k, texts[k]])),
  );
}

type Mutation = {
  kind: 'unknown' | 'control' | 'tooLong' | 'badTime' | 'wrongType';
  field: string;
  body: Record<string, unknown>;
};

/**
 * A valid body broken in one way, and the field a 400 must name. `fixed`
 * fields (the version of an edit) are never broken.
 */
function invalidOf(
  valid: BodySpec['valid'],
  texts: Record<string, TextRule>,
  times: string[] = [],
): fc.Arbitrary<Mutation> {
  const textFields = Object.keys(texts);
  const kinds: Array<Mutation['kind']> = [
    'unknown',
    'control',
    'tooLong',
    'wrongType',
    ...(times.length ? (['badTime'] as const) : []),
  ];
  return fc
    .tuple(
      valid,
      fc.constantFrom(...kinds),
      fc.constantFrom(...textFields),
      fc.constantFrom(...(times.length ? times : ['-'])),
      fc.constantFrom('bogus', 'Title', 'entity_ref', 'extra', '__proto'),
      fc.nat(),
      refusedControl('line'),
      refusedControl('multiline'),
      fc.constantFrom(...IMPOSSIBLE_TIMES),
    )
    .map(
      ([
        { body },
        kind,
        textField,
        timeField,
        unknown,
        at,
        lineControl,
        multilineControl,
        impossible,
      ]): Mutation => {
        switch (kind) {
          case 'unknown':
            return { kind, field: unknown, body: { ...body, [unknown]: 1 } };
          case 'control': {
            const rule = texts[textField];
            const value = String(body[textField] ?? 'some text');
            const i = at % (value.length + 1);
            const control =
              rule.kind === 'line' ? lineControl : multilineControl;
            return {
              kind,
              field: textField,
              body: {
                ...body,
                [textField]: `${value.slice(0, i)}${control}${value.slice(i)}`,
              },
            };
          }
          case 'tooLong':
            return {
              kind,
              field: textField,
              body: {
                ...body,
                [textField]: 'x'.repeat(texts[textField].max + 1),
              },
            };
          case 'wrongType':
            return {
              kind,
              field: textField,
              body: { ...body, [textField]: 42 },
            };
          default:
            return {
              kind,
              field: timeField,
              body: { ...body, [timeField]: impossible },
            };
        }
      },
    );
}

/** A 400 that names `field`. */
function expectRefusal(res: Response, field: string) {
  if (res.status !== 400) {
    throw new Error(
      `Expected a 400 naming ${field}, got ${res.status}: ${JSON.stringify(
        res.body,
      )}`,
    );
  }
  const paths = (res.body.error.fields ?? []).map(
    (f: { path: string }) => f.path,
  );
  expect(paths).toContain(field);
}

/** The fields of `expected` in `record`; absent ones must be absent. */
function expectStored(
  record: Record<string, unknown>,
  expected: Record<string, unknown>,
) {
  for (const [key, value] of Object.entries(expected)) {
    expect({ [key]: record[key] }).toEqual({ [key]: value });
  }
}

// ------------------------------------------------------------------- suite

describe.each(databases.eachSupportedId())(
  'write endpoints, property-based, on %s',
  databaseId => {
    let backend: RouteBackend;
    let knex: Knex;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      backend = await startRouteBackend({
        knex,
        config: INGEST_CONFIG,
        entities: INGEST_TEST_ENTITIES,
      });
    });
    afterAll(() => backend.stop());

    const api = () => apiOf(backend.server);
    const send = () => sendersOf(backend.server);

    /** Runs `write`; a refused write must leave every table as it was. */
    async function expectRefusedWithoutWrites(
      write: () => Promise<Response>,
      field: string,
    ) {
      const before = await rowCounts(knex);
      expectRefusal(await write(), field);
      expect(await rowCounts(knex)).toEqual(before);
    }

    describe.each(Object.entries(CREATES))('POST /%s', (collection, spec) => {
      it('stores a valid body and reads it back equal', async () => {
        await fc.assert(
          fc.asyncProperty(spec.valid, async ({ body, expected }) => {
            const res = await api().post(`/${collection}`, body);
            if (res.status !== 201) {
              throw new Error(`${res.status}: ${JSON.stringify(res.body)}`);
            }
            const read = await api().get(`/${collection}/${res.body.id}`);
            expect(read.status).toBe(200);
            expectStored(read.body, expected);
          }),
          runs(),
        );
      });

      it('refuses an invalid body with a 400 naming the field, writing nothing', async () => {
        await fc.assert(
          fc.asyncProperty(
            invalidOf(spec.valid, spec.texts, spec.times),
            async ({ body, field }) =>
              expectRefusedWithoutWrites(
                () => api().post(`/${collection}`, body),
                field,
              ),
          ),
          runs(),
        );
      });
    });

    describe.each(Object.entries(UPDATES))(
      'PATCH /%s/:id',
      (collection, { base, texts }) => {
        let record: { id: string; version: number };

        beforeAll(async () => {
          const res = await api().post(`/${collection}`, base);
          if (res.status !== 201) {
            throw new Error(`${res.status}: ${JSON.stringify(res.body)}`);
          }
          record = res.body;
        });

        it('stores a valid edit and reads it back equal', async () => {
          await fc.assert(
            fc.asyncProperty(editsOf(texts), async ({ body, expected }) => {
              const res = await api().patch(`/${collection}/${record.id}`, {
                ...body,
                version: record.version,
              });
              if (res.status !== 200) {
                throw new Error(`${res.status}: ${JSON.stringify(res.body)}`);
              }
              record = res.body;
              const read = await api().get(`/${collection}/${record.id}`);
              expectStored(read.body, expected);
            }),
            runs(),
          );
        });

        it('refuses an invalid edit with a 400 naming the field, writing nothing', async () => {
          await fc.assert(
            fc.asyncProperty(
              invalidOf(editsOf(texts), texts),
              async ({ body, field }) => {
                await expectRefusedWithoutWrites(
                  () =>
                    api().patch(`/${collection}/${record.id}`, {
                      ...body,
                      version: record.version,
                    }),
                  field,
                );
                const read = await api().get(`/${collection}/${record.id}`);
                expect(read.body.version).toBe(record.version);
              },
            ),
            runs(),
          );
        });
      },
    );

    describe('POST /incidents/:id/transitions', () => {
      const NOTE: TextRule = { max: 5_000, kind: 'multiline' };
      const newIncident = async () =>
        (await api().post('/incidents', UPDATES.incidents.base)).body;

      it('stores the note of a valid move and reads it back equal', async () => {
        await fc.assert(
          fc.asyncProperty(text(5_000, 'multiline'), async note => {
            const incident = await newIncident();
            const res = await api().move('incidents', incident, 'in_progress', {
              note,
            });
            expect(res.status).toBe(200);
            const read = await api().get(`/incidents/${incident.id}`);
            expect(read.body.state).toBe('in_progress');
            expect(read.body.history.at(-1).note).toBe(stored(note));
          }),
          runs(),
        );
      });

      it('refuses an invalid move with a 400 naming the field, writing nothing', async () => {
        const incident = await newIncident();
        await fc.assert(
          fc.asyncProperty(
            invalidOf(textBody({}, { note: NOTE }), { note: NOTE }, [
              'plannedStart',
            ]),
            async ({ body, field }) => {
              await expectRefusedWithoutWrites(
                () => api().move('incidents', incident, 'in_progress', body),
                field,
              );
            },
          ),
          runs(),
        );
        const read = await api().get(`/incidents/${incident.id}`);
        expect(read.body.state).toBe('new');
      });
    });

    describe('POST /changes/:id/approvals', () => {
      const COMMENT: TextRule = { max: 2_000, kind: 'multiline' };
      const authorizing = async () => {
        let change = (await api().post('/changes', UPDATES.changes.base)).body;
        for (const to of ['assess', 'authorize']) {
          const res = await api().move('changes', change, to);
          expect(res.status).toBe(200);
          change = res.body;
        }
        return change;
      };

      it('stores the comment of a valid decision and reads it back equal', async () => {
        await fc.assert(
          fc.asyncProperty(text(2_000, 'multiline'), async comment => {
            const change = await authorizing();
            const res = await api().post(
              `/changes/${change.id}/approvals`,
              { decision: 'approved', comment },
              bob,
            );
            expect(res.status).toBe(200);
            const read = await api().get(`/changes/${change.id}`);
            expect(read.body.approvals).toEqual([
              expect.objectContaining({
                approver: 'user:default/bob',
                decision: 'approved',
                comment: stored(comment),
              }),
            ]);
          }),
          runs(Math.max(2, Math.ceil(NUM_RUNS / 2))),
        );
      });

      it('refuses an invalid decision with a 400 naming the field, writing nothing', async () => {
        const change = await authorizing();
        await fc.assert(
          fc.asyncProperty(
            invalidOf(
              textBody({ decision: 'approved' }, { comment: COMMENT }),
              { comment: COMMENT },
            ),
            async ({ body, field }) =>
              expectRefusedWithoutWrites(
                () => api().post(`/changes/${change.id}/approvals`, body, bob),
                field,
              ),
          ),
          runs(),
        );
      });
    });

    describe('POST /events/:id/map', () => {
      let fingerprints = 0;
      const unmatchedEvent = async (): Promise<string> => {
        fingerprints += 1;
        const res = await send().alertmanager(
          alertNotification(
            {
              fingerprint: `ma${String(fingerprints).padStart(14, '0')}`,
              labels: { severity: 'info' },
            },
            null,
          ),
        );
        expect(res.status).toBe(202);
        return res.body.items[0].eventId;
      };
      const refs = fc.constantFrom(
        [CART, CART],
        ['Component:default/Cart', CART],
        ['  component:checkout  ', CHECKOUT],
      );

      it('maps with a valid body and reads the entity back', async () => {
        await fc.assert(
          fc.asyncProperty(refs, async ([sent, expected]) => {
            const id = await unmatchedEvent();
            const res = await api().post(`/events/${id}/map`, {
              entityRef: sent,
            });
            expect(res.status).toBe(200);
            const events = await api().get(
              `/events?entityRef=${expected}&limit=200`,
            );
            expect(
              events.body.items.find((e: { id: string }) => e.id === id),
            ).toMatchObject({ entityRef: expected });
          }),
          runs(),
        );
      });

      it('refuses an invalid body with a 400 naming the field, writing nothing', async () => {
        const id = await unmatchedEvent();
        await fc.assert(
          fc.asyncProperty(
            invalidOf(
              refs.map(([sent]) => ({
                body: { entityRef: sent },
                expected: {},
              })),
              { entityRef: { max: 300, kind: 'line' } },
            ),
            async ({ body, field }) =>
              expectRefusedWithoutWrites(
                () => api().post(`/events/${id}/map`, body),
                field,
              ),
          ),
          runs(),
        );
      });
    });

    describe('standard-change models', () => {
      const NAME: TextRule = { max: 200, kind: 'line' };
      const NOTE: TextRule = { max: 5_000, kind: 'multiline' };
      const proposals = fc
        .tuple(
          textBody(
            { scope: { kinds: ['component'] }, riskCeiling: 'medium' },
            { name: NAME, description: DESCRIPTION },
          ),
          time(Y2031, Y2090),
          fc.integer({ min: 0, max: 365 * 86_400_000 }),
        )
        .map(([v, review, extraMs]) => {
          const expires = new Date(Date.parse(review.iso) + extraMs);
          return {
            body: {
              ...v.body,
              reviewAt: review.text,
              expiresAt: expires.toISOString(),
            },
            expected: {
              ...v.expected,
              reviewAt: review.iso,
              expiresAt: expires.toISOString(),
            },
          };
        });

      it('stores a valid proposal and reads it back equal', async () => {
        await fc.assert(
          fc.asyncProperty(proposals, async ({ body, expected }) => {
            const res = await api().post('/standard-change-models', body);
            if (res.status !== 201) {
              throw new Error(`${res.status}: ${JSON.stringify(res.body)}`);
            }
            const read = await api().get(
              `/standard-change-models/${res.body.id}`,
            );
            expectStored(read.body, expected);
          }),
          runs(),
        );
      });

      it('refuses an invalid proposal with a 400 naming the field, writing nothing', async () => {
        await fc.assert(
          fc.asyncProperty(
            invalidOf(proposals, { name: NAME, description: DESCRIPTION }, [
              'reviewAt',
              'expiresAt',
            ]),
            async ({ body, field }) =>
              expectRefusedWithoutWrites(
                () => api().post('/standard-change-models', body),
                field,
              ),
          ),
          runs(),
        );
      });

      it('stores a valid edit, refuses an invalid one without writing', async () => {
        let model = (
          await api().post('/standard-change-models', {
            name: 'Rotate the TLS certificate',
            description: 'Install the renewed certificate and reload.',
            scope: { kinds: ['component'] },
            riskCeiling: 'low',
            expiresAt: '2099-01-01T00:00:00Z',
            reviewAt: '2098-01-01T00:00:00Z',
          })
        ).body;
        const edits = editsOf({ name: NAME, description: DESCRIPTION });
        await fc.assert(
          fc.asyncProperty(edits, async ({ body, expected }) => {
            const res = await api().patch(
              `/standard-change-models/${model.id}`,
              {
                ...body,
                version: model.version,
              },
            );
            expect(res.status).toBe(200);
            model = res.body;
            const read = await api().get(`/standard-change-models/${model.id}`);
            expectStored(read.body, expected);
          }),
          runs(),
        );
        await fc.assert(
          fc.asyncProperty(
            invalidOf(edits, { name: NAME, description: DESCRIPTION }),
            async ({ body, field }) =>
              expectRefusedWithoutWrites(
                () =>
                  api().patch(`/standard-change-models/${model.id}`, {
                    ...body,
                    version: model.version,
                  }),
                field,
              ),
          ),
          runs(),
        );
      });

      it('stores the note of a valid approval, refuses an invalid one without writing', async () => {
        const propose = async () =>
          (
            await api().post('/standard-change-models', {
              name: 'Restart a pod',
              description: 'Delete the pod; the deployment starts another.',
              scope: { kinds: ['component'] },
              riskCeiling: 'low',
              expiresAt: '2099-01-01T00:00:00Z',
              reviewAt: '2098-01-01T00:00:00Z',
            })
          ).body;
        await fc.assert(
          fc.asyncProperty(text(5_000, 'multiline'), async note => {
            const model = await propose();
            const res = await api().post(
              `/standard-change-models/${model.id}/transitions`,
              { to: 'approved', version: model.version, note },
              bob,
            );
            expect(res.status).toBe(200);
            const read = await api().get(`/standard-change-models/${model.id}`);
            expect(read.body.state).toBe('approved');
            expect(read.body.history.at(-1).note).toBe(stored(note));
          }),
          runs(Math.max(2, Math.ceil(NUM_RUNS / 2))),
        );
        const model = await propose();
        await fc.assert(
          fc.asyncProperty(
            invalidOf(textBody({ to: 'approved' }, { note: NOTE }), {
              note: NOTE,
            }),
            async ({ body, field }) =>
              expectRefusedWithoutWrites(
                () =>
                  api().post(
                    `/standard-change-models/${model.id}/transitions`,
                    { ...body, version: model.version },
                    bob,
                  ),
                field,
              ),
          ),
          runs(),
        );
      });
    });

    // ---------------------------------------------------------------- ingest

    /** Webhooks are not our bodies: a 400's fields are in its message. */
    async function expectIngestRefusedWithoutWrites(
      write: () => Promise<Response>,
      field: string,
    ) {
      const before = await rowCounts(knex);
      const res = await write();
      if (res.status !== 400) {
        throw new Error(`Expected a 400 naming ${field}, got ${res.status}`);
      }
      expect(res.body.error.message).toContain(`${field}: `);
      expect(await rowCounts(knex)).toEqual(before);
    }

    describe('POST /ingest/alertmanager', () => {
      let serial = 0;
      const labelName = fc.stringMatching(/^[a-z_][a-z0-9_]{0,20}$/);
      const alerts = fc
        .tuple(
          fc.dictionary(labelName, text(200), { maxKeys: 8 }),
          fc.option(text(2_000, 'multiline'), { nil: undefined }),
          time(Y2020, Y2025),
          fc.option(fc.integer({ min: 0, max: 86_400_000 }), {
            nil: undefined,
          }),
        )
        .map(([labels, description, startsAt, runMs]) => {
          serial += 1;
          const fingerprint = `pa${String(serial).padStart(14, '0')}`;
          const all = { ...labels, severity: 'info', alertname: 'Probe' };
          const endsAt =
            runMs === undefined
              ? undefined
              : new Date(Date.parse(startsAt.iso) + runMs).toISOString();
          return {
            alert: {
              status: endsAt ? 'resolved' : 'firing',
              labels: all,
              annotations: {
                summary: 'Probe',
                ...(description !== undefined ? { description } : {}),
              },
              startsAt: startsAt.text,
              endsAt: endsAt ?? '0001-01-01T00:00:00Z',
              fingerprint,
            },
            expected: {
              fingerprint,
              labels: Object.fromEntries(
                Object.entries({ ...all, backstage_entity: CART }).map(
                  ([k, v]) => [wellFormedText(k), wellFormedText(v)],
                ),
              ),
              startsAt: startsAt.iso,
              ...(endsAt ? { endsAt } : {}),
            },
          };
        });

      it('stores the alerts of a valid notification and reads them back equal', async () => {
        await fc.assert(
          fc.asyncProperty(alerts, async ({ alert, expected }) => {
            const res = await send().alertmanager(
              alertNotification(alert, CART),
            );
            expect(res.status).toBe(202);
            const events = await api().get(
              `/events?entityRef=${CART}&limit=200`,
            );
            const event = events.body.items.find(
              (e: { id: string }) => e.id === res.body.items[0].eventId,
            );
            expectStored(event, expected);
            // A firing alert has no end: Go's zero time is not stored.
            expect(event.endsAt).toEqual(expected.endsAt);
          }),
          runs(),
        );
      });

      it('refuses an invalid notification with a 400 naming the field, storing nothing', async () => {
        const broken = fc
          .tuple(alerts, fc.nat(), refusedControl('line'))
          .map(([{ alert }, pick, control]) => {
            const cases: Array<[string, Record<string, unknown>]> = [
              [
                'alerts.0.startsAt',
                { startsAt: IMPOSSIBLE_TIMES[pick % IMPOSSIBLE_TIMES.length] },
              ],
              [
                'alerts.0.endsAt',
                {
                  status: 'resolved',
                  endsAt: new Date(
                    Date.parse(String(alert.startsAt)) - 1000 - pick,
                  ).toISOString(),
                },
              ],
              [
                'alerts.0.labels.job',
                {
                  labels: {
                    ...alert.labels,
                    job: 'x'.repeat(1_025 + (pick % 1_000)),
                  },
                },
              ],
              [
                'alerts.0.labels.job',
                { labels: { ...alert.labels, job: `a${control}b` } },
              ],
              [
                'alerts.0.labels',
                {
                  labels: Object.fromEntries(
                    Array.from({ length: 65 + (pick % 10) }, (_, i) => [
                      `l${i}`,
                      'v',
                    ]),
                  ),
                },
              ],
              ['alerts.0.fingerprint', { fingerprint: `ab${control}` }],
            ];
            const [field, patch] = cases[pick % cases.length];
            return { field, alert: { ...alert, ...patch } };
          });
        await fc.assert(
          fc.asyncProperty(broken, async ({ field, alert }) =>
            expectIngestRefusedWithoutWrites(
              () => send().alertmanager(alertNotification(alert, CART)),
              field,
            ),
          ),
          runs(),
        );
      });
    });

    describe('POST /ingest/github', () => {
      let serial = 0;
      const deployments = fc
        .tuple(
          text(100),
          fc.option(text(140, 'multiline'), { nil: null }),
          time(Y2020, Y2025),
        )
        .map(([environment, description, createdAt]) => {
          serial += 1;
          const payload = ingestFixture('github-deployment.json');
          payload.deployment.id = 900_000 + serial;
          payload.deployment.environment = environment;
          payload.deployment.description = description;
          payload.deployment.created_at = createdAt.text;
          return {
            payload,
            delivery: `prop-${serial}`,
            expected: { environment: stored(environment), entityRef: CHECKOUT },
          };
        });

      it('stores a valid deployment event and reads it back equal', async () => {
        await fc.assert(
          fc.asyncProperty(
            deployments,
            async ({ payload, delivery, expected }) => {
              const res = await send().github('deployment', payload, delivery);
              expect(res.status).toBe(202);
              const { deploymentId } = res.body.items[0];
              const read = await api().get(`/deployments/${deploymentId}`);
              expectStored(read.body, expected);
            },
          ),
          runs(),
        );
      });

      it('refuses an invalid deployment event with a 400 naming the field, storing nothing', async () => {
        const broken = fc
          .tuple(deployments, fc.nat(), refusedControl('line'))
          .map(([{ payload, delivery }, pick, control]) => {
            const cases: Array<[string, (p: any) => void]> = [
              [
                'deployment.created_at',
                p =>
                  (p.deployment.created_at =
                    IMPOSSIBLE_TIMES[pick % IMPOSSIBLE_TIMES.length]),
              ],
              [
                'deployment.environment',
                p => (p.deployment.environment = `prod${control}`),
              ],
              [
                'deployment.environment',
                p => (p.deployment.environment = 'e'.repeat(256)),
              ],
              ['deployment.ref', p => (p.deployment.ref = `main${control}`)],
            ];
            const [field, mutate] = cases[pick % cases.length];
            // A copy: shrinking maps the same generated payload again.
            const copy = structuredClone(payload);
            mutate(copy);
            return { field, payload: copy, delivery };
          });
        await fc.assert(
          fc.asyncProperty(broken, async ({ field, payload, delivery }) =>
            expectIngestRefusedWithoutWrites(
              () => send().github('deployment', payload, delivery),
              field,
            ),
          ),
          runs(),
        );
      });
    });

    describe('POST /ingest/pagerduty', () => {
      let serial = 0;
      const triggers = fc
        .tuple(text(150), time(Y2020, Y2025))
        .map(([title, occurredAt]) => {
          serial += 1;
          const payload = ingestFixture('pagerduty-incident-triggered.json');
          payload.event.id = `PROPEVENT${serial}`;
          payload.event.occurred_at = occurredAt.text;
          payload.event.data.id = `PROPINC${serial}`;
          payload.event.data.title = title;
          return {
            payload,
            expected: {
              title: stored(title),
              entityRef: CHECKOUT,
              source: 'pagerduty',
            },
          };
        });

      it('opens an incident from a valid event and reads it back equal', async () => {
        await fc.assert(
          fc.asyncProperty(triggers, async ({ payload, expected }) => {
            const res = await send().pagerduty(payload);
            expect(res.status).toBe(202);
            const read = await api().get(
              `/incidents/${res.body.items[0].incidentId}`,
            );
            expectStored(read.body, expected);
          }),
          runs(),
        );
      });

      it('refuses an invalid event with a 400 naming the field, storing nothing', async () => {
        const broken = fc
          .tuple(triggers, fc.nat(), refusedControl('line'))
          .map(([{ payload }, pick, control]) => {
            const cases: Array<[string, (p: any) => void]> = [
              [
                'event.occurred_at',
                p =>
                  (p.event.occurred_at =
                    IMPOSSIBLE_TIMES[pick % IMPOSSIBLE_TIMES.length]),
              ],
              [
                'event.data.title',
                p => (p.event.data.title = `Down${control}`),
              ],
              [
                'event.data.title',
                p => (p.event.data.title = 't'.repeat(1_001)),
              ],
            ];
            const [field, mutate] = cases[pick % cases.length];
            const copy = structuredClone(payload);
            mutate(copy);
            return { field, payload: copy };
          });
        await fc.assert(
          fc.asyncProperty(broken, async ({ field, payload }) =>
            expectIngestRefusedWithoutWrites(
              () => send().pagerduty(payload),
              field,
            ),
          ),
          runs(),
        );
      });
    });
  },
);
