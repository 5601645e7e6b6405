import { executionV1 } from '@baton/contracts';
import type { instance } from '@baton/domain';
import { ManualClock } from '@baton/service-kit';
import { ExecutionTestApp, T0 } from '../testing/execution-test-app';
import { HOUR, RiskReview, riskReviewYaml } from '../testing/handoff-sla-fixture';
import { HandoffDeadlineScheduler } from './handoff-deadline-scheduler';

describe('HandoffDeadlineScheduler', () => {
  let clock: ManualClock;
  let t: ExecutionTestApp;
  let waiting: string;
  let inTime: string;

  const tick = () => t.app.get(HandoffDeadlineScheduler).tick();
  const alerts = async (instanceId: string) =>
    (await t.runtime.store.readStream(`instance-${instanceId}`))
      .filter((e) => e.type.startsWith('Handoff'))
      .map((e) => [e.type, e.occurredAt.getTime() - T0, e.metadata.idempotencyKey]);

  beforeAll(async () => {
    clock = new ManualClock(T0);
    t = await ExecutionTestApp.start({ clock });
    await t.publishDefinitionText(riskReviewYaml());
    const process = new RiskReview(t);
    waiting = await process.handedToRisk('L-1');
    inTime = await process.handedToRisk('L-2');
    clock.advance(2 * HOUR);
    await process.pickedUp(inTime);
  });
  afterAll(() => t.close());

  it('records nothing before the at-risk threshold', async () => {
    clock.set(T0 + 3 * HOUR - 1);
    expect(await tick()).toBe(0);
  });

  it('records the waiting handoff at risk once, at 75% of its SLA', async () => {
    clock.set(T0 + 3 * HOUR);
    expect(await tick()).toBe(1);
    expect(await tick()).toBe(0);
    expect(await alerts(waiting)).toEqual([
      ['HandoffAtRisk', 3 * HOUR, 'handoff-at-risk:intake-to-risk|intake#1|assess'],
    ]);
    const [atRisk] = (await t.runtime.store.readStream(`instance-${waiting}`)).filter(
      (e) => e.type === 'HandoffAtRisk',
    );
    expect(atRisk?.data).toMatchObject({
      handoffId: 'intake-to-risk',
      fromActivationId: 'intake#1',
      toActivationId: 'assess#1',
      stage: 'assignment',
      fromCompletedAt: T0,
      atRiskAt: T0 + 3 * HOUR,
      dueAt: T0 + 4 * HOUR,
      owner: { kind: 'role', role: 'risk-lead' },
    });
  });

  it('records the breach once, only after the deadline, and never twice across a restart', async () => {
    clock.set(T0 + 4 * HOUR);
    expect(await tick()).toBe(0); // starting exactly at the deadline would still meet the SLA
    clock.advance(1);
    expect(await tick()).toBe(1);
    expect(await tick()).toBe(0);
    await t.close(false);
    t = await ExecutionTestApp.start({ dir: t.dir, clock });
    clock.advance(HOUR);
    expect(await tick()).toBe(0);
    expect(await alerts(waiting)).toEqual([
      ['HandoffAtRisk', 3 * HOUR, 'handoff-at-risk:intake-to-risk|intake#1|assess'],
      ['HandoffBreached', 4 * HOUR + 1, 'handoff-breached:intake-to-risk|intake#1|assess'],
    ]);
  });

  it('records nothing for the handoff picked up in time', async () => {
    expect(await alerts(inTime)).toEqual([]);
  });

  it("records the handoff's SLA on the activation it handed off to, and GetInstance shows it", async () => {
    const activated = (await t.runtime.store.readStream(`instance-${inTime}`)).filter(
      (e) => e.type === 'StepActivated',
    );
    expect(activated.map((e) => (e.data as instance.StepActivated['data']).handedOffFrom)).toEqual([
      [{ handoffId: expect.any(String), fromStepId: 'start', completedAt: T0 }],
      [
        {
          handoffId: 'intake-to-risk',
          fromStepId: 'intake',
          fromActivationId: 'intake#1',
          completedAt: T0,
          slaWithinMs: 4 * HOUR,
        },
      ],
    ]);
    const shown = (
      await t.call('getInstance', executionV1.GetInstanceRequest.fromPartial({ instanceId: inTime }))
    ).instance;
    const assess = shown?.activations.find((a) => a.stepId === 'assess');
    expect(assess?.handedOffFrom).toEqual([
      expect.objectContaining({ handoffId: 'intake-to-risk', slaWithin: { seconds: '14400', nanos: 0 } }),
    ]);
    expect(
      shown?.activations.find((a) => a.stepId === 'intake')?.handedOffFrom[0]?.slaWithin,
    ).toBeUndefined();
  });
});
