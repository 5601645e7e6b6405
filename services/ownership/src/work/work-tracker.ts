import { access, type AssignmentPolicy, type DataRecord, type OwnerSpec, type StepKind } from '@baton/domain';
import type { RecordedEvent } from '@baton/eventstore';
import { PublishedSteps, type StepInfo } from './published-steps';

export type { StepInfo } from './published-steps';

/** One open step activation as ownership sees it (from execution's events). */
export interface OpenActivation {
  /** The tenant of its instance: people, teams and policies are looked up in that tenant's directory. */
  readonly tenantId: string;
  readonly instanceId: string;
  readonly activationId: string;
  readonly stepId: string;
  readonly stepKind: StepKind;
  readonly owner?: OwnerSpec;
  readonly policy: AssignmentPolicy;
  readonly dueAt?: number;
  readonly activatedAt: number;
  assignee?: string;
  assignedAt?: number;
  teamId?: string;
  started: boolean;
  /** Set from StepOverdue (execution's time), or provisionally when this process marked it. */
  overdueSince?: number;
  escalationLevel: number;
  /** Set when execution refused a deadline command for good: the scheduler leaves it alone. */
  unscheduled?: boolean;
}

interface InstanceInfo {
  /** The one copy of the id its open activations share. */
  readonly instanceId: string;
  readonly tenantId: string;
  /** Scoped by tenant (`{tenant}/{id}` outside the default tenant), as published steps are kept. */
  readonly definitionId: string;
  readonly definitionVersion: number;
  data: DataRecord;
  /** Ids of its open activations (a short list: most instances have one or two). */
  open: readonly string[];
}

const keyOf = (instanceId: string, activationId: string): string => `${instanceId}/${activationId}`;

const INSTANCE_STREAM = 'instance-';

/** Where a stream's last applied version is kept: an instance stream's under its instance id. */
const positionKey = (streamId: string, instanceId: unknown): string =>
  typeof instanceId === 'string' && streamId.startsWith(INSTANCE_STREAM) ? instanceId : streamId;

/**
 * The open work read model: every open activation with its assignee, deadline and escalation
 * progress, the data of running instances (for data-field escalation targets) and the steps of
 * published definitions (for escalation chains). Fed by execution and definition events; a
 * projection rebuilt by replay, never written to the store.
 */
export class WorkTracker {
  private readonly activations = new Map<string, OpenActivation>();
  private readonly instances = new Map<string, InstanceInfo>();
  private readonly published = new PublishedSteps();
  /**
   * Last version applied per stream: a redelivered event (at-least-once) changes nothing. An
   * instance stream's entry is keyed by its instance id, the one copy its InstanceInfo holds (a
   * stream id of its own per instance would cost about 70 bytes each).
   */
  private readonly positions = new Map<string, number>();
  /** Ids and names that repeat across instances (steps, people, teams, policies), one string each. */
  private readonly names = new Map<string, string>();
  /** Open activations per assignee: least-loaded asks per assignment, too often to count them all. */
  private readonly openByPerson = new Map<string, number>();

  apply(event: RecordedEvent): void {
    const d = event.data as Record<string, unknown>;
    const instanceId = d['instanceId'] as string;
    const position = positionKey(event.streamId, instanceId);
    if ((this.positions.get(position) ?? 0) >= event.streamVersion) return;
    this.positions.set(position, event.streamVersion);
    const at = event.occurredAt.getTime();
    const tenantId = this.shared(access.tenantOr(event.metadata.tenantId));
    switch (event.type) {
      case 'InstanceStarted': {
        const definitionId = this.shared(access.tenantScoped(tenantId, d['definitionId'] as string));
        this.instances.set(instanceId, {
          instanceId,
          tenantId,
          definitionId,
          definitionVersion: d['definitionVersion'] as number,
          data: this.keptData(definitionId, d['definitionVersion'] as number, {
            ...((d['data'] as DataRecord) ?? {}),
          }),
          open: this.instances.get(instanceId)?.open ?? [],
        });
        return;
      }
      case 'StepActivated': {
        const instance = this.instances.get(instanceId);
        const activationId = this.shared(d['activationId'] as string);
        const owner = d['owner'] as OwnerSpec | undefined;
        const key = keyOf(instanceId, activationId);
        this.countOpen(this.activations.get(key), -1);
        // Every field set from the start: activations of one shape share one hidden class.
        this.activations.set(key, {
          tenantId: instance?.tenantId ?? tenantId,
          instanceId: instance?.instanceId ?? instanceId,
          activationId,
          stepId: this.shared(d['stepId'] as string),
          stepKind: this.shared(d['stepKind'] as string) as StepKind,
          owner: owner && this.sharedOwner(owner),
          policy: this.shared(d['policy'] as string) as AssignmentPolicy,
          dueAt: typeof d['dueAt'] === 'number' ? d['dueAt'] : undefined,
          activatedAt: at,
          assignee: undefined,
          assignedAt: undefined,
          teamId: undefined,
          started: false,
          overdueSince: undefined,
          escalationLevel: 0,
          unscheduled: undefined,
        });
        if (instance) instance.open = [...instance.open, activationId];
        return;
      }
      case 'StepAssigned':
        return this.update(instanceId, d, (a) => {
          this.setAssignee(a, d['personId'] as string);
          a.assignedAt = at;
          if (typeof d['teamId'] === 'string') a.teamId = this.shared(d['teamId']);
        });
      case 'StepStarted':
        return this.update(instanceId, d, (a) => {
          a.started = true;
          if (typeof d['personId'] === 'string' && a.assignee === undefined) {
            this.setAssignee(a, d['personId']);
            a.assignedAt = at;
          }
        });
      case 'StepReassigned':
        return this.update(instanceId, d, (a) => {
          this.setAssignee(a, d['toPersonId'] as string);
          a.assignedAt = at;
        });
      case 'StepOverdue':
        return this.update(instanceId, d, (a) => void (a.overdueSince = at));
      case 'StepEscalated':
        return this.update(instanceId, d, (a) => {
          a.escalationLevel = Math.max(a.escalationLevel, d['level'] as number);
          if (d['action'] === 'reassign' && typeof d['toPersonId'] === 'string') {
            this.setAssignee(a, d['toPersonId']);
            a.assignedAt = at;
          }
        });
      case 'StepCompleted': {
        const instance = this.instances.get(instanceId);
        if (instance) {
          const merged = { ...{}, ...instance.data, ...((d['output'] as DataRecord) ?? {}) };
          instance.data = this.keptData(instance.definitionId, instance.definitionVersion, merged);
        }
        return this.close(instanceId, d['activationId'] as string);
      }
      case 'StepFailed':
        return this.close(instanceId, d['activationId'] as string);
      case 'InstanceCompleted':
      case 'InstanceCancelled':
      case 'InstanceFailed':
        return this.end(instanceId);
      case 'DefinitionVersionPublished':
        return this.published.publish({
          ...{},
          ...d,
          definitionId: access.tenantScoped(tenantId, d['definitionId'] as string),
        });
      default:
        return;
    }
  }

  /**
   * Whether an activation is known to need no assignment any more: this tracker has already
   * applied later events of its stream and the activation is closed or has an assignee. A
   * restarted embedded host replays every StepActivated; this spares execution the redundant
   * (deduplicated, harmless) AssignStep calls.
   */
  settled(streamId: string, streamVersion: number, instanceId: string, activationId: string): boolean {
    if ((this.positions.get(positionKey(streamId, instanceId)) ?? 0) <= streamVersion) return false;
    const open = this.activations.get(keyOf(instanceId, activationId));
    return open === undefined || open.assignee !== undefined;
  }

  /** Open activations (a snapshot list; the objects are live). */
  open(): OpenActivation[] {
    return [...this.activations.values()];
  }

  activation(instanceId: string, activationId: string): OpenActivation | undefined {
    return this.activations.get(keyOf(instanceId, activationId));
  }

  /**
   * Of an instance's data, only the fields its definition's owners and escalation targets read
   * (all of it while the definition is not known here yet): it is kept for every running instance.
   */
  private keptData(definitionId: string, definitionVersion: number, data: DataRecord): DataRecord {
    const read = this.published.dataFieldsRead(definitionId, definitionVersion);
    if (!read) return data;
    const kept: Record<string, unknown> = {};
    for (const field of read) if (field in data) kept[field] = this.knownName(data[field]);
    return kept as DataRecord;
  }

  /** The data fields of a running instance that owners and escalation targets read. */
  instanceData(instanceId: string): DataRecord {
    return this.instances.get(instanceId)?.data ?? {};
  }

  /** The step of the definition the instance runs, once its publication has been seen. */
  stepOf(instanceId: string, stepId: string): StepInfo | undefined {
    const instance = this.instances.get(instanceId);
    if (!instance) return undefined;
    return this.published.step(instance.definitionId, instance.definitionVersion, stepId);
  }

  /** A step of a published definition; `version` undefined = the latest seen. */
  step(
    tenantId: string,
    definitionId: string,
    version: number | undefined,
    stepId: string,
  ): StepInfo | undefined {
    return this.published.step(access.tenantScoped(tenantId, definitionId), version, stepId);
  }

  hasDefinition(tenantId: string, definitionId: string, version?: number): boolean {
    return this.published.has(access.tenantScoped(tenantId, definitionId), version);
  }

  /** The tenant of a running instance (undefined when it is not running or not known). */
  tenantOf(instanceId: string): string | undefined {
    return this.instances.get(instanceId)?.tenantId;
  }

  /** Open steps of the tenant assigned to or started by the person (least-loaded counts these). */
  openCount(tenantId: string, personId: string): number {
    return this.openByPerson.get(access.tenantScoped(tenantId, personId)) ?? 0;
  }

  private update(instanceId: string, d: Record<string, unknown>, change: (a: OpenActivation) => void): void {
    const activation = this.activations.get(keyOf(instanceId, d['activationId'] as string));
    if (activation) change(activation);
  }

  private close(instanceId: string, activationId: string): void {
    const key = keyOf(instanceId, activationId);
    this.countOpen(this.activations.get(key), -1);
    this.activations.delete(key);
    const instance = this.instances.get(instanceId);
    if (instance) instance.open = instance.open.filter((id) => id !== activationId);
  }

  private shared(name: string): string {
    const known = this.names.get(name);
    if (known !== undefined) return known;
    this.names.set(name, name);
    return name;
  }

  /**
   * A data value that is a name already held (a person id in `requesterId`, say) as that one
   * string; anything else as it is, so values never seen as names do not grow the table.
   */
  private knownName(value: unknown): unknown {
    return typeof value === 'string' ? (this.names.get(value) ?? value) : value;
  }

  /** The owner with its names shared. */
  private sharedOwner(owner: OwnerSpec): OwnerSpec {
    switch (owner.kind) {
      case 'person':
        return { kind: 'person', personId: this.shared(owner.personId) };
      case 'team':
        return { kind: 'team', teamId: this.shared(owner.teamId) };
      default:
        return owner;
    }
  }

  private setAssignee(activation: OpenActivation, personId: string | undefined): void {
    if (activation.assignee === personId) return;
    this.countOpen(activation, -1);
    activation.assignee = personId === undefined ? undefined : this.shared(personId);
    this.countOpen(activation, 1);
  }

  /** Counts the activation's assignee's open steps up or down, per tenant (people are a tenant's). */
  private countOpen(activation: OpenActivation | undefined, change: number): void {
    if (activation?.assignee === undefined) return;
    const personId = access.tenantScoped(activation.tenantId, activation.assignee);
    const n = (this.openByPerson.get(personId) ?? 0) + change;
    if (n > 0) this.openByPerson.set(personId, n);
    else this.openByPerson.delete(personId);
  }

  private end(instanceId: string): void {
    for (const activationId of this.instances.get(instanceId)?.open ?? []) {
      const key = keyOf(instanceId, activationId);
      this.countOpen(this.activations.get(key), -1);
      this.activations.delete(key);
    }
    this.instances.delete(instanceId);
  }
}
