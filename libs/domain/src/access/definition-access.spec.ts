import fc from 'fast-check';
import type { OwnerSpec } from '../definition/model';
import type { Caller } from './caller';
import {
  ownsProcess,
  processAnalyticsScope,
  requireDefinitionDeprecate,
  requireDefinitionPublish,
  requireProcessAnalytics,
} from './definition-access';
import { PermissionDeniedError } from './errors';
import type { Role } from './roles';

const who = (roles: Role[], teams: string[] = [], subject = 'olga'): Caller => ({ subject, roles, teams });
const owner = (o?: OwnerSpec) => (o ? { owner: o } : {});
const byOlga = owner({ kind: 'person', personId: 'olga' });
const byBilling = owner({ kind: 'team', teamId: 'billing' });
const bySales = owner({ kind: 'team', teamId: 'sales' });
const byRole = owner({ kind: 'role', role: 'controller' });

const refusal = (f: () => void): string | undefined => {
  try {
    f();
    return undefined;
  } catch (error) {
    if (!(error instanceof PermissionDeniedError)) throw error;
    return `${error.permission}: ${error.reason ?? ''}`;
  }
};

describe('Definition access', () => {
  const po = who(['process-owner'], ['billing']);

  it('counts a process as the caller’s when its owner is them or one of their teams, nothing else', () => {
    expect([byOlga, byBilling, bySales, byRole, owner()].map((p) => ownsProcess(po, p))).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
    expect(ownsProcess(who(['process-owner'], [], 'ivan'), byOlga)).toBe(false);
  });

  describe('when a process owner publishes', () => {
    it('lets them publish a new version of their own process, by name or by team', () => {
      expect(refusal(() => requireDefinitionPublish(po, byOlga, byOlga))).toBeUndefined();
      expect(refusal(() => requireDefinitionPublish(po, byBilling, byBilling))).toBeUndefined();
      expect(refusal(() => requireDefinitionPublish(po, byBilling, byOlga))).toBeUndefined();
    });

    it("refuses a new version of someone else's process, naming definition.publish", () => {
      expect(refusal(() => requireDefinitionPublish(po, bySales, byBilling))).toBe(
        'definition.publish: process owners publish new versions of their own processes only',
      );
      expect(refusal(() => requireDefinitionPublish(po, owner(), byBilling))).toMatch(/own processes only$/);
    });

    it('lets them publish a brand-new process only as its owner', () => {
      expect(refusal(() => requireDefinitionPublish(po, undefined, byBilling))).toBeUndefined();
      const mismatch =
        'definition.publish: a process owner publishes a process whose owner is them or one of their teams';
      expect(refusal(() => requireDefinitionPublish(po, undefined, bySales))).toBe(mismatch);
      expect(refusal(() => requireDefinitionPublish(po, undefined, owner()))).toBe(mismatch);
      expect(refusal(() => requireDefinitionPublish(po, undefined, byRole))).toBe(mismatch);
    });

    it('does not let them hand their process to another owner', () => {
      expect(refusal(() => requireDefinitionPublish(po, byBilling, bySales))).toMatch(/whose owner is them/);
    });
  });

  it('lets a process owner deprecate their own processes only', () => {
    expect(refusal(() => requireDefinitionDeprecate(po, byBilling))).toBeUndefined();
    expect(refusal(() => requireDefinitionDeprecate(po, bySales))).toBe(
      'definition.deprecate: process owners deprecate their own processes only',
    );
  });

  it('shows a process owner the analytics of their own processes only', () => {
    expect(refusal(() => requireProcessAnalytics(po, byBilling))).toBeUndefined();
    expect(refusal(() => requireProcessAnalytics(po, bySales))).toBe(
      'analytics.read: process owners read the analytics of their own processes only',
    );
    const scope = processAnalyticsScope(po);
    expect([byOlga, byBilling, bySales, owner()].map((p) => scope?.(p))).toEqual([true, true, false, false]);
  });

  it('lets admins, and team leads for analytics, act on every process whoever owns it', () => {
    const owners = fc.option(
      fc.oneof(
        fc.record({ kind: fc.constant('person' as const), personId: fc.string() }),
        fc.record({ kind: fc.constant('team' as const), teamId: fc.string() }),
        fc.record({ kind: fc.constant('role' as const), role: fc.string() }),
      ),
      { nil: undefined },
    );
    fc.assert(
      fc.property(fc.constantFrom<Role>('admin', 'platform-admin'), owners, owners, (role, before, after) => {
        const admin = who([role, 'process-owner']);
        expect(refusal(() => requireDefinitionPublish(admin, owner(before), owner(after)))).toBeUndefined();
        expect(refusal(() => requireDefinitionDeprecate(admin, owner(before)))).toBeUndefined();
        expect(refusal(() => requireProcessAnalytics(admin, owner(before)))).toBeUndefined();
      }),
    );
    expect(processAnalyticsScope(who(['admin']))).toBeUndefined();
    expect(processAnalyticsScope(who(['team-lead', 'process-owner']))).toBeUndefined();
    expect(
      refusal(() => requireDefinitionPublish(who(['team-lead', 'process-owner']), bySales, bySales)),
    ).toMatch(/own processes only$/);
  });
});
