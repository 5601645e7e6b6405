import { definitionV1, DEFINITION_EVENTS_TOPIC } from '@baton/contracts';
import { decodeMessage } from '@baton/event-wire';
import { startGrpcServer, type RunningGrpcServer } from '@baton/grpc-server';
import type { RecordedEvent } from '@baton/eventstore';
import type { IncomingMessage } from '@baton/messaging';
import { openRuntime, RuntimeModule, type RuntimeConfig } from '@baton/service-kit';
import { credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { definitionHostedService } from '../definition.hosted';
import { DefinitionModule } from '../definition.module';

export type Client = definitionV1.DefinitionServiceClient;

/**
 * The definition service on a runtime (SQLite or PostgreSQL store, in-process bus), served on
 * loopback gRPC, with a typed promise per RPC and what its relay published.
 */
export async function startDefinitionService(config: RuntimeConfig) {
  const runtime = await openRuntime(config);
  const relayed: RecordedEvent[] = [];
  const messages: IncomingMessage[] = [];
  await runtime.bus.subscribe({
    topic: DEFINITION_EVENTS_TOPIC,
    groupId: 'spec',
    fromBeginning: true,
    handler: async (m) => {
      messages.push(m);
      relayed.push(decodeMessage(m));
    },
  });
  const app: INestApplicationContext = await NestFactory.createApplicationContext(
    { module: class Root {}, imports: [RuntimeModule.forRuntime(runtime), DefinitionModule.forRoot()] },
    { logger: false },
  );
  await app.init();
  const server: RunningGrpcServer = await startGrpcServer({
    address: '127.0.0.1:0',
    services: [definitionHostedService(app)],
  });
  const client: Client = new definitionV1.DefinitionServiceClient(
    `127.0.0.1:${server.port}`,
    credentials.createInsecure(),
  );
  const call =
    <Req, Res>(method: (r: Req, m: Metadata, cb: (e: ServiceError | null, r: Res) => void) => unknown) =>
    (request: Req, actor = 'pat.owner'): Promise<Res> => {
      const md = new Metadata();
      md.set('x-baton-actor', actor);
      return new Promise((resolve, reject) =>
        method.call(client, request, md, (e: ServiceError | null, r: Res) => (e ? reject(e) : resolve(r))),
      );
    };
  return {
    runtime,
    app,
    relayed,
    /** The relayed messages as they arrived (protobuf envelopes). */
    messages,
    publish: (r: Partial<definitionV1.PublishDefinitionRequest>) =>
      call<definitionV1.PublishDefinitionRequest, definitionV1.PublishDefinitionResponse>(
        client.publishDefinition,
      )(definitionV1.PublishDefinitionRequest.fromPartial(r)),
    get: (r: Partial<definitionV1.GetDefinitionRequest>) =>
      call<definitionV1.GetDefinitionRequest, definitionV1.GetDefinitionResponse>(client.getDefinition)(
        definitionV1.GetDefinitionRequest.fromPartial(r),
      ),
    list: (r: Partial<definitionV1.ListDefinitionsRequest>) =>
      call<definitionV1.ListDefinitionsRequest, definitionV1.ListDefinitionsResponse>(client.listDefinitions)(
        definitionV1.ListDefinitionsRequest.fromPartial(r),
      ),
    deprecate: (r: Partial<definitionV1.DeprecateDefinitionRequest>) =>
      call<definitionV1.DeprecateDefinitionRequest, definitionV1.DeprecateDefinitionResponse>(
        client.deprecateDefinition,
      )(definitionV1.DeprecateDefinitionRequest.fromPartial(r)),
    lint: (r: Partial<definitionV1.LintDefinitionRequest>) =>
      call<definitionV1.LintDefinitionRequest, definitionV1.LintDefinitionResponse>(client.lintDefinition)(
        definitionV1.LintDefinitionRequest.fromPartial(r),
      ),
    validate: (r: Partial<definitionV1.ValidateDefinitionRequest>) =>
      call<definitionV1.ValidateDefinitionRequest, definitionV1.ValidateDefinitionResponse>(
        client.validateDefinition,
      )(definitionV1.ValidateDefinitionRequest.fromPartial(r)),
    async stop() {
      client.close();
      await server.stop();
      await app.close();
      await runtime.close();
    },
  };
}

export type DefinitionTestService = Awaited<ReturnType<typeof startDefinitionService>>;
