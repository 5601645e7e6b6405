import { access } from '@baton/domain';
import type { RecordedEvent } from '@baton/eventstore';

const MEMBERSHIP_EVENTS: ReadonlySet<string> = new Set(['MemberAdded', 'MemberRemoved']);

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
 * the team the step lands in). Learned from the ownership events topic; in memory, as the
 * directory's memberships are small.
 */
export class TeamRoster {
  private readonly tenants = new Map<string, TenantRoster>();

  /** Whether the event is one the roster learns from. */
  static wants(event: RecordedEvent): boolean {
    return MEMBERSHIP_EVENTS.has(event.type) && isDirectoryStream(event.streamId);
  }

  /** Folds one membership event in, in stream order; a redelivered one changes nothing. */
  learn(event: RecordedEvent): void {
    if (!TeamRoster.wants(event)) return;
    const tenantId = access.tenantOr(event.metadata.tenantId);
    let roster = this.tenants.get(tenantId);
    if (!roster) this.tenants.set(tenantId, (roster = { teams: new Map(), version: 0 }));
    if (event.streamVersion <= roster.version) return;
    roster.version = event.streamVersion;
    const { teamId, personId } = event.data as { teamId: string; personId: string };
    const teams = roster.teams.get(personId) ?? new Set<string>();
    if (event.type === 'MemberAdded') teams.add(teamId);
    else teams.delete(teamId);
    if (teams.size > 0) roster.teams.set(personId, teams);
    else roster.teams.delete(personId);
  }

  /** The teams `personId` belongs to in the tenant; none for someone the directory does not list. */
  teamsOf(tenantId: string | undefined, personId: string): readonly string[] {
    return [...(this.tenants.get(access.tenantOr(tenantId))?.teams.get(personId) ?? [])];
  }
}
