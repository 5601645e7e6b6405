import { performersOf, singlePersonDependencies, type OwnedStep } from './single-person-dependency';
import type { MembershipView } from './snapshot';
import { away, personRegistered, roleGranted, snapshot, team, T0 } from './test-support/directory-fixtures';

const view = snapshot(
  ...team('legal', 'lou'),
  ...team('finance', 'ana', 'bo'),
  personRegistered('cfo'),
  roleGranted('cfo', 'cfo'),
  roleGranted('ana', 'approver'),
  roleGranted('bo', 'approver'),
  away('bo', T0),
);

const legal = { kind: 'team', teamId: 'legal' } as const;
const cfo = { kind: 'role', role: 'cfo' } as const;
const sam = { kind: 'person', personId: 'sam' } as const;
const finance = { kind: 'team', teamId: 'finance' } as const;
const approver = { kind: 'role', role: 'approver' } as const;
const reviewContract: OwnedStep = { id: 'review-contract', kind: 'human-task', owner: legal };
const signOff: OwnedStep = { id: 'sign-off', kind: 'approval', owner: cfo };
const steps: OwnedStep[] = [
  reviewContract,
  signOff,
  { id: 'call-client', owner: sam },
  { id: 'invoice', kind: 'human-task', owner: finance },
  { id: 'approve', kind: 'approval', owner: approver },
  { id: 'welcome', kind: 'human-task', owner: { kind: 'data-field', field: 'managerId' } },
  { id: 'unowned', kind: 'human-task' },
  { id: 'charge-card', kind: 'automated', owner: { kind: 'person', personId: 'lou' } },
];

describe('singlePersonDependencies', () => {
  it('flags a named person and a team or role of one, in step order', () => {
    expect(singlePersonDependencies(steps, view)).toEqual([
      { stepId: 'review-contract', owner: legal, personId: 'lou', reason: 'only-member' },
      { stepId: 'sign-off', owner: cfo, personId: 'cfo', reason: 'only-member' },
      { stepId: 'call-client', owner: sam, personId: 'sam', reason: 'named-person' },
    ]);
  });

  it('also flags pools with one person available at the instant checked', () => {
    const found = singlePersonDependencies(steps, view, { at: T0, isAvailable: view.isAvailable });
    expect(found.filter((d) => d.reason === 'only-available')).toEqual([
      { stepId: 'invoice', owner: finance, personId: 'ana', reason: 'only-available' },
      { stepId: 'approve', owner: approver, personId: 'ana', reason: 'only-available' },
    ]);
  });

  it('works against the narrow view lint codes against', () => {
    const stub: MembershipView = { membersOfTeam: () => ['x'], holdersOfRole: () => [] };
    expect(singlePersonDependencies([reviewContract, signOff], stub).map((d) => d.stepId)).toEqual([
      'review-contract',
    ]);
    expect(performersOf({ kind: 'data-field', field: 'f' }, stub)).toBeUndefined();
  });
});
