import { credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { executionV1 } from '@baton/contracts';
import { parseDefinitionYaml } from '@baton/domain';
import { protobufEventMapper, topicForStream } from '@baton/event-wire';
import { InProcessMessageBus, type MessageBus } from '@baton/messaging';
import { startGrpcServer, type RunningGrpcServer } from '@baton/grpc-server';
import { ManualClock, openRuntime, RuntimeModule, type Runtime } from '@baton/service-kit';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { DefinitionCatalog } from '../definitions/definition-catalog';
import { executionHostedService } from '../execution.hosted';
import { ExecutionModule } from '../execution.module';
import type { ExecutionOptions } from '../execution.lifecycle';

export const EXAMPLES = join(__dirname, '../../../../examples');
export const T0 = Date.parse('2026-03-02T09:00:00Z');

type Client = executionV1.ExecutionServiceClient;
type Service = typeof executionV1.ExecutionServiceService;
export type RpcName = keyof Service;
type RequestOf<K extends RpcName> = Parameters<Service[K]['requestSerialize']>[0];
type ResponseOf<K extends RpcName> = ReturnType<Service[K]['responseDeserialize']>;
type Callback = (err: ServiceError | null, res: unknown) => void;

/** The execution service on an SQLite runtime with an in-process bus, served on loopback gRPC. */
export class ExecutionTestApp {
  private constructor(
    readonly dir: string,
    readonly runtime: Runtime,
    readonly app: INestApplicationContext,
    readonly server: RunningGrpcServer,
    readonly client: Client,
    readonly clock: ManualClock,
  ) {}

  static async start(
    options: { dir?: string; bus?: MessageBus; clock?: ManualClock; module?: ExecutionOptions } = {},
  ): Promise<ExecutionTestApp> {
    const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'baton-execution-'));
    const clock = options.clock ?? new ManualClock(T0);
    const runtime = await openRuntime(
      { store: { kind: 'sqlite', file: join(dir, 'execution.db') }, bus: { kind: 'in-process' } },
      { clock, bus: options.bus ?? new InProcessMessageBus() },
    );
    const app = await NestFactory.createApplicationContext(
      {
        module: class Root {},
        imports: [
          RuntimeModule.forRuntime(runtime),
          ExecutionModule.forRoot({ timerIntervalMs: 0, ...options.module }),
        ],
      },
      { logger: false },
    );
    await app.init();
    const server = await startGrpcServer({ address: '127.0.0.1:0', services: [executionHostedService(app)] });
    const client = new executionV1.ExecutionServiceClient(
      `127.0.0.1:${server.port}`,
      credentials.createInsecure(),
    );
    return new ExecutionTestApp(dir, runtime, app, server, client, clock);
  }

  /** Calls an RPC as `actor`, in the caller's trace when `traceparent` is given. */
  call<K extends RpcName>(
    rpc: K,
    request: RequestOf<K>,
    actor = 'tester',
    traceparent?: string,
  ): Promise<ResponseOf<K>> {
    const md = new Metadata();
    md.set('x-baton-actor', actor);
    if (traceparent) md.set('traceparent', traceparent);
    const method = this.client[rpc].bind(this.client) as unknown as (
      r: unknown,
      m: Metadata,
      cb: Callback,
    ) => void;
    return new Promise((resolve, reject) =>
      method(request, md, (err, res) => (err ? reject(err) : resolve(res as ResponseOf<K>))),
    );
  }

  /**
   * Publishes a definition version as the definition service does: its DefinitionVersionPublished
   * event on `definition-{id}`, relayed to the definition events topic; waits until execution knows it.
   */
  publishDefinition(file: string, version = 1): Promise<string> {
    return this.publishDefinitionText(readFileSync(join(EXAMPLES, file), 'utf8'), version);
  }

  /** {@link publishDefinition} of YAML text. */
  async publishDefinitionText(text: string, version = 1): Promise<string> {
    const parsed = parseDefinitionYaml(text);
    if (!parsed.ok) throw new Error(`the definition does not parse: ${JSON.stringify(parsed.errors)}`);
    const id = parsed.definition.id;
    await this.relayDefinitionEvent(id, 'DefinitionVersionPublished', {
      definitionId: id,
      version,
      contentSha256: '0'.repeat(64),
      source: { format: 'yaml', text },
      findings: [],
    });
    await waitUntil(() => this.catalog.version('default', id, version) !== undefined);
    return id;
  }

  async deprecateDefinition(definitionId: string, version?: number): Promise<void> {
    await this.relayDefinitionEvent(definitionId, 'DefinitionDeprecated', {
      definitionId,
      ...(version !== undefined ? { version } : {}),
      reason: 'replaced',
    });
    await waitUntil(() => {
      try {
        this.catalog.forStart('default', definitionId, version);
        return false;
      } catch {
        return true;
      }
    });
  }

  get catalog(): DefinitionCatalog {
    return this.app.get(DefinitionCatalog);
  }

  async close(removeDir = true): Promise<void> {
    this.client.close();
    await this.server.stop();
    await this.app.close();
    await this.runtime.close();
    if (removeDir) rmSync(this.dir, { recursive: true, force: true });
  }

  private async relayDefinitionEvent(definitionId: string, type: string, data: unknown): Promise<void> {
    const stream = `definition-${definitionId}`;
    await this.runtime.store.append(
      stream,
      [{ eventId: uuidv7(), type, data, metadata: { actor: 'author' } }],
      {
        kind: 'any',
      },
    );
    const recorded = (
      await this.runtime.store.readStream(stream, { direction: 'backwards', maxCount: 1 })
    )[0];
    const message = recorded && protobufEventMapper((e) => topicForStream(e.streamId))(recorded);
    if (!message) throw new Error('definition event not relayable');
    await this.runtime.bus.publish(message.topic, [message]);
  }
}

export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
