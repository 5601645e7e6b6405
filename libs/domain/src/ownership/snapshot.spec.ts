import {
  away,
  DAY,
  memberAdded,
  personRegistered,
  roleGranted,
  snapshot,
  team,
  teamCreated,
  T0,
} from './test-support/directory-fixtures';

describe('DirectorySnapshot', () => {
  const view = snapshot(
    ...team('it', 'zoe', 'ana'),
    teamCreated('ops'),
    memberAdded('ops', 'ana'),
    personRegistered('bob'),
    roleGranted('bob', 'it-lead'),
    roleGranted('ana', 'it-lead'),
    away('zoe', T0, T0 + DAY),
  );

  it('lists members and role holders sorted by id', () => {
    expect(view.membersOfTeam('it')).toEqual(['ana', 'zoe']);
    expect(view.holdersOfRole('it-lead')).toEqual(['ana', 'bob']);
    expect(view.teamsOf('ana')).toEqual(['it', 'ops']);
  });

  it('answers [] for unknown teams, roles and people', () => {
    expect(view.membersOfTeam('nope')).toEqual([]);
    expect(view.holdersOfRole('nope')).toEqual([]);
    expect(view.teamsOf('nope')).toEqual([]);
    expect(view.escalationChainOf('nope')).toEqual([]);
  });

  it('hands out copies the caller may change', () => {
    view.membersOfTeam('it').push('mallory');
    expect(view.membersOfTeam('it')).toEqual(['ana', 'zoe']);
  });

  it('knows who exists and who is available when', () => {
    expect(view.hasPerson('bob')).toBe(true);
    expect(view.hasTeam('ops')).toBe(true);
    expect(view.hasTeam('bob')).toBe(false);
    expect(view.isAvailable('zoe', T0)).toBe(false);
    expect(view.isAvailable('zoe', T0 + DAY)).toBe(true);
    expect(view.isAvailable('ghost', T0)).toBe(false);
  });
});
