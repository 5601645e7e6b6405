import { analyticsV1 } from '@baton/contracts';
import { claimsAt, claimsReadModels, minutes } from '../testing/claims-read-models';
import { compareVersions } from './flow.requests';
import { CompareVersionsHandler } from './queries/compare-versions.query';
import { GetHandoffStatsHandler } from './queries/get-handoff-stats.query';
import { GetStepStatsHandler } from './queries/get-step-stats.query';
import { getHandoffStats, getStepStats } from './statistics.requests';

// The claims of testing/claims-process.ts: v1 (c1, c2, c3 running) and the redesign v2 (c4, c5).
describe('Claims statistics by version', () => {
  const claims = claimsReadModels();
  const P = analyticsV1.VersionPresence;

  describe('CompareVersions', () => {
    const compare = (request: Parameters<typeof analyticsV1.CompareVersionsRequest.fromPartial>[0]) =>
      new CompareVersionsHandler(claims.readModels()).execute(
        compareVersions(
          analyticsV1.CompareVersionsRequest.fromPartial({ definitionId: 'claims', ...request }),
        ),
      );

    it('compares cycle time, each step and each edge of either version, flagging what only one has', async () => {
      const response = await compare({ baseVersion: 1, candidateVersion: 2 });
      // Cases: v1 150 and 100, v2 40 and 60: the lower median 100 → 40.
      expect(minutes(response.cycleTime?.base?.p50)).toBeCloseTo(100, 0);
      expect(minutes(response.cycleTime?.candidate?.p50)).toBeCloseTo(40, 0);
      expect(response.cycleTime?.p50Change).toBeCloseTo(-0.6, 1);
      expect(minutes(response.cycleTime?.p50Difference)).toBeCloseTo(-60, 0);
      // Step cycle times: assess v1 80, 24 (rejected), 33 → v2 20, 23; register 30, 14, 16, 12 → 6, 9;
      // pay 40, 12 → 10, 24. Largest change of the median first; check and triage exist in one only.
      expect(
        response.steps.map((s) => [
          s.stepId,
          s.stepName,
          s.presence,
          s.cycleTime?.base?.count,
          s.cycleTime?.candidate?.count,
        ]),
      ).toEqual([
        ['assess', 'Assess the claim', P.VERSION_PRESENCE_BOTH, '3', '2'],
        ['register', 'Register the claim', P.VERSION_PRESENCE_BOTH, '4', '2'],
        ['pay', 'Pay out', P.VERSION_PRESENCE_BOTH, '2', '2'],
        ['check', 'Check the documents', P.VERSION_PRESENCE_BASE_ONLY, '4', undefined],
        ['triage', 'Triage', P.VERSION_PRESENCE_CANDIDATE_ONLY, undefined, '2'],
      ]);
      const assess = response.steps[0]?.cycleTime;
      expect([minutes(assess?.base?.p50), minutes(assess?.candidate?.p50)]).toEqual([
        expect.closeTo(33, 0),
        expect.closeTo(20, 0),
      ]);
      expect(minutes(assess?.p50Difference)).toBeCloseTo(-13, 0);
      // assess's deadline: met by c2's second attempt, missed by c1 (v1); met twice in v2.
      expect(assess?.slaBreachRateChange).toBeCloseTo(-0.5, 5);
      const edges = Object.fromEntries(
        response.handoffs.map((h) => [
          `${h.fromStepId}→${h.toStepId}`,
          [h.presence, h.total?.base?.count, h.total?.candidate?.count],
        ]),
      );
      expect(edges).toEqual({
        'start→register': [P.VERSION_PRESENCE_BOTH, '3', '2'],
        'register→check': [P.VERSION_PRESENCE_BASE_ONLY, '4', undefined],
        'register→assess': [P.VERSION_PRESENCE_BASE_ONLY, '3', undefined],
        'check→pay': [P.VERSION_PRESENCE_BASE_ONLY, '2', undefined],
        'assess→pay': [P.VERSION_PRESENCE_BOTH, '2', '2'],
        'assess→register': [P.VERSION_PRESENCE_BASE_ONLY, '1', undefined],
        'register→triage': [P.VERSION_PRESENCE_CANDIDATE_ONLY, undefined, '2'],
        'triage→assess': [P.VERSION_PRESENCE_CANDIDATE_ONLY, undefined, '2'],
      });
      // assess→pay: 10 and 4 → 2 and 9: the lower median 4 → 2.
      const assessToPay = response.handoffs.find(
        (h) => h.fromStepId === 'assess' && h.toStepId === 'pay',
      )?.total;
      expect(assessToPay?.p50Change).toBeCloseTo(-0.5, 1);
    });

    it('compares windows of one version, and a team', async () => {
      // v1 before and after day 1: c1 alone, then c2 (c3 has not ended).
      const response = await compare({
        baseVersion: 1,
        candidateVersion: 1,
        baseWindow: { startTime: claimsAt(0, -540), endTime: claimsAt(1, -540) },
        candidateWindow: { startTime: claimsAt(1, -540), endTime: claimsAt(3, -540) },
        teamId: 'payout',
      });
      expect(
        response.steps.map((s) => [
          s.stepId,
          minutes(s.cycleTime?.base?.max),
          minutes(s.cycleTime?.candidate?.max),
        ]),
      ).toEqual([['pay', 40, 12]]);
      expect(
        response.handoffs.map((h) => [
          `${h.fromStepId}→${h.toStepId}`,
          h.total?.base?.count,
          h.total?.candidate?.count,
        ]),
      ).toEqual([
        ['check→pay', '1', '1'], // 50 → 17 minutes of routing: the join waited less
        ['assess→pay', '1', '1'],
      ]);
    });
  });

  it("names steps and their kind, counts rejections apart, churn, overdue and escalated activations, and the deadline's overrun", async () => {
    const { steps } = await new GetStepStatsHandler(claims.readModels()).execute(
      getStepStats(
        analyticsV1.GetStepStatsRequest.fromPartial({
          filter: { definitionId: 'claims', definitionVersion: 1 },
        }),
      ),
    );
    const assess = steps.find((s) => s.stepId === 'assess');
    expect(assess).toMatchObject({
      stepName: 'Assess the claim',
      stepKind: 'approval',
      teamId: 'review',
      completedCount: '2',
      failedCount: '0',
      rejectedCount: '1',
      reworkCount: '1',
      reassignmentCount: '1',
      reassignmentsPerActivation: 1 / 3,
      overdueCount: '1',
      escalatedCount: '1',
      cycleTime: expect.objectContaining({ slaBreachCount: '1', slaBreachRate: 0.5 }),
    });
    expect(minutes(assess?.cycleTime?.totalOverrun)).toBe(20);
  });

  it('gives handoff ids and step names, churn, bounces back to a team, joins and rework per edge and team pair', async () => {
    const handoffs = (groupBy: analyticsV1.HandoffGrouping) =>
      new GetHandoffStatsHandler(claims.readModels()).execute(
        getHandoffStats(
          analyticsV1.GetHandoffStatsRequest.fromPartial({
            filter: { definitionId: 'claims', definitionVersion: 1 },
            groupBy,
          }),
        ),
      );
    const edges = (await handoffs(analyticsV1.HandoffGrouping.HANDOFF_GROUPING_EDGE)).handoffs;
    const edge = (from: string, to: string) => edges.find((e) => e.fromStepId === from && e.toStepId === to);
    // register→assess: c1 (assess reassigned once), c2, c2's second attempt (work back to review).
    expect(edge('register', 'assess')).toMatchObject({
      handoffId: 'h-split',
      fromStepName: 'Register the claim',
      toStepName: 'Assess the claim',
      reassignmentCount: '1',
      reassignmentsPerHandoff: 1 / 3,
      bounceCount: '1',
      reworkCount: '1',
      joinCount: '0',
    });
    expect(edge('assess', 'register')).toMatchObject({
      handoffId: 'back-to-intake',
      bounceCount: '1',
      reworkCount: '1',
    });
    expect(edge('check', 'pay')).toMatchObject({ handoffId: 'h-join', joinCount: '2' });
    const pairs = (await handoffs(analyticsV1.HandoffGrouping.HANDOFF_GROUPING_TEAM_PAIR)).handoffs;
    expect(
      pairs
        .filter((p) => Number(p.bounceCount) > 0)
        .map((p) => `${p.fromTeamId}→${p.toTeamId} ${p.bounceCount}`),
    ).toEqual(['intake→review 1', 'review→intake 1']);
  });
});
