import type { Caller } from './caller';
import { requireAvailabilityChange } from './directory-access';
import { requireInstanceRead } from './instance-access';
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

  it('lets people set their own availability, and admins anyone’s', () => {
    expect(() => requireAvailabilityChange(who('worker'), 'erp')).not.toThrow();
    expect(() => requireAvailabilityChange(who('worker'), 'bob')).toThrow(
      'permission availability.set is required: people set their own availability only',
    );
    expect(() => requireAvailabilityChange(who('admin'), 'bob')).not.toThrow();
  });
});
