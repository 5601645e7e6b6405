import type { ProcessDefinition } from '../../definition/model';
import type { DataRecord } from '../../shared/data';
import {
  aDefinition,
  approval,
  automated,
  cancelPath,
  exceptionStepPath,
  failPath,
  field,
  handoff,
  humanTask,
  reworkPath,
  timer,
  waitForEvent,
} from './definitions';
import { DAY, HOUR, T0 } from './events';

/**
 * Definitions for property tests, with what a well-behaved participant would do at each step
 * (`forward`) and what a random one might do (`random(variant)`), so a run can wander anywhere and
 * then be driven to its end.
 */
export interface Scenario {
  readonly definition: ProcessDefinition;
  /** The start trigger a run starts with, if any. */
  readonly triggerType?: string;
  readonly startData: (variant: number) => DataRecord;
  readonly completion: (stepId: string, variant: number) => { outcome?: string; output: DataRecord };
  readonly events: readonly {
    readonly type: string;
    readonly keyField: string;
    readonly payload: DataRecord;
  }[];
}

/** Order to cash: choice by amount, approval with outcomes and rework, split + join, exception step, timer. */
export const orderScenario: Scenario = {
  definition: aDefinition({
    id: 'order',
    triggers: [
      {
        event: 'order.placed',
        correlationKey: 'orderId',
        requires: [field('orderId'), field('amount', 'number'), field('deliveryDate', 'date')],
      },
    ],
    steps: [
      humanTask('confirm', {
        deadline: { kind: 'within', durationMs: DAY },
        escalations: [{ afterMs: 0, action: 'reassign', to: { kind: 'person', personId: 'lead' } }],
      }),
      approval('approve', ['approved', 'returned']),
      automated('invoice'),
      humanTask('reconcile'),
      humanTask('ship', { deadline: { kind: 'relative', field: 'deliveryDate', offsetMs: -DAY } }),
      waitForEvent('await-payment', 'payment.received', 'orderId', [field('paid', 'number')]),
      humanTask('close'),
      timer('cool-off', { kind: 'within', durationMs: 2 * HOUR }),
    ],
    handoffs: [
      handoff('go', 'start', 'confirm'),
      handoff('big', 'confirm', 'approve', { condition: 'data.amount > 100' }),
      handoff('small', 'confirm', 'invoice', { default: true }),
      handoff('approved', 'approve', 'invoice', { trigger: { kind: 'outcome', outcomes: ['approved'] } }),
      handoff('returned', 'approve', 'confirm', { trigger: { kind: 'outcome', outcomes: ['returned'] } }),
      handoff('fulfil', 'invoice', ['ship', 'await-payment'], { data: [field('shipTo')] }),
      handoff('reconciled', 'reconcile', 'invoice'),
      handoff('settled', ['ship', 'await-payment'], 'close'),
      handoff('closed', 'close', 'cool-off'),
      handoff('done', 'cool-off', 'end'),
    ],
    exceptions: [
      reworkPath('approve-rework', 'approve', 'confirm', 2),
      exceptionStepPath('mismatch', 'invoice', 'reconcile', { on: 'failed', maxIterations: 2 }),
      cancelPath('ship-failed', 'ship', { on: 'failed' }),
    ],
  }),
  triggerType: 'order.placed',
  startData: (variant): DataRecord =>
    variant === 9 ? {} : { orderId: 'O-1', amount: variant * 30, deliveryDate: '2026-01-20' },
  completion: (stepId, variant): { outcome?: string; output: DataRecord } => {
    if (stepId === 'confirm') return { output: { amount: variant * 30 } };
    if (stepId === 'approve')
      return { ...(variant < 8 ? { outcome: variant % 2 ? 'returned' : 'approved' } : {}), output: {} };
    if (stepId === 'invoice')
      return { output: variant === 7 ? {} : ({ shipTo: 'Main St 1' } satisfies DataRecord) };
    return { output: {} };
  },
  events: [{ type: 'payment.received', keyField: 'orderId', payload: { paid: 100 } }],
};

/** Three branches feeding a `first` join and a two-of-three join; an event-triggered handoff after the first. */
export const joinScenario: Scenario = {
  definition: aDefinition({
    id: 'joins',
    steps: ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => humanTask(id)),
    handoffs: [
      handoff('split', 'start', ['a', 'b', 'c']),
      handoff('first', ['a', 'b', 'c'], 'd', { join: { kind: 'first' } }),
      handoff('two', ['a', 'b', 'c'], 'e', { join: { kind: 'n-of-m', count: 2 } }),
      handoff('signed', 'd', 'f', {
        trigger: { kind: 'event', event: 'docs.signed', correlationKey: 'caseId' },
      }),
      handoff('e-end', 'e', 'end'),
      handoff('f-end', 'f', 'end'),
    ],
    exceptions: [failPath('a-failed', 'a', { on: 'failed' }), reworkPath('b-rework', 'b', 'b', 1)],
  }),
  startData: () => ({ caseId: 'C-1' }),
  completion: () => ({ output: {} }),
  events: [{ type: 'docs.signed', keyField: 'caseId', payload: {} }],
};

/** A wait for an event and a timer relative to a date, joined. */
export const waitScenario: Scenario = {
  definition: aDefinition({
    id: 'waits',
    steps: [
      waitForEvent('await-docs', 'docs.received', 'caseId'),
      timer('reminder', { kind: 'relative', field: 'deadlineDate', offsetMs: -DAY }),
      humanTask('review'),
    ],
    handoffs: [
      handoff('split', 'start', ['await-docs', 'reminder']),
      handoff('both', ['await-docs', 'reminder'], 'review'),
      handoff('done', 'review', 'end'),
    ],
    exceptions: [reworkPath('review-again', 'review', 'review', 2)],
  }),
  startData: () => ({ caseId: 'C-9', deadlineDate: new Date(T0 + 2 * DAY).toISOString() }),
  completion: () => ({ output: {} }),
  events: [{ type: 'docs.received', keyField: 'caseId', payload: {} }],
};
