import { executionV1 } from '@baton/contracts';
import { ManualClock } from '@baton/service-kit';
import { ExecutionCalendarBook } from '@baton/service-execution';
import { DeadlineScheduler } from '@baton/service-ownership';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedHost, type EmbeddedHost } from '../embedded-host';
import { BatonClients, sameAddress } from './baton-clients';
import { eventually } from './scenarios';
import { runCaptured } from '../cli/testing';

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

  beforeAll(async () => {
    host = await startEmbeddedHost({ address: '127.0.0.1:0', dataDir, clock, seed: true });
    clients = new BatonClients(sameAddress(`127.0.0.1:${host.port}`));
  }, 120_000);
  afterAll(async () => {
    clients?.close();
    await host?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('marks the step overdue at the business-time instant, not before', async () => {
    const baton = (...argv: string[]) => runCaptured(['--address', `127.0.0.1:${host.port}`, ...argv]);
    const defined = await baton('calendar', 'define', 'new-york', '--time-zone', 'America/New_York');
    expect(defined.out).toContain('new-york v1');
    expect(defined.out).toContain('1: 09:00-17:00; 2: 09:00-17:00');
    const assigned = await baton('--json', 'calendar', 'assign', 'new-york', '--team', 'sales');
    expect(JSON.parse(assigned.out).calendar.teamIds).toEqual(['sales']);
    const listed = await baton('calendar', 'list');
    expect(listed.out).toContain('office-hours v1');
    expect(listed.out).toContain('used by   tenant default');
    const wrong = await baton(
      'calendar',
      'define',
      'mars',
      '--time-zone',
      'Mars/Olympus',
      '--hours',
      '17:00-09:00',
    );
    expect([wrong.code, wrong.err]).toEqual([expect.any(Number), expect.stringContaining('timeZone')]);
    expect(wrong.code).not.toBe(0);
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
    // Execution learns the published definition from the definition events, a moment later.
    const started = await eventually('callback started', () =>
      clients.startInstance('callback', 'customer-42', {}),
    );
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
