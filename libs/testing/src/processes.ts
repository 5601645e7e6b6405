import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { basename, delimiter, join } from 'node:path';
import type { Socket } from 'node:net';

/** Runs a program to completion; rejects with its output when it fails. */
export function run(
  file: string,
  args: string[],
  { label, timeoutMs = 60_000 }: { label?: string; timeoutMs?: number } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout);
      // Not err.message: it repeats the whole command line, for Kafka a class path of 57 jars.
      const what = label ?? [basename(file), ...args].join(' ').slice(0, 200);
      const why = err.killed ? `timed out after ${timeoutMs} ms` : `exit code ${String(err.code)}`;
      const output = `${stdout}${stderr}`.trim();
      const shown = !output ? '' : output.includes('\n') ? `\n${output}` : `: ${output}`;
      reject(new Error(`${what} failed (${why})${shown}`));
    });
  });
}

/** Finds an executable on PATH, like `command -v`, without spawning a shell. */
export function which(name: string, path = process.env['PATH'] ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** The last lines of a server log, for error messages. */
export function tail(file: string, lines = 30): string {
  try {
    const text = readFileSync(file, 'utf8').trimEnd();
    return text ? text.split('\n').slice(-lines).join('\n') : '(log empty)';
  } catch {
    return '(no log)';
  }
}

/** Signals a child and waits for it to exit, escalating to SIGKILL after the grace period. */
export async function stopChild(child: ChildProcess, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** A guard that cleans up after a server if the process that started it dies. */
export interface Watchdog {
  /** Stands the guard down (the owner is stopping the server itself). */
  disarm(): void;
}

// The parent holds the write end of the watchdog's stdin. However the parent ends (normal exit,
// process.exit, a signal, SIGKILL, OOM) the kernel closes it, `read` sees EOF and the shell
// stops the server and removes its directory. An 'exit' handler alone would miss SIGKILL.
const WATCHDOG_SCRIPT = `
while IFS= read -r _; do :; done
kill -"$2" "$1" 2>/dev/null
i=0
while kill -0 "$1" 2>/dev/null && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
kill -KILL "$1" 2>/dev/null
rm -rf "$3"
`;

/** Starts a detached shell that stops `pid` with `signal` and removes `dir` once we are gone. */
export function startWatchdog(pid: number, signal: 'TERM' | 'INT', dir: string): Watchdog {
  // Detached: a Ctrl-C to the terminal's process group must not take the guard down with Jest.
  const guard = spawn('/bin/sh', ['-c', WATCHDOG_SCRIPT, 'baton-watchdog', String(pid), signal, dir], {
    stdio: ['pipe', 'ignore', 'ignore'],
    detached: true,
  });
  guard.on('error', () => undefined);
  guard.unref();
  const stdin = guard.stdin as Socket | null;
  stdin?.on('error', () => undefined);
  stdin?.unref();
  return {
    disarm() {
      guard.kill('SIGKILL');
      stdin?.destroy();
    },
  };
}
