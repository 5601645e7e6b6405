import {
  canReachEnd,
  exceptionPathsFrom,
  exceptionTarget,
  incomingHandoffs,
  isChoice,
  isJoin,
  isParallelSplit,
  outgoingHandoffs,
  predecessors,
  reachable,
  reachableFromStart,
  stepById,
  successors,
} from './graph';
import { END, START, type ExceptionPath } from './model';
import { aDefinition, aHandoff, anApproval, aStep } from './test-builders';

/**
 * start → triage → (a | b) → merge → end, with a rework from merge back to triage and an
 * exception step `fix` that returns to merge.
 */
const definition = aDefinition({
  steps: [
    aStep('triage'),
    aStep('a'),
    aStep('b'),
    anApproval('merge', ['ok', 'redo']),
    aStep('fix'),
    aStep('lonely'),
  ],
  handoffs: [
    aHandoff(START, 'triage'),
    aHandoff('triage', ['a', 'b']),
    aHandoff(['a', 'b'], 'merge'),
    aHandoff('merge', END),
    aHandoff('fix', 'merge', { condition: 'data.ok', id: 'fixed' }),
  ],
  exceptions: [
    {
      id: 'redo',
      from: 'merge',
      on: 'rejected',
      outcomes: ['redo'],
      action: 'rework',
      target: 'triage',
      maxIterations: 2,
    },
    { id: 'broken', from: 'a', on: 'failed', outcomes: [], action: 'exception-step', target: 'fix' },
    { id: 'give-up', from: 'merge', on: 'rejected', outcomes: [], action: 'cancel' },
  ],
});

describe('Definition graph', () => {
  it('finds a step by id', () => {
    expect(stepById(definition, 'merge')?.kind).toBe('approval');
    expect(stepById(definition, 'nope')).toBeUndefined();
  });

  it('lists outgoing handoffs, joins included, and those from start', () => {
    expect(outgoingHandoffs(definition, 'a').map((h) => h.id)).toEqual(['a+b->merge']);
    expect(outgoingHandoffs(definition, START).map((h) => h.id)).toEqual(['start->triage']);
    expect(outgoingHandoffs(definition, 'lonely')).toEqual([]);
  });

  it('lists incoming handoffs, those into end included', () => {
    expect(incomingHandoffs(definition, 'merge').map((h) => h.id)).toEqual(['a+b->merge', 'fixed']);
    expect(incomingHandoffs(definition, END).map((h) => h.id)).toEqual(['merge->end']);
  });

  it('lists exception paths in order and their targets', () => {
    expect(exceptionPathsFrom(definition, 'merge').map((e) => e.id)).toEqual(['redo', 'give-up']);
    expect(definition.exceptions.map(exceptionTarget)).toEqual(['triage', 'fix', undefined]);
    const fail: ExceptionPath = { id: 'f', from: 'a', on: 'failed', outcomes: [], action: 'fail' };
    expect(exceptionTarget(fail)).toBeUndefined();
  });

  it('classifies handoffs', () => {
    const [fromStart, split, join, , fixed] = definition.handoffs;
    expect([fromStart, split, join].map((h) => h && isParallelSplit(h))).toEqual([false, true, false]);
    expect([fromStart, split, join].map((h) => h && isJoin(h))).toEqual([false, false, true]);
    expect(fixed && isChoice(fixed)).toBe(true);
    expect(isChoice(aHandoff('a', 'b', { default: true }))).toBe(true);
    expect(split && isChoice(split)).toBe(false);
  });

  it('gives successors and predecessors, with or without exception paths', () => {
    expect(successors(definition, 'merge')).toEqual([END]);
    expect(successors(definition, 'merge', { exceptions: true })).toEqual([END, 'triage']);
    expect(predecessors(definition, 'triage')).toEqual([START]);
    expect(predecessors(definition, 'triage', { exceptions: true })).toEqual([START, 'merge']);
    expect(predecessors(definition, 'merge')).toEqual(['a', 'b', 'fix']);
  });

  it('finds what start reaches, through exception paths too', () => {
    expect([...reachableFromStart(definition)].sort()).toEqual([
      'a',
      'b',
      'end',
      'fix',
      'merge',
      'start',
      'triage',
    ]);
    expect(reachable(definition, [START]).has('fix')).toBe(false);
  });

  it('finds what can reach end through handoffs', () => {
    expect([...canReachEnd(definition)].sort()).toEqual(['a', 'b', 'end', 'fix', 'merge', 'start', 'triage']);
    expect(canReachEnd(definition).has('lonely')).toBe(false);
  });
});
