import { OWNERSHIP_EVENTS_TOPIC } from '@baton/contracts';
import { access, directory } from '@baton/domain';
import { toDomainEvent } from '@baton/service-kit';
import type { Projection } from '../projections/projection';
import type { ReadModelTx, TableSpec } from '../read-model-store/read-model-store.port';

/** The directory's streams (ownership service): `directory`, and `directory-{tenant}` for other tenants. */
export const DIRECTORY_PREFIX = directory.DIRECTORY_STREAM;

/** The tenant whose directory a stream is, undefined for a stream that is no directory. */
export function tenantOfDirectoryStream(streamId: string): string | undefined {
  if (streamId === DIRECTORY_PREFIX) return access.DEFAULT_TENANT;
  const tenant = streamId.startsWith(`${DIRECTORY_PREFIX}-`)
    ? streamId.slice(DIRECTORY_PREFIX.length + 1)
    : '';
  return access.isTenantId(tenant) ? tenant : undefined;
}

/** Person and team ids are unique within a tenant: the key carries it (the default tenant's as before). */
const keyOf = access.tenantScoped;

/** A record's tenant field: only for tenants other than the default (whose records stay as they were). */
const tenantField = (tenantId: string): { tenantId?: string } =>
  tenantId === access.DEFAULT_TENANT ? {} : { tenantId };

/** A person as kept: the domain's Person with plain arrays. */
export interface PersonRecord {
  readonly personId: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly absences: readonly directory.AbsenceWindow[];
  /** Absent for the default tenant. */
  readonly tenantId?: string;
}

/** A team as kept, with its membership over time (from MemberAdded and MemberRemoved). */
export interface TeamRecord {
  readonly teamId: string;
  readonly name: string;
  readonly members: readonly string[];
  readonly memberships: readonly {
    readonly personId: string;
    readonly from: number;
    readonly until?: number;
  }[];
  /** Absent for the default tenant. */
  readonly tenantId?: string;
}

export const DIRECTORY_PEOPLE: TableSpec = {
  name: 'directory_people',
  columns: { person_id: 'text', person: 'text' },
  primaryKey: ['person_id'],
};

export const DIRECTORY_TEAMS: TableSpec = {
  name: 'directory_teams',
  columns: { team_id: 'text', team: 'text' },
  primaryKey: ['team_id'],
};

/** The last directory stream version applied: a repeat (e.g. a second absence) must not apply twice. */
export const DIRECTORY_PROGRESS: TableSpec = {
  name: 'directory_progress',
  columns: { stream_id: 'text', version: 'integer' },
  primaryKey: ['stream_id'],
};

/**
 * People (names, roles, absences) and teams (members now and over time) from the directory's
 * events, folded by the domain's own `evolve` one person or team at a time.
 */
export const directoryProjection: Projection = {
  name: 'directory',
  tables: [DIRECTORY_PEOPLE, DIRECTORY_TEAMS, DIRECTORY_PROGRESS],
  topics: [OWNERSHIP_EVENTS_TOPIC],
  context: 'ownership',
  streamPrefixes: [DIRECTORY_PREFIX],
  async apply(tx, events) {
    const state = new Working(tx);
    const versions = new Map<string, number>();
    for (const { event } of events) {
      const tenantId = tenantOfDirectoryStream(event.streamId);
      if (tenantId === undefined) continue;
      const applied =
        versions.get(event.streamId) ??
        ((await tx.get(DIRECTORY_PROGRESS, { stream_id: event.streamId }))?.['version'] as
          number | undefined) ??
        0;
      if (event.streamVersion <= applied) continue;
      versions.set(event.streamId, event.streamVersion);
      await state.apply(toDomainEvent<directory.DirectoryEvent>(event), tenantId);
    }
    await state.save();
    for (const [streamId, version] of versions)
      await tx.put(DIRECTORY_PROGRESS, [{ stream_id: streamId, version }]);
  },
};

/** The people and teams a batch touches (by tenant-scoped id), read once, written once. */
class Working {
  private readonly people = new Map<string, PersonRecord | undefined>();
  private readonly teams = new Map<string, TeamRecord | undefined>();

  constructor(private readonly tx: ReadModelTx) {}

  async apply(event: directory.DirectoryEvent, tenantId: string): Promise<void> {
    const data = event.data as { personId?: string; teamId?: string };
    const person =
      data.personId !== undefined ? await this.person(keyOf(tenantId, data.personId)) : undefined;
    const team = data.teamId !== undefined ? await this.team(keyOf(tenantId, data.teamId)) : undefined;
    // The domain's evolve on a state of just these two: the same rules as the ownership service.
    const before: directory.DirectoryState = {
      people: new Map(person ? [[person.personId, toPerson(person)]] : []),
      teams: new Map(team ? [[team.teamId, toTeam(team)]] : []),
      processedKeys: new Set(),
    };
    const after = directory.evolve(before, {
      ...{},
      ...event,
      idempotencyKey: undefined,
    } as directory.DirectoryEvent);
    if (data.personId !== undefined) {
      const p = after.people.get(data.personId);
      if (p)
        this.people.set(keyOf(tenantId, p.personId), {
          personId: p.personId,
          name: p.name,
          roles: [...p.roles].sort(),
          absences: p.absences,
          ...tenantField(tenantId),
        });
    }
    if (data.teamId === undefined) return;
    const t = after.teams.get(data.teamId);
    if (!t) return;
    const created = event.type === 'TeamCreated';
    this.teams.set(keyOf(tenantId, t.teamId), {
      teamId: t.teamId,
      name: t.name,
      members: [...t.members].sort(),
      memberships: memberships(created ? [] : (team?.memberships ?? []), event),
      ...tenantField(tenantId),
    });
  }

  async save(): Promise<void> {
    const people = [...this.people].flatMap(([key, p]) =>
      p ? [{ person_id: key, person: JSON.stringify(p) }] : [],
    );
    const teams = [...this.teams].flatMap(([key, t]) =>
      t ? [{ team_id: key, team: JSON.stringify(t) }] : [],
    );
    if (people.length > 0) await this.tx.put(DIRECTORY_PEOPLE, people);
    if (teams.length > 0) await this.tx.put(DIRECTORY_TEAMS, teams);
  }

  /** By tenant-scoped id. */
  private async person(id: string): Promise<PersonRecord | undefined> {
    if (!this.people.has(id)) {
      const row = await this.tx.get(DIRECTORY_PEOPLE, { person_id: id });
      this.people.set(id, row ? (JSON.parse(row['person'] as string) as PersonRecord) : undefined);
    }
    return this.people.get(id);
  }

  /** By tenant-scoped id. */
  private async team(id: string): Promise<TeamRecord | undefined> {
    if (!this.teams.has(id)) {
      const row = await this.tx.get(DIRECTORY_TEAMS, { team_id: id });
      this.teams.set(id, row ? (JSON.parse(row['team'] as string) as TeamRecord) : undefined);
    }
    return this.teams.get(id);
  }
}

/** Membership intervals after a MemberAdded (opens one, unless open) or MemberRemoved (closes it). */
function memberships(
  held: TeamRecord['memberships'],
  event: directory.DirectoryEvent,
): TeamRecord['memberships'] {
  if (event.type !== 'MemberAdded' && event.type !== 'MemberRemoved') return held;
  const { personId } = event.data;
  const open = held.findIndex((m) => m.personId === personId && m.until === undefined);
  if (event.type === 'MemberAdded') return open >= 0 ? held : [...held, { personId, from: event.at }];
  return open < 0 ? held : held.map((m, i) => (i === open ? { ...{}, ...m, until: event.at } : m));
}

export const toPerson = (p: PersonRecord): directory.Person => ({
  personId: p.personId,
  name: p.name,
  roles: new Set(p.roles),
  absences: p.absences,
});

export const toTeam = (t: TeamRecord): directory.Team => ({
  teamId: t.teamId,
  name: t.name,
  members: new Set(t.members),
  escalationPolicy: [],
});
