import type { instance } from '@baton/domain';
import type { InstantFormat } from './instant-format';
import {
  ActivationTracker,
  summarizeInstance,
  type ActivationState,
  type HistoryEvent,
} from './instance-history';
import { eventAttributes, ocelEventType, type OcelEvent, type OcelObject } from './ocel-model';
import { InstanceObjects, Relationships, type ObjectBuilder } from './ocel-objects';

/** One instance as OCEL records; people and teams are shared by instances, so only named here. */
export interface InstanceOcel {
  readonly events: OcelEvent[];
  /** The instance and its step activations. */
  readonly objects: OcelObject[];
  /** Person ids related to any event, each with the teams it was assigned for. */
  readonly people: ReadonlyMap<string, ReadonlySet<string>>;
  readonly teams: ReadonlySet<string>;
  /** Event type name → the Baton event type it comes from. */
  readonly eventTypes: ReadonlyMap<string, instance.InstanceEventType>;
}

/** What mapping one event needs. */
interface Step {
  readonly objects: InstanceObjects;
  readonly tracker: ActivationTracker;
  readonly relations: Relationships;
  /** The event's time as written. */
  readonly at: string;
  readonly time: InstantFormat;
  /** Who had the event's activation before it. */
  readonly previousAssignee: string | undefined;
}

/**
 * Maps one instance's events (stream order) to OCEL 2.0 events and objects: every event relates
 * the instance; a step's events relate its activation, the person who had it and its team; an
 * activation relates the activations it was handed off from. Object attributes that change
 * (status, assignee) are recorded at the time of each change. Empty when the stream does not
 * begin with `InstanceStarted`.
 */
export function instanceOcel(history: readonly HistoryEvent[], time: InstantFormat): InstanceOcel {
  const eventTypes = new Map<string, instance.InstanceEventType>();
  const summary = summarizeInstance(history);
  if (!summary) return { events: [], objects: [], people: new Map(), teams: new Set(), eventTypes };
  const objects = new InstanceObjects(summary, time(0));
  const tracker = new ActivationTracker();
  const events: OcelEvent[] = [];
  for (const { id, event } of history) {
    const activationId = 'activationId' in event.data ? event.data.activationId : undefined;
    const previousAssignee = activationId ? tracker.get(activationId)?.assignee : undefined;
    tracker.observe(event);
    const relations = new Relationships();
    relations.relate(objects.root.id, 'instance');
    const step: Step = { objects, tracker, relations, at: time(event.at), time, previousAssignee };
    mapEvent(step, event);
    const type = ocelEventType(event);
    eventTypes.set(type, event.type);
    // Only an activation's first event carries its attempt; the others take it from the activation.
    const attempt = 'stepId' in event.data ? tracker.of(event.data).attempt : undefined;
    const attributes = eventAttributes(event, time, attempt);
    events.push({ id, type, time: step.at, attributes, relationships: relations.list });
  }
  return { events, objects: objects.all, people: objects.people, teams: objects.teams, eventTypes };
}

/** Relates the event's objects and records the changes it makes to them. */
function mapEvent(s: Step, event: instance.InstanceEvent): void {
  const { objects, tracker, relations, at } = s;
  const set = (object: ObjectBuilder, name: string, value: string) =>
    object.attributes.push({ name, time: at, value });
  /** The activation, the person who has it (under `personAs`) and its team. */
  const stepObjects = (state: ActivationState, personAs?: string): ObjectBuilder => {
    const object = objects.activation(state);
    relations.relate(object.id, 'activation');
    if (personAs !== undefined && state.assignee !== undefined)
      relations.relate(objects.person(state.assignee, state.team), personAs);
    if (state.team !== undefined) relations.relate(objects.team(state.team), 'team');
    return object;
  };
  const handedOver = (state: ActivationState) =>
    s.previousAssignee !== undefined && s.previousAssignee !== state.assignee;

  switch (event.type) {
    case 'InstanceStarted':
      set(objects.root, 'status', 'running');
      break;
    case 'StepActivated': {
      const object = stepObjects(tracker.of(event.data));
      object.attributes.push({ name: 'stepKind', time: objects.epoch, value: event.data.stepKind });
      if (event.data.dueAt !== undefined)
        object.attributes.push({ name: 'dueAt', time: objects.epoch, value: s.time(event.data.dueAt) });
      set(object, 'status', 'activated');
      if (event.data.owner?.kind === 'team')
        object.relationships.push({ objectId: objects.team(event.data.owner.teamId), qualifier: 'owned by' });
      for (const source of event.data.handedOffFrom) {
        if (source.fromActivationId === undefined) continue;
        const from = objects.activationId(source.fromActivationId);
        relations.relate(from, 'handed off from');
        object.relationships.push({ objectId: from, qualifier: 'handed off from' });
      }
      break;
    }
    case 'StepAssigned':
    case 'StepReassigned': {
      const state = tracker.of(event.data);
      const object = stepObjects(state, 'assignee');
      if (event.type === 'StepReassigned' && handedOver(state))
        relations.relate(objects.person(s.previousAssignee as string), 'previous assignee');
      set(object, 'status', 'assigned');
      if (state.assignee !== undefined) set(object, 'assignee', state.assignee);
      break;
    }
    case 'StepStarted':
    case 'StepCompleted':
    case 'StepFailed': {
      const state = tracker.of(event.data);
      const object = stepObjects(state, 'worker');
      if (state.assignee !== undefined && state.assignee !== s.previousAssignee)
        set(object, 'assignee', state.assignee);
      const done =
        event.type === 'StepCompleted'
          ? 'completed'
          : event.type === 'StepFailed'
            ? event.data.kind
            : 'started';
      set(object, 'status', done);
      break;
    }
    case 'StepOverdue':
      stepObjects(tracker.of(event.data), 'assignee');
      break;
    case 'StepEscalated': {
      const state = tracker.of(event.data);
      const object = stepObjects(state, 'assignee');
      const { to, toPersonId, action } = event.data;
      if (toPersonId !== undefined) relations.relate(objects.person(toPersonId), 'escalated to');
      else if (to.kind === 'person') relations.relate(objects.person(to.personId), 'escalated to');
      else if (to.kind === 'team') relations.relate(objects.team(to.teamId), 'escalated to');
      if (action === 'reassign' && handedOver(state)) {
        relations.relate(objects.person(s.previousAssignee as string), 'previous assignee');
        if (state.assignee !== undefined) set(object, 'assignee', state.assignee);
      }
      break;
    }
    case 'HandoffAtRisk':
    case 'HandoffBreached': {
      const { fromActivationId, toActivationId } = event.data;
      if (fromActivationId !== undefined)
        relations.relate(objects.activationId(fromActivationId), 'handed off from');
      if (toActivationId !== undefined)
        relations.relate(objects.activationId(toActivationId), 'handed off to');
      break;
    }
    case 'TriggerCorrelated': {
      const { activationId } = event.data;
      if (activationId !== undefined)
        relations.relate(objects.activation(tracker.of({ activationId })).id, 'released activation');
      break;
    }
    case 'InstanceCompleted':
      set(objects.root, 'status', 'completed');
      break;
    case 'InstanceCancelled':
    case 'InstanceFailed':
      set(objects.root, 'status', event.type === 'InstanceCancelled' ? 'cancelled' : 'failed');
      if (event.type === 'InstanceFailed' && event.data.activationId !== undefined)
        relations.relate(
          objects.activation(tracker.of({ activationId: event.data.activationId })).id,
          'failed activation',
        );
      for (const activationId of event.data.cancelledActivationIds) {
        const object = objects.activation(tracker.of({ activationId }));
        relations.relate(object.id, 'cancelled activation');
        set(object, 'status', 'cancelled');
      }
      break;
    default:
      break;
  }
}
