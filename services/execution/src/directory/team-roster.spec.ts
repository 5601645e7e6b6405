import type { RecordedEvent } from '@baton/eventstore';
import { TeamRoster, type LearnedMembership } from './team-roster';

let position = 0n;
const event = (
  type: string,
  streamVersion: number,
  data: unknown,
  streamId = 'directory',
  tenantId?: string,
): RecordedEvent => ({
  eventId: `e${++position}`,
  type,
  streamId,
  streamVersion,
  globalPosition: position,
  occurredAt: new Date(0),
  recordedAt: new Date(0),
  data,
  metadata: tenantId ? { tenantId } : {},
  schemaVersion: 1,
});

/** What the consumer does with each ownership event. */
const learn = (roster: TeamRoster, event: RecordedEvent) => {
  const learned = TeamRoster.learnedFrom(event);
  if (learned) roster.learn(learned);
};

describe('TeamRoster', () => {
  it('knows whom the directory lists in which team, per tenant, as members come and go', () => {
    const roster = new TeamRoster();
    learn(roster, event('MemberAdded', 1, { teamId: 'billing', personId: 'ann' }));
    learn(roster, event('MemberAdded', 2, { teamId: 'ops', personId: 'ann' }));
    learn(roster, event('MemberAdded', 1, { teamId: 'sales', personId: 'ann' }, 'directory-acme', 'acme'));
    expect(roster.teamsOf(undefined, 'ann')).toEqual(['billing', 'ops']);
    expect(roster.teamsOf('acme', 'ann')).toEqual(['sales']);
    learn(roster, event('MemberRemoved', 3, { teamId: 'billing', personId: 'ann' }));
    expect(roster.teamsOf('default', 'ann')).toEqual(['ops']);
    expect(roster.teamsOf('globex', 'ann')).toEqual([]);
  });

  it('changes nothing on a redelivered event, and ignores what is not a membership', () => {
    const roster = new TeamRoster();
    const added = event('MemberAdded', 1, { teamId: 'billing', personId: 'bob' });
    learn(roster, added);
    learn(roster, event('MemberRemoved', 2, { teamId: 'billing', personId: 'bob' }));
    learn(roster, added);
    expect(roster.teamsOf(undefined, 'bob')).toEqual([]);
    learn(roster, event('MemberAdded', 1, { teamId: 'x', personId: 'bob' }, 'policy-x'));
    expect(
      TeamRoster.learnedFrom(event('TeamCreated', 3, { teamId: 'billing', name: 'Billing' })),
    ).toBeUndefined();
    expect(roster.teamsOf(undefined, 'bob')).toEqual([]);
  });

  it('learns from what it recorded as from the topic, and knows what it already holds', () => {
    const recorded = TeamRoster.learnedFrom(
      event('MemberAdded', 4, { teamId: 'ops', personId: 'cy' }, 'directory-acme', 'acme'),
    );
    expect(recorded).toEqual({
      tenantId: 'acme',
      sourceVersion: 4,
      change: 'added',
      teamId: 'ops',
      personId: 'cy',
    });
    const restarted = new TeamRoster();
    restarted.learn(JSON.parse(JSON.stringify(recorded)) as LearnedMembership);
    expect(restarted.teamsOf('acme', 'cy')).toEqual(['ops']);
    const later = { tenantId: 'acme', change: 'removed', teamId: 'ops', personId: 'cy' } as const;
    expect(restarted.knows({ ...later, sourceVersion: 3 })).toBe(true);
    expect(restarted.knows({ ...later, sourceVersion: 5 })).toBe(false);
  });
});
