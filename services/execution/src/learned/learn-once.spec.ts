import { openSqliteEventStore, type EventStore, type RecordedEvent } from '@baton/eventstore';
import { protobufEventMapper } from '@baton/event-wire';
import type { IncomingMessage } from '@baton/messaging';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { learnOnce, type Learner } from './learn-once';

/** A message of ownership's topic carrying one event, as the relay publishes it. */
function messageOf(eventId: string, teamId: string): IncomingMessage {
  const event: RecordedEvent = {
    eventId,
    streamId: 'directory',
    streamVersion: 1,
    globalPosition: 1n,
    type: 'TeamCreated',
    data: { teamId, name: teamId },
    metadata: {},
    schemaVersion: 1,
    occurredAt: new Date(0),
    recordedAt: new Date(0),
  };
  const relayed = protobufEventMapper(() => 'baton.ownership.events.v1')(event);
  if (!relayed) throw new Error('not relayed');
  return { ...relayed, partition: 0, offset: '0' };
}

describe('learnOnce', () => {
  let dir: string;
  let store: EventStore;
  const known = new Set<string>();
  const learner: Learner<string> = {
    learnedFrom: (event) => (event.data as { teamId?: string }).teamId,
    knows: (teamId) => known.has(teamId),
    learn: (teamId) => known.add(teamId),
    recordAs: () => ({ streamId: 'execution-known-teams', type: 'TeamLearned' }),
    namespace: '0b9f6f0e-3c1a-4f4e-8a3e-2f9d7c6b5a41',
  };

  beforeEach(async () => {
    known.clear();
    dir = mkdtempSync(join(tmpdir(), 'baton-learn-'));
    store = await openSqliteEventStore({ file: join(dir, 'events.db') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records what it learns before learning it, and a redelivery writes nothing', async () => {
    const warnings: string[] = [];
    await learnOnce(messageOf('e-1', 'sales'), store, learner, (line) => warnings.push(line));
    await learnOnce(messageOf('e-1', 'sales'), store, learner, (line) => warnings.push(line));
    const recorded = await store.readStream('execution-known-teams');
    expect(recorded.map((e) => [e.type, e.data])).toEqual([['TeamLearned', 'sales']]);
    expect(known).toEqual(new Set(['sales']));
    expect(warnings).toEqual([]);
  });

  it('learns what another replica recorded first (same derived id), writing nothing more', async () => {
    await learnOnce(messageOf('e-2', 'it'), store, learner, () => undefined);
    known.clear(); // a second replica: the same store, nothing learned yet
    await learnOnce(messageOf('e-2', 'it'), store, learner, () => undefined);
    expect(known).toEqual(new Set(['it']));
    expect(await store.readStream('execution-known-teams')).toHaveLength(1);
  });

  it('skips a malformed message with a warning, records nothing and learns nothing', async () => {
    const warnings: string[] = [];
    const broken = { ...messageOf('e-3', 'hr'), value: Buffer.from('not an envelope') };
    await learnOnce(broken, store, learner, (line) => warnings.push(line));
    expect(warnings).toEqual([
      expect.stringMatching(/^skipped baton\.ownership\.events\.v1 event at 0\/0: /),
    ]);
    expect(known.size).toBe(0);
    expect(await store.readStream('execution-known-teams')).toEqual([]);
  });
});
