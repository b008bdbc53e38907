import { defineLifecycle, type TransitionContext } from './defineLifecycle';

type Light = 'red' | 'green' | 'yellow' | 'off';
interface Lamp {
  state: Light;
  broken: boolean;
  owner: string;
}

const lamp = defineLifecycle<Lamp, Light>({
  name: 'lamp',
  states: ['red', 'green', 'yellow', 'off'],
  closedStates: ['off'],
  transitions: {
    red: ['green', 'off'],
    green: ['yellow', 'off'],
    yellow: ['red', 'off'],
    off: [],
  },
  only: { 'red->off': l => l.broken },
  forbids: {
    off: [(l, ctx) => (l.owner === ctx.actor ? undefined : 'not yours')],
  },
  requires: {
    yellow: [(_, ctx) => (ctx.input?.note ? undefined : 'a note is required')],
    'green->yellow': [l => (l.broken ? 'it is broken' : undefined)],
  },
  patch: (_, to, ctx) => (to === 'off' ? { owner: ctx.actor } : {}),
});

const ctx: TransitionContext = { actor: 'me', now: '2025-01-01T00:00:00Z' };
const ok = { state: 'green', broken: false, owner: 'me' } as Lamp;

describe('defineLifecycle', () => {
  it.each<[string, Lamp, string, TransitionContext, unknown]>([
    [
      'an edge',
      { ...ok, state: 'red' },
      'green',
      ctx,
      { ok: true, patch: { state: 'green' } },
    ],
    [
      'a missing edge',
      { ...ok, state: 'red' },
      'yellow',
      ctx,
      {
        ok: false,
        reason: 'illegal',
        message: 'Cannot move lamp from "red" to "yellow"; allowed: green',
      },
    ],
    [
      'an unknown state',
      ok,
      'blue',
      ctx,
      {
        ok: false,
        reason: 'illegal',
        message:
          'Cannot move lamp from "green" to "blue"; allowed: yellow, off',
      },
    ],
    [
      'a move to itself',
      ok,
      'green',
      ctx,
      {
        ok: false,
        reason: 'illegal',
        message:
          'Cannot move lamp from "green" to "green"; allowed: yellow, off',
      },
    ],
    [
      'a final state',
      { ...ok, state: 'off' },
      'red',
      ctx,
      {
        ok: false,
        reason: 'illegal',
        message: 'Cannot move lamp from "off" to "red"; allowed: none',
      },
    ],
    [
      'a conditional edge when met',
      { ...ok, state: 'red', broken: true },
      'off',
      ctx,
      { ok: true, patch: { state: 'off', owner: 'me' } },
    ],
    [
      'a forbidden move',
      { ...ok, owner: 'you' },
      'off',
      ctx,
      {
        ok: false,
        reason: 'forbidden',
        message: 'Cannot move lamp from "green" to "off": not yours',
      },
    ],
    [
      'all missing requirements',
      { ...ok, broken: true },
      'yellow',
      ctx,
      {
        ok: false,
        reason: 'requirement',
        message:
          'Cannot move lamp from "green" to "yellow": a note is required; it is broken',
      },
    ],
    [
      'met requirements',
      ok,
      'yellow',
      { ...ctx, input: { note: 'n' } },
      { ok: true, patch: { state: 'yellow' } },
    ],
  ])('judges %s', (_, record, to, context, expected) => {
    expect(lamp.checkTransition(record, to, context)).toEqual(expected);
  });

  it.each<[Lamp, Light[]]>([
    [{ ...ok, state: 'red' }, ['green']],
    [{ ...ok, state: 'red', broken: true }, ['green', 'off']],
    [{ ...ok, state: 'off' }, []],
  ])('lists the allowed moves from %j', (record, expected) => {
    expect(lamp.allowedTransitions(record)).toEqual(expected);
  });

  it.each([
    ['red', true],
    ['off', false],
    ['purple', false],
  ])('isOpen(%s) is %s', (state, expected) => {
    expect(lamp.isOpen(state)).toBe(expected);
  });
});
