import { Inject, Injectable } from '@nestjs/common';
import { access, directory, ValidationError } from '@baton/domain';
import { WrongExpectedVersionError, exactVersion, type EventStore } from '@baton/eventstore';
import type { CallContext } from '@baton/grpc-server';
import { performance } from 'node:perf_hooks';
import { CLOCK, EVENT_STORE, appendDecision, toDomainEvent, type Clock } from '@baton/service-kit';

/** The `directory` stream: people, teams, roles, availability and team policies (the domain keeps them in one stream). */
export const DIRECTORY_STREAM = directory.DIRECTORY_STREAM;

/**
 * Each tenant has its own directory: `directory` for the default tenant (as before tenancy),
 * `directory-{tenant}` for any other. Person and team ids are unique within a tenant.
 */
export const directoryStream = (tenantId: string): string =>
  access.tenantOr(tenantId) === access.DEFAULT_TENANT ? DIRECTORY_STREAM : `${DIRECTORY_STREAM}-${tenantId}`;

/** Command data without metadata: the repository stamps `now` and the idempotency key. */
export type DirectoryChange = Omit<directory.DirectoryCommand, 'metadata'>;

export interface DirectoryView {
  readonly state: directory.DirectoryState;
  readonly version: number;
}

const CONFLICT_RETRIES = 5;
/** How stale {@link DirectoryRepository.recent} may be: only another process's writes wait this long. */
const RECENT_MS = 250;

/** One tenant's directory as folded here. */
interface TenantDirectory {
  cached: DirectoryView;
  /** The first event each idempotency key produced, to tell a retry from a reused key. */
  readonly byKey: Map<string, directory.DirectoryEvent>;
  caughtUpAt: number;
}

/**
 * Loads, decides and appends directory commands, and keeps each tenant's folded directory in
 * memory (it is small): each read catches up from the cached version, so writes of another
 * process sharing the store are seen too.
 */
@Injectable()
export class DirectoryRepository {
  private readonly tenants = new Map<string, TenantDirectory>();
  private readonly snapshots = new WeakMap<directory.DirectoryState, directory.DirectorySnapshot>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * The directory as caught up at most RECENT_MS ago: for assignment and escalation, which run
   * per step and need not read the stream each time. This process's own writes show at once.
   */
  async recent(tenantId: string): Promise<DirectoryView> {
    const own = this.of(tenantId);
    return performance.now() - own.caughtUpAt < RECENT_MS ? own.cached : this.current(tenantId);
  }

  private of(tenantId: string): TenantDirectory {
    const tenant = access.tenantOr(tenantId);
    let own = this.tenants.get(tenant);
    if (!own) {
      own = {
        cached: { state: directory.initialDirectoryState, version: 0 },
        byKey: new Map(),
        caughtUpAt: Number.NEGATIVE_INFINITY,
      };
      this.tenants.set(tenant, own);
    }
    return own;
  }

  /** The directory's snapshot for policies, computed once per directory state. */
  snapshotOf(state: directory.DirectoryState): directory.DirectorySnapshot {
    let snapshot = this.snapshots.get(state);
    if (!snapshot) this.snapshots.set(state, (snapshot = directory.snapshotOf(state)));
    return snapshot;
  }

  /** The tenant's directory, caught up with the store. */
  async current(tenantId: string): Promise<DirectoryView> {
    const own = this.of(tenantId);
    own.caughtUpAt = performance.now();
    const events = await this.store.readStream(directoryStream(tenantId), {
      fromVersion: own.cached.version + 1,
    });
    if (events.length === 0) return own.cached;
    let { state, version } = own.cached;
    for (const event of events) {
      if (event.streamVersion !== version + 1) continue; // a concurrent catch-up already folded it
      const domainEvent = toDomainEvent<directory.DirectoryEvent>(event);
      state = directory.evolve(state, domainEvent);
      version = event.streamVersion;
      const key = domainEvent.idempotencyKey;
      if (key !== undefined && !own.byKey.has(key)) own.byKey.set(key, domainEvent);
    }
    if (version > own.cached.version) own.cached = { state, version };
    return own.cached;
  }

  /**
   * Decides `change` on the caller's tenant's current directory and appends its events. With `expectedVersion` a
   * concurrent write fails with ABORTED; without it a conflict is retried on the newer state
   * (the decision is re-taken, so no rule is bypassed).
   */
  async execute(
    change: DirectoryChange,
    context: CallContext,
    options: { readonly idempotencyKey?: string; readonly expectedVersion?: number } = {},
  ): Promise<DirectoryView> {
    const tenantId = context.tenantId;
    const stream = directoryStream(tenantId);
    for (let attempt = 0; ; attempt++) {
      const seen = await this.current(tenantId);
      // A retry of a command that succeeded returns the directory as it is, whatever its version.
      if (options.idempotencyKey && seen.state.processedKeys.has(options.idempotencyKey)) {
        this.requireSameRequest(this.of(tenantId), options.idempotencyKey, change);
        return seen;
      }
      if (options.expectedVersion !== undefined && options.expectedVersion !== seen.version) {
        throw new WrongExpectedVersionError(stream, exactVersion(options.expectedVersion), seen.version);
      }
      const command = {
        ...{},
        ...change,
        metadata: {
          now: this.clock.now(),
          ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
        },
      } as directory.DirectoryCommand;
      const events = directory.decide(command, seen.state);
      if (events.length === 0) return seen;
      try {
        await appendDecision(this.store, stream, seen.version, events, context);
        return await this.current(tenantId);
      } catch (error) {
        const retry =
          error instanceof WrongExpectedVersionError &&
          options.expectedVersion === undefined &&
          attempt < CONFLICT_RETRIES;
        if (!retry) throw error;
      }
    }
  }

  /** Per the service conventions, a key reused for a different request is INVALID_ARGUMENT. */
  private requireSameRequest(own: TenantDirectory, key: string, change: DirectoryChange): void {
    const first = own.byKey.get(key);
    if (!first) return;
    const same =
      first.type === RESULT_OF[change.type] &&
      SUBJECT_FIELDS.every(
        (f) => (first.data as Record<string, unknown>)[f] === (change.data as Record<string, unknown>)[f],
      );
    if (same) return;
    throw new ValidationError(
      'IDEMPOTENCY_KEY.REUSED',
      `Idempotency key "${key}" was used for another request.`,
      [
        {
          field: 'idempotency_key',
          description: `was first used for ${first.type} of a different subject; use a new key for a new request`,
          reason: 'IDEMPOTENCY_KEY_REUSED',
        },
      ],
    );
  }
}

const RESULT_OF: Record<DirectoryChange['type'], directory.DirectoryEvent['type']> = {
  RegisterPerson: 'PersonRegistered',
  CreateTeam: 'TeamCreated',
  AddMember: 'MemberAdded',
  RemoveMember: 'MemberRemoved',
  GrantRole: 'RoleGranted',
  RevokeRole: 'RoleRevoked',
  SetAvailability: 'AvailabilityChanged',
  SetAssignmentPolicy: 'AssignmentPolicySet',
  SetEscalationPolicy: 'EscalationPolicySet',
};

/** The fields that name what a directory command is about. */
const SUBJECT_FIELDS = ['personId', 'teamId', 'role', 'name', 'policy', 'status'] as const;
