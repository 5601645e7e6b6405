import { access } from '@baton/domain';

/** The stream of one definition's versions: the definition service is its only writer. */
export const DEFINITION_STREAM_PREFIX = 'definition-';

/**
 * Definition ids are unique within a tenant: `definition-<id>` in the default tenant (as before
 * tenancy), `definition-<tenant>/<id>` in any other (docs/adr/0015-tenancy.md).
 */
export const definitionStream = (tenantId: string, definitionId: string): string =>
  `${DEFINITION_STREAM_PREFIX}${access.tenantScoped(tenantId, definitionId)}`;
