import { executionV1, ownershipV1 } from '@baton/contracts';
import { ManualClock } from '@baton/service-kit';
import { ExecutionCalendarBook } from '@baton/service-execution';
import { DeadlineScheduler } from '@baton/service-ownership';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedHost, type EmbeddedHost } from '../embedded-host';
import { BatonClients, sameAddress } from './baton-clients';
import { eventually } from './scenarios';
import { OwnershipCalls } from './ownership-calls';

// Friday 27 November 2026, 14:00 in New York (EST, 19:00Z).
const T0 = Date.parse('2026-11-27T19:00:00Z');
const CALLBACK = `id: callback
name: Call the customer back
category: operational
steps:
  - id: call-back
    owner: { team: sales }
    deadline: PT4H business
handoffs:
  - { from: start, to: call-back }
  - { from: call-back, to: end, on: completed }
`;

// A step due in four business hours of a team in New York, with the embedded host on a controlled
// clock: three hours on Friday, the weekend off, one hour on Monday.
describe('A deadline in business time, end to end', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'baton-business-'));
  const clock = new ManualClock(T0);
  let host: EmbeddedHost;
  let clients: BatonClients;
  let ownership: OwnershipCalls;

  beforeAll(async () => {
    host = await startEmbeddedHost({ address: '127.0.0.1:0', dataDir, clock, seed: true });
    clients = new BatonClients(sameAddress(`127.0.0.1:${host.port}`));
    ownership = new OwnershipCalls(`127.0.0.1:${host.port}`);
  }, 120_000);
  afterAll(async () => {
    clients?.close();
    ownership?.close();
    await host?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('marks the step overdue at the business-time instant, not before', async () => {
    await ownership.call('defineCalendar', {
      calendar: ownershipV1.Calendar.fromPartial({
        calendarId: 'new-york',
        timeZone: 'America/New_York',
        week: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, ranges: [{ start: '09:00', end: '17:00' }] })),
      }),
    });
    await ownership.call('assignCalendar', { calendarId: 'new-york', teamId: 'sales' });
    // Execution learns calendars from ownership's events.
    const book = host.app.get(ExecutionCalendarBook, { strict: false });
    await eventually('execution knows the sales calendar', async () =>
      book
        .of('default')
        ?.teams.get('sales')
        ?.some((a) => a.calendarId === 'new-york')
        ? true
        : undefined,
    );

    await clients.publishDefinition(CALLBACK);
    const started = await clients.startInstance('callback', 'customer-42', {});
    const instanceId = started.instance?.instanceId ?? '';
    const activation = async () =>
      (await clients.getInstance(instanceId)).activations.find((a) => a.stepId === 'call-back');
    const monday10 = Date.parse('2026-11-30T15:00:00Z'); // 10:00 EST
    expect((await activation())?.dueAt?.getTime()).toBe(monday10);

    const overdue = async () => (await activation())?.overdue === true;
    clock.set(monday10 - 1);
    await host.app.get(DeadlineScheduler).tick();
    expect(await overdue()).toBe(false);

    clock.set(monday10);
    await eventually('call-back overdue', async () => {
      await host.app.get(DeadlineScheduler).tick();
      return (await overdue()) ? true : undefined;
    });
    expect((await activation())?.state).not.toBe(executionV1.StepState.STEP_STATE_COMPLETED);
  });
});
