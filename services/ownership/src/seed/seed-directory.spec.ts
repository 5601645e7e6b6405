import { calendar, parseDefinitionYaml, type OwnerSpec } from '@baton/domain';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CalendarRepository } from '../calendars/calendar.repository';
import { DirectoryRepository } from '../directory/directory.repository';
import { OwnershipHarness } from '../testing/ownership-harness';
import { SEED_TEAMS } from './seed-data';
import { seedDirectory } from './seed-directory';

const examples = join(__dirname, '../../../../examples');

/** Every team and role owner the reference processes name (steps, escalations, handoffs, process). */
function ownersInExamples(): OwnerSpec[] {
  const owners: OwnerSpec[] = [];
  for (const file of readdirSync(examples).filter((f) => f.endsWith('.yaml'))) {
    const parsed = parseDefinitionYaml(readFileSync(join(examples, file), 'utf8'));
    if (!parsed.ok) throw new Error(`${file} does not parse`);
    const d = parsed.definition;
    if (d.owner) owners.push(d.owner);
    for (const s of d.steps) {
      if (s.owner) owners.push(s.owner);
      owners.push(...s.escalations.map((e) => e.to));
    }
    for (const h of d.handoffs) if (h.owner) owners.push(h.owner);
  }
  return owners;
}

describe('seedDirectory', () => {
  let h: OwnershipHarness;
  beforeAll(async () => {
    h = await OwnershipHarness.start({ relay: false });
  });
  afterAll(() => h.stop());

  it('gives every team and role of the reference processes somebody available to do the work', async () => {
    await seedDirectory(h.app);
    const { state } = await h.app.get(DirectoryRepository).current('default');
    const holders = (role: string) => [...state.people.values()].filter((p) => p.roles.has(role));
    const missing = ownersInExamples().filter((o) =>
      o.kind === 'team'
        ? (state.teams.get(o.teamId)?.members.size ?? 0) === 0
        : o.kind === 'role'
          ? holders(o.role).length === 0
          : false,
    );
    expect(missing).toEqual([]);
    expect(state.people.get('priya.patel')?.absences).toHaveLength(1);
  });

  it('records nothing when run again', async () => {
    const version = await h.runtime.store.streamVersion('directory');
    const calendars = await h.runtime.store.streamVersion('calendars-default');
    await seedDirectory(h.app);
    expect(await h.runtime.store.streamVersion('directory')).toBe(version);
    expect(await h.runtime.store.streamVersion('calendars-default')).toBe(calendars);
  });

  it('gives the tenant and every seeded team the office-hours calendar', async () => {
    const { registry } = await h.app.get(CalendarRepository).current('default');
    const now = h.clock.now();
    expect(calendar.calendarFor(registry, {}, now)).toMatchObject({
      source: 'tenant',
      calendar: { id: 'office-hours' },
    });
    const teams = SEED_TEAMS.map((t) => calendar.calendarFor(registry, { teamId: t.id }, now));
    expect(new Set(teams.map((t) => `${t.source}:${t.calendar.id}`))).toEqual(new Set(['team:office-hours']));
  });
});
