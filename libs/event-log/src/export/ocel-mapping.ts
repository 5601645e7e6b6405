import type { instance } from '@baton/domain';
import type { InstantFormat } from './instant-format';
import {
  ActivationTracker,
  summarizeInstance,
  type ActivationState,
  type HistoryEvent,
} from './instance-history';
import {
  EVENT_ATTRIBUTES,
  OBJECT_TYPES,
  objectIds,
  ocelEventType,
  type OcelEvent,
  type OcelObject,
  type OcelRelationship,
  type OcelValue,
} from './ocel-model';

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

interface ObjectBuilder {
  readonly id: string;
  readonly type: string;
  readonly attributes: { name: string; time: string; value: OcelValue }[];
  readonly relationships: OcelRelationship[];
}

/**
 * Maps one instance's events (stream order) to OCEL 2.0 events and objects: every event relates
 * the instance; a step's events relate its activation, the person who had it and its team; an
 * activation relates the activations it was handed off from. Object attributes that change
 * (status, assignee) are recorded at the time of each change. Empty when the stream does not
 * begin with `InstanceStarted`.
 */
export function instanceOcel(history: readonly HistoryEvent[], time: InstantFormat): InstanceOcel {
  const people = new Map<string, Set<string>>();
  const teams = new Set<string>();
  const eventTypes = new Map<string, instance.InstanceEventType>();
  const summary = summarizeInstance(history);
  if (!summary) return { events: [], objects: [], people, teams, eventTypes };

  const epoch = time(0);
  const instanceId = objectIds.instance(summary.instanceId);
  const root: ObjectBuilder = {
    id: instanceId,
    type: OBJECT_TYPES.instance,
    attributes: [
      { name: 'definitionId', time: epoch, value: summary.definitionId },
      { name: 'definitionVersion', time: epoch, value: summary.definitionVersion },
      { name: 'businessKey', time: epoch, value: summary.businessKey },
    ],
    relationships: [],
  };
  const objects: ObjectBuilder[] = [root];
  const activations = new Map<string, ObjectBuilder>();
  const activationObject = (state: ActivationState): ObjectBuilder => {
    let object = activations.get(state.activationId);
    if (!object) {
      object = {
        id: objectIds.activation(summary.instanceId, state.activationId),
        type: OBJECT_TYPES.activation,
        attributes: [
          { name: 'stepId', time: epoch, value: state.stepId },
          { name: 'attempt', time: epoch, value: state.attempt },
        ],
        relationships: [{ objectId: instanceId, qualifier: 'part of' }],
      };
      activations.set(state.activationId, object);
      objects.push(object);
    }
    return object;
  };
  const person = (personId: string, team?: string): string => {
    let memberOf = people.get(personId);
    if (!memberOf) people.set(personId, (memberOf = new Set()));
    if (team !== undefined) memberOf.add(team);
    return objectIds.person(personId);
  };
  const team = (teamId: string): string => {
    teams.add(teamId);
    return objectIds.team(teamId);
  };

  const tracker = new ActivationTracker();
  const events: OcelEvent[] = [];
  for (const { id, event } of history) {
    const before = 'activationId' in event.data ? tracker.get(event.data.activationId as string) : undefined;
    const previousAssignee = before?.assignee;
    tracker.observe(event);
    const at = time(event.at);
    const relationships: OcelRelationship[] = [{ objectId: instanceId, qualifier: 'instance' }];
    const relate = (objectId: string, qualifier: string) => {
      if (!relationships.some((r) => r.objectId === objectId && r.qualifier === qualifier))
        relationships.push({ objectId, qualifier });
    };
    const stepObjects = (state: ActivationState, personQualifier: string | undefined) => {
      const object = activationObject(state);
      relate(object.id, 'activation');
      if (personQualifier !== undefined && state.assignee !== undefined)
        relate(person(state.assignee, state.team), personQualifier);
      if (state.team !== undefined) relate(team(state.team), 'team');
      return object;
    };
    const setStatus = (object: ObjectBuilder, status: string) =>
      object.attributes.push({ name: 'status', time: at, value: status });

    switch (event.type) {
      case 'InstanceStarted':
        root.attributes.push({ name: 'status', time: at, value: 'running' });
        break;
      case 'StepActivated': {
        const state = tracker.of(event.data);
        const object = stepObjects(state, undefined);
        object.attributes.push({ name: 'stepKind', time: epoch, value: event.data.stepKind });
        if (event.data.dueAt !== undefined)
          object.attributes.push({ name: 'dueAt', time: epoch, value: time(event.data.dueAt) });
        setStatus(object, 'activated');
        if (event.data.owner?.kind === 'team')
          object.relationships.push({ objectId: team(event.data.owner.teamId), qualifier: 'owned by' });
        for (const source of event.data.handedOffFrom) {
          if (source.fromActivationId === undefined) continue;
          const from = objectIds.activation(summary.instanceId, source.fromActivationId);
          relate(from, 'handed off from');
          object.relationships.push({ objectId: from, qualifier: 'handed off from' });
        }
        break;
      }
      case 'StepAssigned':
      case 'StepReassigned': {
        const state = tracker.of(event.data);
        const object = stepObjects(state, 'assignee');
        if (
          event.type === 'StepReassigned' &&
          previousAssignee !== undefined &&
          previousAssignee !== state.assignee
        )
          relate(person(previousAssignee), 'previous assignee');
        setStatus(object, 'assigned');
        if (state.assignee !== undefined)
          object.attributes.push({ name: 'assignee', time: at, value: state.assignee });
        break;
      }
      case 'StepStarted':
      case 'StepCompleted':
      case 'StepFailed': {
        const state = tracker.of(event.data);
        const object = stepObjects(state, 'worker');
        if (state.assignee !== undefined && state.assignee !== previousAssignee)
          object.attributes.push({ name: 'assignee', time: at, value: state.assignee });
        const status =
          event.type === 'StepStarted'
            ? 'started'
            : event.type === 'StepCompleted'
              ? 'completed'
              : event.data.kind;
        setStatus(object, status);
        break;
      }
      case 'StepOverdue':
        stepObjects(tracker.of(event.data), 'assignee');
        break;
      case 'StepEscalated': {
        const state = tracker.of(event.data);
        const object = stepObjects(state, 'assignee');
        const { to, toPersonId, action } = event.data;
        if (toPersonId !== undefined) relate(person(toPersonId), 'escalated to');
        else if (to.kind === 'person') relate(person(to.personId), 'escalated to');
        else if (to.kind === 'team') relate(team(to.teamId), 'escalated to');
        if (action === 'reassign' && previousAssignee !== undefined && previousAssignee !== state.assignee) {
          relate(person(previousAssignee), 'previous assignee');
          if (state.assignee !== undefined)
            object.attributes.push({ name: 'assignee', time: at, value: state.assignee });
        }
        break;
      }
      case 'TriggerCorrelated':
        if (event.data.activationId !== undefined)
          relate(
            activationObject(tracker.of({ activationId: event.data.activationId })).id,
            'released activation',
          );
        break;
      case 'InstanceCompleted':
      case 'InstanceCancelled':
      case 'InstanceFailed': {
        const status =
          event.type === 'InstanceCompleted'
            ? 'completed'
            : event.type === 'InstanceCancelled'
              ? 'cancelled'
              : 'failed';
        root.attributes.push({ name: 'status', time: at, value: status });
        if (event.type === 'InstanceFailed' && event.data.activationId !== undefined)
          relate(
            activationObject(tracker.of({ activationId: event.data.activationId })).id,
            'failed activation',
          );
        if (event.type !== 'InstanceCompleted') {
          for (const activationId of event.data.cancelledActivationIds) {
            const object = activationObject(tracker.of({ activationId }));
            relate(object.id, 'cancelled activation');
            setStatus(object, 'cancelled');
          }
        }
        break;
      }
      default:
        break;
    }
    const type = ocelEventType(event);
    eventTypes.set(type, event.type);
    // Only an activation's first event carries its attempt; the others take it from the activation.
    const attempt = 'stepId' in event.data ? tracker.of(event.data).attempt : undefined;
    events.push({ id, type, time: at, attributes: eventAttributes(event, time, attempt), relationships });
  }
  return { events, objects, people, teams, eventTypes };
}

/** The event's declared attributes that it has, typed as declared (times formatted). */
function eventAttributes(
  event: instance.InstanceEvent,
  time: InstantFormat,
  attempt: number | undefined,
): OcelEvent['attributes'] {
  const data = event.data as unknown as Record<string, unknown>;
  const values: { name: string; value: OcelValue }[] = [];
  for (const { name, type } of EVENT_ATTRIBUTES[event.type]) {
    const value = name === 'attempt' ? attempt : data[name];
    if (value === undefined || value === null) continue;
    if (type === 'time' && typeof value === 'number') values.push({ name, value: time(value) });
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      values.push({ name, value });
  }
  return values;
}
