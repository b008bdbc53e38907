/*
 * The gates a change passes besides its lifecycle: a standard change only
 * within its model (when it is opened, when an edit rescores it, when it
 * is scheduled or implemented), and a normal or emergency change out of
 * `authorize` only with the approvals the policy asks for.
 */
import type { Entity } from '@backstage/catalog-model';
import type {
  ChangeRecord,
  ChangeType,
  RiskLevel,
} from '@valuestream/plugin-value-stream-common';
import type { ApprovalPolicyService } from './approvalPolicy';
import type { RequestContext } from './RequestContext';
import type { StandardChangeModelService } from './StandardChangeModelService';

/** The states a change is implemented from: past its authorization. */
const AUTHORIZED_MOVES = ['scheduled', 'implement'];

/** The checks of {@link RecordService} on changes. */
export class ChangeGates {
  readonly #models: StandardChangeModelService;
  readonly #approvals: ApprovalPolicyService;

  constructor(options: {
    models: StandardChangeModelService;
    approvals: ApprovalPolicyService;
  }) {
    this.#models = options.models;
    this.#approvals = options.approvals;
  }

  /** Before a new change is stored, with its risk scored. */
  checkNew(
    change: {
      type: ChangeType;
      standardChangeModelId?: string;
      riskLevel?: RiskLevel;
    },
    entity: Entity,
    now: string,
  ): Promise<void> {
    return this.#models.checkNewChange(change, entity, now);
  }

  /** Before an edit is stored: a rescored standard change keeps to its model. */
  async checkEdit(
    current: ChangeRecord,
    patch: Record<string, unknown>,
  ): Promise<void> {
    if (
      current.type === 'standard' &&
      patch.riskLevel !== undefined &&
      patch.riskLevel !== current.riskLevel
    ) {
      await this.#models.checkStandardChange(
        { ...current, riskLevel: patch.riskLevel as RiskLevel },
        new Date().toISOString(),
      );
    }
  }

  /**
   * Before a change moves on to be implemented: a standard change's model
   * must still authorize it as it is now; another change needs every
   * approval the policy asks for to leave `authorize`.
   */
  async checkTransition(
    change: ChangeRecord,
    patch: Record<string, unknown>,
    to: string,
    ctx: RequestContext,
  ): Promise<void> {
    if (!AUTHORIZED_MOVES.includes(to)) {
      return;
    }
    if (change.type === 'standard') {
      await this.#models.checkStandardChange(
        { ...change, ...(patch as Partial<ChangeRecord>) },
        new Date().toISOString(),
      );
    } else if (change.state === 'authorize') {
      await this.#approvals.checkReady(change, ctx);
    }
  }
}
