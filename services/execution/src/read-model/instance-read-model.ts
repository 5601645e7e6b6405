import { access, type instance, type OwnerSpec, type ProcessDefinition } from '@baton/domain';
import type { RecordedEvent } from '@baton/eventstore';
import { toDomainEvent } from '@baton/service-kit';
import type { DefinitionCatalog } from '../definitions/definition-catalog';
import { foldRecorded, type LoadedInstance } from '../instances/instance-repository';
import { evolveView, isOpen, type ActivationView, type InstanceView } from '../instances/instance-view';
import { instanceIdOf } from '../streams';
import type { CalendarBook } from '../calendars/calendar-book';
import { HandoffClockIndex, hasHandoffSlas, type DueHandoffAlert } from './handoff-clock-index';
import { waitKeysOf } from './wait-keys';

export type { DueHandoffAlert } from './handoff-clock-index';

/** Idempotency keys of the commands a trigger caused start with this. */
export const TRIGGER_KEY_PREFIX = 'trigger:';

interface Entry {
  /** Ended instances keep only their summary (no data, no activations). */
  readonly view: InstanceView;
  readonly version: number;
  readonly tenantId: string;
  /**
   * The decider state, kept only while the waits or handoff clocks may change with it: a running
   * instance whose definition waits for events or puts SLAs on handoffs (or is not known yet).
   * Everything else folds from the view.
   */
  readonly state?: instance.InstanceState;
  readonly waits: readonly string[];
}

/** A fold to store; `state` absent when the entry had none (its definition never waits for events). */
type Fold = Omit<LoadedInstance, 'state'> & { readonly state?: instance.InstanceState };

/** Whether instances of the definition can wait for a trigger (a wait-for-event step or an event handoff). */
const waitsForEvents = (definition: ProcessDefinition): boolean =>
  definition.steps.some((step) => step.kind === 'wait-for-event') ||
  definition.handoffs.some((handoff) => handoff.trigger?.kind === 'event');

/** Lists and work queues show no instance data (GetInstance folds the stream): none is kept. */
const NO_DATA: InstanceView['data'] = Object.freeze({});

/**
 * The view as kept: without its data, its activations copied property by property (an activation
 * patched by spreading, as the view's fold does, gets a hidden class of its own in V8, larger than
 * the object itself; copies built the same way share one), and its ids that repeat across
 * instances shared.
 */
function compact(view: InstanceView, shared: (id: string) => string): InstanceView {
  return {
    ...{},
    ...view,
    data: NO_DATA,
    definitionId: shared(view.definitionId),
    startedBy: shared(view.startedBy),
    activations: view.activations.map((activation) =>
      Object.assign({}, activation, {
        activationId: shared(activation.activationId),
        ...(activation.owner ? { owner: sharedOwner(activation.owner, shared) } : {}),
        ...(activation.teamId !== undefined ? { teamId: shared(activation.teamId) } : {}),
        ...(activation.assigneeId !== undefined ? { assigneeId: shared(activation.assigneeId) } : {}),
      }),
    ),
  };
}

/** The owner with its person or team id shared (each event decodes a copy of its own). */
function sharedOwner(owner: OwnerSpec, shared: (id: string) => string): OwnerSpec {
  if (owner.kind === 'person') return { kind: 'person', personId: shared(owner.personId) };
  if (owner.kind === 'team') return { kind: 'team', teamId: shared(owner.teamId) };
  return owner;
}

const isOpenTimer = (activation: ActivationView): boolean =>
  activation.stepKind === 'timer' && isOpen(activation);

/** Shared by the many entries that wait for nothing. */
const NO_WAITS: readonly string[] = Object.freeze([]);

/** A due timer step. */
export interface DueTimer {
  readonly instanceId: string;
  readonly activationId: string;
  readonly dueAt: number;
}

/**
 * Instances as lists and work queues: an in-memory projection of the `instance-` streams, rebuilt
 * by replay at start-up and kept live by the store subscription and by the service's own writes
 * (so a caller reads its own writes). Versions make both feeds idempotent.
 */
export class InstanceReadModel {
  private readonly entries = new Map<string, Entry>();
  private readonly waiting = new Map<string, Set<string>>();
  private readonly triggerKeys = new Set<string>();
  /** Running instances with an open timer step: the scheduler looks at these every second, not at all. */
  private readonly withTimers = new Set<string>();
  /** Running instances with a handoff waiting on an SLA: the handoff scheduler's due index. */
  private readonly handoffClocks = new HandoffClockIndex();
  /** Definition, activation, person and team ids, one string each: they repeat in every instance. */
  private readonly ids = new Map<string, string>();
  private readonly shared = (id: string): string => {
    const known = this.ids.get(id);
    if (known !== undefined) return known;
    this.ids.set(id, id);
    return id;
  };

  constructor(
    private readonly catalog: DefinitionCatalog,
    /** Each tenant's calendars: handoff SLAs in business time fall due in the receiving team's. */
    private readonly calendars?: CalendarBook,
  ) {}

  /** One stored event of an `instance-` stream, in stream order. */
  applyRecorded(event: RecordedEvent): void {
    const key = event.metadata.idempotencyKey;
    if (key?.startsWith(TRIGGER_KEY_PREFIX)) this.triggerKeys.add(key);
    const instanceId = instanceIdOf(event.streamId);
    const entry = this.entries.get(instanceId);
    if (event.streamVersion !== (entry?.version ?? 0) + 1) return;
    if (!entry) {
      if (event.type === 'InstanceStarted') this.put(instanceId, foldRecorded([event]));
      return;
    }
    // An ended instance changes no more (its summary is all that is kept).
    if (entry.view.state !== 'running') return;
    if (entry.state) {
      this.put(
        instanceId,
        foldRecorded([event], {
          state: entry.state,
          view: entry.view,
          version: entry.version,
          tenantId: entry.tenantId,
        }),
      );
      return;
    }
    const actor = event.metadata.actor ?? 'anonymous';
    const view = evolveView(entry.view, toDomainEvent(event), actor, event.streamVersion);
    this.put(instanceId, { view, version: event.streamVersion, tenantId: entry.tenantId });
  }

  /** The service's own write, folded already. */
  applyLocal(instanceId: string, loaded: LoadedInstance): void {
    const current = this.entries.get(instanceId)?.version ?? 0;
    if (loaded.version > current) this.put(instanceId, loaded);
  }

  /** Records that a trigger's idempotency key had an effect. */
  markTrigger(key: string): void {
    this.triggerKeys.add(key);
  }

  /** Whether a trigger with this idempotency key had an effect already. */
  hasTrigger(key: string): boolean {
    return this.triggerKeys.has(key);
  }

  /** An instance as a caller of `tenantId` sees it: another tenant's is undefined, as a missing one. */
  get(instanceId: string, tenantId?: string): InstanceView | undefined {
    const entry = this.entries.get(instanceId);
    return entry && (tenantId === undefined || access.sameTenant(entry.tenantId, tenantId))
      ? entry.view
      : undefined;
  }

  /** The tenant an instance belongs to (undefined when it is not known). */
  tenantOf(instanceId: string): string | undefined {
    return this.entries.get(instanceId)?.tenantId;
  }

  /** Running instances waiting for a trigger with this key. */
  waitingFor(key: string): string[] {
    return [...(this.waiting.get(key) ?? [])];
  }

  /** The tenant's instances; every tenant's when `tenantId` is undefined (a platform admin's list). */
  all(tenantId?: string): IterableIterator<InstanceView> {
    return [...this.entries.values()]
      .filter((e) => tenantId === undefined || access.sameTenant(e.tenantId, tenantId))
      .map((e) => e.view)
      [Symbol.iterator]();
  }

  /** Open activations of the tenant's running instances (every tenant's without one), with their instance. */
  *openWork(tenantId?: string): Generator<{ view: InstanceView; activation: ActivationView }> {
    for (const { view, tenantId: own } of this.entries.values()) {
      if (view.state !== 'running') continue;
      if (tenantId !== undefined && !access.sameTenant(own, tenantId)) continue;
      for (const activation of view.activations) if (isOpen(activation)) yield { view, activation };
    }
  }

  /** Open timer steps due at or before `now`. */
  dueTimers(now: number): DueTimer[] {
    const due: DueTimer[] = [];
    for (const instanceId of this.withTimers) {
      const view = this.entries.get(instanceId)?.view;
      for (const activation of view?.activations ?? []) {
        if (isOpenTimer(activation) && activation.dueAt !== undefined && activation.dueAt <= now) {
          due.push({ instanceId, activationId: activation.activationId, dueAt: activation.dueAt });
        }
      }
    }
    return due.sort((a, b) => a.dueAt - b.dueAt);
  }

  /** Handoff SLA alerts due at `now` (at most one per handoff traversal), earliest deadline first. */
  dueHandoffAlerts(now: number): DueHandoffAlert[] {
    return this.handoffClocks.due(now);
  }

  private put(instanceId: string, { state, view, version, tenantId: own }: Fold): void {
    if (!view) return;
    const tenantId = this.shared(own);
    const previous = this.entries.get(instanceId);
    for (const key of previous?.waits ?? []) this.waiting.get(key)?.delete(instanceId);
    const running = view.state === 'running';
    const definition = running
      ? this.catalog.version(tenantId, view.definitionId, view.definitionVersion)?.definition
      : undefined;
    const found = definition && state ? waitKeysOf(state, definition) : [];
    const waits = found.length > 0 ? found : NO_WAITS;
    for (const key of waits) {
      let set = this.waiting.get(key);
      if (!set) this.waiting.set(key, (set = new Set()));
      set.add(instanceId);
    }
    if (running && view.activations.some(isOpenTimer)) this.withTimers.add(instanceId);
    else this.withTimers.delete(instanceId);
    const slas = definition !== undefined && hasHandoffSlas(definition);
    this.handoffClocks.update(instanceId, state, definition, this.calendars?.of(tenantId));
    if (!running) {
      const summary = {
        ...{},
        ...view,
        definitionId: this.shared(view.definitionId),
        data: {},
        activations: [],
      };
      this.entries.set(instanceId, { view: summary, version, tenantId, waits });
    } else if (state && (!definition || slas || waitsForEvents(definition))) {
      this.entries.set(instanceId, { view: compact(view, this.shared), version, tenantId, state, waits });
    } else {
      this.entries.set(instanceId, { view: compact(view, this.shared), version, tenantId, waits });
    }
  }
}
