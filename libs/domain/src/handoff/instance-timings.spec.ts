import type { InstanceEvent } from '../instance/events';
import { ValidationError } from '../shared/errors';
import { checkInstanceEvents, instanceTimings } from './instance-timings';
import {
  activated,
  assigned,
  completed,
  from,
  fromStart,
  instanceCancelled,
  instanceCompleted,
  instanceStarted,
  reassigned,
  started,
} from './test-support/instance-events';

const reasons = (events: InstanceEvent[]) => checkInstanceEvents(events).map((v) => [v.field, v.reason]);
const start = [instanceStarted(100), activated('a#1', 100, [fromStart(100)])];

describe('Inconsistent instance events', () => {
  it('accepts a consistent stream', () => {
    expect(
      checkInstanceEvents([
        ...start,
        assigned('a#1', 110, 'ana'),
        started('a#1', 120),
        completed('a#1', 130),
      ]),
    ).toEqual([]);
  });

  it('refuses times that go backwards within an activation instead of producing negative durations', () => {
    expect(reasons([...start, assigned('a#1', 90, 'ana')])).toEqual([['events[2].at', 'OUT_OF_ORDER']]);
    expect(reasons([...start, assigned('a#1', 110, 'ana'), started('a#1', 105)])).toEqual([
      ['events[3].at', 'OUT_OF_ORDER'],
    ]);
    expect(reasons([...start, started('a#1', 99)])).toEqual([['events[2].at', 'OUT_OF_ORDER']]);
    expect(reasons([...start, started('a#1', 120), completed('a#1', 119)])).toEqual([
      ['events[3].at', 'OUT_OF_ORDER'],
    ]);
    expect(reasons([...start, assigned('a#1', 120, 'ana'), completed('a#1', 119)])).toEqual([
      ['events[3].at', 'OUT_OF_ORDER'],
    ]);
    expect(reasons([...start, started('a#1', 120), instanceCancelled(110, ['a#1'])])).toEqual([
      ['events[3].at', 'OUT_OF_ORDER'],
    ]);
  });

  it('refuses a handoff source that completed after the activation it released', () => {
    const events = [
      instanceStarted(0),
      activated('b#1', 10, [from('a#1', 5), from('c#1', 11), from('d#1', 12)]),
      started('b#1', 20),
    ];
    expect(reasons(events)).toEqual([
      ['events[1].data.handedOffFrom[1].completedAt', 'OUT_OF_ORDER'],
      ['events[1].data.handedOffFrom[2].completedAt', 'OUT_OF_ORDER'],
    ]);
  });

  it('refuses a handoff source whose completedAt is not when the stream says the source ended', () => {
    const events = [
      instanceStarted(0),
      activated('a#1', 5, [fromStart(1)]),
      completed('a#1', 10),
      activated('b#1', 20, [from('a#1', 9)]),
      activated('c#1', 20, [from('a#1', 10), from('elsewhere#1', 3)]),
    ];
    expect(reasons(events)).toEqual([
      ['events[1].data.handedOffFrom[0].completedAt', 'SOURCE_MISMATCH'],
      ['events[3].data.handedOffFrom[0].completedAt', 'SOURCE_MISMATCH'],
    ]);
  });

  it('refuses an instance that ends before it starts, or ends twice', () => {
    expect(reasons([instanceStarted(100), instanceCompleted(99)])).toEqual([
      ['events[1].at', 'OUT_OF_ORDER'],
    ]);
    expect(reasons([instanceStarted(100), instanceCompleted(101), instanceCancelled(102)])).toEqual([
      ['events[2]', 'ALREADY_ENDED'],
    ]);
    expect(reasons([instanceStarted(100), instanceStarted(101)])).toEqual([['events[1]', 'DUPLICATE_START']]);
  });

  it('refuses unknown, duplicate and twice-ended activations', () => {
    expect(
      reasons([...start, started('x#1', 100), reassigned('x#1', 100, 'bo'), instanceCancelled(200, ['x#1'])]),
    ).toEqual([
      ['events[2].data.activationId', 'UNKNOWN_ACTIVATION'],
      ['events[3].data.activationId', 'UNKNOWN_ACTIVATION'],
      ['events[4].data.cancelledActivationIds[0]', 'UNKNOWN_ACTIVATION'],
    ]);
    expect(reasons([...start, activated('a#1', 100, [fromStart(100)])])).toEqual([
      ['events[2].data.activationId', 'DUPLICATE_ACTIVATION'],
    ]);
    expect(reasons([...start, completed('a#1', 101), completed('a#1', 102)])).toEqual([
      ['events[3]', 'ALREADY_ENDED'],
    ]);
  });

  it('refuses times that are not integer epoch ms, which would make the sums inexact', () => {
    expect(reasons([instanceStarted(0.5), activated('a#1', 1, [fromStart(Number.NaN)])])).toEqual([
      ['events[0].at', 'INVALID_TIME'],
      ['events[1].data.handedOffFrom[0].completedAt', 'INVALID_TIME'],
    ]);
  });

  it('refuses events of another instance', () => {
    const other: InstanceEvent = {
      type: 'InstanceCompleted',
      data: { instanceId: 'inst-2', data: {} },
      at: 200,
    };
    expect(reasons([...start, other])).toEqual([['events[2].data.instanceId', 'MIXED_INSTANCES']]);
  });

  it('ignores a cancellation of an activation that already ended', () => {
    expect(reasons([...start, completed('a#1', 110), instanceCancelled(120, ['a#1'])])).toEqual([]);
  });

  it('throws a ValidationError listing every violation', () => {
    const events = [instanceStarted(100), instanceCompleted(50), started('x#1', 1)];
    let refusal: unknown;
    try {
      instanceTimings(events);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(ValidationError);
    expect(refusal).toMatchObject({
      code: 'HANDOFF.INCONSISTENT_EVENTS',
      message:
        'Cannot time the instance: events[1].at InstanceCompleted at 50 is before the instance start at 100 (and 1 more).',
      violations: [{ reason: 'OUT_OF_ORDER' }, { reason: 'UNKNOWN_ACTIVATION' }],
    });
    expect(() => instanceTimings([instanceStarted(100), instanceCompleted(50)])).toThrow(
      /instance start at 100\.$/,
    );
  });
});
