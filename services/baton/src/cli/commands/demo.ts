import type { Command } from 'commander';
import { resolve } from 'node:path';
import { action, type CliRun } from '../context';
import { positiveInt, positiveSeconds } from '../input';
import { UsageError } from '../io';
import { runDemo } from '../demo/run';
import { summaryText } from '../demo/stats';

const EXAMPLES = resolve(__dirname, '../../../../../examples');

export function demoCommand(program: Command, run: CliRun): Command {
  return program
    .command('demo')
    .description(
      'Drive a realistic workload through the five reference processes against a running Baton: ' +
        'publish them if missing, start instances, play the people (assign, start, complete, ' +
        'sometimes reject to exercise rework loops) and fire the triggers wait steps need',
    )
    .option('--instances <n>', 'how many instances to start in all', '20')
    .option('--concurrency <n>', 'how many instances are driven at once', '4')
    .option('--duration <seconds>', 'stop after this long, finished or not', '60')
    .option('--rework-rate <fraction>', 'chance that a step with a bounded rework path is sent back', '0.2')
    .option('--trigger-every <n>', 'every n-th instance starts through its start trigger', '3')
    .option(
      '--assign-grace <ms>',
      'how long unassigned work waits for the ownership service before a person claims it',
      '300',
    )
    .option('--seed <n>', 'seed of the generated data', '42')
    .option('--examples <dir>', 'where the reference processes are', EXAMPLES)
    .addHelpText(
      'after',
      '\nStart Baton first (`npm start` in another terminal). Exits 1 when any call failed.',
    )
    .action(
      action(
        run,
        async (
          ctx,
          opts: {
            instances: string;
            concurrency: string;
            duration: string;
            reworkRate: string;
            triggerEvery: string;
            assignGrace: string;
            seed: string;
            examples: string;
          },
        ) => {
          const reworkRate = Number(opts.reworkRate);
          if (!(reworkRate >= 0 && reworkRate <= 1))
            throw new UsageError('--rework-rate must be between 0 and 1');
          const io = ctx.io;
          const live = io.isTty && !ctx.json;
          const summary = await runDemo(ctx.baton, io, {
            instances: positiveInt(opts.instances, '--instances'),
            concurrency: positiveInt(opts.concurrency, '--concurrency'),
            durationMs: positiveSeconds(opts.duration, '--duration') * 1000,
            reworkRate,
            triggerEvery: positiveInt(opts.triggerEvery, '--trigger-every'),
            assignGraceMs: Number(opts.assignGrace) || 0,
            seed: Number(opts.seed) || 0,
            examplesDir: opts.examples,
            ...(ctx.json
              ? {}
              : {
                  progress: progressPrinter(io.err, live),
                  // What was set up shows before the progress line starts moving.
                  setupDone: (setup: readonly string[]) => io.err(setup.map((s) => `setup: ${s}`).join('\n')),
                }),
          });
          ctx.print(summary, () => summaryText(summary));
          if (Object.keys(summary.errors).length > 0 || summary.instances.started === 0) ctx.fail(1);
        },
      ),
    );
}

/** Live progress on a terminal (one rewritten line); a line every 5 s otherwise. */
function progressPrinter(
  write: (text: string) => void,
  live: boolean,
): (line: string, final: boolean) => void {
  let last = 0;
  return (line, final) => {
    if (live) {
      process.stderr.write(`\r\x1b[K${line}${final ? '\n' : ''}`);
    } else if (final || Date.now() - last >= 5_000) {
      last = Date.now();
      write(line);
    }
  };
}
