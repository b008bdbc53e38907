import type { StandardChangeModelState } from '@valuestream/plugin-value-stream-common';

type Labels<T extends string> = Readonly<Record<T, string>>;

/**
 * Messages of the standard-change catalog, the model picker of the
 * request-change form and a change's approval status.
 */
export const changeEnablementMessages = {
  standardChanges: {
    title: 'Standard-change catalog',
    subheader:
      'Pre-authorized, repeatable changes the change authority approved. A standard change is created from one of these models, only within its scope and risk ceiling, and only until it expires.',
    empty: 'No standard-change models',
    emptyDescription:
      'Propose a model for a change your teams make often and safely.',
    propose: 'Propose a model',
    name: 'Model',
    scope: 'Applies to',
    riskCeiling: 'Risk ceiling',
    expires: 'Expires',
    review: 'Review',
    reviewOverdue: '{{date}} (overdue)',
    kinds: 'Kinds: {{list}}',
    systems: 'Systems: {{list}}',
    owners: 'Owners: {{list}}',
    history: 'History',
    historyLabel: 'History of {{name}}',
    approve: 'Approve',
    approveLabel: 'Approve {{name}}',
    retire: 'Retire',
    retireLabel: 'Retire {{name}}',
    transitionTitle: '{{action}}: {{name}}',
    note: 'Note',
    proposedBy: 'Proposed by',
    approvedBy: 'Approved by',
    description: 'Procedure',
    models: 'Standard-change models',
    states: {
      proposed: 'Proposed',
      approved: 'Approved',
      retired: 'Retired',
    } satisfies Labels<StandardChangeModelState>,
  },
  proposeModel: {
    dialogTitle: 'Propose a standard-change model',
    submit: 'Propose',
    name: 'Name',
    description: 'Procedure',
    descriptionHelp:
      'What the change does, how it is tested and how it is backed out',
    kinds: 'Kinds',
    kindsHelp: 'Catalog kinds it applies to, separated by commas: Component',
    systems: 'Systems',
    systemsHelp: 'System entity refs, separated by commas',
    owners: 'Owners',
    ownersHelp: 'Owner entity refs, separated by commas: group:default/web',
    riskCeiling: 'Risk ceiling',
    riskCeilingHelp: 'The highest risk a change from this model may have',
    expiresAt: 'Expires',
    reviewAt: 'Review by',
  },
  requestChangeModel: {
    label: 'Standard-change model',
    help: 'Risk ceiling {{ceiling}}: {{description}}',
    choose: 'Choose the approved model this change follows',
    none: 'No approved standard-change model covers this service: request a normal change, or propose a model on the Standard changes page.',
    loadError: 'Could not load the standard-change models: {{message}}',
  },
  approvalStatus: {
    title: 'Still to decide',
    loading: 'Loading who still has to decide…',
    error: 'Could not load who still has to decide: {{message}}',
    preAuthorized:
      'Pre-authorized by its standard-change model: nobody decides on it.',
    rejected: '{{approver}} rejected it; a rejection is final.',
    complete: 'Every approval the policy asks for is in.',
    authority_one: '{{count}} more approval from {{group}}',
    authority_other: '{{count}} more approvals from {{group}}',
    anyApprover_one: '{{count}} more approval',
    anyApprover_other: '{{count}} more approvals',
    owner: 'the approval of the service owner {{group}}',
    outsideAll: ', from outside {{team}}',
    outsideSome: ', at least {{outside}} from outside {{team}}',
    approvedBy: 'Approved so far: {{approvers}}',
  },
} as const;
