import type { RecordHeadline } from '@valuestream/plugin-value-stream-common';
import type { Collection, CollectionRecords } from '../api';
import { valueMessages } from '../messages/values';
import type { ValueStreamT } from '../translation';
import { formatMoney } from './assets';
import { formatDateTime, humanize } from './format';

/** The groups of enum values with a label, such as `changeType`. */
export type ValueGroup = keyof typeof valueMessages.values;

type Keys<P extends string, M> = {
  [K in keyof M & string]: `${P}.${K}`;
}[keyof M & string];

type StageKey = Keys<'stages', typeof valueMessages.stages>;
type StateKey = {
  [C in Collection]: Keys<`states.${C}`, (typeof valueMessages.states)[C]>;
}[Collection];
type ValueKey = {
  [G in ValueGroup]: Keys<`values.${G}`, (typeof valueMessages.values)[G]>;
}[ValueGroup];
type CostKey = Keys<'costs', typeof valueMessages.costs>;
type RelationKey = Keys<'relations', typeof valueMessages.relations>;

function has(labels: object, value: string): boolean {
  return Object.prototype.hasOwnProperty.call(labels, value);
}

/**
 * The labels of the values the API returns, through the translation ref.
 * A value without a message, such as a state a newer backend added, is
 * shown humanized.
 */
export function valueLabels(t: ValueStreamT) {
  const recordNoun = (collection: Collection): string =>
    t(`recordNouns.${collection}`);
  return {
    /** `Demand`, `Operate`. */
    stageLabel(stage: string): string {
      return has(valueMessages.stages, stage)
        ? t(`stages.${stage}` as StageKey)
        : humanize(stage);
    },
    /** The state of a record of a collection: `In progress`. */
    stateLabel(collection: Collection, state: string): string {
      return has(valueMessages.states[collection], state)
        ? t(`states.${collection}.${state}` as StateKey)
        : humanize(state);
    },
    /** A change type, risk level, priority and the like: `Very high`. */
    enumLabel(group: ValueGroup, value: string): string {
      return has(valueMessages.values[group], value)
        ? t(`values.${group}.${value}` as ValueKey)
        : humanize(value);
    },
    /** `Change`, `Service level`: the kind of a record, as a heading. */
    recordKind(collection: Collection): string {
      return t(`recordKinds.${collection}`);
    },
    /** `change`, `service level`: the kind of a record, in a sentence. */
    recordNoun,
    /** A one-line name of any record. */
    recordTitle<C extends Collection>(
      collection: C,
      record: RecordHeadline<CollectionRecords[C]>,
    ): string {
      const r = record as RecordHeadline<CollectionRecords[Collection]>;
      if ('title' in r && r.title) {
        return 'releaseVersion' in r
          ? `${r.releaseVersion} ${r.title}`
          : r.title;
      }
      if ('name' in r && r.name) {
        return r.name;
      }
      if ('environment' in r) {
        return t('recordTitle.deployment', {
          version: r.deployedVersion,
          environment: r.environment,
        });
      }
      return t('recordTitle.untitled', {
        noun: recordNoun(collection),
        id: record.id,
      });
    },
    /** `dependencyOf` -> `dependency of`; unknown types are split at capitals. */
    relationLabel(type: string): string {
      return has(valueMessages.relations, type)
        ? t(`relations.${type}` as RelationKey)
        : type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
    },
    /** A planned window as `start – end`, or that there is none. */
    windowLabel(start?: string, end?: string): string {
      if (!start && !end) {
        return t('notPlanned');
      }
      return `${formatDateTime(start)} – ${formatDateTime(end)}`;
    },
    /** A cost as `$1,000.00 per month`. */
    costLabel(cost: { amount: number; currency: string; period: string }) {
      const amount = formatMoney(cost.amount, cost.currency);
      return has(valueMessages.costs, cost.period)
        ? t(`costs.${cost.period}` as CostKey, { amount })
        : `${amount} ${cost.period}`;
    },
  };
}

/** The functions of {@link valueLabels}. */
export type ValueLabels = ReturnType<typeof valueLabels>;
