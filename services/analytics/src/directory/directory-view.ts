import { access, directory } from '@baton/domain';
import type { ReadModelReader } from '../read-model-store/read-model-store.port';
import {
  DIRECTORY_PEOPLE,
  DIRECTORY_TEAMS,
  toPerson,
  toTeam,
  type PersonRecord,
  type TeamRecord,
} from './directory.projection';

/** The directory as the analytics service last saw it: names, members, roles, availability. */
export class DirectoryView {
  /** The domain's view of it (members, role holders, availability at an instant). */
  readonly snapshot: directory.DirectorySnapshot;

  private constructor(
    private readonly people: ReadonlyMap<string, PersonRecord>,
    private readonly teams: ReadonlyMap<string, TeamRecord>,
  ) {
    this.snapshot = directory.snapshotOf({
      people: new Map([...people].map(([id, p]) => [id, toPerson(p)])),
      teams: new Map([...teams].map(([id, t]) => [id, toTeam(t)])),
      processedKeys: new Set(),
    });
  }

  /** One tenant's directory (absent: the default tenant's): another tenant's people and teams are not there. */
  static async load(reader: ReadModelReader, tenantId?: string): Promise<DirectoryView> {
    const tenant = access.tenantOr(tenantId);
    const own = (record: { readonly tenantId?: string }) => access.tenantOr(record.tenantId) === tenant;
    const [people, teams] = await Promise.all([
      reader.range(DIRECTORY_PEOPLE, { where: {} }),
      reader.range(DIRECTORY_TEAMS, { where: {} }),
    ]);
    const parsed =
      <T>(column: string) =>
      (row: Record<string, unknown>) =>
        JSON.parse(row[column] as string) as T;
    return new DirectoryView(
      new Map(
        people
          .map(parsed<PersonRecord>('person'))
          .filter(own)
          .map((p) => [p.personId, p]),
      ),
      new Map(
        teams
          .map(parsed<TeamRecord>('team'))
          .filter(own)
          .map((t) => [t.teamId, t]),
      ),
    );
  }

  personName(personId: string): string {
    return this.people.get(personId)?.name ?? '';
  }

  teamName(teamId: string): string {
    return this.teams.get(teamId)?.name ?? '';
  }

  /** Members now; 0 for a team the directory does not know. */
  memberCount(teamId: string): number {
    return this.teams.get(teamId)?.members.length ?? 0;
  }

  /** The sum over the team's members of their membership within [from, until) (ms). */
  memberTime(teamId: string, from: number, until: number): number {
    let total = 0;
    for (const m of this.teams.get(teamId)?.memberships ?? []) {
      const start = Math.max(from, m.from);
      const end = Math.min(until, m.until ?? until);
      if (end > start) total += end - start;
    }
    return total;
  }
}
