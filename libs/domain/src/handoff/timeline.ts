import type { Millis } from '../shared/data';
import type { FieldViolation } from '../shared/errors';
import { START } from '../definition/model';
import type { HandoffSource, InstanceEvent, StepActivated } from '../instance/events';

/** What one activation's events say, folded in stream order. */
export interface ActivationFacts {
  readonly activated: StepActivated;
  assignedAt?: Millis;
  assigneeId?: string;
  /** From the first StepAssigned that names a team. */
  assignedTeamId?: string;
  startedAt?: Millis;
  startInferred: boolean;
  end?: { readonly kind: 'completed' | 'failed' | 'cancelled'; readonly at: Millis };
  overdueRecorded: boolean;
  reassignments: number;
  escalationLevel: number;
}

export interface Timeline {
  instanceId?: string;
  startedAt?: Millis;
  end?: { readonly kind: 'completed' | 'cancelled' | 'failed'; readonly at: Millis };
  /** In activation order. */
  readonly activations: Map<string, ActivationFacts>;
  readonly violations: FieldViolation[];
}

/**
 * Folds an instance's events (stream order) into per-activation facts, recording every
 * inconsistency that could make a duration negative or ambiguous instead of guessing. A source's
 * `completedAt` is what the handoff is timed from, so it must match the upstream end the stream
 * recorded (when the stream has it: an import may start mid-way). Rules:
 * the first StepAssigned before the start and the first StepStarted count; an activation that
 * ends without a StepStarted is taken to start when it ends; events for an ended activation
 * other than a second end are ignored.
 */
export function foldTimeline(events: readonly InstanceEvent[]): Timeline {
  const t: Timeline = { activations: new Map(), violations: [] };
  const flag = (field: string, reason: string, description: string): void => {
    t.violations.push({ field, reason, description });
  };
  const notBefore = (i: number, at: Millis, earlier: Millis | undefined, what: string): boolean => {
    if (earlier === undefined || at >= earlier) return true;
    flag(`events[${i}].at`, 'OUT_OF_ORDER', `${events[i]?.type} at ${at} is before ${what} at ${earlier}`);
    return false;
  };
  const activation = (
    i: number,
    activationId: string,
    field = 'data.activationId',
  ): ActivationFacts | undefined => {
    const facts = t.activations.get(activationId);
    if (!facts) flag(`events[${i}].${field}`, 'UNKNOWN_ACTIVATION', `"${activationId}" was never activated`);
    return facts;
  };

  events.forEach((event, i) => {
    if (!Number.isSafeInteger(event.at)) {
      return flag(`events[${i}].at`, 'INVALID_TIME', 'must be epoch milliseconds (an integer)');
    }
    const instanceId = 'instanceId' in event.data ? event.data.instanceId : undefined;
    t.instanceId ??= instanceId;
    if (instanceId !== t.instanceId) {
      return flag(`events[${i}].data.instanceId`, 'MIXED_INSTANCES', `is not "${t.instanceId}"`);
    }
    switch (event.type) {
      case 'InstanceStarted':
        if (t.startedAt !== undefined)
          return flag(`events[${i}]`, 'DUPLICATE_START', 'the instance started already');
        t.startedAt = event.at;
        return;
      case 'StepActivated':
        return activate(event, i);
      case 'StepAssigned': {
        const f = activation(i, event.data.activationId);
        if (!f || f.end || !notBefore(i, event.at, f.activated.at, 'the activation')) return;
        f.assignedTeamId ??= event.data.teamId;
        // Only the first assignment before the start splits the handoff; later ones are not a wait for an owner.
        if (f.assignedAt === undefined && f.startedAt === undefined) {
          [f.assignedAt, f.assigneeId] = [event.at, event.data.personId];
        }
        return;
      }
      case 'StepStarted': {
        const f = activation(i, event.data.activationId);
        if (!f || f.end || f.startedAt !== undefined) return;
        if (
          notBefore(i, event.at, f.activated.at, 'the activation') &&
          notBefore(i, event.at, f.assignedAt, 'the assignment')
        ) {
          f.startedAt = event.at;
        }
        return;
      }
      case 'StepCompleted':
      case 'StepFailed':
        return end(
          event.data.activationId,
          event.type === 'StepCompleted' ? 'completed' : 'failed',
          event.at,
          i,
        );
      case 'StepReassigned':
      case 'StepOverdue':
      case 'StepEscalated': {
        const f = activation(i, event.data.activationId);
        if (!f) return;
        if (event.type === 'StepReassigned') f.reassignments += 1;
        if (event.type === 'StepOverdue') f.overdueRecorded = true;
        if (event.type === 'StepEscalated') f.escalationLevel = Math.max(f.escalationLevel, event.data.level);
        return;
      }
      case 'InstanceCompleted':
        return finish('completed', event.at, i);
      case 'InstanceCancelled':
      case 'InstanceFailed':
        event.data.cancelledActivationIds.forEach((id, k) => {
          const f = activation(i, id, `data.cancelledActivationIds[${k}]`);
          if (f && !f.end && notBefore(i, event.at, ...latest(f))) {
            f.end = { kind: 'cancelled', at: event.at };
          }
        });
        return finish(event.type === 'InstanceCancelled' ? 'cancelled' : 'failed', event.at, i);
      default:
        return; // TriggerCorrelated and future types carry no step timing
    }
  });
  return t;

  function activate(event: StepActivated, i: number): void {
    const { activationId, handedOffFrom } = event.data;
    if (t.activations.has(activationId)) {
      return flag(
        `events[${i}].data.activationId`,
        'DUPLICATE_ACTIVATION',
        `"${activationId}" was activated already`,
      );
    }
    // A bad source is flagged but the activation still counts, so its later events do not cascade
    // into UNKNOWN_ACTIVATION noise (the whole stream is refused anyway).
    handedOffFrom.forEach((source, j) => {
      const sla = source.slaWithinMs;
      if (sla !== undefined && !(Number.isSafeInteger(sla) && sla > 0))
        flag(`events[${i}].data.handedOffFrom[${j}].slaWithinMs`, 'INVALID_SLA', 'must be whole ms above 0');
      const field = `events[${i}].data.handedOffFrom[${j}].completedAt`;
      if (!Number.isSafeInteger(source.completedAt)) {
        flag(field, 'INVALID_TIME', 'must be epoch milliseconds (an integer)');
      } else if (source.completedAt > event.at) {
        flag(field, 'OUT_OF_ORDER', `${source.completedAt} is after the activation at ${event.at}`);
      } else if (recordedEnd(source) !== undefined && recordedEnd(source) !== source.completedAt) {
        flag(
          field,
          'SOURCE_MISMATCH',
          `is not when "${source.fromActivationId ?? 'start'}" ended (${recordedEnd(source)})`,
        );
      }
    });
    t.activations.set(activationId, {
      activated: event,
      startInferred: false,
      overdueRecorded: false,
      reassignments: 0,
      escalationLevel: 0,
    });
  }

  /** When the stream says the source ended (its end event, or the instance start), if it says. */
  function recordedEnd(source: HandoffSource): Millis | undefined {
    if (source.fromActivationId === undefined) return source.fromStepId === START ? t.startedAt : undefined;
    return t.activations.get(source.fromActivationId)?.end?.at;
  }

  function end(activationId: string, kind: 'completed' | 'failed', at: Millis, i: number): void {
    const f = activation(i, activationId);
    if (!f) return;
    if (f.end) return flag(`events[${i}]`, 'ALREADY_ENDED', `"${activationId}" ${f.end.kind} already`);
    if (!notBefore(i, at, ...latest(f))) return;
    if (f.startedAt === undefined) [f.startedAt, f.startInferred] = [at, true];
    f.end = { kind, at };
  }

  /** The activation's last known moment, which an end may not precede. */
  function latest(f: ActivationFacts): [Millis, string] {
    if (f.startedAt !== undefined) return [f.startedAt, `the start of "${f.activated.data.activationId}"`];
    if (f.assignedAt !== undefined)
      return [f.assignedAt, `the assignment of "${f.activated.data.activationId}"`];
    return [f.activated.at, `the activation of "${f.activated.data.activationId}"`];
  }

  function finish(kind: 'completed' | 'cancelled' | 'failed', at: Millis, i: number): void {
    if (t.end) return flag(`events[${i}]`, 'ALREADY_ENDED', `the instance ${t.end.kind} already`);
    if (notBefore(i, at, t.startedAt, 'the instance start')) t.end = { kind, at };
  }
}
