import type { ActivationState, InstanceSummary } from './instance-history';
import { OBJECT_TYPES, objectIds, type OcelRelationship, type OcelValue } from './ocel-model';

/** An OCEL object being filled in while an instance's events are read. */
export interface ObjectBuilder {
  readonly id: string;
  readonly type: string;
  readonly attributes: { name: string; time: string; value: OcelValue }[];
  readonly relationships: OcelRelationship[];
}

/**
 * The objects one instance's events touch: the instance and its activations (built here), and
 * the people and teams they name (only named: they are shared with other instances). Values fixed
 * from the start are recorded at the epoch, as the standard's examples do.
 */
export class InstanceObjects {
  readonly root: ObjectBuilder;
  readonly all: ObjectBuilder[];
  /** Person ids, each with the teams it was assigned for. */
  readonly people = new Map<string, Set<string>>();
  readonly teams = new Set<string>();
  private readonly activations = new Map<string, ObjectBuilder>();

  constructor(
    private readonly summary: InstanceSummary,
    /** The Unix epoch as written: the time of values fixed from the start. */
    readonly epoch: string,
  ) {
    this.root = {
      id: objectIds.instance(summary.instanceId),
      type: OBJECT_TYPES.instance,
      attributes: [
        { name: 'definitionId', time: epoch, value: summary.definitionId },
        { name: 'definitionVersion', time: epoch, value: summary.definitionVersion },
        { name: 'businessKey', time: epoch, value: summary.businessKey },
      ],
      relationships: [],
    };
    this.all = [this.root];
  }

  /** The activation's object, created (part of the instance) when first met. */
  activation(state: ActivationState): ObjectBuilder {
    let object = this.activations.get(state.activationId);
    if (!object) {
      object = {
        id: this.activationId(state.activationId),
        type: OBJECT_TYPES.activation,
        attributes: [
          { name: 'stepId', time: this.epoch, value: state.stepId },
          { name: 'attempt', time: this.epoch, value: state.attempt },
        ],
        relationships: [{ objectId: this.root.id, qualifier: 'part of' }],
      };
      this.activations.set(state.activationId, object);
      this.all.push(object);
    }
    return object;
  }

  activationId(activationId: string): string {
    return objectIds.activation(this.summary.instanceId, activationId);
  }

  /** A person's object id; `team`, when known, is one the person was assigned for. */
  person(personId: string, team?: string): string {
    let memberOf = this.people.get(personId);
    if (!memberOf) this.people.set(personId, (memberOf = new Set()));
    if (team !== undefined) memberOf.add(team);
    return objectIds.person(personId);
  }

  team(teamId: string): string {
    this.teams.add(teamId);
    return objectIds.team(teamId);
  }
}

/** An event's relationships, each (object, qualifier) once, in the order they were found. */
export class Relationships {
  readonly list: OcelRelationship[] = [];

  relate(objectId: string, qualifier: string): void {
    if (!this.list.some((r) => r.objectId === objectId && r.qualifier === qualifier))
      this.list.push({ objectId, qualifier });
  }
}
