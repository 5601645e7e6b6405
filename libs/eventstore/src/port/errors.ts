import type { ExpectedVersion } from './event-store.port';

/** The stream was not at the expected version: another writer got there first. */
export class WrongExpectedVersionError extends Error {
  readonly code = 'EVENTSTORE.WRONG_EXPECTED_VERSION';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actualVersion: number,
  ) {
    super(
      `stream ${streamId} is at version ${actualVersion}, expected ${
        expected.kind === 'exact' ? expected.version : expected.kind
      }`,
    );
    this.name = 'WrongExpectedVersionError';
  }
}

/** An event id already exists elsewhere (another stream or position): not an idempotent retry. */
export class DuplicateEventIdError extends Error {
  readonly code = 'EVENTSTORE.DUPLICATE_EVENT_ID';
  constructor(
    readonly eventId: string,
    readonly streamId: string,
  ) {
    super(`event ${eventId} already exists and differs from this append to ${streamId}`);
    this.name = 'DuplicateEventIdError';
  }
}
