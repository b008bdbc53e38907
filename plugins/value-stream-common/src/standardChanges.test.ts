import { checkNewChange } from './lifecycle/changeEdits';
import {
  checkModelEdit,
  standardChangeModelLifecycle,
} from './lifecycle/standardChangeModel';
import {
  modelApplies,
  type ScopeFacts,
  type StandardChangeModel,
  type StandardChangeModelScope,
  scopeRefusal,
  standardChangeRefusals,
} from './standardChanges';
import type { ChangeType, RiskLevel } from './types';

const NOW = '2026-12-03T12:00:00.000Z';
const PROPOSER = 'user:default/lucas';
const AUTHORITY = 'user:default/margaret';

function model(fields: Partial<StandardChangeModel> = {}): StandardChangeModel {
  return {
    id: 'm1',
    name: 'Rotate TLS certificates',
    description: 'Replace the certificate with the renewed one.',
    scope: { kinds: ['component'], systems: [], owners: [] },
    riskCeiling: 'medium',
    expiresAt: '2027-06-01T00:00:00.000Z',
    reviewAt: '2027-03-01T00:00:00.000Z',
    state: 'approved',
    proposedBy: PROPOSER,
    approvedBy: AUTHORITY,
    approvedAt: '2026-11-01T00:00:00.000Z',
    createdAt: '2026-10-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    createdBy: PROPOSER,
    version: 2,
    history: [],
    ...fields,
  };
}

const CHECKOUT: ScopeFacts = {
  kind: 'Component',
  system: 'system:default/checkout',
  owner: 'group:default/checkout',
};

describe('scope', () => {
  const scope = (s: Partial<StandardChangeModelScope>) => ({
    kinds: [],
    systems: [],
    owners: [],
    ...s,
  });

  it.each<[string, Partial<StandardChangeModelScope>, ScopeFacts, string?]>([
    ['a kind, case aside', { kinds: ['component'] }, CHECKOUT, undefined],
    [
      'another kind',
      { kinds: ['resource'] },
      CHECKOUT,
      'its kind component is not one of resource',
    ],
    [
      'its system',
      { systems: ['system:default/Checkout'] },
      CHECKOUT,
      undefined,
    ],
    [
      'another system',
      { systems: ['system:default/payments'] },
      CHECKOUT,
      'its system system:default/checkout is not one of system:default/payments',
    ],
    [
      'a system, for an entity without one',
      { systems: ['system:default/checkout'] },
      { kind: 'component' },
      'its system (none) is not one of system:default/checkout',
    ],
    [
      'one of its owners',
      { owners: ['group:default/web', 'group:default/checkout'] },
      CHECKOUT,
      undefined,
    ],
    [
      'another owner',
      { owners: ['group:default/web'] },
      CHECKOUT,
      'its owner group:default/checkout is not one of group:default/web',
    ],
    [
      'every list that is not empty',
      { kinds: ['component'], owners: ['group:default/web'] },
      CHECKOUT,
      'its owner group:default/checkout is not one of group:default/web',
    ],
    [
      'nothing named',
      {},
      CHECKOUT,
      'the model names no kinds, systems or owners',
    ],
  ])('%s', (_, s, facts, refusal) => {
    expect(scopeRefusal(scope(s), facts)).toBe(refusal);
  });
});

describe('standardChangeRefusals', () => {
  it.each<
    [
      string,
      string | undefined,
      StandardChangeModel | undefined,
      ScopeFacts,
      RiskLevel,
      string?,
      RegExp?,
    ]
  >([
    [
      'an approved model in scope, under the ceiling',
      'm1',
      model(),
      CHECKOUT,
      'low',
      undefined,
      undefined,
    ],
    ['at the ceiling', 'm1', model(), CHECKOUT, 'medium', undefined, undefined],
    [
      'no model named',
      undefined,
      undefined,
      CHECKOUT,
      'low',
      'standardChangeModelId',
      /^Required for a standard change/,
    ],
    [
      'an unknown model',
      'nope',
      undefined,
      CHECKOUT,
      'low',
      'standardChangeModelId',
      /^No standard-change model nope$/,
    ],
    [
      'a proposed model',
      'm1',
      model({ state: 'proposed' }),
      CHECKOUT,
      'low',
      'standardChangeModelId',
      /is proposed, not approved/,
    ],
    [
      'a retired model',
      'm1',
      model({ state: 'retired' }),
      CHECKOUT,
      'low',
      'standardChangeModelId',
      /is retired, not approved/,
    ],
    [
      'an expired model',
      'm1',
      model({ expiresAt: NOW }),
      CHECKOUT,
      'low',
      'standardChangeModelId',
      /expired at 2026-12-03T12:00:00.000Z/,
    ],
    [
      'an entity outside the scope',
      'm1',
      model({
        scope: { kinds: [], systems: [], owners: ['group:default/web'] },
      }),
      CHECKOUT,
      'low',
      'entityRef',
      /^Outside the scope of the standard-change model "Rotate TLS certificates": its owner/,
    ],
    [
      'a risk over the ceiling',
      'm1',
      model(),
      CHECKOUT,
      'high',
      'standardChangeModelId',
      /risk \(high\) is above the risk ceiling .* \(medium\); raise a normal change instead$/,
    ],
  ])('%s', (_, id, m, facts, riskLevel, path, message) => {
    const refusals = standardChangeRefusals(id, {
      model: m,
      entity: facts,
      riskLevel,
      now: NOW,
    });
    const matcher = expect.stringMatching(message ?? /./);
    const expected = path ? [{ path, message: matcher }] : [];
    expect(refusals).toEqual(expected);
  });
});

describe('checkNewChange', () => {
  it.each<[ChangeType, string | undefined, boolean]>([
    ['standard', 'm1', true],
    ['standard', undefined, false],
    ['normal', undefined, true],
    ['normal', 'm1', false],
    ['emergency', 'm1', false],
  ])('a %s change naming model %s: ok %s', (type, id, ok) => {
    const result = checkNewChange(
      { type, standardChangeModelId: id, riskLevel: 'low' },
      { model: id ? model() : undefined, entity: CHECKOUT, now: NOW },
    );
    expect(result.ok).toBe(ok);
    expect(
      (result as { fields?: Array<{ path: string }> }).fields?.map(f => f.path),
    ).toEqual(ok ? undefined : ['standardChangeModelId']);
  });
});

describe('modelApplies', () => {
  it.each<[string, Partial<StandardChangeModel>, boolean]>([
    ['approved, unexpired, in scope', {}, true],
    ['proposed', { state: 'proposed' }, false],
    ['expired', { expiresAt: '2026-12-01T00:00:00.000Z' }, false],
    [
      'out of scope',
      { scope: { kinds: ['api'], systems: [], owners: [] } },
      false,
    ],
  ])('%s: %s', (_, fields, applies) => {
    expect(modelApplies(model(fields), CHECKOUT, NOW)).toBe(applies);
  });
});

describe('the model lifecycle', () => {
  const ctx = (actor: string) => ({ actor, now: NOW });

  it.each<
    [string, Partial<StandardChangeModel>, string, string, string | RegExp]
  >([
    [
      'the authority approves a proposal',
      { state: 'proposed' },
      'approved',
      AUTHORITY,
      'ok',
    ],
    [
      'the proposer cannot approve it',
      { state: 'proposed' },
      'approved',
      PROPOSER,
      /nobody approves a model they proposed/,
    ],
    [
      'an expired proposal is not approved',
      { state: 'proposed', expiresAt: NOW },
      'approved',
      AUTHORITY,
      /it expired at/,
    ],
    [
      'a proposal is retired',
      { state: 'proposed' },
      'retired',
      AUTHORITY,
      'ok',
    ],
    ['an approved model is retired', {}, 'retired', AUTHORITY, 'ok'],
    [
      'a retired model is final',
      { state: 'retired' },
      'approved',
      AUTHORITY,
      /allowed: none/,
    ],
  ])('%s', (_, fields, to, actor, expected) => {
    const result = standardChangeModelLifecycle.checkTransition(
      model(fields),
      to,
      ctx(actor),
    );
    const message = expect.stringMatching(expected === 'ok' ? /.*/ : expected);
    expect(result).toMatchObject(
      expected === 'ok'
        ? { ok: true, patch: { state: to } }
        : { ok: false, message },
    );
  });

  it('records who approved and when', () => {
    expect(
      standardChangeModelLifecycle.checkTransition(
        model({
          state: 'proposed',
          approvedBy: undefined,
          approvedAt: undefined,
        }),
        'approved',
        ctx(AUTHORITY),
      ),
    ).toEqual({
      ok: true,
      patch: { state: 'approved', approvedBy: AUTHORITY, approvedAt: NOW },
    });
  });
});

describe('checkModelEdit', () => {
  it.each<
    [string, Partial<StandardChangeModel>, Record<string, unknown>, object]
  >([
    [
      'renaming an approved model keeps it approved',
      {},
      { name: 'Rotate certs' },
      { ok: true, voidsApprovals: false, patch: {} },
    ],
    [
      'widening the scope of an approved model asks for approval again',
      {},
      { scope: { kinds: ['component', 'resource'], systems: [], owners: [] } },
      {
        ok: true,
        voidsApprovals: true,
        state: 'proposed',
        patch: {
          proposedBy: AUTHORITY,
          state: 'proposed',
          approvedBy: null,
          approvedAt: null,
        },
      },
    ],
    [
      'raising the ceiling of a proposal makes the editor its proposer',
      { state: 'proposed' },
      { riskCeiling: 'high' },
      { ok: true, voidsApprovals: false, patch: { proposedBy: AUTHORITY } },
    ],
    [
      'a review date after the expiry',
      {},
      { reviewAt: '2027-07-01T00:00:00.000Z' },
      {
        ok: false,
        reason: 'invalid',
        fields: [{ path: 'reviewAt', message: expect.any(String) }],
      },
    ],
    [
      'a retired model takes no edit',
      { state: 'retired' },
      { name: 'x' },
      { ok: false, reason: 'illegal' },
    ],
  ])('%s', (_, fields, patch, expected) => {
    expect(checkModelEdit(model(fields), patch, AUTHORITY)).toMatchObject(
      expected,
    );
  });
});
