import { Inject, Injectable } from '@nestjs/common';
import { directory } from '@baton/domain';
import { WrongExpectedVersionError, exactVersion, type EventStore } from '@baton/eventstore';
import type { CallContext } from '@baton/grpc-server';
import { CLOCK, EVENT_STORE, appendDecision, toDomainEvent, type Clock } from '@baton/service-kit';

/** The `directory` stream: people, teams, roles, availability and team policies (the domain keeps them in one stream). */
export const DIRECTORY_STREAM = directory.DIRECTORY_STREAM;

/** Command data without metadata: the repository stamps `now` and the idempotency key. */
export type DirectoryChange = Omit<directory.DirectoryCommand, 'metadata'>;

export interface DirectoryView {
  readonly state: directory.DirectoryState;
  readonly version: number;
}

const CONFLICT_RETRIES = 5;

/**
 * Loads, decides and appends directory commands, and keeps the folded directory in memory (it is
 * small): each read catches up from the cached version, so writes of another process sharing the
 * store are seen too.
 */
@Injectable()
export class DirectoryRepository {
  private cached: DirectoryView = { state: directory.initialDirectoryState, version: 0 };

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async current(): Promise<DirectoryView> {
    const events = await this.store.readStream(DIRECTORY_STREAM, { fromVersion: this.cached.version + 1 });
    if (events.length === 0) return this.cached;
    let { state, version } = this.cached;
    for (const event of events) {
      if (event.streamVersion !== version + 1) continue; // a concurrent catch-up already folded it
      state = directory.evolve(state, toDomainEvent<directory.DirectoryEvent>(event));
      version = event.streamVersion;
    }
    if (version > this.cached.version) this.cached = { state, version };
    return this.cached;
  }

  /**
   * Decides `change` on the current directory and appends its events. With `expectedVersion` a
   * concurrent write fails with ABORTED; without it a conflict is retried on the newer state
   * (the decision is re-taken, so no rule is bypassed).
   */
  async execute(
    change: DirectoryChange,
    context: CallContext,
    options: { readonly idempotencyKey?: string; readonly expectedVersion?: number } = {},
  ): Promise<DirectoryView> {
    for (let attempt = 0; ; attempt++) {
      const seen = await this.current();
      // A retry of a command that succeeded returns the directory as it is, whatever its version.
      if (options.idempotencyKey && seen.state.processedKeys.has(options.idempotencyKey)) return seen;
      if (options.expectedVersion !== undefined && options.expectedVersion !== seen.version) {
        throw new WrongExpectedVersionError(
          DIRECTORY_STREAM,
          exactVersion(options.expectedVersion),
          seen.version,
        );
      }
      const command = {
        ...change,
        metadata: {
          now: this.clock.now(),
          ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
        },
      } as directory.DirectoryCommand;
      const events = directory.decide(command, seen.state);
      if (events.length === 0) return seen;
      try {
        await appendDecision(this.store, DIRECTORY_STREAM, seen.version, events, context);
        return await this.current();
      } catch (error) {
        const retry =
          error instanceof WrongExpectedVersionError &&
          options.expectedVersion === undefined &&
          attempt < CONFLICT_RETRIES;
        if (!retry) throw error;
      }
    }
  }
}
