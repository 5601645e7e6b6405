import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { IllegalStateError, NotFoundError } from '@baton/domain';
import type { EventStore, StreamChainReport } from '@baton/eventstore';
import { EVENT_STORE } from '@baton/service-kit';
import { instanceStream } from '../streams';

export class VerifyAuditTrailQuery {
  constructor(readonly instanceId: string) {}
}

/** Recomputes the hash chain of the instance's stored events (docs/adr/0013-tamper-evident-audit.md). */
@QueryHandler(VerifyAuditTrailQuery)
export class VerifyAuditTrailHandler implements IQueryHandler<VerifyAuditTrailQuery, StreamChainReport> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ instanceId }: VerifyAuditTrailQuery): Promise<StreamChainReport> {
    if (!this.store.verifyStream) {
      throw new IllegalStateError(
        'AUDIT.CHAIN_UNSUPPORTED',
        'this event store does not chain events (KurrentDB): use SQLite or PostgreSQL to verify audit trails',
        { currentState: 'store-without-chain', allowed: [] },
      );
    }
    const report = await this.store.verifyStream(instanceStream(instanceId));
    if (report.events === 0) {
      throw new NotFoundError('INSTANCE.NOT_FOUND', `instance ${instanceId} does not exist`, {
        resourceType: 'baton.execution.v1.Instance',
        resourceName: instanceId,
      });
    }
    return report;
  }
}
