import { analyticsV1 } from '@baton/contracts';
import { claimsAt, claimsReadModels, minutes } from '../testing/claims-read-models';
import { CLAIMS_T0 } from '../testing/claims-process';
import { DEFINITION_VERSIONS, type CatalogEntry } from '../definitions/definition-catalog.projection';
import { getSlaBreaches } from './flow.requests';
import { GetSlaBreachesHandler } from './queries/get-sla-breaches.query';

// The five claims of testing/claims-process.ts (minutes after 09:00 of each claim's day):
// c1 (v1, day 0): register 0–30 (amy); check 30–60 (bob) ∥ assess 30–110 (cat, then dan; due
//   90, overdue at 90, escalated at 95); joined into pay 110–150 (eve).
// c2 (v1, day 1): register 0–14 (bob); check 14–32 (amy) ∥ assess 14–38 rejected (cat) → rework:
//   register#2 39–55 (amy); check#2 55–71 (bob) ∥ assess#2 55–88 (cat); pay 88–100 (eve).
// c3 (v1, day 2): register 0–12 (amy); check 12–20 (bob) ∥ assess from 12, due 42, cat, overdue,
//   escalated to dan (level 1, reassign) and level 2: still open.
// c4, c5 (v2, days 3, 4): register → triage → assess → pay; c5's pay (due 50) ends at 60.
const NOW = CLAIMS_T0 + 10 * 86_400_000;

describe('GetSlaBreaches on the claims process', () => {
  const claims = claimsReadModels();
  const breaches = (request: Parameters<typeof analyticsV1.GetSlaBreachesRequest.fromPartial>[0]) =>
    new GetSlaBreachesHandler(claims.readModels()).execute(
      getSlaBreaches(analyticsV1.GetSlaBreachesRequest.fromPartial(request), NOW),
    );

  it('lists the breaches newest deadline first, with the owner then and now and the overrun', async () => {
    const response = await breaches({});
    expect(response.totalSize).toBe('4');
    expect(
      response.breaches.map((b) => [
        b.instanceId,
        b.stepId,
        b.stepName,
        b.teamId,
        b.assigneePersonId,
        b.ownerPersonId,
        b.open,
        b.escalationLevel,
        b.reassignmentCount,
        minutes(b.overrun),
      ]),
    ).toEqual([
      ['c5', 'pay', 'Pay out', 'payout', 'eve', 'eve', false, 0, 0, 10],
      // The handoff assess → pay, due 5 minutes after assess completed at 36; pay started at 45.
      ['c5', 'pay', 'Pay out', 'payout', 'eve', 'eve', false, 0, 0, 4],
      // Due at 09:42 of day 2, open until NOW (day 10, 09:00).
      ['c3', 'assess', 'Assess the claim', 'review', 'cat', 'dan', true, 2, 1, 8 * 24 * 60 - 42],
      ['c1', 'assess', 'Assess the claim', 'review', 'dan', 'dan', false, 1, 1, 20],
    ]);
    expect(response.breaches[0]).toMatchObject({
      businessKey: 'C-5',
      dueAt: claimsAt(4, 50),
      endedAt: claimsAt(4, 60),
      end: analyticsV1.ActivationEnd.ACTIVATION_END_COMPLETED,
      activatedAt: claimsAt(4, 36),
    });
    expect(response.breaches[0]?.overdueAt).toBeUndefined();
    expect(response.breaches[0]?.kind).toBe(analyticsV1.SlaBreachKind.SLA_BREACH_KIND_STEP_DEADLINE);
  });

  it('lists a handoff that missed its SLA, with where it waited, its owner and its alerts', async () => {
    const handoff = (await breaches({})).breaches[1];
    const T = analyticsV1.BreachTrailKind;
    expect(handoff).toMatchObject({
      kind: analyticsV1.SlaBreachKind.SLA_BREACH_KIND_HANDOFF,
      handoffId: 'h-pay',
      fromStepId: 'assess',
      fromActivationId: 'assess#1',
      activationId: 'pay#1',
      stage: 'pickup',
      transitionOwner: 'role:payout-lead',
      activatedAt: claimsAt(4, 36),
      dueAt: claimsAt(4, 41),
      overdueAt: claimsAt(4, 41),
      endedAt: claimsAt(4, 45),
      end: analyticsV1.ActivationEnd.ACTIVATION_END_COMPLETED,
    });
    expect(handoff?.trail.map((t) => [t.kind, t.at, t.toPersonId])).toEqual([
      [T.BREACH_TRAIL_KIND_ASSIGNED, claimsAt(4, 40), 'eve'],
      [T.BREACH_TRAIL_KIND_AT_RISK, claimsAt(4, 40), ''],
      [T.BREACH_TRAIL_KIND_OVERDUE, claimsAt(4, 41), ''],
    ]);
  });

  it('gives the escalation trail: assignments, reassignments, the overdue mark and each escalation', async () => {
    const [, , open, closed] = (await breaches({})).breaches;
    const T = analyticsV1.BreachTrailKind;
    expect(
      open?.trail.map((t) => [t.kind, t.at, t.level, t.action, t.fromPersonId, t.toPersonId, t.escalatedTo]),
    ).toEqual([
      [T.BREACH_TRAIL_KIND_ASSIGNED, claimsAt(2, 15), 0, '', '', 'cat', ''],
      [T.BREACH_TRAIL_KIND_OVERDUE, claimsAt(2, 42), 0, '', '', '', ''],
      [T.BREACH_TRAIL_KIND_ESCALATED, claimsAt(2, 50), 1, 'reassign', 'cat', 'dan', 'team:review'],
      [T.BREACH_TRAIL_KIND_ESCALATED, claimsAt(2, 70), 2, 'notify', '', '', 'role:claims-lead'],
    ]);
    expect(closed?.trail.map((t) => [t.kind, t.fromPersonId, t.toPersonId, t.reason])).toEqual([
      [T.BREACH_TRAIL_KIND_ASSIGNED, '', 'cat', 'round-robin'],
      [T.BREACH_TRAIL_KIND_REASSIGNED, 'cat', 'dan', 'holiday'],
      [T.BREACH_TRAIL_KIND_OVERDUE, '', '', ''],
      [T.BREACH_TRAIL_KIND_ESCALATED, '', '', 'overdue'],
    ]);
  });

  it('filters open ones, by version, team and exact window (by deadline), and pages', async () => {
    expect((await breaches({ openOnly: true })).breaches.map((b) => b.instanceId)).toEqual(['c3']);
    const v1 = await breaches({ filter: { definitionId: 'claims', definitionVersion: 1 } });
    expect(v1.breaches.map((b) => b.instanceId)).toEqual(['c3', 'c1']);
    expect((await breaches({ filter: { teamId: 'payout' } })).breaches.map((b) => b.instanceId)).toEqual([
      'c5',
      'c5',
    ]);
    // From 09:42 of day 2 (inclusive) to 09:50 of day 4 (exclusive): c3, and c5's handoff (due 09:41).
    const window = { timeWindow: { startTime: claimsAt(2, 42), endTime: claimsAt(4, 50) } };
    expect(
      (await breaches({ filter: { definitionId: 'claims', ...window } })).breaches.map((b) => b.instanceId),
    ).toEqual(['c5', 'c3']);
    expect((await breaches({ filter: window })).totalSize).toBe('2');
    const first = await breaches({ pageSize: 3 });
    const second = await breaches({ pageSize: 3, pageToken: first.nextPageToken });
    expect([...first.breaches, ...second.breaches].map((b) => b.instanceId)).toEqual([
      'c5',
      'c5',
      'c3',
      'c1',
    ]);
    expect(second).toMatchObject({ nextPageToken: '', totalSize: '4' });
  });
});

describe('GetSlaBreaches with a sensitive correlation key', () => {
  const claims = claimsReadModels();

  it('answers the business keys of that version as [redacted], the others as recorded', async () => {
    const readModels = claims.readModels();
    // Version 2 of the claims process, as if its correlation key were marked sensitive.
    const [row] = await readModels.range(DEFINITION_VERSIONS, {
      where: { definition_id: 'claims', version: 2 },
    });
    const entry = JSON.parse(row?.['entry'] as string) as CatalogEntry;
    await readModels.write((tx) =>
      tx.put(DEFINITION_VERSIONS, [
        { ...row, entry: JSON.stringify({ ...entry, sensitive: ['claimId'], sensitiveKeys: true }) },
      ]),
    );
    const response = await new GetSlaBreachesHandler(readModels).execute(
      getSlaBreaches(analyticsV1.GetSlaBreachesRequest.fromPartial({}), NOW),
    );
    expect(response.breaches.map((b) => [b.instanceId, b.definitionVersion, b.businessKey])).toEqual([
      ['c5', 2, '[redacted]'],
      ['c5', 2, '[redacted]'],
      ['c3', 1, 'C-3'],
      ['c1', 1, 'C-1'],
    ]);
  });
});
