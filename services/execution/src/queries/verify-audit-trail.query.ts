import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { access, IllegalStateError } from '@baton/domain';
import type { EventStore, StreamChainReport } from '@baton/eventstore';
import { EVENT_STORE } from '@baton/service-kit';
import { DefinitionCatalog } from '../definitions/definition-catalog';
import { instanceStream } from '../streams';
import { instanceNotFound } from '../instances/instance-not-found';

export class VerifyAuditTrailQuery {
  constructor(
    readonly instanceId: string,
    /** The caller's tenant: another tenant's instance is NOT_FOUND, as a missing one. */
    readonly tenantId: string,
  ) {}
}

/** The chain's verdict, and the definition version the instance's start pinned. */
export interface AuditTrailVerification extends StreamChainReport {
  /** The checksum InstanceStarted recorded (none for instances started before it was kept). */
  readonly definitionSha256?: string;
  /** Whether the version execution knows today has that checksum. */
  readonly definitionMatches: boolean;
}

interface StartedData {
  readonly definitionId?: string;
  readonly definitionVersion?: number;
  readonly definitionSha256?: string;
}

/** Recomputes the hash chain of the instance's stored events (docs/adr/0013-tamper-evident-audit.md). */
@QueryHandler(VerifyAuditTrailQuery)
export class VerifyAuditTrailHandler implements IQueryHandler<VerifyAuditTrailQuery, AuditTrailVerification> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DefinitionCatalog) private readonly catalog: DefinitionCatalog,
  ) {}

  async execute({ instanceId, tenantId }: VerifyAuditTrailQuery): Promise<AuditTrailVerification> {
    if (!this.store.verifyStream) {
      throw new IllegalStateError(
        'AUDIT.CHAIN_UNSUPPORTED',
        'this event store does not chain events (KurrentDB): use SQLite or PostgreSQL to verify audit trails',
        { currentState: 'store-without-chain', allowed: [] },
      );
    }
    const stream = instanceStream(instanceId);
    const [first] = await this.store.readStream(stream, { maxCount: 1 });
    if (first && !access.sameTenant(first.metadata.tenantId, tenantId)) throw instanceNotFound(instanceId);
    const report = await this.store.verifyStream(stream);
    if (report.events === 0) {
      throw instanceNotFound(instanceId);
    }
    const started = (first?.type === 'InstanceStarted' ? first.data : {}) as StartedData;
    const known =
      started.definitionId !== undefined && started.definitionVersion !== undefined
        ? this.catalog.version(
            access.tenantOr(first?.metadata.tenantId),
            started.definitionId,
            started.definitionVersion,
          )?.contentSha256
        : undefined;
    const recorded = started.definitionSha256;
    return {
      ...{},
      ...report,
      ...(recorded !== undefined ? { definitionSha256: recorded } : {}),
      definitionMatches: recorded !== undefined && recorded === known,
    };
  }
}
