import type { OwnerSpec } from '../definition/model';
import type { DataRecord } from '../shared/data';
import { resolveAssignee, type ResolveAssigneeInput } from './resolve-owner';
import {
  away,
  DAY,
  memberAdded,
  personRegistered,
  policySet,
  roleGranted,
  snapshot,
  team,
  teamCreated,
  T0,
} from './test-support/directory-fixtures';

const finance: OwnerSpec = { kind: 'team', teamId: 'finance' };
const directory = [...team('finance', 'cy', 'ana', 'bo'), ...team('sales', 'sam')];

function resolve(
  input: Partial<ResolveAssigneeInput> & Pick<ResolveAssigneeInput, 'owner'>,
  ...extra: Parameters<typeof snapshot>
) {
  return resolveAssignee({
    data: {},
    at: T0,
    snapshot: snapshot(...directory, ...extra),
    workload: () => 0,
    ...input,
  });
}

describe('resolveAssignee', () => {
  describe('direct owners', () => {
    it('assigns a named person, with their only team', () => {
      expect(resolve({ owner: { kind: 'person', personId: 'sam' }, policy: 'direct' })).toMatchObject({
        kind: 'assigned',
        personId: 'sam',
        teamId: 'sales',
      });
    });

    it('leaves the team out when the person is in several (guessing would misattribute)', () => {
      const result = resolve(
        { owner: { kind: 'person', personId: 'sam' } },
        teamCreated('x'),
        memberAdded('x', 'sam'),
      );
      expect(result).toEqual({ kind: 'assigned', personId: 'sam', reason: expect.any(String) });
    });

    it('assigns the person named in a data field', () => {
      expect(
        resolve({ owner: { kind: 'data-field', field: 'hiringManagerId' }, data: { hiringManagerId: 'bo' } }),
      ).toMatchObject({
        kind: 'assigned',
        personId: 'bo',
        teamId: 'finance',
        reason: 'direct: data field "hiringManagerId" names "bo"',
      });
    });

    it('is unresolved when the data field is missing, empty or not a string', () => {
      const cases: DataRecord[] = [{}, { m: '' }, { m: 42 }];
      for (const data of cases) {
        expect(resolve({ owner: { kind: 'data-field', field: 'm' }, data })).toMatchObject({
          kind: 'unresolved',
          code: 'DATA_FIELD_MISSING',
        });
      }
    });

    it('never picks an unavailable or unregistered person', () => {
      expect(
        resolve({ owner: { kind: 'person', personId: 'sam' } }, away('sam', T0 - DAY, T0 + DAY)),
      ).toMatchObject({
        kind: 'unresolved',
        code: 'PERSON_UNAVAILABLE',
        reason: 'step owner is person "sam", who is unavailable at 2026-01-05T09:00:00.000Z',
      });
      expect(resolve({ owner: { kind: 'person', personId: 'ghost' } })).toMatchObject({
        code: 'PERSON_NOT_FOUND',
      });
    });

    it('is unresolved without an owner', () => {
      expect(resolve({ owner: undefined })).toMatchObject({ kind: 'unresolved', code: 'NO_OWNER' });
    });
  });

  describe('round-robin', () => {
    it('cycles through the members in id order, returning the next cursor', () => {
      const picks: string[] = [];
      let cursor: number | undefined;
      for (let i = 0; i < 4; i++) {
        const result = resolve({ owner: finance, policy: 'round-robin', cursor });
        if (result.kind !== 'assigned') throw new Error('expected an assignment');
        picks.push(result.personId);
        cursor = result.nextCursor;
      }
      expect(picks).toEqual(['ana', 'bo', 'cy', 'ana']);
    });

    it('skips unavailable members without shifting the others', () => {
      const bo = away('bo', T0 - DAY, T0 + DAY);
      expect(resolve({ owner: finance, policy: 'round-robin', cursor: 1 }, bo)).toMatchObject({
        personId: 'cy',
        nextCursor: 0,
        teamId: 'finance',
      });
      expect(resolve({ owner: finance, policy: 'round-robin', cursor: 0 }, bo)).toMatchObject({
        personId: 'ana',
        nextCursor: 1,
      });
    });

    it('wraps any cursor into range and treats a broken one as 0', () => {
      expect(resolve({ owner: finance, policy: 'round-robin', cursor: 7 })).toMatchObject({ personId: 'bo' });
      expect(resolve({ owner: finance, policy: 'round-robin', cursor: -1 })).toMatchObject({
        personId: 'cy',
      });
      expect(resolve({ owner: finance, policy: 'round-robin', cursor: Number.NaN })).toMatchObject({
        personId: 'ana',
      });
    });

    it('is deterministic: the same inputs give the same pick', () => {
      const input = { owner: finance, policy: 'round-robin' as const, cursor: 2 };
      expect(resolve(input)).toEqual(resolve(input));
    });
  });

  describe('least-loaded', () => {
    const load: Record<string, number> = { ana: 3, bo: 1, cy: 1 };

    it('picks the lowest workload, ties to the lowest id', () => {
      expect(
        resolve({ owner: finance, policy: 'least-loaded', workload: (p) => load[p] ?? 0 }),
      ).toMatchObject({
        kind: 'assigned',
        personId: 'bo',
        teamId: 'finance',
        reason: 'least-loaded over team "finance" (3 of 3 available): "bo" has 1 open',
      });
    });

    it('skips the unavailable even when they are the least loaded', () => {
      expect(
        resolve({ owner: finance, policy: 'least-loaded', workload: (p) => load[p] ?? 0 }, away('bo', T0)),
      ).toMatchObject({ personId: 'cy' });
    });

    it('ranks a non-finite workload last', () => {
      expect(
        resolve({ owner: finance, policy: 'least-loaded', workload: (p) => (p === 'ana' ? Number.NaN : 9) }),
      ).toMatchObject({ personId: 'bo' });
    });
  });

  describe('manual-claim', () => {
    it('offers the work to the available members', () => {
      expect(resolve({ owner: finance, policy: 'manual-claim' }, away('cy', T0))).toEqual({
        kind: 'claim',
        candidates: ['ana', 'bo'],
        teamId: 'finance',
        reason: 'manual-claim: offered to team "finance" (2 of 3 available)',
      });
    });
  });

  describe('policy fallback', () => {
    it('uses the team policy when the step says direct or nothing', () => {
      expect(
        resolve({ owner: finance, policy: 'direct' }, policySet('finance', 'round-robin')),
      ).toMatchObject({
        kind: 'assigned',
        personId: 'ana',
      });
      expect(resolve({ owner: finance })).toMatchObject({ kind: 'claim' });
    });
  });

  describe('roles', () => {
    it('draws from the holders; the team is the assignee’s only team', () => {
      const result = resolve(
        { owner: { kind: 'role', role: 'approver' }, policy: 'round-robin' },
        roleGranted('sam', 'approver'),
        roleGranted('cy', 'approver'),
      );
      expect(result).toMatchObject({ kind: 'assigned', personId: 'cy', teamId: 'finance' });
      const leastLoaded = resolve(
        {
          owner: { kind: 'role', role: 'approver' },
          policy: 'least-loaded',
          workload: (p) => (p === 'cy' ? 5 : 0),
        },
        roleGranted('sam', 'approver'),
        roleGranted('cy', 'approver'),
      );
      expect(leastLoaded).toMatchObject({ personId: 'sam', teamId: 'sales' });
    });

    it('offers a role with no policy to its holders, with no team', () => {
      expect(
        resolve(
          { owner: { kind: 'role', role: 'approver' } },
          personRegistered('lee'),
          roleGranted('lee', 'approver'),
        ),
      ).toEqual({
        kind: 'claim',
        candidates: ['lee'],
        reason: expect.any(String),
      });
    });
  });

  describe('nobody to pick', () => {
    it('says so when everyone is away, and who they are', () => {
      expect(
        resolve({ owner: finance, policy: 'round-robin' }, away('ana', T0), away('bo', T0), away('cy', T0)),
      ).toEqual({
        kind: 'unresolved',
        code: 'NOBODY_AVAILABLE',
        reason: 'all 3 of team "finance" (ana, bo, cy) are unavailable at 2026-01-05T09:00:00.000Z',
      });
    });

    it('says so for an empty team, a role nobody holds, or an unknown team', () => {
      expect(resolve({ owner: { kind: 'team', teamId: 'empty' } }, teamCreated('empty'))).toMatchObject({
        code: 'NO_CANDIDATES',
      });
      expect(resolve({ owner: { kind: 'role', role: 'cfo' } })).toMatchObject({ code: 'NO_CANDIDATES' });
      expect(resolve({ owner: { kind: 'team', teamId: 'nope' } })).toMatchObject({ code: 'TEAM_NOT_FOUND' });
    });

    it('shows an out-of-range time raw rather than failing', () => {
      expect(resolve({ owner: { kind: 'person', personId: 'sam' }, at: 9e15 }, away('sam', 0))).toMatchObject(
        {
          reason: 'step owner is person "sam", who is unavailable at 9000000000000000',
        },
      );
    });
  });
});
