import {
  parseDefinitionJson,
  parseDefinitionYaml,
  type AssignmentPolicy,
  type DataRecord,
  type EscalationLevel,
  type OwnerSpec,
  type StepKind,
} from '@baton/domain';
import type { RecordedEvent } from '@baton/eventstore';
import type { DefinitionVersionPublishedData } from '@baton/event-wire';

/** One open step activation as ownership sees it (from execution's events). */
export interface OpenActivation {
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
  readonly definitionId: string;
  readonly definitionVersion: number;
  data: DataRecord;
  readonly open: Set<string>;
}

/** What ownership needs of a published step: who owns it and its escalation chain. */
export interface StepInfo {
  readonly owner?: OwnerSpec;
  readonly policy?: AssignmentPolicy;
  readonly escalations: readonly EscalationLevel[];
}

const keyOf = (instanceId: string, activationId: string): string => `${instanceId}/${activationId}`;

/**
 * The open work read model: every open activation with its assignee, deadline and escalation
 * progress, the data of running instances (for data-field escalation targets) and the steps of
 * published definitions (for escalation chains). Fed by execution and definition events; a
 * projection rebuilt by replay, never written to the store.
 */
export class WorkTracker {
  private readonly activations = new Map<string, OpenActivation>();
  private readonly instances = new Map<string, InstanceInfo>();
  private readonly definitions = new Map<string, ReadonlyMap<string, StepInfo>>();
  private readonly latest = new Map<string, number>();
  /** Last version applied per stream: a redelivered event (at-least-once) changes nothing. */
  private readonly positions = new Map<string, number>();

  apply(event: RecordedEvent): void {
    if ((this.positions.get(event.streamId) ?? 0) >= event.streamVersion) return;
    this.positions.set(event.streamId, event.streamVersion);
    const d = event.data as Record<string, unknown>;
    const at = event.occurredAt.getTime();
    const instanceId = d['instanceId'] as string;
    switch (event.type) {
      case 'InstanceStarted':
        this.instances.set(instanceId, {
          definitionId: d['definitionId'] as string,
          definitionVersion: d['definitionVersion'] as number,
          data: { ...((d['data'] as DataRecord) ?? {}) },
          open: this.instances.get(instanceId)?.open ?? new Set(),
        });
        return;
      case 'StepActivated': {
        const activationId = d['activationId'] as string;
        this.activations.set(keyOf(instanceId, activationId), {
          instanceId,
          activationId,
          stepId: d['stepId'] as string,
          stepKind: d['stepKind'] as StepKind,
          ...(d['owner'] ? { owner: d['owner'] as OwnerSpec } : {}),
          policy: d['policy'] as AssignmentPolicy,
          ...(typeof d['dueAt'] === 'number' ? { dueAt: d['dueAt'] } : {}),
          activatedAt: at,
          started: false,
          escalationLevel: 0,
        });
        this.instances.get(instanceId)?.open.add(activationId);
        return;
      }
      case 'StepAssigned':
        return this.update(instanceId, d, (a) => {
          a.assignee = d['personId'] as string;
          a.assignedAt = at;
          if (typeof d['teamId'] === 'string') a.teamId = d['teamId'];
        });
      case 'StepStarted':
        return this.update(instanceId, d, (a) => {
          a.started = true;
          if (typeof d['personId'] === 'string' && a.assignee === undefined) {
            a.assignee = d['personId'];
            a.assignedAt = at;
          }
        });
      case 'StepReassigned':
        return this.update(instanceId, d, (a) => {
          a.assignee = d['toPersonId'] as string;
          a.assignedAt = at;
        });
      case 'StepOverdue':
        return this.update(instanceId, d, (a) => void (a.overdueSince = at));
      case 'StepEscalated':
        return this.update(instanceId, d, (a) => {
          a.escalationLevel = Math.max(a.escalationLevel, d['level'] as number);
          if (d['action'] === 'reassign' && typeof d['toPersonId'] === 'string') {
            a.assignee = d['toPersonId'];
            a.assignedAt = at;
          }
        });
      case 'StepCompleted': {
        const instance = this.instances.get(instanceId);
        if (instance) instance.data = { ...instance.data, ...((d['output'] as DataRecord) ?? {}) };
        return this.close(instanceId, d['activationId'] as string);
      }
      case 'StepFailed':
        return this.close(instanceId, d['activationId'] as string);
      case 'InstanceCompleted':
      case 'InstanceCancelled':
      case 'InstanceFailed':
        return this.end(instanceId);
      case 'DefinitionVersionPublished':
        return this.publish(d);
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
    if ((this.positions.get(streamId) ?? 0) <= streamVersion) return false;
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

  instanceData(instanceId: string): DataRecord {
    return this.instances.get(instanceId)?.data ?? {};
  }

  /** The step of the definition the instance runs, once its publication has been seen. */
  stepOf(instanceId: string, stepId: string): StepInfo | undefined {
    const instance = this.instances.get(instanceId);
    if (!instance) return undefined;
    return this.step(instance.definitionId, instance.definitionVersion, stepId);
  }

  /** A step of a published definition; `version` undefined = the latest seen. */
  step(definitionId: string, version: number | undefined, stepId: string): StepInfo | undefined {
    const v = version ?? this.latest.get(definitionId);
    return v === undefined ? undefined : this.definitions.get(`${definitionId}@${v}`)?.get(stepId);
  }

  hasDefinition(definitionId: string, version?: number): boolean {
    const v = version ?? this.latest.get(definitionId);
    return v !== undefined && this.definitions.has(`${definitionId}@${v}`);
  }

  /** Open steps assigned to or started by the person (least-loaded counts these). */
  openCount(personId: string): number {
    let n = 0;
    for (const a of this.activations.values()) if (a.assignee === personId) n++;
    return n;
  }

  private update(instanceId: string, d: Record<string, unknown>, change: (a: OpenActivation) => void): void {
    const activation = this.activations.get(keyOf(instanceId, d['activationId'] as string));
    if (activation) change(activation);
  }

  private close(instanceId: string, activationId: string): void {
    this.activations.delete(keyOf(instanceId, activationId));
    this.instances.get(instanceId)?.open.delete(activationId);
  }

  private end(instanceId: string): void {
    for (const activationId of this.instances.get(instanceId)?.open ?? []) {
      this.activations.delete(keyOf(instanceId, activationId));
    }
    this.instances.delete(instanceId);
  }

  /** Parses the published source (the event carries the text exactly as published). */
  private publish(d: Record<string, unknown>): void {
    const { definitionId, version, source } = d as Partial<DefinitionVersionPublishedData>;
    if (!definitionId || version === undefined || !source) return;
    const parsed =
      source.format === 'json' ? parseDefinitionJson(source.text) : parseDefinitionYaml(source.text);
    if (!parsed.ok) return; // published definitions parse; an unreadable one has no chains to offer
    const steps = new Map<string, StepInfo>();
    for (const s of parsed.definition.steps) {
      steps.set(s.id, {
        ...(s.owner ? { owner: s.owner } : {}),
        policy: s.policy,
        escalations: s.escalations,
      });
    }
    this.definitions.set(`${definitionId}@${version}`, steps);
    if (version > (this.latest.get(definitionId) ?? 0)) this.latest.set(definitionId, version);
  }
}
