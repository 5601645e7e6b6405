import { readdirSync, readFileSync } from 'node:fs';

// CPU time of the processes on this machine, grouped (a service by its pid, PostgreSQL's backends,
// the Kafka broker's JVM, the bench's client), read from /proc: the distributed mode's cost per
// transition, split by where it is spent. Linux only; elsewhere the figures are empty.

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/**
 * Names a process's group from its pid, command name, command line and parent's pid; undefined:
 * not counted.
 */
export type GroupOf = (pid: number, comm: string, cmdline: string, ppid: number) => string | undefined;

/** The pids in /proc (none where there is no /proc). */
function processIds(): string[] {
  try {
    return readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return [];
  }
}

function ticksByGroup(groupOf: GroupOf): Map<string, number> {
  const ticks = new Map<string, number>();
  for (const p of processIds()) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      // The command name is in parentheses and may hold spaces; the fields after it are fixed.
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' ');
      const used = Number(fields[11]) + Number(fields[12]); // utime, stime
      const cmdline = readFileSync(`/proc/${p}/cmdline`, 'utf8').replaceAll('\0', ' ');
      const group = groupOf(Number(p), comm, cmdline, Number(fields[1]));
      if (group) ticks.set(group, (ticks.get(group) ?? 0) + used);
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return ticks;
}

/**
 * The pid of the process whose command line names this listening port (a PostgreSQL postmaster
 * started with `-p PORT`, or a Kafka broker whose properties file it names listens on it), so
 * that only the bench's own servers are counted, not others on the machine (tests, other runs).
 */
export function serverPidOn(
  port: string,
  matches: (comm: string, cmdline: string) => boolean,
): number | undefined {
  for (const p of processIds()) {
    try {
      const comm = readFileSync(`/proc/${p}/comm`, 'utf8').trim();
      const cmdline = readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0');
      if (!matches(comm, cmdline.join(' '))) continue;
      if (cmdline.some((arg, i) => (arg === '-p' && cmdline[i + 1] === port) || arg === `-p ${port}`))
        return Number(p);
      const properties = cmdline.find((arg) => arg.endsWith('.properties'));
      if (properties && new RegExp(`^listeners=.*:${port}\\b`, 'm').test(readFileSync(properties, 'utf8')))
        return Number(p);
    } catch {
      // Gone, or not ours to read.
    }
  }
  return undefined;
}

/** Starts measuring; `stop()` gives each group's average cores busy since. */
export function watchProcessCpu(groupOf: GroupOf): { stop(): Record<string, number> } {
  const before = ticksByGroup(groupOf);
  const startedAt = performance.now();
  return {
    stop() {
      const after = ticksByGroup(groupOf);
      const seconds = (performance.now() - startedAt) / 1000;
      const cores: Record<string, number> = {};
      for (const [group, t] of [...after].sort(([a], [b]) => a.localeCompare(b))) {
        const used = (t - (before.get(group) ?? 0)) / TICKS_PER_SECOND;
        cores[group] = Number((used / seconds).toFixed(2));
      }
      return cores;
    },
  };
}
