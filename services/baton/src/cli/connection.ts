import { analyticsV1, definitionV1, executionV1, ownershipV1 } from '@baton/contracts';
import {
  credentials,
  Metadata,
  type CallOptions,
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
  /** Deadline of each call, in milliseconds. */
  readonly timeoutMs: number;
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
}

/** The generated gRPC clients of the four services over one channel each, with promise calls. */
export class BatonConnection {
  readonly definition: definitionV1.DefinitionServiceClient;
  readonly execution: executionV1.ExecutionServiceClient;
  readonly ownership: ownershipV1.OwnershipServiceClient;
  readonly analytics: analyticsV1.AnalyticsServiceClient;

  constructor(readonly options: ConnectionOptions) {
    const creds = credentials.createInsecure();
    // One channel shared by the four clients: they all talk to the same address.
    this.definition = new definitionV1.DefinitionServiceClient(options.address, creds);
    const channelOverride = this.definition.getChannel();
    this.execution = new executionV1.ExecutionServiceClient(options.address, creds, { channelOverride });
    this.ownership = new ownershipV1.OwnershipServiceClient(options.address, creds, { channelOverride });
    this.analytics = new analyticsV1.AnalyticsServiceClient(options.address, creds, { channelOverride });
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
    const deadline = Date.now() + this.options.timeoutMs;
    return new Promise<Res>((resolve, reject) => {
      method.call(client, request, metadata, { deadline }, (error, response) =>
        error ? reject(error) : resolve(response),
      );
    });
  }

  close(): void {
    this.definition.close();
  }
}
