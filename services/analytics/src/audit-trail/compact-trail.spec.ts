import { decodeEnvelope, encodeEnvelope } from '@baton/event-wire';
import type { RecordedEvent } from '@baton/eventstore';
import { keptEnvelope, packed, pageOf, withEvent, type KeptEvent, type Trail } from './compact-trail';

const anAssignment = (version: number, reason = 'round-robin'): RecordedEvent => ({
  eventId: `e-${version}`,
  type: 'StepAssigned',
  streamId: 'instance-i1',
  streamVersion: version,
  globalPosition: BigInt(100 + version),
  occurredAt: new Date(Date.UTC(2026, 10, 2, 9, 0, version)),
  recordedAt: new Date(Date.UTC(2026, 10, 2, 9, 0, version)),
  data: { instanceId: 'i1', activationId: 'review#1', stepId: 'review', personId: 'bob', reason },
  metadata: { tenantId: 'default', actor: 'alice', idempotencyKey: `k-${version}` },
  schemaVersion: 1,
});

const trailOf = (arrivals: readonly [number, KeptEvent][]): Trail | undefined =>
  arrivals.reduce<Trail | undefined>(
    (trail, [version, event]) => withEvent(trail, version, event),
    undefined,
  );

describe('a compact trail', () => {
  it('keeps events in version order whatever order they arrive in, once per version', () => {
    const [e1, e2, e3] = [1, 2, 3].map((v) => anAssignment(v));
    const trail = trailOf([
      [1, e1 as RecordedEvent],
      [3, e3 as RecordedEvent],
      [2, e2 as RecordedEvent],
      [3, anAssignment(3, 'redelivered')],
    ]) as Trail;
    expect(trail.versions).toEqual([1, 2, 3]);
    expect(pageOf(trail, 0, 10).events).toEqual([e1, e2, e3]);
  });

  it('pages after a version and says whether more follow', () => {
    const trail = trailOf([1, 2, 3, 4, 5].map((v) => [v, anAssignment(v)])) as Trail;
    const first = pageOf(trail, 0, 2);
    expect(first.events.map((e) => e.streamVersion)).toEqual([1, 2]);
    expect(first.more).toBe(true);
    const last = pageOf(trail, 4, 2);
    expect(last.events.map((e) => e.streamVersion)).toEqual([5]);
    expect(last.more).toBe(false);
    expect(pageOf(trail, 5, 2)).toEqual({ events: [], more: false });
  });

  it('reads a kept envelope as decodeEnvelope reads its bytes, whatever the bytes', () => {
    const bytes = encodeEnvelope(anAssignment(1, 'Größe prüfen ✓ 😀'));
    const trail = withEvent(undefined, 1, keptEnvelope(bytes));
    expect(trail).toEqual({ versions: [1], events: [expect.any(String)] });
    expect(pageOf(trail, 0, 1).events).toEqual([decodeEnvelope(bytes)]);
  });

  describe('once packed', () => {
    const envelopes = [1, 2, 3, 5].map((v) =>
      encodeEnvelope(anAssignment(v, `reason ${'x'.repeat(v * 50)}`)),
    );
    const open = trailOf(
      envelopes.map((bytes, n) => [[1, 2, 3, 5][n] as number, keptEnvelope(bytes)]),
    ) as Trail;
    const quiet = packed(open);

    it('answers every page as before', () => {
      expect(quiet).toEqual({ versions: [1, 2, 3, 5], packed: expect.any(String) });
      for (const after of [0, 1, 3, 5])
        for (const size of [1, 2, 10]) expect(pageOf(quiet, after, size)).toEqual(pageOf(open, after, size));
    });

    it('takes further events, in version order, and ignores redeliveries', () => {
      const late = anAssignment(4);
      const next = withEvent(quiet, 4, late);
      expect(next.versions).toEqual([1, 2, 3, 4, 5]);
      expect(pageOf(next, 3, 1).events).toEqual([late]);
      expect(withEvent(quiet, 2, anAssignment(2, 'again'))).toBe(quiet);
    });

    it('is not done to a trail holding decoded events', () => {
      const mixed = withEvent(open, 4, anAssignment(4));
      expect(packed(mixed)).toBe(mixed);
    });
  });
});
