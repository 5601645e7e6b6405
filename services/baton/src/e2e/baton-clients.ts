import { analyticsV1, definitionV1, executionV1, ownershipV1 } from '@baton/contracts';
import { status } from '@grpc/grpc-js';
import { BatonConnection } from '../cli/connection';

/** Where each service answers: one address for all in embedded mode, four when distributed. */
export interface BatonAddresses {
  readonly definition: string;
  readonly execution: string;
  readonly ownership: string;
  readonly analytics: string;
}

export const sameAddress = (address: string): BatonAddresses => ({
  definition: address,
  execution: address,
  ownership: address,
  analytics: address,
});

/** One connection per service, acting as `actor`. */
export function openConnections(
  addresses: BatonAddresses,
  options: { readonly timeoutMs: number; readonly actor: string },
): Record<keyof BatonAddresses, BatonConnection> {
  const open = (address: string) => new BatonConnection({ address, ...options });
  return {
    definition: open(addresses.definition),
    execution: open(addresses.execution),
    ownership: open(addresses.ownership),
    analytics: open(addresses.analytics),
  };
}

/** Every entry of an instance's audit trail, page after page; `send` wraps each page's call (retries). */
export async function wholeAuditTrail(
  analytics: BatonConnection,
  instanceId: string,
  send: <T>(call: () => Promise<T>) => Promise<T>,
): Promise<analyticsV1.AuditEntry[]> {
  const entries: analyticsV1.AuditEntry[] = [];
  let pageToken = '';
  do {
    const page = await send(() =>
      analytics.call(
        analytics.analytics,
        analytics.analytics.getAuditTrail,
        analyticsV1.GetAuditTrailRequest.fromPartial({ instanceId, pageSize: 100, pageToken }),
      ),
    );
    entries.push(...page.entries);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return entries;
}

/** An integrator's promise-based view of the four gRPC APIs; `as` names the acting person. */
export class BatonClients {
  private readonly connections: Record<keyof BatonAddresses, BatonConnection>;

  /**
   * `retryUnavailableMs`: how long a call is retried while its service is down (a process being
   * restarted); every mutating call carries an idempotency key, so a retry is safe.
   */
  constructor(
    addresses: BatonAddresses,
    private readonly retryUnavailableMs = 0,
  ) {
    this.connections = openConnections(addresses, { timeoutMs: 15_000, actor: 'e2e' });
  }

  publishDefinition(text: string) {
    const c = this.connections.definition;
    return this.retrying(() =>
      c.call(
        c.definition,
        c.definition.publishDefinition,
        definitionV1.PublishDefinitionRequest.fromPartial({
          source: { format: definitionV1.SourceFormat.SOURCE_FORMAT_YAML, text },
        }),
      ),
    );
  }

  startInstance(definitionId: string, businessKey: string, data: Record<string, unknown>) {
    const c = this.connections.execution;
    return this.retrying(() =>
      c.call(
        c.execution,
        c.execution.startInstance,
        executionV1.StartInstanceRequest.fromPartial({ definitionId, businessKey, data }),
      ),
    );
  }

  listInstances(definitionId: string) {
    const c = this.connections.execution;
    return this.retrying(() =>
      c.call(
        c.execution,
        c.execution.listInstances,
        executionV1.ListInstancesRequest.fromPartial({ definitionId, pageSize: 100 }),
      ),
    );
  }

  async getInstance(instanceId: string): Promise<executionV1.Instance> {
    const c = this.connections.execution;
    const res = await this.retrying(() =>
      c.call(
        c.execution,
        c.execution.getInstance,
        executionV1.GetInstanceRequest.fromPartial({ instanceId }),
      ),
    );
    if (!res.instance) throw new Error(`GetInstance ${instanceId} returned no instance`);
    return res.instance;
  }

  startStep(instanceId: string, activationId: string, person: string) {
    const c = this.connections.execution;
    return this.retrying(() =>
      c.call(
        c.execution,
        c.execution.startStep,
        executionV1.StartStepRequest.fromPartial({
          instanceId,
          activationId,
          idempotencyKey: `start:${activationId}`,
        }),
        { actor: person },
      ),
    );
  }

  completeStep(
    instanceId: string,
    activationId: string,
    person: string,
    output: Record<string, unknown>,
    outcome = '',
  ) {
    const c = this.connections.execution;
    return this.retrying(() =>
      c.call(
        c.execution,
        c.execution.completeStep,
        executionV1.CompleteStepRequest.fromPartial({
          instanceId,
          activationId,
          output,
          outcome,
          idempotencyKey: `complete:${instanceId}:${activationId}`,
        }),
        { actor: person },
      ),
    );
  }

  failStep(instanceId: string, activationId: string, reason: string) {
    const c = this.connections.execution;
    return this.retrying(() =>
      c.call(
        c.execution,
        c.execution.failStep,
        executionV1.FailStepRequest.fromPartial({
          instanceId,
          activationId,
          reason,
          idempotencyKey: `fail:${activationId}`,
        }),
      ),
    );
  }

  publishTrigger(type: string, correlationKey: string, payload: Record<string, unknown>) {
    const c = this.connections.execution;
    return this.retrying(() =>
      c.call(
        c.execution,
        c.execution.publishTrigger,
        executionV1.PublishTriggerRequest.fromPartial({
          trigger: { type, correlationKey, payload, idempotencyKey: `${type}:${correlationKey}` },
        }),
      ),
    );
  }

  auditTrail(instanceId: string): Promise<analyticsV1.AuditEntry[]> {
    return wholeAuditTrail(this.connections.analytics, instanceId, (call) => this.retrying(call));
  }

  listPeople() {
    const c = this.connections.ownership;
    return this.retrying(() =>
      c.call(
        c.ownership,
        c.ownership.listPeople,
        ownershipV1.ListPeopleRequest.fromPartial({ pageSize: 1000 }),
      ),
    );
  }

  private async retrying<T>(call: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + this.retryUnavailableMs;
    for (let delay = 50; ; delay = Math.min(delay * 2, 500)) {
      try {
        return await call();
      } catch (error) {
        const code = (error as { code?: number }).code;
        const retriable = code === status.UNAVAILABLE || code === status.DEADLINE_EXCEEDED;
        if (!retriable || Date.now() + delay > deadline) throw error;
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  close(): void {
    for (const c of Object.values(this.connections)) c.close();
  }
}
