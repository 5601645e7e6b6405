import { access, instance, NotFoundError, type calendar, type DefinitionVersion } from '@baton/domain';
import {
  exactVersion,
  WrongExpectedVersionError,
  type EventStore,
  type RecordedEvent,
} from '@baton/eventstore';
import { appendDecision, toDomainEvent, type RecordingContext } from '@baton/service-kit';
import type { CalendarBook } from '../calendars/calendar-book';
import type { TeamRoster } from '../directory/team-roster';
import type { DefinitionCatalog } from '../definitions/definition-catalog';
import { instanceStream } from '../streams';
import { untracedCommand, type CommandTrace, type InstanceTelemetry } from '../telemetry/instance-telemetry';
import { authorizeStepCommand } from './instance-access';
import { evolveView, type InstanceView } from './instance-view';
import { instanceNotFound } from './instance-not-found';

/** An instance folded at a stream version: the decider's state and the integrator's view. */
export interface LoadedInstance {
  readonly state: instance.InstanceState;
  readonly view: InstanceView | undefined;
  readonly version: number;
  /** The tenant the instance belongs to: the one its first event recorded. */
  readonly tenantId: string;
  /** The instance's trace: the first `traceparent` its stream recorded (see InstanceTelemetry). */
  readonly traceparent?: string;
}

/** What one command did: the instance before and after, and the events it recorded (or had recorded). */
export interface Executed {
  readonly before: LoadedInstance;
  readonly after: LoadedInstance;
  readonly events: readonly instance.InstanceEvent[];
  /** False when the idempotency key had been processed: nothing new was recorded. */
  readonly recorded: boolean;
}

const CONFLICT_RETRIES = 5;
const REPLAY_PAGE = 8;

/**
 * A cached fold, with the events its last command recorded under an idempotency key: a retry
 * mostly repeats the latest command (two callers racing with one key do), answered without a read.
 */
interface CachedInstance extends LoadedInstance {
  readonly lastCommand?: { readonly key: string; readonly events: readonly instance.InstanceEvent[] };
}

const fold = (
  from: LoadedInstance,
  events: readonly instance.InstanceEvent[],
  actor: string,
  traceparent: string | undefined,
): LoadedInstance => {
  let { state, view, version } = from;
  for (const e of events) {
    version += 1;
    state = instance.evolve(state, e);
    view = evolveView(view, e, actor, version, from.tenantId);
  }
  const kept = from.traceparent ?? traceparent;
  const { tenantId } = from;
  return kept === undefined
    ? { state, view, version, tenantId }
    : { state, view, version, tenantId, traceparent: kept };
};

const empty: LoadedInstance = {
  state: instance.initialInstanceState(),
  view: undefined,
  version: 0,
  tenantId: access.DEFAULT_TENANT,
};

/**
 * Whether this call may act on an instance of `tenantId`: callers only within their tenant;
 * Baton's own commands (timers, triggers: no grants) and services (the `service` role) act for
 * the instance's tenant, whichever it is.
 */
export function actsInTenant(context: RecordingContext, tenantId: string): boolean {
  const roles = context.grants?.roles;
  return !roles || roles.includes('service') || access.sameTenant(tenantId, context.tenantId);
}

/**
 * Loads, decides and appends instance commands. Execution is the single writer of instance
 * streams, so folded instances are cached (bounded, least recently used first out) with their
 * version; a conflict (another replica wrote) reloads and retries, unless the caller pinned an
 * expected version, which then fails with WrongExpectedVersionError (ABORTED).
 */
export class InstanceRepository {
  private readonly cache = new Map<string, CachedInstance>();

  constructor(
    private readonly store: EventStore,
    private readonly catalog: DefinitionCatalog,
    private readonly cacheSize = 10_000,
    /** Told of every write, folded (the read model, so callers read their own writes). */
    private readonly onWritten: (instanceId: string, loaded: LoadedInstance) => void = () => undefined,
    private readonly telemetry?: InstanceTelemetry,
    /** Each tenant's calendars, for deadlines and SLAs in business time. */
    private readonly calendars?: CalendarBook,
    /** Each tenant's team memberships, for the team lead's rule on whom a step goes to. */
    private readonly roster?: TeamRoster,
  ) {}

  /** The tenant's calendars as known now; commands carry them so `decide` stays pure. */
  calendarsOf(tenantId: string | undefined): calendar.CalendarRegistry | undefined {
    return this.calendars?.of(tenantId);
  }

  async load(instanceId: string, fresh = false): Promise<LoadedInstance> {
    const cached = fresh ? undefined : this.cache.get(instanceId);
    if (cached) {
      this.cache.delete(instanceId);
      this.cache.set(instanceId, cached);
      return cached;
    }
    const loaded = foldRecorded(await this.store.readStream(instanceStream(instanceId)));
    if (loaded.version > 0) this.remember(instanceId, loaded);
    return loaded;
  }

  /** The definition version an instance runs on. */
  definitionOf(state: instance.InstanceState, instanceId: string, tenantId: string): DefinitionVersion {
    if (state.status === 'not-started') {
      throw instanceNotFound(instanceId);
    }
    const found = this.catalog.version(tenantId, state.definitionId, state.definitionVersion);
    if (!found) {
      throw new NotFoundError(
        'DEFINITION.NOT_FOUND',
        `definition ${state.definitionId} version ${state.definitionVersion} is not known to execution yet`,
        {
          resourceType: 'baton.definition.v1.DefinitionVersion',
          resourceName: `${state.definitionId}@${state.definitionVersion}`,
        },
      );
    }
    return found;
  }

  /** Runs a command on an existing instance. */
  async execute(
    instanceId: string,
    command: instance.InstanceCommand,
    context: RecordingContext,
    expectedVersion?: number,
  ): Promise<Executed> {
    let trace: CommandTrace | undefined;
    try {
      const executed = await this.executeTraced(
        instanceId,
        command,
        context,
        expectedVersion,
        (loaded) => (trace ??= this.traceOf(command.type, instanceId, context, loaded.traceparent)),
      );
      trace?.end();
      return executed;
    } catch (error) {
      trace?.end(error);
      throw error;
    }
  }

  private traceOf(name: string, instanceId: string, context: RecordingContext, own: string | undefined) {
    return this.telemetry?.command(name, instanceId, context, own) ?? untracedCommand(context, own);
  }

  private async executeTraced(
    instanceId: string,
    command: instance.InstanceCommand,
    context: RecordingContext,
    expectedVersion: number | undefined,
    traced: (loaded: LoadedInstance) => CommandTrace,
  ): Promise<Executed> {
    for (let attempt = 1; ; attempt++) {
      let before = await this.load(instanceId, attempt > 1);
      if (expectedVersion !== undefined && before.version !== expectedVersion && attempt === 1) {
        before = await this.load(instanceId, true);
      }
      // Another tenant's instance is answered as one that does not exist.
      if (!actsInTenant(context, before.tenantId)) throw instanceNotFound(instanceId);
      const definition = this.definitionOf(before.state, instanceId, before.tenantId);
      authorizeStepCommand(context, command, before.state, definition.definition, (personId) =>
        this.roster ? this.roster.teamsOf(before.tenantId, personId) : [],
      );
      const key = command.metadata.idempotencyKey;
      // A retry of a command that was recorded answers as the first time, whatever version it expected.
      if (instance.hasProcessed(before.state, key)) return this.repeated(instanceId, before, key);
      if (expectedVersion !== undefined && before.version !== expectedVersion) {
        throw new WrongExpectedVersionError(
          instanceStream(instanceId),
          exactVersion(expectedVersion),
          before.version,
        );
      }
      const calendars = this.calendarsOf(before.tenantId);
      const decided = calendars
        ? { ...{}, ...command, metadata: { ...{}, ...command.metadata, calendars } }
        : command;
      const events = instance.decide(
        decided as instance.InstanceCommand,
        before.state,
        definition.definition,
      );
      if (events.length === 0) return this.repeated(instanceId, before, command.metadata.idempotencyKey);
      const trace = traced(before);
      try {
        await appendDecision(this.store, instanceStream(instanceId), before.version, events, {
          ...{},
          ...trace.context,
          tenantId: before.tenantId,
        });
      } catch (error) {
        this.cache.delete(instanceId);
        if (!(error instanceof WrongExpectedVersionError) || expectedVersion !== undefined) throw error;
        if (attempt >= CONFLICT_RETRIES) throw error;
        continue;
      }
      const after = fold(before, events, context.actor, trace.context.traceparent);
      trace.recorded(events, after.version);
      this.remember(
        instanceId,
        key === undefined ? after : { ...{}, ...after, lastCommand: { key, events } },
      );
      this.onWritten(instanceId, after);
      return { before, after, events, recorded: true };
    }
  }

  /** Records a new instance's first events; false when the stream existed already. */
  async create(
    instanceId: string,
    events: readonly instance.InstanceEvent[],
    context: RecordingContext,
  ): Promise<LoadedInstance | undefined> {
    const trace = this.traceOf('StartInstance', instanceId, context, undefined);
    try {
      await appendDecision(this.store, instanceStream(instanceId), 0, events, trace.context);
    } catch (error) {
      trace.end(error instanceof WrongExpectedVersionError ? undefined : error);
      if (error instanceof WrongExpectedVersionError) return undefined;
      throw error;
    }
    const after = fold(
      { ...{}, ...empty, tenantId: context.tenantId },
      events,
      context.actor,
      trace.context.traceparent,
    );
    trace.recorded(events, after.version);
    trace.end();
    this.remember(instanceId, after);
    this.onWritten(instanceId, after);
    return after;
  }

  /**
   * A repeated command: the events its idempotency key recorded the first time. One command's
   * events are one append, so they are contiguous; retries mostly repeat a recent command, so the
   * stream is read backwards a page at a time until that run of events has been passed.
   */
  private async repeated(
    instanceId: string,
    current: CachedInstance,
    key: string | undefined,
  ): Promise<Executed> {
    const last = current.lastCommand;
    if (key !== undefined && last?.key === key) {
      return { before: current, after: current, events: last.events, recorded: false };
    }
    const recorded: instance.InstanceEvent[] = [];
    for (let from = current.version; key && from > 0; from -= REPLAY_PAGE) {
      const page = await this.store.readStream(instanceStream(instanceId), {
        direction: 'backwards',
        fromVersion: from,
        maxCount: REPLAY_PAGE,
      });
      let passed = false;
      for (const e of page) {
        if (e.metadata.idempotencyKey === key) recorded.unshift(toDomainEvent<instance.InstanceEvent>(e));
        else if (recorded.length > 0) passed = true;
        if (passed) break;
      }
      if (passed || page.length < REPLAY_PAGE) break;
    }
    return { before: current, after: current, events: recorded, recorded: false };
  }

  private remember(instanceId: string, loaded: CachedInstance): void {
    this.cache.delete(instanceId);
    this.cache.set(instanceId, loaded);
    if (this.cache.size > this.cacheSize) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
  }
}

/** Folds stored instance events (e.g. a whole stream). */
export function foldRecorded(events: readonly RecordedEvent[], from: LoadedInstance = empty): LoadedInstance {
  let { state, view, version, traceparent, tenantId } = from;
  for (const recorded of events) {
    if (recorded.streamVersion === 1) tenantId = access.tenantOr(recorded.metadata.tenantId);
    const e = toDomainEvent<instance.InstanceEvent>(recorded);
    state = instance.evolve(state, e);
    view = evolveView(view, e, recorded.metadata.actor ?? 'anonymous', recorded.streamVersion, tenantId);
    version = recorded.streamVersion;
    traceparent ??= recorded.metadata.traceparent;
  }
  return traceparent === undefined
    ? { state, view, version, tenantId }
    : { state, view, version, tenantId, traceparent };
}
