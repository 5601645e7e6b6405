import { analyticsV1, definitionV1, executionV1, googleRpc, ownershipV1 } from '@baton/contracts';
import { statusDetailsOf } from '@baton/grpc-server';
import {
  Client,
  credentials,
  Metadata,
  status,
  type ServiceDefinition,
  type ServiceError,
} from '@grpc/grpc-js';
import fc from 'fast-check';
import type * as protobuf from 'protobufjs';
import { loadBatonProtos, messageArbitrary, mutatedBytesArbitrary } from './proto-arbitraries';

type Method = ServiceDefinition[string];

/** Every RPC of the four services, from the generated service definitions: a new RPC is fuzzed too. */
export const FUZZED_RPCS: readonly {
  readonly service: keyof FuzzTarget['addresses'];
  readonly method: Method;
}[] = (
  [
    ['definition', definitionV1.DefinitionServiceService],
    ['execution', executionV1.ExecutionServiceService],
    ['ownership', ownershipV1.OwnershipServiceService],
    ['analytics', analyticsV1.AnalyticsServiceService],
  ] as const
).flatMap(([service, definition]) =>
  Object.values(definition as ServiceDefinition).map((method) => ({ service, method })),
);

/** Where the fuzz sends requests, and how it reads the event stores' heads. */
export interface FuzzTarget {
  readonly addresses: {
    readonly definition: string;
    readonly execution: string;
    readonly ownership: string;
    readonly analytics: string;
  };
  /** The head position of each store the services write (one embedded, four distributed). */
  heads(): Promise<readonly bigint[]>;
  /** How long the heads must stand still before a refused call is compared (default 100 ms). */
  readonly quietMs?: number;
}

/** Answers a fuzzed request may get; anything else (INTERNAL, UNKNOWN, a dead server) is a bug. */
const EXPECTED: ReadonlySet<number> = new Set([
  status.OK,
  status.INVALID_ARGUMENT,
  status.NOT_FOUND,
  status.FAILED_PRECONDITION,
  status.ALREADY_EXISTS,
  status.ABORTED,
  status.OUT_OF_RANGE,
  status.PERMISSION_DENIED,
  status.RESOURCE_EXHAUSTED,
  // A method the server does not implement yet (ImportEventLog's stream).
  status.UNIMPLEMENTED,
]);

const isQuery = (path: string) => /\/(Get|List|Who|Verify|Validate|Lint|Compare)[A-Z]/.test(path);

/** One fuzzed call's outcome, as the property checks it. */
interface Outcome {
  readonly code: number;
  readonly details: string;
  readonly violations: number;
  readonly response?: Buffer;
}

/** Fuzzes every request type of a running Baton (see request.fuzz.spec.ts). */
export class RequestFuzzer {
  private readonly root: protobuf.Root = loadBatonProtos();
  private readonly clients = new Map<string, Client>();
  /** Ids the server answered with: later requests refer to them (and so get past NOT_FOUND). */
  readonly pool: string[] = ['employee-onboarding', 'order-to-cash', 'budget-approval'];
  readonly runs = new Map<string, number>();

  constructor(private readonly target: FuzzTarget) {}

  close(): void {
    for (const client of this.clients.values()) client.close();
  }

  /** Sends raw bytes as `method`'s request; answers the status, its details and the response. */
  send(rpc: (typeof FUZZED_RPCS)[number], bytes: Uint8Array): Promise<Outcome> {
    const address = this.target.addresses[rpc.service];
    let client = this.clients.get(address);
    if (!client) this.clients.set(address, (client = new Client(address, credentials.createInsecure())));
    const metadata = new Metadata();
    metadata.set('x-baton-actor', 'fuzzer');
    const deadline = Date.now() + 10_000;
    const raw = (b: Buffer) => b;
    const done = (error: ServiceError | null, response?: Buffer): Outcome => {
      if (!error) return { code: status.OK, details: '', violations: 0, ...(response ? { response } : {}) };
      const detail = statusDetailsOf(error)?.details.find((d) => d.typeUrl.endsWith('google.rpc.BadRequest'));
      const violations = detail ? googleRpc.BadRequest.decode(detail.value).fieldViolations.length : 0;
      return { code: error.code, details: error.details, violations };
    };
    return new Promise((resolve) => {
      const { path, requestStream, responseStream } = rpc.method;
      if (requestStream && !responseStream) {
        // A client stream: the same bytes as one to three messages.
        const call = client.makeClientStreamRequest(path, raw, raw, metadata, { deadline }, (e, r) =>
          resolve(done(e, r)),
        );
        for (let i = 0; i < 1 + (bytes.length % 3); i++) call.write(Buffer.from(bytes));
        call.end();
      } else {
        client.makeUnaryRequest(path, raw, raw, Buffer.from(bytes), metadata, { deadline }, (e, r) =>
          resolve(done(e, r)),
        );
      }
    });
  }

  private protoMethod(rpc: (typeof FUZZED_RPCS)[number]): protobuf.Method {
    const [service, name] = rpc.method.path.slice(1).split('/') as [string, string];
    const method = this.root.lookupService(service).methods[name];
    if (!method?.resolvedRequestType || !method.resolvedResponseType)
      throw new Error(`${rpc.method.path} is not in proto/`);
    return method;
  }

  private requestType(rpc: (typeof FUZZED_RPCS)[number]): protobuf.Type {
    return this.protoMethod(rpc).resolvedRequestType as protobuf.Type;
  }

  private responseType(rpc: (typeof FUZZED_RPCS)[number]): protobuf.Type {
    return this.protoMethod(rpc).resolvedResponseType as protobuf.Type;
  }

  /** Remembers every string of a response that looks like an id, for later requests. */
  private learn(rpc: (typeof FUZZED_RPCS)[number], response: Buffer): void {
    const visit = (value: unknown): void => {
      if (typeof value === 'string') {
        if (/^[\w:.@-]{1,80}$/.test(value) && !this.pool.includes(value) && this.pool.length < 500)
          this.pool.push(value);
      } else if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === 'object') Object.values(value).forEach(visit);
    };
    visit(this.responseType(rpc).toObject(this.responseType(rpc).decode(response), { longs: String }));
  }

  /** A request of `rpc`'s type: structured, a damaged valid encoding, or raw bytes. */
  requestBytes(rpc: (typeof FUZZED_RPCS)[number]): fc.Arbitrary<{ kind: string; bytes: Uint8Array }> {
    const type = this.requestType(rpc);
    const encoded = messageArbitrary(type, this.pool).map((object) =>
      type.encode(type.fromObject(object)).finish(),
    );
    return fc.oneof(
      { weight: 6, arbitrary: encoded.map((bytes) => ({ kind: 'structured', bytes })) },
      { weight: 2, arbitrary: mutatedBytesArbitrary(encoded).map((bytes) => ({ kind: 'mutated', bytes })) },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 256 }).map((bytes) => ({ kind: 'raw', bytes })) },
    );
  }

  /** Waits until no store moves (work a previous accepted command set off), so a head compares cleanly. */
  async settledHeads(quietMs = this.target.quietMs ?? 100): Promise<readonly bigint[]> {
    let before = await this.target.heads();
    for (let i = 0; i < 50; i++) {
      await new Promise((r) => setTimeout(r, quietMs));
      const after = await this.target.heads();
      if (after.every((h, j) => h === before[j])) return after;
      before = after;
    }
    return before;
  }

  /**
   * Fuzzes one RPC for `numRuns` seeded runs: every answer is an expected status, INVALID_ARGUMENT
   * names at least one field, a refused command moved no store's head, and the server still
   * answers a well-formed query afterwards.
   */
  async fuzz(rpc: (typeof FUZZED_RPCS)[number], options: { numRuns: number; seed: number }): Promise<void> {
    const query = isQuery(rpc.method.path);
    let runs = 0;
    let settle = true;
    let heads = await this.settledHeads();
    await fc.assert(
      fc.asyncProperty(this.requestBytes(rpc), async ({ kind, bytes }) => {
        runs++;
        if (settle) heads = await this.settledHeads();
        const outcome = await this.send(rpc, bytes);
        const where = `${rpc.method.path} (${kind}, ${bytes.length} bytes): ${outcome.code} ${outcome.details}`;
        if (!EXPECTED.has(outcome.code)) throw new Error(`unexpected status from ${where}`);
        if (outcome.code === status.INVALID_ARGUMENT && outcome.violations === 0)
          throw new Error(`INVALID_ARGUMENT without a field violation from ${where}`);
        settle = outcome.code === status.OK && !query;
        if (outcome.code === status.OK) {
          if (outcome.response) this.learn(rpc, outcome.response);
          return;
        }
        const now = await this.target.heads();
        if (now.some((h, i) => h !== heads[i]))
          throw new Error(`a refused call wrote events: ${where} (heads ${heads} -> ${now})`);
      }),
      { numRuns: options.numRuns, seed: options.seed, endOnFailure: true },
    );
    this.runs.set(rpc.method.path.slice(1), runs);
  }
}
