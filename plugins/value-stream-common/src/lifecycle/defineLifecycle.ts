import type { TransitionInput } from '../schemas';

/**
 * What a transition is judged against besides the record.
 * @public
 */
export interface TransitionContext {
  /** Entity ref of the acting user or service. */
  actor: string;
  /** The moment of the transition, ISO; timestamps in the patch use it. */
  now: string;
  /** The transition request body: the note and fields the target state needs. */
  input?: Partial<TransitionInput>;
}

/**
 * Fields a transition sets on the record, always including `state`. `null`
 * clears a field (e.g. `resolvedAt` when an incident is reopened).
 * @public
 */
export type TransitionPatch<R> = { [K in keyof R]?: R[K] | null };

/**
 * Why a transition was refused: `illegal` (not an edge of the lifecycle, a
 * 409), `requirement` (an edge, but something it needs is missing, a 409),
 * `forbidden` (the actor may not do this, a 403).
 * @public
 */
export type TransitionRefusal = 'illegal' | 'requirement' | 'forbidden';

/** @public */
export type TransitionResult<R> =
  | { ok: true; patch: TransitionPatch<R> }
  | { ok: false; reason: TransitionRefusal; message: string };

/**
 * A check on a transition: returns why it cannot happen, or undefined.
 * @public
 */
export type TransitionGuard<R> = (
  record: R,
  ctx: TransitionContext,
) => string | undefined;

/**
 * Guards apply to every move into a state (`resolved`) or to one edge
 * (`authorize->implement`).
 * @public
 */
export type TransitionKey<S extends string> = S | `${S}->${S}`;

/**
 * The data that defines a lifecycle.
 * @public
 */
export interface LifecycleSpec<R extends { state: S }, S extends string> {
  /** How messages name the record, e.g. `change`, `service level`. */
  name: string;
  states: readonly S[];
  /** States in which the record no longer counts as open work. */
  closedStates: readonly S[];
  /** The edges: for each state, the states it may move to. */
  transitions: Readonly<Record<S, readonly S[]>>;
  /** Edges that exist only for some records, e.g. only for standard changes. */
  only?: Partial<Record<`${S}->${S}`, (record: R) => boolean>>;
  /** Who may not take a transition; refused as `forbidden`. */
  forbids?: Partial<
    Record<TransitionKey<S>, ReadonlyArray<TransitionGuard<R>>>
  >;
  /** What a transition needs; refused as `requirement`. */
  requires?: Partial<
    Record<TransitionKey<S>, ReadonlyArray<TransitionGuard<R>>>
  >;
  /** Fields to set besides `state`. */
  patch?: (record: R, to: S, ctx: TransitionContext) => TransitionPatch<R>;
}

/**
 * A lifecycle ready to judge transitions.
 * @public
 */
export interface Lifecycle<R extends { state: S }, S extends string> {
  name: string;
  states: readonly S[];
  closedStates: readonly S[];
  isOpen(state: string): boolean;
  /** The states the record may move to, before guards are applied. */
  allowedTransitions(record: R): S[];
  checkTransition(
    record: R,
    to: string,
    ctx: TransitionContext,
  ): TransitionResult<R>;
}

function runGuards<R, S extends string>(
  table:
    | Partial<Record<TransitionKey<S>, ReadonlyArray<TransitionGuard<R>>>>
    | undefined,
  from: S,
  to: S,
  record: R,
  ctx: TransitionContext,
): string[] {
  const guards = [
    ...(table?.[to] ?? []),
    ...(table?.[`${from}->${to}` as TransitionKey<S>] ?? []),
  ];
  return guards
    .map(guard => guard(record, ctx))
    .filter((reason): reason is string => Boolean(reason));
}

/**
 * Builds a lifecycle from its states, edges and guards. Guards return a
 * reason so that the refusal tells the user what is missing.
 * @public
 */
export function defineLifecycle<R extends { state: S }, S extends string>(
  spec: LifecycleSpec<R, S>,
): Lifecycle<R, S> {
  const isState = (value: string): value is S =>
    (spec.states as readonly string[]).includes(value);

  const allowedTransitions = (record: R): S[] =>
    (spec.transitions[record.state] ?? []).filter(to => {
      const condition = spec.only?.[`${record.state}->${to}`];
      return !condition || condition(record);
    });

  const refuse = (
    reason: TransitionRefusal,
    message: string,
  ): TransitionResult<R> => ({ ok: false, reason, message });

  return {
    name: spec.name,
    states: spec.states,
    closedStates: spec.closedStates,
    isOpen: state =>
      isState(state) &&
      !(spec.closedStates as readonly string[]).includes(state),
    allowedTransitions,
    checkTransition(record, to, ctx) {
      const from = record.state;
      const allowed = allowedTransitions(record);
      const move = `Cannot move ${spec.name} from "${from}" to "${to}"`;
      if (!isState(to) || !allowed.includes(to)) {
        return refuse(
          'illegal',
          `${move}; allowed: ${allowed.join(', ') || 'none'}`,
        );
      }
      const forbidden = runGuards(spec.forbids, from, to, record, ctx);
      if (forbidden.length) {
        return refuse('forbidden', `${move}: ${forbidden.join('; ')}`);
      }
      const missing = runGuards(spec.requires, from, to, record, ctx);
      if (missing.length) {
        return refuse('requirement', `${move}: ${missing.join('; ')}`);
      }
      return {
        ok: true,
        patch: {
          ...spec.patch?.(record, to, ctx),
          state: to,
        } as TransitionPatch<R>,
      };
    },
  };
}
