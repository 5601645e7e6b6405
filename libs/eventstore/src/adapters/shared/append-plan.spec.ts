import { DuplicateEventIdError, WrongExpectedVersionError } from '../../port/errors';
import { anyVersion, exactVersion, noStream, type NewEvent } from '../../port/event-store.port';
import { expectationHolds, planAppend, type ExistingEvent } from './append-plan';

const ev = (id: string): NewEvent => ({ eventId: id, type: 'T', data: {} });
const stored = (id: string, streamId: string, streamVersion: number): ExistingEvent => ({
  eventId: id,
  streamId,
  streamVersion,
  globalPosition: BigInt(streamVersion * 10),
});

describe('planAppend', () => {
  it('writes after the current version when the expectation holds', () => {
    expect(planAppend('s', [ev('a'), ev('b')], exactVersion(3), 3, [])).toEqual({
      kind: 'write',
      firstVersion: 4,
    });
    expect(planAppend('s', [ev('a')], noStream, 0, [])).toEqual({ kind: 'write', firstVersion: 1 });
    expect(planAppend('s', [ev('a')], anyVersion, 7, [])).toEqual({ kind: 'write', firstVersion: 8 });
  });

  it('refuses a stale expectation with the actual version', () => {
    expect(() => planAppend('s', [ev('a')], exactVersion(2), 3, [])).toThrow(WrongExpectedVersionError);
    expect(() => planAppend('s', [ev('a')], noStream, 1, [])).toThrow(/is at version 1, expected no-stream/);
  });

  it('treats the same ids at the same place as already written, even with a now stale expectation', () => {
    const existing = [stored('a', 's', 4), stored('b', 's', 5)];
    expect(planAppend('s', [ev('a'), ev('b')], exactVersion(3), 9, existing)).toEqual({
      kind: 'already-written',
      result: { nextExpectedVersion: 5, lastGlobalPosition: 50n, written: false },
    });
    expect(planAppend('s', [ev('a'), ev('b')], anyVersion, 9, existing).kind).toBe('already-written');
    expect(
      planAppend(
        's',
        [stored('x', 's', 1)].map((e) => ev(e.eventId)),
        noStream,
        1,
        [stored('x', 's', 1)],
      ).kind,
    ).toBe('already-written');
  });

  it('refuses ids that live elsewhere, partly overlap, or repeat within the batch', () => {
    expect(() => planAppend('s', [ev('a')], anyVersion, 0, [stored('a', 'other', 1)])).toThrow(
      DuplicateEventIdError,
    );
    expect(() => planAppend('s', [ev('a'), ev('new')], anyVersion, 4, [stored('a', 's', 4)])).toThrow(
      DuplicateEventIdError,
    );
    expect(() => planAppend('s', [ev('a')], exactVersion(1), 4, [stored('a', 's', 4)])).toThrow(
      DuplicateEventIdError,
    );
    expect(() => planAppend('s', [ev('a'), ev('a')], anyVersion, 0, [])).toThrow(DuplicateEventIdError);
  });
});

describe('expectationHolds', () => {
  it('follows any, no-stream and exact', () => {
    expect(expectationHolds(anyVersion, 5)).toBe(true);
    expect(expectationHolds(noStream, 0)).toBe(true);
    expect(expectationHolds(noStream, 1)).toBe(false);
    expect(expectationHolds(exactVersion(2), 2)).toBe(true);
    expect(expectationHolds(exactVersion(2), 3)).toBe(false);
  });
});
