import { access } from '@baton/domain';
import type { Row } from '../read-model-store/read-model-store.port';
import type { StatsScope } from './stats-scope';

/** The scope's tenant: the caller's (absent: the default tenant). */
export const tenantOfScope = (scope: Pick<StatsScope, 'tenantId'>): string => access.tenantOr(scope.tenantId);

/** The scope's definition id as the read model keys it (scoped by the caller's tenant). */
export const definitionKeyOf = (scope: StatsScope, definitionId = scope.definitionId): string | undefined =>
  definitionId === undefined ? undefined : access.tenantScoped(tenantOfScope(scope), definitionId);

/**
 * The rows of the scope's tenant (told by their `definition_id`, see tenant-facts.ts), each with
 * its definition id as the tenant knows it: another tenant's rows are not there for the caller,
 * nor, when the scope names the definitions the caller may read, the rows of any other.
 */
export function ownRows(rows: readonly Row[], scope: Pick<StatsScope, 'tenantId' | 'definitionIds'>): Row[] {
  const tenant = tenantOfScope(scope);
  const readable = scope.definitionIds && new Set(scope.definitionIds);
  const own: Row[] = [];
  for (const row of rows) {
    const scoped = row['definition_id'] as string;
    const { tenantId, name } = access.splitTenantScoped(scoped);
    if (tenantId !== tenant || (readable && !readable.has(name))) continue;
    // The default tenant's rows are named as stored: no copy (a query may read thousands).
    own.push(name === scoped ? row : { ...{}, ...row, definition_id: name });
  }
  return own;
}
