import { analyticsV1, commonV1, EXECUTION_EVENTS_TOPIC, googleRpc } from '@baton/contracts';
import { decodeEnvelope, encodeEnvelope, protobufEventMapper } from '@baton/event-wire';
import type { access } from '@baton/domain';
import type { RecordedEvent } from '@baton/eventstore';
import { startGrpcServer, statusDetailsOf, type RunningGrpcServer } from '@baton/grpc-server';
import { jsonEventMapper, type RelayedMessage } from '@baton/messaging';
import { openRuntime, RuntimeModule, type Runtime } from '@baton/service-kit';
import { credentials, status, type ServiceError } from '@grpc/grpc-js';
import type { INestApplicationContext } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { NestFactory } from '@nestjs/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyticsHostedService } from './analytics.hosted';
import { AnalyticsModule } from './analytics.module';
import { summarize } from './audit-trail/audit-summary';
import { GetAuditTrail } from './audit-trail/get-audit-trail.query';

const at = (s: number) => new Date(Date.UTC(2026, 10, 2, 9, 0, s));
let position = 0n;
function recorded(
  instanceId: string,
  version: number,
  type: string,
  data: object,
  actor = 'alice',
): RecordedEvent {
  position += 1n;
  return {
    eventId: `e-${instanceId}-${version}`,
    type,
    streamId: `instance-${instanceId}`,
    streamVersion: version,
    globalPosition: position,
    occurredAt: at(version),
    recordedAt: at(version),
    data,
    metadata: {
      tenantId: 'default',
      actor,
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    },
    schemaVersion: 1,
  };
}

describe('summarize', () => {
  it('says who did what to which step', () => {
    const ref = { instanceId: 'i', activationId: 'approve#1', stepId: 'approve' };
    expect(
      summarize(
        recorded('i', 1, 'StepCompleted', { ...ref, personId: 'bob', outcome: 'approved', output: {} }),
      ),
    ).toBe('bob completed "approve" (approved)');
    expect(
      summarize(recorded('i', 2, 'StepAssigned', { ...ref, personId: 'carol', reason: 'round-robin' })),
    ).toBe('"approve" assigned to carol (round-robin)');
    expect(
      summarize(recorded('i', 3, 'StepFailed', { ...ref, kind: 'rejected', reason: 'missing PO' })),
    ).toBe('"approve" rejected (missing PO)');
  });
});

describe('AnalyticsService GetAuditTrail', () => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-analytics-'));
  let runtime: Runtime;
  let app: INestApplicationContext;
  let server: RunningGrpcServer;
  let client: analyticsV1.AnalyticsServiceClient;

  beforeAll(async () => {
    runtime = await openRuntime({
      store: { kind: 'sqlite', file: join(dir, 'a.db') },
      bus: { kind: 'in-process' },
    });
    app = await NestFactory.createApplicationContext(
      { module: class Root {}, imports: [RuntimeModule.forRuntime(runtime), AnalyticsModule.forRoot()] },
      { logger: false },
    );
    await app.init();
    server = await startGrpcServer({ address: '127.0.0.1:0', services: [analyticsHostedService(app)] });
    client = new analyticsV1.AnalyticsServiceClient(`127.0.0.1:${server.port}`, credentials.createInsecure());
  });
  afterAll(async () => {
    client.close();
    await server.stop();
    await app.close();
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const call = (request: Partial<analyticsV1.GetAuditTrailRequest>) =>
    new Promise<analyticsV1.GetAuditTrailResponse>((resolve, reject) =>
      client.getAuditTrail(analyticsV1.GetAuditTrailRequest.fromPartial(request), (err, res) =>
        err ? reject(err) : resolve(res),
      ),
    );

  async function eventually<T>(fn: () => Promise<T>): Promise<T> {
    for (let i = 0; ; i++) {
      try {
        return await fn();
      } catch (error) {
        if (i > 100) throw error;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  }

  it('lists every transition of an instance in stream order, paged, ignoring redeliveries', async () => {
    const ref = { instanceId: 'i1', activationId: 'review#1', stepId: 'review' };
    const events = [
      recorded('i1', 1, 'InstanceStarted', {
        instanceId: 'i1',
        definitionId: 'po',
        definitionVersion: 1,
        businessKey: 'PO-1',
        data: {},
      }),
      recorded('i1', 2, 'StepActivated', {
        ...ref,
        stepKind: 'human-task',
        handedOffFrom: [],
        policy: 'round-robin',
        attempt: 1,
      }),
      recorded('i1', 3, 'StepAssigned', { ...ref, personId: 'bob', reason: 'round-robin' }),
      recorded('i1', 4, 'StepStarted', { ...ref, personId: 'bob' }),
    ];
    const toMessage = jsonEventMapper(() => EXECUTION_EVENTS_TOPIC);
    const messages = [...events, events[1] as RecordedEvent].map(toMessage);
    await runtime.bus.publish(EXECUTION_EVENTS_TOPIC, messages);

    const first = await eventually(async () => {
      const page = await call({ instanceId: 'i1', pageSize: 3 });
      if (page.entries.length < 3) throw new Error('not yet');
      return page;
    });
    expect(first.entries.map((e) => e.event?.type)).toEqual([
      'InstanceStarted',
      'StepActivated',
      'StepAssigned',
    ]);
    expect(first.entries[2]).toMatchObject({
      summary: '"review" assigned to bob (round-robin)',
      stepId: 'review',
      activationId: 'review#1',
      traceId: '0af7651916cd43dd8448eb211c80319c',
    });
    const second = await call({ instanceId: 'i1', pageSize: 3, pageToken: first.nextPageToken });
    expect(second.entries.map((e) => e.summary)).toEqual(['bob started "review"']);
    expect(second.nextPageToken).toBe('');
  });

  it('redacts every data value of an instance whose definition version it does not know, unless the caller may read them', async () => {
    await runtime.bus.publish(EXECUTION_EVENTS_TOPIC, [
      jsonEventMapper(() => EXECUTION_EVENTS_TOPIC)(
        recorded('i9', 1, 'InstanceStarted', {
          instanceId: 'i9',
          definitionId: 'never-published',
          definitionVersion: 1,
          businessKey: 'PO-9',
          data: { salary: 91000, note: 'plain' },
        }),
      ),
    ]);
    const queries = app.get(QueryBus);
    const trailOf = (roles: access.Role[]) =>
      eventually(async () => {
        const page = (await queries.execute(
          new GetAuditTrail('i9', 0, 0, 'default', { roles }),
        )) as analyticsV1.GetAuditTrailResponse;
        const event = page.entries[0]?.event;
        if (!event) throw new Error('not yet');
        return decodeEnvelope(commonV1.EventEnvelope.encode(event).finish()).data;
      });
    expect(await trailOf(['team-lead'])).toMatchObject({
      businessKey: '[redacted]',
      data: { salary: '[redacted]', note: '[redacted]' },
    });
    expect(await trailOf(['admin'])).toMatchObject({
      businessKey: 'PO-9',
      data: { salary: 91000, note: 'plain' },
    });
  });

  it('answers for protobuf envelopes as for the events they decode to', async () => {
    const ref = { instanceId: 'i2', activationId: 'review#1', stepId: 'review' };
    const events = [
      recorded('i2', 1, 'InstanceStarted', {
        instanceId: 'i2',
        definitionId: 'po',
        definitionVersion: 1,
        businessKey: 'PO-2',
        data: { amount: 1200.5, note: 'Größe ✓' },
      }),
      recorded('i2', 2, 'StepActivated', {
        ...ref,
        stepKind: 'human-task',
        handedOffFrom: [],
        policy: 'round-robin',
        attempt: 1,
      }),
      recorded('i2', 3, 'StepAssigned', { ...ref, personId: 'bob', reason: 'round-robin' }),
    ];
    const toMessage = protobufEventMapper(() => EXECUTION_EVENTS_TOPIC);
    const [e1, e2, e3] = events as [RecordedEvent, RecordedEvent, RecordedEvent];
    const messages = [e1, e2, e3, e3].map((e) => toMessage(e) as RelayedMessage);
    await runtime.bus.publish(EXECUTION_EVENTS_TOPIC, messages);

    const page = await eventually(async () => {
      const found = await call({ instanceId: 'i2' });
      if (found.entries.length < 3) throw new Error('not yet');
      return found;
    });
    const asConsumed = events.map((e) => decodeEnvelope(encodeEnvelope(e)));
    expect(page.entries.map((e) => e.event)).toEqual(
      asConsumed.map((e) => commonV1.EventEnvelope.decode(encodeEnvelope(e))),
    );
    expect(page.entries.map((e) => e.summary)).toEqual(asConsumed.map(summarize));
    expect(page.entries[2]).toMatchObject({ stepId: 'review', activationId: 'review#1' });
  });

  it('answers statistics once the instances ended, and refuses a bad filter naming its fields', async () => {
    const bottlenecks = (request: Parameters<typeof analyticsV1.GetBottlenecksRequest.fromPartial>[0]) =>
      new Promise<analyticsV1.GetBottlenecksResponse>((resolve, reject) =>
        client.getBottlenecks(analyticsV1.GetBottlenecksRequest.fromPartial(request), (err, res) =>
          err ? reject(err) : resolve(res),
        ),
      );
    const ref = { instanceId: 'i3', activationId: 'review#1', stepId: 'review' };
    const events = [
      recorded('i3', 1, 'InstanceStarted', {
        instanceId: 'i3',
        definitionId: 'po',
        definitionVersion: 1,
        businessKey: 'PO-3',
        data: {},
      }),
      recorded('i3', 2, 'StepActivated', {
        ...ref,
        stepKind: 'human-task',
        handedOffFrom: [{ handoffId: 'h-start', fromStepId: 'start', completedAt: at(1).getTime() }],
        policy: 'round-robin',
        attempt: 1,
      }),
      recorded('i3', 3, 'StepStarted', { ...ref, personId: 'bob' }),
      recorded('i3', 9, 'StepCompleted', { ...ref, personId: 'bob', output: {} }),
    ];
    await runtime.bus.publish(
      EXECUTION_EVENTS_TOPIC,
      events.map(jsonEventMapper(() => EXECUTION_EVENTS_TOPIC)),
    );
    const found = await eventually(async () => {
      const answer = await bottlenecks({ filter: { definitionId: 'po' } });
      if (answer.bottlenecks.length < 2) throw new Error('not yet');
      return answer;
    });
    // Review: handed off from the start at 9:00:01, started at 9:00:03, worked until 9:00:09.
    expect(found.bottlenecks.map((b) => [b.kind, b.totalTimeLost?.seconds])).toEqual([
      [analyticsV1.BottleneckKind.BOTTLENECK_KIND_STEP_WORK, '6'],
      [analyticsV1.BottleneckKind.BOTTLENECK_KIND_HANDOFF, '2'],
    ]);
    expect(found.clock).toBe(analyticsV1.Clock.CLOCK_CALENDAR);
    // In business time: no calendar is known, so the fallback week (Monday 09:00 is inside it).
    const business = await bottlenecks({
      filter: { definitionId: 'po', clock: analyticsV1.Clock.CLOCK_BUSINESS },
    });
    expect([business.clock, ...business.bottlenecks.map((b) => b.totalTimeLost?.seconds)]).toEqual([
      analyticsV1.Clock.CLOCK_BUSINESS,
      '6',
      '2',
    ]);

    const invalid = (await bottlenecks({
      filter: { definitionVersion: 1, timeWindow: { startTime: at(9), endTime: at(1) } },
      limit: -1,
    }).catch((e: unknown) => e)) as ServiceError;
    expect(invalid.code).toBe(status.INVALID_ARGUMENT);
    const fields = statusDetailsOf(invalid)?.details.flatMap((any) =>
      any.typeUrl.endsWith('BadRequest') ? googleRpc.BadRequest.decode(any.value).fieldViolations : [],
    );
    expect(fields?.map((f) => f.field)).toEqual(['filter.definition_version', 'filter.time_window', 'limit']);
  });

  it('answers NOT_FOUND for an unknown instance and INVALID_ARGUMENT naming a missing id', async () => {
    const missing = (await call({ instanceId: 'nope' }).catch((e: unknown) => e)) as ServiceError;
    expect(missing.code).toBe(status.NOT_FOUND);
    const invalid = (await call({}).catch((e: unknown) => e)) as ServiceError;
    expect(invalid.code).toBe(status.INVALID_ARGUMENT);
    expect(invalid.details).toContain('instance_id');
    expect(statusDetailsOf(invalid)?.details.length).toBeGreaterThan(0);
  });
});
