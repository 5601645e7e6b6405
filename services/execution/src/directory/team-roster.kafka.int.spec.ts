import type { RecordedEvent } from '@baton/eventstore';
import { ManualClock } from '@baton/service-kit';
import { describeWithKafka, kafkaBrokers, uniqueName } from '@baton/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { relayOwnershipEvents } from '../testing/calendar-fixture';
import { ExecutionTestApp, waitUntil } from '../testing/execution-test-app';
import { startExecutionOnKafka } from '../testing/execution-on-kafka';
import { KNOWN_MEMBERS_STREAM } from '../streams';
import { TeamRoster, type LearnedMembership } from './team-roster';

jest.setTimeout(120_000);

const membership = (
  streamId: string,
  streamVersion: number,
  type: 'MemberAdded' | 'MemberRemoved',
  teamId: string,
  personId: string,
): RecordedEvent => ({
  eventId: uuidv7(),
  streamId,
  streamVersion,
  globalPosition: BigInt(streamVersion),
  type,
  data: { teamId, personId },
  metadata: {
    tenantId: streamId === 'directory' ? 'default' : streamId.slice('directory-'.length),
    actor: 'admin',
  },
  occurredAt: new Date(0),
  recordedAt: new Date(0),
  schemaVersion: 1,
});

// On a real broker: execution learns team memberships from ownership's topic, per tenant, in
// stream order, records each once across restarts (a new consumer group reads the topic again),
// and restarted on a cluster whose ownership topic is empty still knows them from its own store.
describeWithKafka("Execution's team roster on Kafka", () => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-execution-roster-kafka-'));
  const clock = new ManualClock(Date.parse('2026-03-02T08:00:00Z'));
  const groups = {
    definitions: uniqueName('execution-definitions'),
    triggers: uniqueName('execution-triggers'),
  };

  const start = (topicPrefix: string) =>
    startExecutionOnKafka({
      brokers: kafkaBrokers(),
      clientId: 'execution-roster-int',
      topicPrefix,
      dir,
      clock,
      module: { groups },
    });
  const kept = async (app: ExecutionTestApp) =>
    (await app.runtime.store.readStream(KNOWN_MEMBERS_STREAM)).map(
      (e) => `${(e.data as LearnedMembership).tenantId} ${(e.data as LearnedMembership).sourceVersion}`,
    );
  const teams = (app: ExecutionTestApp, tenantId: string, personId: string) =>
    app.app.get(TeamRoster).teamsOf(tenantId, personId).join(',');

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('learns memberships per tenant, and learns them again after a restart', async () => {
    const cluster = `${uniqueName('roster')}.`;
    const first = await start(cluster);
    try {
      await relayOwnershipEvents(first, [
        membership('directory', 1, 'MemberAdded', 'billing', 'ann'),
        membership('directory', 2, 'MemberAdded', 'ops', 'ann'),
        membership('directory-acme', 1, 'MemberAdded', 'sales', 'ann'),
        membership('directory', 3, 'MemberRemoved', 'billing', 'ann'),
      ]);
      await waitUntil(
        () => teams(first, 'default', 'ann') === 'ops' && teams(first, 'acme', 'ann') === 'sales',
        60_000,
      );
    } finally {
      await first.close(false);
    }
    const second = await start(cluster);
    try {
      await waitUntil(
        () => teams(second, 'default', 'ann') === 'ops' && teams(second, 'acme', 'ann') === 'sales',
        60_000,
      );
      expect(teams(second, 'globex', 'ann')).toBe('');
      await relayOwnershipEvents(second, [membership('directory', 4, 'MemberAdded', 'billing', 'bob')]);
      await waitUntil(() => teams(second, 'default', 'bob') === 'billing', 60_000);
      // Each recorded once; tenants' streams may interleave (partitions), each in its own order.
      expect((await kept(second)).sort()).toEqual([
        'acme 1',
        'default 1',
        'default 2',
        'default 3',
        'default 4',
      ]);
    } finally {
      await second.close(false);
    }
    // Another cluster name: its ownership topic has never held a membership.
    const third = await start(`${uniqueName('empty')}.`);
    try {
      expect([
        teams(third, 'default', 'ann'),
        teams(third, 'acme', 'ann'),
        teams(third, 'default', 'bob'),
      ]).toEqual(['ops', 'sales', 'billing']);
      expect(await kept(third)).toHaveLength(5);
    } finally {
      await third.close(false);
    }
  });
});
