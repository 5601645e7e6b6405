import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

const REPO = join(__dirname, '../../../../..');
const START_TIMEOUT_MS = 60_000;

/** A free loopback port (bound and released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** One Baton service as its own OS process, started the way `npm run start:distributed` does. */
export class ServiceProcess {
  private child: ChildProcess | undefined;
  private output = '';
  private expectingExit = false;
  restarts = 0;
  /** Exits nobody asked for (a crash), with their code or signal. */
  readonly unexpectedExits: string[] = [];

  constructor(
    readonly service: string,
    readonly port: number,
    private readonly env: Readonly<Record<string, string>>,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Starts the process and resolves once it serves gRPC (its banner says so). */
  start(): Promise<void> {
    const child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', `services/${this.service}/src/main.ts`],
      {
        cwd: REPO,
        env: {
          ...process.env,
          SWC_NODE_PROJECT: 'tsconfig.base.json',
          BATON_GRPC_ADDRESS: this.address,
          // Distributed mode does not start without authentication; these run on loopback.
          BATON_AUTH_INSECURE_DEV: 'true',
          ...this.env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.child = child;
    this.expectingExit = false;
    child.once('exit', (code, signal) => {
      if (!this.expectingExit) this.unexpectedExits.push(`${this.service} exited (${code ?? signal})`);
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${this.service} did not start in time:\n${this.tail()}`)),
        START_TIMEOUT_MS,
      );
      const onData = (chunk: Buffer) => {
        this.output += chunk.toString();
        if (this.output.includes(`listening on ${this.address}`)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${this.service} exited (${code ?? signal}) while starting:\n${this.tail()}`));
      });
    });
  }

  /** SIGKILL: no shutdown hook runs, whatever was in flight is cut off. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    this.expectingExit = true;
    child.kill('SIGKILL');
    await exited;
  }

  async restart(): Promise<void> {
    await this.kill();
    this.restarts += 1;
    this.output += `\n--- restart ${this.restarts} ---\n`;
    await this.start();
  }

  /** Graceful stop (SIGTERM), then SIGKILL if it hangs. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    this.expectingExit = true;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  tail(lines = 40): string {
    return this.output.split('\n').slice(-lines).join('\n');
  }
}
