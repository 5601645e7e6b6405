import { analyzeLogFile } from '@baton/event-log';
import { peakMemory } from './memory';

// `baton analyze`'s import alone, in a process of its own: the time of `analyzeLogFile` on one file
// (read, parse, build cases, exact statistics), without the CLI's start-up and printing. Prints one
// JSON line: events, cases, seconds, events/s and the memory peak.

async function main(): Promise<void> {
  const file = process.argv[2] as string;
  const memory = peakMemory();
  const t0 = performance.now();
  const { report } = await analyzeLogFile(file);
  const seconds = (performance.now() - t0) / 1000;
  const { events, cases } = report.log;
  process.stdout.write(
    `${JSON.stringify({
      events,
      cases,
      seconds: Number(seconds.toFixed(3)),
      eventsPerSecond: Math.round(events / seconds),
      memory: memory.stop(),
    })}\n`,
  );
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
