import { z } from 'zod';
import {
  approvalSchema,
  boardQuerySchema,
  createChangeSchema,
  createDeploymentSchema,
  createIncidentSchema,
  createProblemSchema,
  createReleaseSchema,
  createServiceLevelSchema,
  entityRefSchema,
  listQuerySchema,
  priorityTargetSchema,
  transitionSchema,
  updateChangeSchema,
  updateDeploymentSchema,
  updateIncidentSchema,
  updateProblemSchema,
  updateReleaseSchema,
  updateServiceLevelSchema,
} from './schemas';
import { fieldErrorMap, parseOrThrow, ValidationError } from './validation';

/** The field errors a value produces, as the frontend would see them. */
function errorsOf(schema: z.ZodType, value: unknown): Record<string, string> {
  try {
    parseOrThrow(schema, value, 'x');
  } catch (e) {
    return fieldErrorMap((e as ValidationError).fields);
  }
  return {};
}

const ref = 'component:default/checkout';
const target = { responseMinutes: 15, resolutionMinutes: 240 };
const targets = { P1: target, P2: target, P3: target, P4: target };

describe('entityRefSchema', () => {
  it.each([
    ['component:default/checkout', 'component:default/checkout'],
    ['Component:Default/Checkout', 'component:default/checkout'],
    ['component:checkout', 'component:default/checkout'],
    ['  user:default/jane.doe ', 'user:default/jane.doe'],
    ['resource:payments/db-main', 'resource:payments/db-main'],
  ])('accepts %j as %j', (input, output) => {
    expect(entityRefSchema.parse(input)).toBe(output);
  });

  it.each([
    ['checkout'],
    [''],
    ['component:'],
    [':/'],
    [5],
    [null],
    ['a'.repeat(301)],
  ])('rejects %j', input => {
    expect(entityRefSchema.safeParse(input).success).toBe(false);
  });
});

// [name, schema, valid body, expected output subset]
const validCases: Array<[string, z.ZodType, unknown, Record<string, unknown>]> =
  [
    [
      'change',
      createChangeSchema,
      {
        entityRef: 'Component:checkout',
        title: ' Upgrade db ',
        description: 'Move to PG 16',
        type: 'normal',
        plannedStart: '2025-01-01T10:00:00+01:00',
        plannedEnd: '2025-01-01T12:00:00Z',
      },
      {
        entityRef: ref,
        title: 'Upgrade db',
        proposesService: false,
        plannedStart: '2025-01-01T09:00:00.000Z',
        plannedEnd: '2025-01-01T12:00:00.000Z',
      },
    ],
    [
      'change update',
      updateChangeSchema,
      { version: 3, title: 'New title' },
      { version: 3, title: 'New title' },
    ],
    [
      'approval',
      approvalSchema,
      { decision: 'approved' },
      { decision: 'approved' },
    ],
    [
      'release',
      createReleaseSchema,
      {
        entityRef: ref,
        releaseVersion: '2.4.0',
        title: 'Spring',
        gitSha: 'ABCDEF1',
        url: 'https://github.com/acme/checkout/releases/2.4.0',
      },
      { changeIds: [], gitSha: 'abcdef1' },
    ],
    [
      'release update',
      updateReleaseSchema,
      { version: 1, changeIds: ['c1'] },
      { changeIds: ['c1'] },
    ],
    [
      'deployment',
      createDeploymentSchema,
      {
        entityRef: ref,
        environment: 'eu-west/production',
        deployedVersion: '2.4.0',
        startedAt: '2025-01-01T10:00:00Z',
        finishedAt: '2025-01-01T10:00:00Z',
      },
      { state: 'pending' },
    ],
    [
      'deployment update',
      updateDeploymentSchema,
      { version: 2, releaseId: null },
      { releaseId: null },
    ],
    [
      'incident',
      createIncidentSchema,
      {
        entityRef: ref,
        title: 'Checkout down',
        description: '500s',
        impact: 'high',
        urgency: 'medium',
        knowledgeLinks: ['https://wiki.example.com/kb/1'],
      },
      { major: false, knowledgeLinks: ['https://wiki.example.com/kb/1'] },
    ],
    [
      'incident update',
      updateIncidentSchema,
      {
        version: 1,
        assignee: 'User:Jane',
        waitingOnReporter: true,
        problemId: null,
      },
      {
        assignee: 'user:default/jane',
        waitingOnReporter: true,
        problemId: null,
      },
    ],
    [
      'problem',
      createProblemSchema,
      { entityRef: ref, title: 'Leaks', description: 'Memory' },
      { incidentIds: [] },
    ],
    [
      'problem update',
      updateProblemSchema,
      { version: 1, rootCause: 'GC' },
      { rootCause: 'GC' },
    ],
    [
      'service level',
      createServiceLevelSchema,
      {
        entityRef: ref,
        name: 'Gold',
        tier: 'gold',
        availabilityTarget: 99.9,
        targets,
      },
      { slos: [], availabilityTarget: 99.9 },
    ],
    [
      'service level update',
      updateServiceLevelSchema,
      { version: 1, availabilityTarget: 100, tier: null },
      { availabilityTarget: 100, tier: null },
    ],
    [
      'transition',
      transitionSchema,
      { to: 'known_error', version: 4, rootCause: 'x', workaround: 'y' },
      { to: 'known_error' },
    ],
    [
      'list query',
      listQuerySchema,
      {
        state: 'new, assess,,',
        limit: '20',
        unmatched: 'true',
        from: '2025-01-01T00:00:00Z',
      },
      { state: ['new', 'assess'], limit: 20, unmatched: true },
    ],
    ['list query defaults', listQuerySchema, {}, { limit: 50 }],
    [
      'list query unmatched=0',
      listQuerySchema,
      { unmatched: '0' },
      { unmatched: false },
    ],
    [
      'list query awaiting',
      listQuerySchema,
      { awaitingApprovalBy: 'me' },
      { awaitingApprovalBy: 'me' },
    ],
    [
      'board query',
      boardQuerySchema,
      { stage: 'operate', owner: 'group:default/team-a' },
      { stage: 'operate', limit: 25 },
    ],
    [
      'board query next page',
      boardQuerySchema,
      { stage: 'build', cursor: 'abc', limit: '50' },
      { stage: 'build', cursor: 'abc', limit: 50 },
    ],
  ];

describe.each(validCases)('%s schema', (_, schema, body, expected) => {
  it('accepts a valid body', () => {
    const result = schema.safeParse(body);
    expect(result.error?.issues).toBeUndefined();
    expect(result.data).toMatchObject(expected);
  });
});

const change = { entityRef: ref, title: 't', description: 'd', type: 'normal' };
const incident = {
  entityRef: ref,
  title: 't',
  description: 'd',
  impact: 'low',
  urgency: 'low',
};
const serviceLevel = {
  entityRef: ref,
  name: 'n',
  availabilityTarget: 99,
  targets,
};

// [case, schema, body, field errors expected]
const invalidCases: Array<
  [string, z.ZodType, unknown, Record<string, string>]
> = [
  [
    'change unknown field',
    createChangeSchema,
    { ...change, state: 'closed' },
    { state: 'Unknown field' },
  ],
  [
    'change missing title',
    createChangeSchema,
    { ...change, title: undefined },
    { title: 'Required' },
  ],
  [
    'change blank title',
    createChangeSchema,
    { ...change, title: '   ' },
    { title: 'Too small: expected string to have >=1 characters' },
  ],
  [
    'change long title',
    createChangeSchema,
    { ...change, title: 'x'.repeat(201) },
    { title: 'Too big: expected string to have <=200 characters' },
  ],
  [
    'change bad type',
    createChangeSchema,
    { ...change, type: 'quick' },
    { type: 'Invalid option: expected one of "standard"|"normal"|"emergency"' },
  ],
  [
    'change bad ref',
    createChangeSchema,
    { ...change, entityRef: 'checkout' },
    { entityRef: 'Must be an entity ref like component:default/name' },
  ],
  [
    'change date without zone',
    createChangeSchema,
    { ...change, plannedStart: '2025-01-01T10:00:00' },
    {
      plannedStart:
        'Must be an RFC 3339 date-time with a zone, e.g. 2026-03-01T10:00:00Z',
    },
  ],
  [
    'change window reversed',
    createChangeSchema,
    {
      ...change,
      plannedStart: '2025-01-02T00:00:00Z',
      plannedEnd: '2025-01-01T00:00:00Z',
    },
    { plannedEnd: 'Must be after plannedStart' },
  ],
  [
    'change update without version',
    updateChangeSchema,
    { title: 'x' },
    { version: 'Required' },
  ],
  [
    'change update version 0',
    updateChangeSchema,
    { version: 0, title: 'x' },
    { version: 'Too small: expected number to be >=1' },
  ],
  [
    'change update version float',
    updateChangeSchema,
    { version: 1.5, title: 'x' },
    { version: 'Invalid input: expected int, received number' },
  ],
  [
    'change update nothing',
    updateChangeSchema,
    { version: 1 },
    { '(root)': 'Name at least one field to update besides version' },
  ],
  [
    'change update undefined only',
    updateChangeSchema,
    { version: 1, title: undefined },
    { '(root)': 'Name at least one field to update besides version' },
  ],
  [
    'change update state',
    updateChangeSchema,
    { version: 1, state: 'closed' },
    { state: 'Unknown field' },
  ],
  [
    'approval bad decision',
    approvalSchema,
    { decision: 'maybe' },
    { decision: 'Invalid option: expected one of "approved"|"rejected"' },
  ],
  [
    'approval extra',
    approvalSchema,
    { decision: 'approved', approver: 'user:default/x' },
    { approver: 'Unknown field' },
  ],
  [
    'release bad sha',
    createReleaseSchema,
    { entityRef: ref, releaseVersion: '1', title: 't', gitSha: 'xyz' },
    { gitSha: 'Must be a git commit SHA' },
  ],
  [
    'release bad url',
    createReleaseSchema,
    { entityRef: ref, releaseVersion: '1', title: 't', url: 'ftp://x.org/a' },
    { url: 'Invalid URL' },
  ],
  [
    'release update nothing',
    updateReleaseSchema,
    { version: 1 },
    { '(root)': 'Name at least one field to update besides version' },
  ],
  [
    'deployment bad environment',
    createDeploymentSchema,
    { entityRef: ref, environment: 'prod east', deployedVersion: '1' },
    { environment: 'Letters, digits and . _ - / : only' },
  ],
  [
    'deployment bad state',
    createDeploymentSchema,
    {
      entityRef: ref,
      environment: 'prod',
      deployedVersion: '1',
      state: 'done',
    },
    {
      state:
        'Invalid option: expected one of "pending"|"in_progress"|"success"|"failure"',
    },
  ],
  [
    'deployment finished before start',
    createDeploymentSchema,
    {
      entityRef: ref,
      environment: 'prod',
      deployedVersion: '1',
      startedAt: '2025-01-02T00:00:00Z',
      finishedAt: '2025-01-01T00:00:00Z',
    },
    { finishedAt: 'Must not be before startedAt' },
  ],
  [
    'deployment update nothing',
    updateDeploymentSchema,
    { version: 1 },
    { '(root)': 'Name at least one field to update besides version' },
  ],
  [
    'incident missing impact',
    createIncidentSchema,
    { ...incident, impact: undefined },
    { impact: 'Required' },
  ],
  [
    'incident bad urgency',
    createIncidentSchema,
    { ...incident, urgency: 'now' },
    { urgency: 'Invalid option: expected one of "high"|"medium"|"low"' },
  ],
  [
    'incident bad link',
    createIncidentSchema,
    { ...incident, knowledgeLinks: ['nope'] },
    { 'knowledgeLinks.0': 'Invalid URL' },
  ],
  [
    'incident priority given',
    createIncidentSchema,
    { ...incident, priority: 'P1' },
    { priority: 'Unknown field' },
  ],
  [
    'incident update bad assignee',
    updateIncidentSchema,
    { version: 1, assignee: 'jane' },
    { assignee: 'Must be an entity ref like component:default/name' },
  ],
  [
    'incident update state',
    updateIncidentSchema,
    { version: 1, state: 'closed' },
    { state: 'Unknown field' },
  ],
  [
    'incident update nothing',
    updateIncidentSchema,
    { version: 2 },
    { '(root)': 'Name at least one field to update besides version' },
  ],
  [
    'problem missing description',
    createProblemSchema,
    { entityRef: ref, title: 't' },
    { description: 'Required' },
  ],
  [
    'problem update nothing',
    updateProblemSchema,
    { version: 1 },
    { '(root)': 'Name at least one field to update besides version' },
  ],
  [
    'service level availability 0',
    createServiceLevelSchema,
    { ...serviceLevel, availabilityTarget: 0 },
    { availabilityTarget: 'Too small: expected number to be >0' },
  ],
  [
    'service level availability 100.1',
    createServiceLevelSchema,
    { ...serviceLevel, availabilityTarget: 100.1 },
    { availabilityTarget: 'Too big: expected number to be <=100' },
  ],
  [
    'service level missing P4',
    createServiceLevelSchema,
    { ...serviceLevel, targets: { P1: target, P2: target, P3: target } },
    { 'targets.P4': 'Required' },
  ],
  [
    'service level P5',
    createServiceLevelSchema,
    { ...serviceLevel, targets: { ...targets, P5: target } },
    { 'targets.P5': 'Unknown field' },
  ],
  [
    'service level resolution before response',
    createServiceLevelSchema,
    {
      ...serviceLevel,
      targets: {
        ...targets,
        P2: { responseMinutes: 60, resolutionMinutes: 30 },
      },
    },
    {
      'targets.P2.resolutionMinutes':
        'Must not be shorter than responseMinutes',
    },
  ],
  [
    'service level bad slo',
    createServiceLevelSchema,
    { ...serviceLevel, slos: [{ name: 'latency', objectivePercent: 101 }] },
    { 'slos.0.objectivePercent': 'Too big: expected number to be <=100' },
  ],
  [
    'service level bad tier',
    createServiceLevelSchema,
    { ...serviceLevel, tier: 'gold tier' },
    { tier: 'Letters, digits, - and _ only' },
  ],
  [
    'service level update nothing',
    updateServiceLevelSchema,
    { version: 1 },
    { '(root)': 'Name at least one field to update besides version' },
  ],
  [
    'transition missing to',
    transitionSchema,
    { version: 1 },
    { to: 'Required' },
  ],
  [
    'transition bad to',
    transitionSchema,
    { to: 'Closed!', version: 1 },
    { to: 'Must be a state name' },
  ],
  [
    'transition extra',
    transitionSchema,
    { to: 'closed', version: 1, assignee: 'x' },
    { assignee: 'Unknown field' },
  ],
  [
    'list limit 0',
    listQuerySchema,
    { limit: '0' },
    { limit: 'Too small: expected number to be >=1' },
  ],
  [
    'list limit 201',
    listQuerySchema,
    { limit: '201' },
    { limit: 'Too big: expected number to be <=200' },
  ],
  [
    'list limit text',
    listQuerySchema,
    { limit: 'ten' },
    { limit: 'Invalid input: expected number, received NaN' },
  ],
  [
    'list bad from',
    listQuerySchema,
    { from: 'yesterday' },
    {
      from: 'Must be an RFC 3339 date-time with a zone, e.g. 2026-03-01T10:00:00Z',
    },
  ],
  [
    'list to before from',
    listQuerySchema,
    { from: '2025-02-01T00:00:00Z', to: '2025-01-01T00:00:00Z' },
    { to: 'Must not be before from' },
  ],
  [
    'list awaiting other',
    listQuerySchema,
    { awaitingApprovalBy: 'you' },
    { awaitingApprovalBy: 'Invalid input: expected "me"' },
  ],
  [
    'list unmatched yes',
    listQuerySchema,
    { unmatched: 'yes' },
    { unmatched: 'Invalid input' },
  ],
  ['list unknown', listQuerySchema, { page: '2' }, { page: 'Unknown field' }],
  [
    'board bad stage',
    boardQuerySchema,
    { stage: 'live' },
    {
      stage:
        'Invalid option: expected one of "demand"|"design"|"build"|"test"|"deploy"|"operate"|"retired"',
    },
  ],
  ['board unknown', boardQuerySchema, { team: 'a' }, { team: 'Unknown field' }],
  [
    'board cursor without stage',
    boardQuerySchema,
    { cursor: 'abc' },
    { cursor: 'A cursor continues one column: give its stage too' },
  ],
  [
    'board limit too large',
    boardQuerySchema,
    { limit: '201' },
    { limit: 'Too big: expected number to be <=200' },
  ],
  [
    'priority target zero',
    priorityTargetSchema,
    { responseMinutes: 0, resolutionMinutes: 10 },
    { responseMinutes: 'Too small: expected number to be >=1' },
  ],
];

describe('invalid bodies', () => {
  it.each(invalidCases)('%s', (_, schema, body, expected) => {
    expect(errorsOf(schema, body)).toEqual(expected);
  });
});
