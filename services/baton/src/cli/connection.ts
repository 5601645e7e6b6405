import { analyticsV1, definitionV1, executionV1, ownershipV1 } from '@baton/contracts';
import { channelCredentialsFromEnv } from '@baton/grpc-server';
import {
  Metadata,
  type CallOptions,
  type Channel,
  type Client,
  type ClientUnaryCall,
  type ServiceError,
} from '@grpc/grpc-js';

/** Where and as whom the CLI calls Baton. */
export interface ConnectionOptions {
  /** `host:port` of a running Baton (embedded host or one service process). */
  readonly address: string;
  /** Sent as `x-baton-tenant`; the server's default tenant when absent. */
  readonly tenant?: string;
  /** Sent as `x-baton-actor`: who the caller is (the person acting, for step commands). */
  readonly actor?: string;
  /**
   * Sent as `authorization: Bearer <token>` to servers that authenticate (docs/security.md); the
   * token then names the tenant and the actor, and `tenant` and `actor` are ignored by them.
   */
  readonly token?: string;
  /** Deadline of each call, in milliseconds. */
  readonly timeoutMs: number;
  /**
   * Where single services answer when they are not at `address` (distributed mode), e.g.
   * `{ execution: '127.0.0.1:50062' }`.
   */
  readonly serviceAddresses?: Partial<Record<'definition' | 'execution' | 'ownership' | 'analytics', string>>;
}

type Callback<Res> = (error: ServiceError | null, response: Res) => void;
type UnaryMethod<Req, Res> = (
  request: Req,
  metadata: Metadata,
  options: Partial<CallOptions>,
  callback: Callback<Res>,
) => ClientUnaryCall;

/** Per-call overrides: the demo plays many people over one connection. */
export interface CallOverrides {
  readonly actor?: string;
  /** Another bearer token for this call. */
  readonly token?: string;
}

/** The generated gRPC clients of the four services over one channel each, with promise calls. */
export class BatonConnection {
  readonly definition: definitionV1.DefinitionServiceClient;
  readonly execution: executionV1.ExecutionServiceClient;
  readonly ownership: ownershipV1.OwnershipServiceClient;
  readonly analytics: analyticsV1.AnalyticsServiceClient;
  private readonly clients: Client[] = [];

  constructor(readonly options: ConnectionOptions) {
    // TLS when BATON_TLS_CA_FILE (or BATON_TLS=true) says so, with a client certificate for mTLS.
    const creds = channelCredentialsFromEnv();
    const at = options.serviceAddresses ?? {};
    // One channel shared by the clients that talk to the main address.
    const shared = new definitionV1.DefinitionServiceClient(options.address, creds);
    this.clients.push(shared);
    const open = <C extends Client>(
      make: new (address: string, c: typeof creds, o?: { channelOverride: Channel }) => C,
      address: string | undefined,
    ): C => {
      if (!address || address === options.address)
        return new make(options.address, creds, { channelOverride: shared.getChannel() as Channel });
      const client = new make(address, creds);
      this.clients.push(client);
      return client;
    };
    this.definition =
      at.definition && at.definition !== options.address
        ? open(definitionV1.DefinitionServiceClient, at.definition)
        : shared;
    this.execution = open(executionV1.ExecutionServiceClient, at.execution);
    this.ownership = open(ownershipV1.OwnershipServiceClient, at.ownership);
    this.analytics = open(analyticsV1.AnalyticsServiceClient, at.analytics);
  }

  /** Calls a unary method, e.g. `call(c.execution, c.execution.getInstance, request)`. */
  call<Req, Res>(
    client: Client,
    method: UnaryMethod<Req, Res>,
    request: Req,
    overrides: CallOverrides = {},
  ): Promise<Res> {
    const metadata = new Metadata();
    if (this.options.tenant) metadata.set('x-baton-tenant', this.options.tenant);
    const actor = overrides.actor ?? this.options.actor;
    if (actor) metadata.set('x-baton-actor', actor);
    const token = overrides.token ?? this.options.token;
    if (token) metadata.set('authorization', `Bearer ${token}`);
    const deadline = Date.now() + this.options.timeoutMs;
    return new Promise<Res>((resolve, reject) => {
      method.call(client, request, metadata, { deadline }, (error, response) =>
        error ? reject(error) : resolve(response),
      );
    });
  }

  close(): void {
    for (const client of this.clients) client.close();
  }
}
