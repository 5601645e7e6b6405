import type { instance } from '@baton/domain';
import type { RecordedEvent } from '@baton/eventstore';
import type { DefinitionCatalog } from '../definitions/definition-catalog';
import { foldRecorded, type LoadedInstance } from '../instances/instance-repository';
import { isOpen, type ActivationView, type InstanceView } from '../instances/instance-view';
import { instanceIdOf } from '../streams';
import { waitKeysOf } from './wait-keys';

/** Idempotency keys of the commands a trigger caused start with this. */
export const TRIGGER_KEY_PREFIX = 'trigger:';

interface Entry {
  /** Running instances keep their decider state (for waits and timers); ended ones only their summary. */
  readonly loaded: LoadedInstance;
  readonly view: InstanceView;
  readonly waits: readonly string[];
}

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

  constructor(private readonly catalog: DefinitionCatalog) {}

  /** One stored event of an `instance-` stream, in stream order. */
  applyRecorded(event: RecordedEvent): void {
    const key = event.metadata.idempotencyKey;
    if (key?.startsWith(TRIGGER_KEY_PREFIX)) this.triggerKeys.add(key);
    const instanceId = instanceIdOf(event.streamId);
    const entry = this.entries.get(instanceId);
    const version = entry?.loaded.version ?? 0;
    if (event.streamVersion !== version + 1) return;
    if (!entry && event.type !== 'InstanceStarted') return;
    const base = entry?.loaded ?? {
      state: { status: 'not-started' } as instance.InstanceState,
      view: undefined,
      version: 0,
    };
    this.put(instanceId, foldRecorded([event], base));
  }

  /** The service's own write, folded already. */
  applyLocal(instanceId: string, loaded: LoadedInstance): void {
    const current = this.entries.get(instanceId)?.loaded.version ?? 0;
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

  get(instanceId: string): InstanceView | undefined {
    return this.entries.get(instanceId)?.view;
  }

  /** Running instances waiting for a trigger with this key. */
  waitingFor(key: string): string[] {
    return [...(this.waiting.get(key) ?? [])];
  }

  all(): IterableIterator<InstanceView> {
    return [...this.entries.values()].map((e) => e.view)[Symbol.iterator]();
  }

  /** Open activations of running instances, with their instance. */
  *openWork(): Generator<{ view: InstanceView; activation: ActivationView }> {
    for (const { view } of this.entries.values()) {
      if (view.state !== 'running') continue;
      for (const activation of view.activations) if (isOpen(activation)) yield { view, activation };
    }
  }

  /** Open timer steps due at or before `now`. */
  dueTimers(now: number): DueTimer[] {
    const due: DueTimer[] = [];
    for (const { activation, view } of this.openWork()) {
      if (activation.stepKind === 'timer' && activation.dueAt !== undefined && activation.dueAt <= now) {
        due.push({
          instanceId: view.instanceId,
          activationId: activation.activationId,
          dueAt: activation.dueAt,
        });
      }
    }
    return due.sort((a, b) => a.dueAt - b.dueAt);
  }

  private put(instanceId: string, loaded: LoadedInstance): void {
    if (!loaded.view) return;
    const previous = this.entries.get(instanceId);
    for (const key of previous?.waits ?? []) this.waiting.get(key)?.delete(instanceId);
    const running = loaded.state.status === 'running';
    const definition = running
      ? this.catalog.version(loaded.view.definitionId, loaded.view.definitionVersion)
      : undefined;
    const waits = definition ? waitKeysOf(loaded.state, definition.definition) : [];
    for (const key of waits) {
      let set = this.waiting.get(key);
      if (!set) this.waiting.set(key, (set = new Set()));
      set.add(instanceId);
    }
    const view = running ? loaded.view : { ...loaded.view, data: {}, activations: [] };
    const kept: LoadedInstance = running
      ? loaded
      : { state: { status: 'not-started' }, view: undefined, version: loaded.version };
    this.entries.set(instanceId, { loaded: kept, view, waits });
  }
}
