import { PermissionDeniedError } from './errors';
import {
  crossesTenants,
  isTenantId,
  requireCrossTenant,
  sameTenant,
  splitTenantScoped,
  tenantOr,
  tenantScoped,
} from './tenancy';

describe('Tenancy rules', () => {
  it('keeps the default tenant’s names as they were and puts any other tenant before the name', () => {
    expect(tenantScoped('default', 'claims')).toBe('claims');
    expect(tenantScoped('', 'claims')).toBe('claims');
    expect(tenantScoped('acme', 'claims')).toBe('acme/claims');
    expect(tenantScoped('acme.eu', 'claims')).not.toBe(tenantScoped('acme', 'claims'));
  });

  it('splits a scoped name back into its tenant and name', () => {
    expect(splitTenantScoped('claims')).toEqual({ tenantId: 'default', name: 'claims' });
    expect(splitTenantScoped('acme/claims')).toEqual({ tenantId: 'acme', name: 'claims' });
    expect(splitTenantScoped(tenantScoped('a@b:c', 'x-1'))).toEqual({ tenantId: 'a@b:c', name: 'x-1' });
  });

  it('takes identifiers as tenant ids, never a separator', () => {
    expect(['default', 'acme', 'acme.eu', 'a@b:c+d_e-1'].filter(isTenantId)).toHaveLength(4);
    expect(['', 'acme/claims', 'a b', 'x'.repeat(201)].filter(isTenantId)).toEqual([]);
  });

  it('treats an empty or absent tenant as the default one', () => {
    expect(tenantOr(undefined)).toBe('default');
    expect(tenantOr('')).toBe('default');
    expect(sameTenant(undefined, 'default')).toBe(true);
    expect(sameTenant('acme', 'default')).toBe(false);
    expect(sameTenant('acme', 'acme')).toBe(true);
  });

  it('lets only a platform admin list across tenants', () => {
    const as = (role: 'admin' | 'platform-admin') => ({ subject: 's', roles: [role], teams: [] });
    expect(crossesTenants(as('platform-admin'))).toBe(true);
    expect(crossesTenants(as('admin'))).toBe(false);
    expect(crossesTenants(undefined)).toBe(false);
    expect(() => requireCrossTenant(as('platform-admin'))).not.toThrow();
    expect(() => requireCrossTenant(as('admin'))).toThrow(
      new PermissionDeniedError('tenant.cross', 'only a platform admin lists across tenants'),
    );
  });
});
