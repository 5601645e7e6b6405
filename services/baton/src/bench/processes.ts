import { execFileSync, fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DriverJob } from './driver';

// Child processes of the e2e bench: the client driver, the embedded host alone, and the four
// distributed services. All on 127.0.0.1; every child is killed when the bench ends.

const children = new Set<ChildProcess>();

export function killChildren(): void {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  children.clear();
}
process.once('exit', killChildren);

/** Killed with the bench (see killChildren). */
function tracked<C extends ChildProcess>(child: C): C {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** A forked child's stdout goes to stderr: the bench's stdout carries only its JSON. */
const FORK_STDIO: ['ignore', 2, 2, 'ipc'] = ['ignore', 2, 2, 'ipc'];

const tsExecArgv = () => {
  // The bench runs under `node -r @swc-node/register`; forks inherit that, spawns are given it.
  const args = process.execArgv.filter((a) => !a.startsWith('--cpu-prof') && a !== '--expose-gc');
  return args.includes('@swc-node/register') ? args : [...args, '-r', '@swc-node/register'];
};

function forkTs(script: string, extraExecArgv: readonly string[] = []): ChildProcess {
  const child = fork(join(__dirname, script), [], {
    execArgv: [...tsExecArgv(), ...extraExecArgv],
    env: { ...process.env, SWC_NODE_PROJECT: process.env['SWC_NODE_PROJECT'] || 'tsconfig.base.json' },
    stdio: FORK_STDIO,
  });
  return tracked(child);
}

let built: string | undefined;

/**
 * Forks a script of the compiled build (`npm run build` with the benchmarks, made once per bench run
 * in node_modules/.cache), as `npm start` runs the embedded host: plain JavaScript, no TypeScript compiler
 * loaded in the process (about 170 MB of its RSS).
 */
function forkBuilt(script: string, execArgv: readonly string[]): ChildProcess {
  if (!built) {
    // Inside the checkout, so its requires find node_modules.
    const cache = resolve('node_modules', '.cache');
    mkdirSync(cache, { recursive: true });
    const out = mkdtempSync(join(cache, 'baton-bench-dist-'));
    execFileSync(process.execPath, ['scripts/build-dist.js', '--out', out, '--with-bench', '--quiet'], {
      stdio: 'inherit',
    });
    process.once('exit', () => rmSync(out, { recursive: true, force: true }));
    built = out;
  }
  return tracked(fork(join(built, script), [], { execArgv: [...execArgv], stdio: FORK_STDIO }));
}

function nextMessage<T>(
  child: ChildProcess,
  accept: (m: unknown) => T | undefined,
  timeoutMs: number,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => done(new Error(`no answer from the child within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onMessage = (m: unknown) => {
      const value = accept(m);
      if (value !== undefined) done(undefined, value);
    };
    const onExit = (code: number | null) => done(new Error(`the child exited (${code}) before answering`));
    const done = (error?: Error, value?: T) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(value as T);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** The client process: runs one job at a time. */
export class Driver {
  private constructor(private readonly child: ChildProcess) {}

  get pid(): number {
    return this.child.pid ?? -1;
  }

  static async start(): Promise<Driver> {
    const child = forkTs('driver.ts');
    await nextMessage(child, (m) => ((m as { ready?: boolean }).ready ? true : undefined), 60_000);
    return new Driver(child);
  }

  async run<T = Record<string, unknown>>(job: DriverJob, timeoutMs: number): Promise<T> {
    this.child.send(job);
    const answer = await nextMessage(
      this.child,
      (m) => m as { ok: boolean; result?: T; error?: string },
      timeoutMs,
    );
    if (!answer.ok) throw new Error(`driver: ${answer.error}`);
    return answer.result as T;
  }

  stop(): void {
    this.child.send('exit');
  }
}

/** The host's memory once settled after a full GC, and its RSS right after that GC. */
export interface HostMemory {
  readonly memory: NodeJS.MemoryUsage;
  readonly rssRightAfterGc: number;
  readonly gcForced: boolean;
  /** The analytics projection thread's heap, when the projections run in one. */
  readonly projectionThreadHeap?: Pick<NodeJS.MemoryUsage, 'heapUsed' | 'heapTotal'>;
}

/** The embedded host alone in a process started with --expose-gc (and `extra` node flags). */
export class HostProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  get pid(): number {
    return this.child.pid ?? -1;
  }

  static async start(extraExecArgv: readonly string[] = []): Promise<HostProcess> {
    // BATON_BENCH_HOST_NODE_FLAGS: extra node/V8 flags for the host, for experiments (e.g. GC flags).
    const fromEnv = (process.env['BATON_BENCH_HOST_NODE_FLAGS'] ?? '').split(' ').filter(Boolean);
    const child = forkBuilt('services/baton/src/bench/embedded-host.child.js', [
      '--expose-gc',
      ...fromEnv,
      ...extraExecArgv,
    ]);
    const port = await nextMessage(child, (m) => (m as { port?: number }).port, 120_000);
    return new HostProcess(child, port);
  }

  memory(): Promise<HostMemory> {
    this.child.send('memory');
    return nextMessage(
      this.child,
      (m) => ((m as { memory?: unknown }).memory ? (m as HostMemory) : undefined),
      // The child first waits for its consumers to catch up (up to 240 s), and may write a heap snapshot.
      420_000,
    );
  }

  async stop(): Promise<void> {
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.send('stop');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

/** One distributed service: `services/<name>/src/main.ts` as its own process. */
export interface ServiceProcess {
  readonly name: string;
  readonly address: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** Starts `services/<name>/src/main.ts` and waits for its banner (which names the bound port). */
export async function startServiceProcess(
  name: string,
  env: Record<string, string>,
): Promise<ServiceProcess> {
  // BATON_BENCH_PROFILE: each service writes a CPU profile there when it stops.
  const profileDir = process.env['BATON_BENCH_PROFILE'];
  const profile = profileDir
    ? ['--cpu-prof', `--cpu-prof-dir=${resolve(profileDir)}`, `--cpu-prof-name=${name}.cpuprofile`]
    : [];
  const proc = tracked(
    spawn(process.execPath, [...tsExecArgv(), ...profile, `services/${name}/src/main.ts`], {
      env: {
        ...process.env,
        SWC_NODE_PROJECT: process.env['SWC_NODE_PROJECT'] || 'tsconfig.base.json',
        BATON_GRPC_ADDRESS: '127.0.0.1:0',
        // Distributed mode does not start without authentication; the bench runs on loopback.
        BATON_AUTH_INSECURE_DEV: 'true',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  let output = '';
  const address = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start in 120 s:\n${output}`)), 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /listening on (\S+:\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1] as string);
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      process.stderr.write(`[${name}] ${chunk.toString()}`);
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}) at start:\n${output}`));
    });
  });
  return {
    name,
    address,
    pid: proc.pid ?? -1,
    async stop() {
      if (proc.exitCode !== null) return;
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (proc.exitCode === null) proc.kill('SIGKILL');
    },
  };
}

/**
 * Where the benchmarked embedded host runs analytics' projections: a worker thread as `npm start`
 * does, unless BATON_BENCH_ANALYTICS_IN=app-thread (to measure what the thread gains).
 */
export function analyticsProjectionsIn(): 'app-thread' | 'worker-thread' {
  return process.env['BATON_BENCH_ANALYTICS_IN'] === 'app-thread' ? 'app-thread' : 'worker-thread';
}
