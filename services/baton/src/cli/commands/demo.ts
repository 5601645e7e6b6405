import type { Command } from 'commander';
import type { CliRun } from '../context';

export function demoCommand(program: Command, _run: CliRun): Command {
  return program.command('demo').description('(coming) drive a workload through the reference processes');
}
