/**
 * Fills a SQLite event store with synthetic instance streams for measuring `baton export`:
 *
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register \
 *     libs/event-log/src/bench/export-store.ts <data-dir> <instances>
 *   /usr/bin/time -v npx baton export --data-dir <data-dir> --definition vendor --out /tmp/v.xes
 *
 * Each `vendor` instance runs four steps (collect, review, terms, activate): activated, assigned,
 * started, completed; every 5th is reassigned before its start, every 10th is rejected once and
 * reworked. One `payroll` instance is recorded for every four, so the export skips other
 * definitions' streams. Instances are written in batches of 50 whose appends interleave, as
 * concurrent instances do.
 */
import { anyVersion, openSqliteEventStore } from '@baton/eventstore';
import { join } from 'node:path';
import type { HistoryEvent } from '../export/instance-history';
import { history } from '../export/test-support/history-builders';

const STEPS = ['collect', 'review', 'terms', 'activate'] as const;
const TEAMS = ['procurement', 'legal', 'accounts-payable', 'finance-systems'] as const;

/** One instance's events, cut into the appends its commands would make. */
function vendorInstance(n: number): HistoryEvent[][] {
  const id = `v-${n}`;
  const h = history(id, 'vendor', 1 + (n % 2)).started(0);
  const appends: HistoryEvent[][] = [];
  let cut = 0;
  const commit = () => {
    appends.push(h.events.slice(cut));
    cut = h.events.length;
  };
  let t = 0;
  let previous: string | undefined;
  const run = (step: (typeof STEPS)[number], attempt: number, team: string) => {
    const activation = `${step}#${attempt}`;
    h.activated(activation, t, { team, ...(previous ? { from: [[previous, t]] } : {}) });
    h.assigned(activation, t, `${team}-${n % 7}`);
    commit();
    if (n % 5 === 0) {
      h.reassigned(activation, (t += 7), `${team}-${(n + 1) % 7}`);
      commit();
    }
    h.stepStarted(activation, (t += 13 + (n % 11)));
    commit();
    t += 30 + (n % 17);
    previous = activation;
  };
  STEPS.forEach((step, i) => {
    const team = TEAMS[i] as string;
    run(step, 1, team);
    if (step === 'review' && n % 10 === 0) {
      h.failed('review#1', t, 'rejected', 'clause missing', 'rejected');
      commit();
      run('collect', 2, 'procurement');
      h.completed('collect#2', t);
      commit();
      run('review', 2, team);
    }
    h.completed(previous as string, t);
    if (step === 'activate') h.instanceCompleted(t);
    commit();
  });
  return appends;
}

function payrollInstance(n: number): HistoryEvent[][] {
  const h = history(`p-${n}`, 'payroll').started(0).activated('pay#1', 0).assigned('pay#1', 1, 'pat');
  return [
    h.events.slice(0, 2),
    h.events.slice(2),
    h.stepStarted('pay#1', 5).completed('pay#1', 9).events.slice(3),
  ];
}

async function main(): Promise<void> {
  const [dir, count] = process.argv.slice(2);
  const instances = Number(count);
  if (!dir || !Number.isInteger(instances) || instances < 1) {
    throw new Error('usage: export-store.ts <data-dir> <instances>');
  }
  const store = await openSqliteEventStore({ file: join(dir, 'baton.db') });
  let events = 0;
  const started = Date.now();
  for (let first = 0; first < instances; first += 50) {
    const batch: HistoryEvent[][][] = [];
    for (let n = first; n < Math.min(first + 50, instances); n++) {
      batch.push(vendorInstance(n));
      if (n % 4 === 0) batch.push(payrollInstance(n));
    }
    // Round-robin over the batch: the instances' appends interleave in the store.
    for (let round = 0; batch.some((appends) => appends.length > round); round++) {
      for (const appends of batch) {
        const chunk = appends[round];
        if (!chunk || chunk.length === 0) continue;
        const instanceId = (appends[0]?.[0]?.event.data as { instanceId: string }).instanceId;
        await store.append(
          `instance-${instanceId}`,
          chunk.map(({ id, event }) => ({
            eventId: id,
            type: event.type,
            data: event.data,
            occurredAt: new Date(event.at),
          })),
          anyVersion,
        );
        events += chunk.length;
      }
    }
  }
  await store.close();
  console.error(
    `${instances} vendor instances, ${events} events in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
