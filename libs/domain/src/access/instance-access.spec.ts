import type { Caller } from './caller';
import { requireAvailabilityChange } from './directory-access';
import { instanceListScope, requireInstanceRead } from './instance-access';
import type { Role } from './roles';

const who = (...roles: Role[]): Caller => ({ subject: 'erp', roles, teams: [] });

describe('Instance and directory access', () => {
  it('lets integrators read the instances they started only', () => {
    expect(() => requireInstanceRead(who('integrator'), 'erp')).not.toThrow();
    expect(() => requireInstanceRead(who('integrator'), 'crm')).toThrow(
      'permission instance.read is required: integrators read the instances they started',
    );
    expect(() => requireInstanceRead(who('integrator'), undefined)).toThrow();
  });

  it('lets the other reading roles read every instance', () => {
    for (const role of ['worker', 'team-lead', 'process-owner', 'admin', 'service'] as const) {
      expect(() => requireInstanceRead(who(role), 'crm')).not.toThrow();
      expect(() => requireInstanceRead(who('integrator', role), 'crm')).not.toThrow();
    }
  });

  it('lists an integrator’s own instances only, and refuses a list of someone else’s', () => {
    expect(instanceListScope(who('integrator'), undefined)).toEqual({ startedBy: 'erp' });
    expect(instanceListScope(who('integrator'), 'erp')).toEqual({ startedBy: 'erp' });
    expect(() => instanceListScope(who('integrator'), 'crm')).toThrow(
      'permission instance.list is required: integrators list the instances they started',
    );
  });

  it('lets the roles that list all instances list anyone’s, filtered only when they ask', () => {
    for (const role of ['team-lead', 'process-owner', 'admin', 'platform-admin'] as const) {
      expect(instanceListScope(who(role), undefined)).toEqual({});
      expect(instanceListScope(who('integrator', role), 'crm')).toEqual({ startedBy: 'crm' });
    }
  });

  it('lets people set their own availability, and admins anyone’s', () => {
    expect(() => requireAvailabilityChange(who('worker'), 'erp')).not.toThrow();
    expect(() => requireAvailabilityChange(who('worker'), 'bob')).toThrow(
      'permission availability.set is required: people set their own availability only',
    );
    expect(() => requireAvailabilityChange(who('admin'), 'bob')).not.toThrow();
  });
});
