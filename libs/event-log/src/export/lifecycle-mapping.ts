import type { instance, Millis } from '@baton/domain';
import { ActivationTracker, type ActivationState, type HistoryEvent } from './instance-history';

/** The transitions of the XES standard lifecycle model that Baton's events map to. */
export type LifecycleTransition =
  'schedule' | 'assign' | 'reassign' | 'start' | 'complete' | 'ate_abort' | 'pi_abort' | 'unknown';

/** What the standard model has no transition for, or says too little about, as Baton's own marking. */
export type StepMarking = 'overdue' | 'escalated' | 'failed' | 'rejected' | 'cancelled';

/** One event of a step activation in a standard log: an XES event. */
export interface StepEntry {
  /** The store's event id (`identity:id`). */
  readonly eventId: string;
  readonly eventType: instance.InstanceEventType;
  readonly stepId: string;
  readonly activationId: string;
  readonly attempt: number;
  readonly transition: LifecycleTransition;
  readonly at: Millis;
  /** Who had the activation once the event happened (the worker, the new assignee). */
  readonly resource?: string;
  /** The activation's team once the event happened. */
  readonly group?: string;
  readonly marking?: StepMarking;
  readonly outcome?: string;
  readonly reason?: string;
  readonly dueAt?: Millis;
  readonly escalationLevel?: number;
  readonly escalationAction?: string;
}

type Extra = Partial<
  Pick<StepEntry, 'marking' | 'outcome' | 'reason' | 'dueAt' | 'escalationLevel' | 'escalationAction'>
>;

/**
 * The step-level entries of one instance's events, in stream order: the lifecycle of every
 * activation as the XES standard model names it (see docs/analytics-export.md for the table).
 * Instance-level events (started, completed, trigger correlated) become no entry; the trace
 * carries them. Cancelling or failing the instance aborts each activation it cancelled
 * (`pi_abort`).
 */
export function stepEntries(history: readonly HistoryEvent[]): StepEntry[] {
  const tracker = new ActivationTracker();
  const entries: StepEntry[] = [];
  const add = (
    id: string,
    event: instance.InstanceEvent,
    state: ActivationState,
    transition: LifecycleTransition,
    extra: Extra = {},
  ) =>
    entries.push({
      eventId: id,
      eventType: event.type,
      stepId: state.stepId,
      activationId: state.activationId,
      attempt: state.attempt,
      transition,
      at: event.at,
      ...(state.assignee !== undefined ? { resource: state.assignee } : {}),
      ...(state.team !== undefined ? { group: state.team } : {}),
      ...definedOnly(extra),
    });

  for (const { id, event } of history) {
    tracker.observe(event);
    switch (event.type) {
      case 'StepActivated': {
        const { dueAt } = event.data;
        // Nobody has a step that was just activated, whatever its owner.
        const state = { ...{}, ...tracker.of(event.data), assignee: undefined };
        add(id, event, state, 'schedule', { dueAt });
        break;
      }
      case 'StepAssigned':
        add(id, event, tracker.of(event.data), 'assign', { reason: event.data.reason });
        break;
      case 'StepReassigned':
        add(id, event, tracker.of(event.data), 'reassign', { reason: event.data.reason });
        break;
      case 'StepStarted':
        add(id, event, tracker.of(event.data), 'start');
        break;
      case 'StepCompleted':
        add(id, event, tracker.of(event.data), 'complete', { outcome: event.data.outcome });
        break;
      case 'StepFailed': {
        const { kind, reason, outcome } = event.data;
        // A rejection is a decision taken: the approver's work completed, with a negative outcome.
        const transition = kind === 'rejected' ? 'complete' : 'ate_abort';
        add(id, event, tracker.of(event.data), transition, { marking: kind, reason, outcome });
        break;
      }
      case 'StepOverdue':
        add(id, event, tracker.of(event.data), 'unknown', { marking: 'overdue', dueAt: event.data.dueAt });
        break;
      case 'StepEscalated': {
        const { action, level, reason } = event.data;
        const transition = action === 'reassign' ? 'reassign' : 'unknown';
        add(id, event, tracker.of(event.data), transition, {
          marking: 'escalated',
          escalationLevel: level,
          escalationAction: action,
          reason,
        });
        break;
      }
      case 'InstanceCancelled':
      case 'InstanceFailed':
        for (const activationId of event.data.cancelledActivationIds) {
          add(id, event, tracker.of({ activationId }), 'pi_abort', {
            marking: 'cancelled',
            reason: event.data.reason,
          });
        }
        break;
      default:
        break;
    }
  }
  return entries;
}

function definedOnly(extra: Extra): Extra {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) kept[key] = value;
  return kept as Extra;
}
