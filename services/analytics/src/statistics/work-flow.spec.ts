import { analyticsV1 } from '@baton/contracts';
import { CLAIMS_T0 } from '../testing/claims-process';
import { claimsAt, claimsReadModels, minutes } from '../testing/claims-read-models';
import { getHandoverNetwork, getSinglePersonDependencies, getTeamQueues } from './flow.requests';
import { GetHandoverNetworkHandler } from './queries/get-handover-network.query';
import { GetSinglePersonDependenciesHandler } from './queries/get-single-person-dependencies.query';
import { GetTeamQueuesHandler } from './queries/get-team-queues.query';

// The claims of testing/claims-process.ts (timeline there; minutes per handoff and step below).
const NOW = CLAIMS_T0 + 10 * 86_400_000;
const DAYS = { timeWindow: { startTime: claimsAt(0, -540), endTime: claimsAt(5, -540) } };

describe('Work-flow queries on the claims process', () => {
  const claims = claimsReadModels();

  describe('GetHandoverNetwork', () => {
    const network = (request: Parameters<typeof analyticsV1.GetHandoverNetworkRequest.fromPartial>[0]) =>
      new GetHandoverNetworkHandler(claims.readModels()).execute(
        getHandoverNetwork(analyticsV1.GetHandoverNetworkRequest.fromPartial(request)),
      );

    it('links teams by the handoffs between their steps, with counts and median times', async () => {
      // intake→intake: 10, 8, 6, 2, 2, 2; intake→review: 30, 4, 3, 2, 3; review→payout: 10, 4, 2, 9;
      // intake→payout: 60, 21; review→intake: 7 (the rejection). The start edges hand nothing over.
      const { nodes, edges } = await network({});
      expect(edges.map((e) => [e.fromId, e.toId, e.count, minutes(e.handoffTime?.p50)])).toEqual([
        ['intake', 'intake', '6', expect.closeTo(2, 1)],
        ['intake', 'review', '5', expect.closeTo(3, 1)],
        ['review', 'payout', '4', expect.closeTo(4, 1)],
        ['intake', 'payout', '2', expect.closeTo(21, 0)],
        ['review', 'intake', '1', expect.closeTo(7, 1)],
      ]);
      expect(nodes.map((n) => [n.id, n.label, n.completedCount, n.handedOverCount, n.receivedCount])).toEqual(
        [
          ['intake', 'Intake', '12', '13', '7'],
          ['payout', 'Payout', '4', '0', '6'],
          ['review', 'Review', '4', '5', '5'],
        ],
      );
    });

    it('links people (who did A → who did B, when they differ), and steps of one definition', async () => {
      const people = await network({ level: analyticsV1.NetworkLevel.NETWORK_LEVEL_PERSON, minCount: '2' });
      expect(people.edges.map((e) => `${e.fromId}→${e.toId} ${e.count}`)).toEqual([
        'amy→bob 4',
        'cat→eve 3',
        'amy→cat 2',
        'bob→amy 2',
        'bob→cat 2',
        'bob→eve 2',
      ]);
      expect(people.nodes.map((n) => [n.id, n.label, n.completedCount])).toEqual([
        ['amy', 'Amy', '6'],
        ['bob', 'Bob', '6'],
        ['cat', 'Cat', '3'],
        ['eve', 'Eve', '4'],
      ]);
      const steps = await network({
        level: analyticsV1.NetworkLevel.NETWORK_LEVEL_STEP,
        filter: { definitionId: 'claims', definitionVersion: 2 },
      });
      expect(steps.edges.map((e) => `${e.fromId}→${e.toId} ${e.count}`)).toEqual([
        'assess→pay 2',
        'register→triage 2',
        'start→register 2',
        'triage→assess 2',
      ]);
      expect(steps.nodes.map((n) => n.label)).toEqual([
        'Assess the claim',
        'Pay out',
        'Register the claim',
        'start',
        'Triage',
      ]);
    });

    it('keeps the handoffs into or out of a team', async () => {
      const { edges } = await network({ filter: { teamId: 'payout' } });
      expect(edges.map((e) => `${e.fromId}→${e.toId}`)).toEqual(['review→payout', 'intake→payout']);
    });
  });

  describe('GetSinglePersonDependencies', () => {
    const dependencies = (
      request: Parameters<typeof analyticsV1.GetSinglePersonDependenciesRequest.fromPartial>[0],
    ) =>
      new GetSinglePersonDependenciesHandler(claims.readModels()).execute(
        getSinglePersonDependencies(analyticsV1.GetSinglePersonDependenciesRequest.fromPartial(request), NOW),
      );
    const R = analyticsV1.DependencyReason;
    const S = analyticsV1.DependencyScope;

    it('finds the only member of payout and the only available reviewer, for the steps and the teams', async () => {
      // Completed: pay eve 4 of 4; assess cat 3 of 4 (dan 1; assess#1 of c2 was rejected).
      const { dependencies: found } = await dependencies({});
      expect(
        found.map((d) => [
          d.scope,
          d.definitionId,
          d.stepId,
          d.stepName,
          d.teamId,
          d.personId,
          d.personName,
          d.reason,
          d.personCompletedCount,
          d.totalCompletedCount,
          d.share,
          d.eligiblePeople,
        ]),
      ).toEqual([
        [
          S.DEPENDENCY_SCOPE_STEP,
          'claims',
          'pay',
          'Pay out',
          'payout',
          'eve',
          'Eve',
          R.DEPENDENCY_REASON_ONLY_ELIGIBLE_PERSON,
          '4',
          '4',
          1,
          1,
        ],
        [
          S.DEPENDENCY_SCOPE_TEAM,
          '',
          '',
          '',
          'payout',
          'eve',
          'Eve',
          R.DEPENDENCY_REASON_ONLY_ELIGIBLE_PERSON,
          '4',
          '4',
          1,
          1,
        ],
        [
          S.DEPENDENCY_SCOPE_STEP,
          'claims',
          'assess',
          'Assess the claim',
          'review',
          'cat',
          'Cat',
          R.DEPENDENCY_REASON_ONLY_AVAILABLE_PERSON,
          '3',
          '4',
          0.75,
          1,
        ],
        [
          S.DEPENDENCY_SCOPE_TEAM,
          '',
          '',
          '',
          'review',
          'cat',
          'Cat',
          R.DEPENDENCY_REASON_ONLY_AVAILABLE_PERSON,
          '3',
          '4',
          0.75,
          1,
        ],
      ]);
    });

    it('calls a dominant performer at the threshold asked, over enough completions, in the window', async () => {
      // check: bob 3 of 4 (0.75); register: amy 4 of 6; triage: 1 each.
      const lower = await dependencies({ filter: { teamId: 'intake' }, minShare: 0.7 });
      expect(
        lower.dependencies.map((d) => [d.stepId, d.personId, d.reason, d.share, d.eligiblePeople]),
      ).toEqual([['check', 'bob', R.DEPENDENCY_REASON_DOMINANT_PERFORMER, 0.75, 2]]);
      expect(
        (await dependencies({ filter: { teamId: 'intake' }, minShare: 0.7, minCompletedCount: '5' }))
          .dependencies,
      ).toEqual([]);
      // Days 3 and 4 only (v2): cat did every assessment.
      const late = await dependencies({
        filter: {
          definitionId: 'claims',
          timeWindow: { startTime: claimsAt(3, -540), endTime: claimsAt(5, -540) },
        },
      });
      expect(late.dependencies.map((d) => [d.stepId || d.teamId, d.personId, d.share])).toEqual([
        ['assess', 'cat', 1],
        ['pay', 'eve', 1],
        ['payout', 'eve', 1],
        ['review', 'cat', 1],
      ]);
    });
  });

  describe('GetTeamQueues', () => {
    it("gives each team's arrivals, completions, work in progress, throughput and utilisation", async () => {
      const { teams } = await new GetTeamQueuesHandler(claims.readModels()).execute(
        getTeamQueues(analyticsV1.GetTeamQueuesRequest.fromPartial({ filter: DAYS })),
      );
      // Busy: intake 20+20, 10+10+10+10, 10+6, 4+2, 6+2 = 110 min; review 50+20+30+18+20 = 138;
      // payout 30+8+8+15 = 61. Members all week: intake and review 2, payout 1, over 5 days.
      expect(
        teams.map((t) => [
          t.teamId,
          t.teamName,
          t.members,
          t.overall?.arrivals,
          t.overall?.completedCount,
          t.overall?.failedCount,
          t.overall?.workInProgress,
          t.overall?.throughputPerDay,
          minutes(t.overall?.busyTime),
          minutes(t.overall?.memberTime),
          t.overall?.utilisation,
        ]),
      ).toEqual([
        ['intake', 'Intake', 2, '12', '12', '0', '0', 12 / 5, 110, 2 * 5 * 1440, 110 / (2 * 5 * 1440)],
        ['payout', 'Payout', 1, '4', '4', '0', '0', 4 / 5, 61, 5 * 1440, 61 / (5 * 1440)],
        ['review', 'Review', 2, '6', '4', '1', '1', 4 / 5, 138, 2 * 5 * 1440, 138 / (2 * 5 * 1440)],
      ]);
    });

    it('gives a series per day for one team, the open assessment in progress from day 2 on', async () => {
      const { teams } = await new GetTeamQueuesHandler(claims.readModels()).execute(
        getTeamQueues(
          analyticsV1.GetTeamQueuesRequest.fromPartial({
            filter: { ...DAYS, teamId: 'review' },
            bucketWidth: { seconds: '86400', nanos: 0 },
          }),
        ),
      );
      expect(teams.map((t) => t.teamId)).toEqual(['review']);
      expect(
        teams[0]?.buckets.map((b) => [
          b.window?.startTime,
          b.stats?.arrivals,
          b.stats?.completedCount,
          b.stats?.workInProgress,
        ]),
      ).toEqual([
        [claimsAt(0, -540), '1', '1', '0'],
        [claimsAt(1, -540), '2', '1', '0'],
        [claimsAt(2, -540), '1', '0', '1'],
        [claimsAt(3, -540), '1', '1', '1'],
        [claimsAt(4, -540), '1', '1', '1'],
      ]);
    });
  });
});
