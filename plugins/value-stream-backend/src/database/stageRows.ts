/*
 * Stage rows: the stored stage of an entity, the catalog facts kept beside
 * it, and the board row read from them.
 */
import type { BoardItem, Stage } from '@valuestream/plugin-value-stream-common';
import { normalizeRef } from '../lib/refs';
import { Row, toIso, toNumber } from './records';
import type { BoardKey, BoardRow, EntityFacts, EntityStage } from './types';

// The counts and the serialized item are kept on the stage row by the
// writes, so the board is a read of one table.
export const BOARD_ROW = [
  'entity_ref',
  'stage',
  'title',
  'board_item',
  'open_incidents',
  'breached_incidents',
  'open_changes',
  'open_problems',
];

export function boardKeyOf(row: Row): BoardKey {
  return {
    entityRef: String(row.entity_ref),
    stage: String(row.stage) as Stage,
    ...(row.title ? { title: String(row.title) } : {}),
  };
}

export function boardRowOf(row: Row): BoardRow {
  return {
    ...boardKeyOf(row),
    ...(row.board_item ? { item: String(row.board_item) } : {}),
    openIncidents: toNumber(row.open_incidents),
    breachedIncidents: toNumber(row.breached_incidents),
    openChanges: toNumber(row.open_changes),
    openProblems: toNumber(row.open_problems),
  };
}

export function stageFromRow(row: Row): EntityStage {
  return {
    entityRef: String(row.entity_ref),
    stage: String(row.stage) as Stage,
    since: toIso(row.since),
    computedAt: toIso(row.computed_at),
    gaps: toNumber(row.gaps),
  };
}

/**
 * The board item of a stage row without its open counts, as JSON; undefined
 * while the row lacks the catalog facts the board shows.
 */
export function boardItemJson(row: Row): string | undefined {
  if (!row.kind) {
    return undefined;
  }
  const facts = factsFromRow(row);
  const item: Omit<
    BoardItem,
    'openIncidents' | 'breachedIncidents' | 'openChanges'
  > = {
    entityRef: String(row.entity_ref),
    title: facts.title,
    kind: facts.kind,
    ...(facts.owner ? { owner: facts.owner } : {}),
    ...(facts.system ? { system: facts.system } : {}),
    ...(facts.lifecycle ? { lifecycle: facts.lifecycle } : {}),
    stage: String(row.stage) as Stage,
    stageSince: toIso(row.since),
    gaps: toNumber(row.gaps),
    ...(row.production_version
      ? { productionVersion: String(row.production_version) }
      : {}),
  };
  return JSON.stringify(item);
}

export function factsColumns(facts: EntityFacts): Row {
  return {
    kind: facts.kind,
    title: facts.title,
    owner: facts.owner ?? null,
    owner_ref: facts.ownerRef ? normalizeRef(facts.ownerRef) : null,
    system: facts.system ?? null,
    system_ref: facts.systemRef ? normalizeRef(facts.systemRef) : null,
    lifecycle: facts.lifecycle ?? null,
  };
}

function factsFromRow(row: Row): EntityFacts {
  const optional = (column: string) =>
    row[column] ? String(row[column]) : undefined;
  const facts: EntityFacts = {
    kind: String(row.kind),
    title: String(row.title ?? row.entity_ref),
  };
  const pairs: Array<[keyof EntityFacts, string]> = [
    ['owner', 'owner'],
    ['ownerRef', 'owner_ref'],
    ['system', 'system'],
    ['systemRef', 'system_ref'],
    ['lifecycle', 'lifecycle'],
  ];
  for (const [key, column] of pairs) {
    const value = optional(column);
    if (value) {
      facts[key] = value;
    }
  }
  return facts;
}
