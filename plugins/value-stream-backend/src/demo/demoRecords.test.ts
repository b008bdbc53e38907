import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import {
  type ChangeApprovalPolicy,
  changeApprovalStatus,
  ChangeRecord,
  CHANGE_STATES,
  checkApproval,
  checkTransition,
  STAGES,
  standardChangeRefusals,
  type StandardChangeModel,
} from '@valuestream/plugin-value-stream-common';
import { testDatabaseIds } from '../__testUtils__/databases';
import { ValueStreamStore } from '../database/ValueStreamStore';
import { generateDemoData } from './demoGenerator';
import { DEFAULT_APPROVERS, DemoEntity } from './demoModel';
import { DEMO_SEEDED_KEY, seedDemoData } from './demoRecords';

jest.setTimeout(120_000);

const NOW = '2026-11-24T12:00:00.000Z';

const ENTITIES: DemoEntity[] = [
  ['storefront-web', 'production', 'web'],
  ['storefront-bff', 'production', 'web'],
  ['product-catalog-service', 'production', 'catalog-search'],
  ['search-service', 'production', 'catalog-search'],
  ['recommendation-service', 'experimental', 'catalog-search'],
  ['legacy-recommendations', 'deprecated', 'catalog-search'],
  ['cart-service', 'production', 'checkout'],
  ['checkout-service', 'production', 'checkout'],
  ['payment-service', 'production', 'payments'],
  ['gift-card-service', 'experimental', 'payments'],
  ['order-management-service', 'production', 'fulfilment'],
  ['returns-service', 'experimental', 'fulfilment'],
  ['identity-service', 'production', 'platform'],
  ['analytics-pipeline', 'production', 'data'],
].map(([name, lifecycle, owner]) => ({
  entityRef: `component:default/${name}`,
  lifecycle,
  owner: `group:default/${owner}`,
}));

describe('generateDemoData', () => {
  const plan = generateDemoData(ENTITIES, NOW);

  it('is deterministic', () => {
    expect(generateDemoData([...ENTITIES].reverse(), NOW)).toEqual(plan);
    expect(generateDemoData(ENTITIES, NOW, { seed: 7 })).not.toEqual(plan);
  });

  it('puts services in every stage and changes in every state', () => {
    expect(new Set(Object.values(plan.stages))).toEqual(new Set(STAGES));
    const finalState = (c: (typeof plan.changes)[number]) =>
      c.steps.at(-1)?.to ?? c.input.state;
    expect(new Set(plan.changes.map(finalState))).toEqual(
      new Set(CHANGE_STATES),
    );
  });

  it('has board approvals, every environment, breaches and known errors', () => {
    const approvers = plan.changes.flatMap(c => [
      ...c.steps.flatMap(s => s.approvals ?? []),
      ...(c.pendingApprovals ?? []),
    ]);
    expect(approvers.length).toBeGreaterThan(0);
    for (const approval of approvers) {
      expect(DEFAULT_APPROVERS).toContain(approval.approver);
    }
    for (const change of plan.changes) {
      for (const step of change.steps) {
        for (const approval of step.approvals ?? []) {
          expect(approval.approver).not.toBe(change.input.requestedBy);
        }
      }
    }
    expect(new Set(plan.deployments.map(d => d.input.environment))).toEqual(
      new Set(['development', 'staging', 'production']),
    );
    expect(
      plan.incidents.some(
        i => i.input.sla.resolutionBreached || i.input.sla.responseBreached,
      ),
    ).toBe(true);
    expect(
      plan.problems.some(p => p.steps.some(s => s.to === 'known_error')),
    ).toBe(true);
    // Nothing happens after now.
    const times = [
      ...plan.changes,
      ...plan.releases,
      ...plan.deployments,
      ...plan.incidents,
    ].flatMap(r => [r.at, ...r.steps.map(s => s.at)]);
    expect(times.every(at => at <= NOW)).toBe(true);
  });

  it('has one or two hotfixes to production, judged when seeded', () => {
    const judged = plan.deployments.filter(d => d.judge);
    expect(judged.length).toBeGreaterThanOrEqual(1);
    expect(judged.length).toBeLessThanOrEqual(2);
    for (const hotfix of judged) {
      expect(hotfix.input).toMatchObject({ production: true });
      expect(hotfix.changeKey).toBeUndefined();
      expect(plan.stages[hotfix.input.entityRef]).toBe('operate');
    }
  });
});

describe('the demo changes', () => {
  const plan = generateDemoData(ENTITIES, NOW);

  it('move only as the change rules allow, with their approvals', () => {
    for (const item of plan.changes) {
      let change: ChangeRecord = {
        ...item.input,
        id: item.key,
        createdAt: item.at,
        updatedAt: item.at,
        createdBy: item.by,
        version: 1,
        history: [],
        approvals: [],
      };
      for (const step of item.steps) {
        for (const approval of step.approvals ?? []) {
          expect(checkApproval(change, approval.approver)).toEqual({
            ok: true,
          });
          change.approvals.push({
            ...approval,
            id: `${item.key}-${approval.approver}`,
            changeId: change.id,
            at: approval.at ?? step.at,
          });
        }
        const result = checkTransition('change', change, step.to, {
          actor: step.by,
          now: step.at,
          input: step.note ? { note: step.note } : undefined,
        });
        expect(result).toMatchObject({ ok: true });
        change = { ...change, state: step.to as ChangeRecord['state'] };
      }
    }
  });

  it('come from approved demo models when standard, within scope and ceiling', () => {
    const models = new Map(plan.standardChangeModels.map(m => [m.key, m]));
    const standard = plan.changes.filter(c => c.input.type === 'standard');
    expect(standard.length).toBeGreaterThan(0);
    for (const item of standard) {
      const planned = models.get(item.modelKey!)!;
      const decided = planned.steps.filter(s => s.at <= item.at).at(-1);
      const model: StandardChangeModel = {
        ...planned.input,
        id: planned.key,
        state: (decided?.to ?? 'proposed') as StandardChangeModel['state'],
        createdAt: planned.at,
        updatedAt: planned.at,
        createdBy: planned.by,
        version: 1,
        history: [],
      };
      const entity = ENTITIES.find(e => e.entityRef === item.input.entityRef)!;
      expect(
        standardChangeRefusals(planned.key, {
          model,
          entity: { kind: 'component', owner: entity.owner },
          riskLevel: item.input.riskLevel,
          now: item.at,
        }),
      ).toEqual([]);
    }
    // Only standard changes name a model; the catalog shows every state.
    expect(plan.changes.filter(c => c.modelKey).length).toBe(standard.length);
    expect(
      new Set(
        plan.standardChangeModels.map(m => m.steps.at(-1)?.to ?? 'proposed'),
      ),
    ).toEqual(new Set(['approved', 'proposed', 'retired']));
  });

  it('have the approvals the demo policy asks for when authorized', () => {
    // The policy of app-config.yaml.
    const policy: ChangeApprovalPolicy = {
      changeAuthority: 'group:default/change-advisory-board',
      riskLevels: {
        low: { approvals: 1, outsideTeam: 0 },
        medium: { approvals: 2, outsideTeam: 0 },
        high: { approvals: 2, outsideTeam: 1 },
        very_high: { approvals: 2, outsideTeam: 1 },
      },
      emergencyAuthority: 'group:default/emergency-change-advisory-board',
      emergencyApprovals: 1,
      ownerApproval: false,
    };
    for (const item of plan.changes) {
      const authorized = item.steps.find(
        s => s.to === 'scheduled' || (s.to === 'implement' && !!s.approvals),
      );
      if (!authorized?.approvals || item.input.type === 'standard') {
        continue;
      }
      const owner = ENTITIES.find(
        e => e.entityRef === item.input.entityRef,
      )?.owner;
      const status = changeApprovalStatus(
        policy,
        {
          ...item.input,
          approvals: authorized.approvals.map(a => ({
            ...a,
            id: a.approver,
            changeId: item.key,
            at: a.at ?? authorized.at,
          })),
        },
        owner,
      );
      expect({ key: item.key, complete: status.complete }).toEqual({
        key: item.key,
        complete: true,
      });
    }
  });

  it('explain their risk scores', () => {
    for (const { input } of plan.changes) {
      const points = (input.riskFactors ?? []).reduce(
        (sum, f) => sum + f.points,
        0,
      );
      // A standard change that touches nothing risky scores 0, unexplained.
      expect(input.riskFactors).toBeInstanceOf(Array);
      expect(input.riskScore).toBe(Math.min(100, points));
    }
    expect(plan.changes.some(c => c.input.riskLevel !== 'low')).toBe(true);
  });
});

const databases = TestDatabases.create({ ids: testDatabaseIds() });

describe.each(databases.eachSupportedId())('seedDemoData on %s', databaseId => {
  it('seeds once and gives each service the evidence of its stage', async () => {
    const knex = await databases.init(databaseId);
    const store = await ValueStreamStore.create({
      database: mockServices.database({ knex }),
    });

    const result = await seedDemoData(store, ENTITIES, NOW);
    expect(result.seeded).toBe(true);
    expect(result.records).toBeGreaterThan(100);
    await expect(seedDemoData(store, ENTITIES, NOW)).resolves.toMatchObject({
      seeded: false,
    });
    // The seed is recorded in vs_meta, not as an event the portal would
    // list among the unmatched ones.
    expect(
      await knex('vs_meta').where('key', DEMO_SEEDED_KEY).select('key'),
    ).toEqual([{ key: DEMO_SEEDED_KEY }]);
    const unmatched = await store.events.list({ unmatched: true, limit: 500 });
    expect(unmatched.items.length).toBeGreaterThan(0);
    expect(unmatched.items.filter(e => e.source !== 'alertmanager')).toEqual(
      [],
    );

    const plan = generateDemoData(ENTITIES, NOW);
    const evidence = await store.stages.getEvidence(
      ENTITIES.map(e => e.entityRef),
    );
    for (const [ref, stage] of Object.entries(plan.stages)) {
      const e = evidence.get(ref) ?? {};
      const expected = {
        // At demand the proposing change is filed, not yet taken up.
        demand: [false, false, false, false, false, false],
        design: [true, false, false, false, false, false],
        build: [true, true, true, false, false, false],
        test: [true, true, true, true, false, false],
        deploy: [true, true, true, true, true, false],
        operate: [true, true, true, true, true, true],
        retired: [true, true, false, true, true, true],
      }[stage];
      expect([
        !!e.proposingChangeId,
        !!e.authorizedChangeId,
        !!e.agreedServiceLevelId,
        !!e.plannedReleaseId,
        !!e.readyReleaseId,
        !!e.productionDeploymentId,
      ]).toEqual(expected);
    }

    // The hotfixes went out without a change: flagged, each with its event
    // on its service; no other demo deployment is.
    const deployments = await store.records.list('deployment', {
      limit: 500,
      production: true,
    });
    const flagged = deployments.items.filter(d => d.unauthorized);
    expect(flagged.map(d => d.entityRef).sort()).toEqual(
      plan.deployments
        .filter(d => d.judge)
        .map(d => d.input.entityRef)
        .sort(),
    );
    for (const deployment of flagged) {
      expect(deployment.unauthorizedReason).toMatch(
        /^No authorized change of /,
      );
      const events = await store.events.list({
        entityRef: deployment.entityRef,
        limit: 500,
      });
      expect(
        events.items.filter(
          e =>
            e.labels.type === 'change.unauthorized-deployment' &&
            e.labels.deployment === deployment.id,
        ),
      ).toEqual([expect.objectContaining({ status: 'firing' })]);
    }

    const awaiting = await store.records.listChangesAwaitingApproval({
      approverRef: 'user:default/nobody',
      limit: 50,
    });
    expect(awaiting.items.length).toBeGreaterThan(0);
    const stages = await store.stages.list();
    expect(new Set(stages.map(s => s.stage))).toEqual(new Set(STAGES));

    // Standard changes point at the seeded models.
    const models = await store.standardChangeModels.list({ limit: 50 });
    expect(models.items.map(m => m.state).sort()).toEqual([
      'approved',
      'approved',
      'proposed',
      'retired',
    ]);
    const changes = await store.records.list('change', { limit: 500 });
    const standard = changes.items.filter(c => c.type === 'standard');
    expect(standard.length).toBeGreaterThan(0);
    const approved = new Set(
      models.items.filter(m => m.state === 'approved').map(m => m.id),
    );
    for (const change of standard) {
      expect(approved.has(change.standardChangeModelId!)).toBe(true);
    }
  });

  it('seeds once when two replicas start together', async () => {
    const knex = await databases.init(databaseId);
    const replica = () =>
      ValueStreamStore.create({
        database: mockServices.database({ knex }),
      });
    const a = await replica();
    const b = await replica();
    const results = await Promise.all([
      seedDemoData(a, ENTITIES, NOW),
      seedDemoData(b, ENTITIES, NOW),
    ]);
    expect(results.map(r => r.seeded).sort()).toEqual([false, true]);
    expect(results.find(r => !r.seeded)?.reason).toBe(
      'demo data was already seeded',
    );
    const [{ n }] = await knex('vs_service_levels').count({ n: '*' });
    const plan = generateDemoData(ENTITIES, NOW);
    expect(Number(n)).toBe(plan.serviceLevels.length);
  });
});
