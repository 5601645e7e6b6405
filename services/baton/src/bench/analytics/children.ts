import { fork, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

// Child processes of the analytics bench: each measured run in a process of its own, so its
// memory peak is its own and the bench's client does not share its event loop.

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of live) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/** The bench runs under `node -r @swc-node/register`: children get the same loader. */
export function tsExecArgv(): string[] {
  const args = process.execArgv.filter((a) => !a.startsWith('--cpu-prof') && a !== '--expose-gc');
  return args.includes('@swc-node/register') ? args : [...args, '-r', '@swc-node/register'];
}

const env = () => ({
  ...process.env,
  SWC_NODE_PROJECT: process.env['SWC_NODE_PROJECT'] || 'tsconfig.base.json',
});

/** Runs a TypeScript script of this directory with `args`; resolves with the JSON of its last stdout line. */
export function runScript<T>(
  script: string,
  args: readonly string[],
  execArgv: readonly string[] = [],
): Promise<T> {
  const child = fork(join(__dirname, script), [...args], {
    execArgv: [...tsExecArgv(), ...execArgv],
    env: env(),
    stdio: ['ignore', 'pipe', 2, 'ipc'],
  });
  return lastJsonLine<T>(child, script);
}

/** Starts a TypeScript script that answers over IPC; resolves with its first message. */
export async function startScript<M>(
  script: string,
  args: readonly string[],
): Promise<{ child: ChildProcess; message: M }> {
  const child = fork(join(__dirname, script), [...args], {
    execArgv: tsExecArgv(),
    env: env(),
    stdio: ['ignore', 2, 2, 'ipc'],
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  const message = await new Promise<M>((resolve, reject) => {
    child.once('message', (m) => resolve(m as M));
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}) before answering`)));
  });
  return { child, message };
}

/** Per-run usage written by report-usage.js on fd 3. */
export interface Usage {
  readonly maxRssKb: number;
  readonly userMs: number;
  readonly systemMs: number;
}

/**
 * Runs a command (`node …`) with report-usage.js preloaded; its stdout is discarded (drained).
 * Resolves with the wall time and the usage it reported.
 */
export function runMeasured(
  file: string,
  args: readonly string[],
): Promise<{ seconds: number; usage: Usage; exitCode: number | null }> {
  const t0 = performance.now();
  const child = spawn(file, ['-r', join(__dirname, 'report-usage.js'), ...args], {
    env: env(),
    stdio: ['ignore', 'pipe', 'inherit', 'pipe'],
  });
  live.add(child);
  let report = '';
  child.stdout?.resume();
  child.stdio[3]?.on('data', (chunk: Buffer) => (report += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode) => {
      live.delete(child);
      const seconds = (performance.now() - t0) / 1000;
      try {
        resolve({ seconds, usage: JSON.parse(report.trim()) as Usage, exitCode });
      } catch {
        reject(new Error(`${args.join(' ')}: no usage report (exit ${exitCode})`));
      }
    });
  });
}

function lastJsonLine<T>(child: ChildProcess, what: string): Promise<T> {
  live.add(child);
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise<T>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      live.delete(child);
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`${what} exited with ${code}`));
      try {
        resolve(JSON.parse(line) as T);
      } catch {
        reject(new Error(`${what}: no JSON on stdout (${line.slice(0, 200)})`));
      }
    });
  });
}
