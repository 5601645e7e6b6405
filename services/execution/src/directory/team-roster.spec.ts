import type { RecordedEvent } from '@baton/eventstore';
import { TeamRoster } from './team-roster';

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

describe('TeamRoster', () => {
  it('knows whom the directory lists in which team, per tenant, as members come and go', () => {
    const roster = new TeamRoster();
    roster.learn(event('MemberAdded', 1, { teamId: 'billing', personId: 'ann' }));
    roster.learn(event('MemberAdded', 2, { teamId: 'ops', personId: 'ann' }));
    roster.learn(event('MemberAdded', 1, { teamId: 'sales', personId: 'ann' }, 'directory-acme', 'acme'));
    expect(roster.teamsOf(undefined, 'ann')).toEqual(['billing', 'ops']);
    expect(roster.teamsOf('acme', 'ann')).toEqual(['sales']);
    roster.learn(event('MemberRemoved', 3, { teamId: 'billing', personId: 'ann' }));
    expect(roster.teamsOf('default', 'ann')).toEqual(['ops']);
    expect(roster.teamsOf('globex', 'ann')).toEqual([]);
  });

  it('changes nothing on a redelivered event, and ignores what is not a membership', () => {
    const roster = new TeamRoster();
    const added = event('MemberAdded', 1, { teamId: 'billing', personId: 'bob' });
    roster.learn(added);
    roster.learn(event('MemberRemoved', 2, { teamId: 'billing', personId: 'bob' }));
    roster.learn(added);
    expect(roster.teamsOf(undefined, 'bob')).toEqual([]);
    roster.learn(event('MemberAdded', 1, { teamId: 'x', personId: 'bob' }, 'policy-x'));
    roster.learn(event('TeamCreated', 3, { teamId: 'billing', name: 'Billing' }));
    expect(roster.teamsOf(undefined, 'bob')).toEqual([]);
  });
});
