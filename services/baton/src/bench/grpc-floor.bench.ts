import { executionV1 } from '@baton/contracts';
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { fork, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { BatonConnection } from '../cli/connection';

// `npm run bench -- grpc-floor`: what gRPC alone costs on this machine, as a floor under the e2e
// bench's figures. A server process answers every ExecutionService call at once with a fixed
// StartStepResponse (no Baton code behind it); the e2e bench's own client (BatonConnection, one
// channel, a deadline and metadata per call) runs in a second process in a closed loop. It prints
// calls/s and the CPU time per call of each side: the e2e bench cannot go faster than this, and
// its server cannot spend less than the server side here per transition.

const WARMUP_MS = 1_000;
const MEASURE_MS = 5_000;
/** Client processes × calls in flight in each. */
const SHAPES = [
  { clients: 1, concurrency: 16 },
  { clients: 1, concurrency: 64 },
  { clients: 2, concurrency: 32 },
];

type ToServer = { readonly cpu: true };
type ToClient = { readonly port: number; readonly concurrency: number };
type ClientResult = { readonly calls: number; readonly ms: number; readonly cpuMicros: number };

const role = process.argv[2];

function serve(): void {
  const response = executionV1.StartStepResponse.fromPartial({
    activation: { activationId: '0192f0a0-0000-7000-8000-000000000001', stepId: 'finance-review' },
    streamVersion: '7',
  });
  const answer = (_call: unknown, callback: (error: null, value: unknown) => void) =>
    callback(null, response);
  const server = new Server();
  const handlers = Object.fromEntries(
    Object.keys(executionV1.ExecutionServiceService).map((m) => [m, answer]),
  );
  server.addService(executionV1.ExecutionServiceService, handlers as never);
  server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, port) => {
    if (error) throw error;
    process.send?.({ port });
  });
  process.on('message', (m: ToServer) => {
    if (m.cpu) process.send?.({ cpu: process.cpuUsage() });
  });
}

function drive(): void {
  process.on('message', async ({ port, concurrency }: ToClient) => {
    const connection = new BatonConnection({ address: `127.0.0.1:${port}`, timeoutMs: 30_000 });
    const client = connection.execution;
    const request = executionV1.StartStepRequest.fromPartial({
      instanceId: '0192f0a0-0000-7000-8000-000000000000',
      activationId: '0192f0a0-0000-7000-8000-000000000001',
      idempotencyKey: 'start:0192f0a0-0000-7000-8000-000000000000:0192f0a0-0000-7000-8000-000000000001',
    });
    let calls = 0;
    let counting = false;
    let running = true;
    const loop = async () => {
      while (running) {
        await connection.call(client, client.startStep, request);
        if (counting) calls++;
      }
    };
    const loops = Array.from({ length: concurrency }, loop);
    await new Promise((r) => setTimeout(r, WARMUP_MS));
    counting = true;
    const cpuFrom = process.cpuUsage();
    const from = performance.now();
    await new Promise((r) => setTimeout(r, MEASURE_MS));
    const cpu = process.cpuUsage(cpuFrom);
    const ms = performance.now() - from;
    counting = false;
    running = false;
    await Promise.all(loops);
    connection.close();
    process.send?.({ calls, ms, cpuMicros: cpu.user + cpu.system } satisfies ClientResult);
  });
}

const next = <T>(child: ChildProcess): Promise<T> => new Promise((r) => child.once('message', r as never));

async function main(): Promise<void> {
  const server = fork(__filename, ['server'], { execArgv: process.execArgv });
  try {
    const { port } = await next<{ port: number }>(server);
    const runs = [];
    for (const { clients, concurrency } of SHAPES) {
      const children = Array.from({ length: clients }, () =>
        fork(__filename, ['client'], { execArgv: process.execArgv }),
      );
      try {
        // The server's CPU over the clients' whole runs (warm-up included), per call at the measured rate.
        server.send({ cpu: true } satisfies ToServer);
        const before = await next<{ cpu: NodeJS.CpuUsage }>(server);
        const results = await Promise.all(
          children.map((child) => {
            child.send({ port, concurrency } satisfies ToClient);
            return next<ClientResult>(child);
          }),
        );
        server.send({ cpu: true } satisfies ToServer);
        const after = await next<{ cpu: NodeJS.CpuUsage }>(server);
        const serverMicros = after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system;
        const calls = results.reduce((n, r) => n + r.calls, 0);
        const ms = Math.max(...results.map((r) => r.ms));
        const perSecond = (calls / ms) * 1000;
        const wholeRunCalls = (perSecond * (WARMUP_MS + ms)) / 1000;
        runs.push({
          clientProcesses: clients,
          concurrency: clients * concurrency,
          callsPerSecond: Math.round(perSecond),
          clientCpuMicrosPerCall: Math.round(results.reduce((n, r) => n + r.cpuMicros, 0) / calls),
          serverCpuMicrosPerCall: Math.round(serverMicros / wholeRunCalls),
        });
      } finally {
        for (const child of children) child.kill();
      }
    }
    const figures = {
      bench: 'grpc-floor',
      node: process.version,
      cpus: cpus().length,
      at: new Date().toISOString(),
      setup:
        'a grpc-js server answering every ExecutionService call with a fixed StartStepResponse, in its own ' +
        'process; the e2e bench’s BatonConnection client in another, closed loop over one channel; ' +
        `${WARMUP_MS / 1000} s warm-up, ${MEASURE_MS / 1000} s measured; both processes share this machine’s cores`,
      runs,
    };
    process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
  } finally {
    server.kill();
  }
}

if (role === 'server') serve();
else if (role === 'client') drive();
else
  void main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
