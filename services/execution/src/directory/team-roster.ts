import { access } from '@baton/domain';
import type { RecordedEvent } from '@baton/eventstore';

/** Event type of what the roster learned, as execution records it in its own store. */
export const MEMBERSHIP_LEARNED = 'MembershipLearned';

/** One membership change of a tenant's directory, as execution keeps it. */
export interface LearnedMembership {
  readonly tenantId: string;
  /** The directory stream's version of the source event: a redelivered one changes nothing. */
  readonly sourceVersion: number;
  readonly change: 'added' | 'removed';
  readonly teamId: string;
  readonly personId: string;
}

const CHANGES: Readonly<Record<string, LearnedMembership['change']>> = {
  MemberAdded: 'added',
  MemberRemoved: 'removed',
};

const isDirectoryStream = (streamId: string): boolean =>
  streamId === 'directory' || streamId.startsWith('directory-');

interface TenantRoster {
  /** Person id → the teams the directory lists them in. */
  readonly teams: Map<string, Set<string>>;
  version: number;
}

/**
 * Which teams each person belongs to, per tenant, as ownership's directory records it: the fact
 * a team lead's assignment or reassignment is checked against (the target must be a member of
 * the team the step lands in). Learned from the ownership events topic and recorded in
 * execution's own store (the consumer), so a restart does not depend on the topic's retention.
 */
export class TeamRoster {
  private readonly tenants = new Map<string, TenantRoster>();

  /** The membership change an ownership event records, if it is one. */
  static learnedFrom(event: RecordedEvent): LearnedMembership | undefined {
    const change = Object.hasOwn(CHANGES, event.type) ? CHANGES[event.type] : undefined;
    if (!change || !isDirectoryStream(event.streamId)) return undefined;
    const { teamId, personId } = event.data as { teamId: string; personId: string };
    const tenantId = access.tenantOr(event.metadata.tenantId);
    return { tenantId, sourceVersion: event.streamVersion, change, teamId, personId };
  }

  /** Whether the change is already folded in (redelivered, or read back from the store). */
  knows(learned: LearnedMembership): boolean {
    return learned.sourceVersion <= (this.tenants.get(learned.tenantId)?.version ?? 0);
  }

  /** Folds one change in, in its stream's order. */
  learn(learned: LearnedMembership): void {
    if (this.knows(learned)) return;
    let roster = this.tenants.get(learned.tenantId);
    if (!roster) this.tenants.set(learned.tenantId, (roster = { teams: new Map(), version: 0 }));
    roster.version = learned.sourceVersion;
    const teams = roster.teams.get(learned.personId) ?? new Set<string>();
    if (learned.change === 'added') teams.add(learned.teamId);
    else teams.delete(learned.teamId);
    if (teams.size > 0) roster.teams.set(learned.personId, teams);
    else roster.teams.delete(learned.personId);
  }

  /** The teams `personId` belongs to in the tenant; none for someone the directory does not list. */
  teamsOf(tenantId: string | undefined, personId: string): readonly string[] {
    return [...(this.tenants.get(access.tenantOr(tenantId))?.teams.get(personId) ?? [])];
  }
}
