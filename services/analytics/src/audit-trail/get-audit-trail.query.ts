import { analyticsV1, commonV1 } from '@baton/contracts';
import { access, NotFoundError } from '@baton/domain';
import { decodeEnvelope, encodeEnvelope } from '@baton/event-wire';
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { READ_MODEL_STORE, type ReadModelStore } from '../read-model-store/read-model-store.port';
import { auditRedaction } from './audit-redaction';
import { summarize, traceIdOf } from './audit-summary';
import { AUDIT_TRAIL, INSTANCE_PREFIX } from './audit-trail.projection';

const DEFAULT_PAGE = 50;
const MAX_PAGE = 1000;

export class GetAuditTrail {
  constructor(
    readonly instanceId: string,
    readonly pageSize: number,
    /** Stream version after which the page starts (the page token), 0 for the first page. */
    readonly afterVersion: number,
    /** The caller's tenant: another tenant's instance has no audit trail for it. */
    readonly tenantId: string,
    /** The caller's roles: sensitive data values are shown only to those granting `data.sensitive.read`. */
    readonly grants?: { readonly roles: readonly access.Role[] },
  ) {}
}

@QueryHandler(GetAuditTrail)
export class GetAuditTrailHandler implements IQueryHandler<GetAuditTrail, analyticsV1.GetAuditTrailResponse> {
  constructor(@Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore) {}

  async execute(query: GetAuditTrail): Promise<analyticsV1.GetAuditTrailResponse> {
    const size = Math.min(query.pageSize > 0 ? query.pageSize : DEFAULT_PAGE, MAX_PAGE);
    const where = { stream_id: INSTANCE_PREFIX + query.instanceId };
    // The instance's tenant is the one its first event recorded.
    const [first] = await this.readModels.range(AUDIT_TRAIL, { where, limit: 1 });
    const firstEvent = first && decodeEnvelope(first['envelope'] as Buffer);
    const tenantOfFirst = firstEvent?.metadata.tenantId;
    // One more than the page: whether another page follows.
    const rows =
      firstEvent && access.sameTenant(tenantOfFirst, query.tenantId)
        ? await this.readModels.range(AUDIT_TRAIL, { where, after: query.afterVersion, limit: size + 1 })
        : undefined;
    if (!rows || !firstEvent) {
      throw new NotFoundError('INSTANCE.NOT_FOUND', `no audit trail for instance ${query.instanceId}`, {
        resourceType: 'baton.execution.v1.Instance',
        resourceName: query.instanceId,
      });
    }
    const shown = await auditRedaction(this.readModels, firstEvent, query.tenantId, query.grants);
    const page = rows.slice(0, size).map((row) => shown(decodeEnvelope(row['envelope'] as Buffer)));
    const last = page.at(-1);
    return analyticsV1.GetAuditTrailResponse.fromPartial({
      entries: page.map((event) => {
        const data = (event.data ?? {}) as Record<string, unknown>;
        return {
          event: commonV1.EventEnvelope.decode(encodeEnvelope(event)),
          summary: summarize(event),
          stepId: typeof data['stepId'] === 'string' ? data['stepId'] : '',
          activationId: typeof data['activationId'] === 'string' ? data['activationId'] : '',
          traceId: traceIdOf(event.metadata.traceparent),
        };
      }),
      nextPageToken: rows.length > size && last ? String(last.streamVersion) : '',
    });
  }
}
