import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { executionV1, googleRpc, unpackAnyAs } from '@baton/contracts';
import { CallMetadata, channelCredentialsFromEnv, statusDetailsOf } from '@baton/grpc-server';
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { OWNERSHIP_OPTIONS, type OwnershipModuleOptions } from '../ownership.options';

/** How an execution command ended. */
export type Outcome =
  | { readonly kind: 'done' }
  /** Refused as a fact already recorded (assigned, overdue, level reached…): nothing left to do. */
  | { readonly kind: 'already'; readonly reason: string }
  /** Refused because it is too early (execution's clock or state is behind ours): try again later. */
  | { readonly kind: 'later'; readonly reason: string }
  /** Refused for good (step ended, invalid): drop it. */
  | { readonly kind: 'refused'; readonly code: status; readonly reason: string }
  /** Execution unreachable after the retries: try again later. */
  | { readonly kind: 'unavailable'; readonly reason: string };

const ALREADY = new Set([
  'STEP.ALREADY_ASSIGNED',
  'STEP.ALREADY_STARTED',
  'STEP.ALREADY_OVERDUE',
  'ESCALATION.ALREADY_REACHED',
]);
const LATER = new Set(['STEP.NOT_YET_DUE', 'STEP.NOT_OVERDUE', 'ESCALATION.NOT_DUE']);

type Method = 'assignStep' | 'markStepOverdue' | 'escalateStep';

/**
 * Ownership's only way to change a step: gRPC commands to the execution service (in the embedded
 * host, its handlers called in-process). The client is created on first use. UNAVAILABLE
 * and DEADLINE_EXCEEDED are retried with doubling backoff, a bounded number of times, so a
 * consumer never blocks forever.
 */
@Injectable()
export class ExecutionGateway implements OnApplicationShutdown {
  private client?: executionV1.ExecutionServiceClient;

  constructor(@Inject(OWNERSHIP_OPTIONS) private readonly options: OwnershipModuleOptions) {}

  get enabled(): boolean {
    return this.options.executionAddress !== undefined || this.options.executionInProcess !== undefined;
  }

  /** `traceparent`: the trace the assignment continues (the StepActivated delivery's). */
  assignStep(request: executionV1.AssignStepRequest, traceparent?: string): Promise<Outcome> {
    return this.send('assignStep', request, traceparent);
  }

  markStepOverdue(request: executionV1.MarkStepOverdueRequest): Promise<Outcome> {
    return this.send('markStepOverdue', request);
  }

  escalateStep(request: executionV1.EscalateStepRequest): Promise<Outcome> {
    return this.send('escalateStep', request);
  }

  onApplicationShutdown(): void {
    this.client?.close();
    this.client = undefined;
  }

  private async send(method: Method, request: unknown, traceparent?: string): Promise<Outcome> {
    const { attempts = 6, initialDelayMs = 200, maxDelayMs = 5_000 } = this.options.retry ?? {};
    let delay = initialDelayMs;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.call(method, request, traceparent);
        return { kind: 'done' };
      } catch (error) {
        const outcome = classify(error as ServiceError);
        if (outcome.kind !== 'unavailable' || attempt >= attempts) return outcome;
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, maxDelayMs);
      }
    }
  }

  private call(method: Method, request: unknown, traceparent: string | undefined): Promise<unknown> {
    const metadata = new Metadata();
    metadata.set(CallMetadata.actor, 'service:ownership');
    if (traceparent) metadata.set(CallMetadata.traceparent, traceparent);
    const inProcess = this.options.executionInProcess;
    if (inProcess) return inProcess(method, request, metadata);
    const token = this.options.executionToken?.();
    if (token) metadata.set(CallMetadata.authorization, `Bearer ${token}`);
    const client = this.connect();
    const deadline = new Date(Date.now() + 10_000);
    return new Promise((resolve, reject) => {
      const fn = client[method].bind(client) as (
        r: unknown,
        m: Metadata,
        o: { deadline: Date },
        cb: (e: ServiceError | null, v?: unknown) => void,
      ) => void;
      fn(request, metadata, { deadline }, (error, value) => (error ? reject(error) : resolve(value)));
    });
  }

  private connect(): executionV1.ExecutionServiceClient {
    if (!this.client) {
      const address = this.options.executionAddress?.();
      if (!address) throw new Error('the ownership module has no execution address');
      // Execution restarts in seconds: reconnect within seconds too, not after grpc-js's default
      // backoff of up to two minutes. TLS when BATON_TLS_CA_FILE says so (docs/security.md).
      this.client = new executionV1.ExecutionServiceClient(address, channelCredentialsFromEnv(), {
        'grpc.initial_reconnect_backoff_ms': 200,
        'grpc.max_reconnect_backoff_ms': 2_000,
      });
    }
    return this.client;
  }
}

/** The domain error code execution put in ErrorInfo.reason, if any. */
export function reasonOf(error: ServiceError): string {
  for (const any of statusDetailsOf(error)?.details ?? []) {
    if (any.typeUrl.endsWith('google.rpc.ErrorInfo')) return unpackAnyAs(any, googleRpc.ErrorInfo).reason;
  }
  return '';
}

function classify(error: ServiceError): Outcome {
  if (typeof error?.code !== 'number') return { kind: 'unavailable', reason: String(error) };
  const reason = reasonOf(error) || error.details || error.message;
  switch (error.code) {
    case status.UNAVAILABLE:
    case status.DEADLINE_EXCEEDED:
    case status.ABORTED:
      return { kind: 'unavailable', reason };
    case status.FAILED_PRECONDITION:
      if (ALREADY.has(reason)) return { kind: 'already', reason };
      if (LATER.has(reason)) return { kind: 'later', reason };
      return { kind: 'refused', code: error.code, reason };
    default:
      return { kind: 'refused', code: error.code, reason };
  }
}
