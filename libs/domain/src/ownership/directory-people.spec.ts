import { decide, evolve, foldDirectory, initialDirectoryState } from './directory';
import type { DirectoryCommand } from './commands';
import {
  away,
  DAY,
  given,
  personRegistered,
  roleGranted,
  snapshot,
  T0,
} from './test-support/directory-fixtures';

const meta = { now: T0 };

describe('Directory', () => {
  describe('RegisterPerson', () => {
    it('registers a new person', () => {
      given()
        .when({
          type: 'RegisterPerson',
          data: { personId: 'ana', name: 'Ana', email: 'ana@example.com' },
          metadata: meta,
        })
        .then([
          {
            type: 'PersonRegistered',
            data: { personId: 'ana', name: 'Ana', email: 'ana@example.com' },
            at: T0,
          },
        ]);
    });

    it('refuses a person id that is already registered', () => {
      given(personRegistered('ana'))
        .when({ type: 'RegisterPerson', data: { personId: 'ana', name: 'Ana' }, metadata: meta })
        .thenRefuses('PERSON.ALREADY_EXISTS', 'conflict');
    });

    it('refuses an empty id or name, listing both fields', () => {
      const command: DirectoryCommand = {
        type: 'RegisterPerson',
        data: { personId: ' ', name: '' },
        metadata: meta,
      };
      given().when(command).thenRefuses('PERSON.INVALID', 'validation');
      expect(() => decide(command, initialDirectoryState)).toThrow(
        expect.objectContaining({
          violations: [
            expect.objectContaining({ field: 'data.personId', reason: 'REQUIRED' }),
            expect.objectContaining({ field: 'data.name', reason: 'REQUIRED' }),
          ],
        }),
      );
    });

    it('handles ids that are Object.prototype member names', () => {
      given()
        .when({ type: 'RegisterPerson', data: { personId: 'constructor', name: 'C' }, metadata: meta })
        .then([{ type: 'PersonRegistered', data: { personId: 'constructor', name: 'C' }, at: T0 }]);
    });
  });

  describe('idempotency', () => {
    const command: DirectoryCommand = {
      type: 'RegisterPerson',
      data: { personId: 'ana', name: 'Ana' },
      metadata: { now: T0, idempotencyKey: 'k-1' },
    };

    it('stamps the key on the events it produces', () => {
      given()
        .when(command)
        .then([
          { type: 'PersonRegistered', data: { personId: 'ana', name: 'Ana' }, at: T0, idempotencyKey: 'k-1' },
        ]);
    });

    it('produces no events for a repeated key, instead of refusing the retry', () => {
      const first = decide(command, initialDirectoryState);
      expect(decide(command, foldDirectory(first))).toEqual([]);
    });

    it('remembers a key only once', () => {
      const state = foldDirectory(decide(command, initialDirectoryState));
      expect(evolve(state, { ...personRegistered('bob'), idempotencyKey: 'k-1' }).processedKeys.size).toBe(1);
    });
  });

  describe('GrantRole / RevokeRole', () => {
    it('grants a role to a registered person', () => {
      given(personRegistered('ana'))
        .when({ type: 'GrantRole', data: { personId: 'ana', role: 'it-lead' }, metadata: meta })
        .then([{ type: 'RoleGranted', data: { personId: 'ana', role: 'it-lead' }, at: T0 }]);
    });

    it('refuses a role for an unknown person', () => {
      given()
        .when({ type: 'GrantRole', data: { personId: 'ghost', role: 'it-lead' }, metadata: meta })
        .thenRefuses('PERSON.NOT_FOUND', 'not-found');
    });

    it('refuses an empty role name', () => {
      given(personRegistered('ana'))
        .when({ type: 'GrantRole', data: { personId: 'ana', role: '' }, metadata: meta })
        .thenRefuses('ROLE.INVALID', 'validation');
    });

    it('refuses a role the person already holds', () => {
      given(personRegistered('ana'), roleGranted('ana', 'it-lead'))
        .when({ type: 'GrantRole', data: { personId: 'ana', role: 'it-lead' }, metadata: meta })
        .thenRefuses('ROLE.ALREADY_GRANTED', 'conflict');
    });

    it('revokes a held role', () => {
      given(personRegistered('ana'), roleGranted('ana', 'it-lead'))
        .when({ type: 'RevokeRole', data: { personId: 'ana', role: 'it-lead' }, metadata: meta })
        .then([{ type: 'RoleRevoked', data: { personId: 'ana', role: 'it-lead' }, at: T0 }]);
    });

    it('refuses to revoke a role the person does not hold', () => {
      given(personRegistered('ana'))
        .when({ type: 'RevokeRole', data: { personId: 'ana', role: 'it-lead' }, metadata: meta })
        .thenRefuses('ROLE.NOT_GRANTED', 'not-found');
    });

    it('removes the revoked holder from the snapshot', () => {
      const view = snapshot(personRegistered('ana'), roleGranted('ana', 'r'), {
        type: 'RoleRevoked',
        data: { personId: 'ana', role: 'r' },
        at: T0,
      });
      expect(view.holdersOfRole('r')).toEqual([]);
    });
  });

  describe('SetAvailability', () => {
    it('records a holiday window', () => {
      given(personRegistered('ana'))
        .when({
          type: 'SetAvailability',
          data: {
            personId: 'ana',
            status: 'unavailable',
            from: T0 + DAY,
            until: T0 + 5 * DAY,
            reason: 'holiday',
          },
          metadata: meta,
        })
        .then([
          {
            type: 'AvailabilityChanged',
            data: {
              personId: 'ana',
              status: 'unavailable',
              from: T0 + DAY,
              until: T0 + 5 * DAY,
              reason: 'holiday',
            },
            at: T0,
          },
        ]);
    });

    it('defaults `from` to now', () => {
      given(personRegistered('ana'))
        .when({ type: 'SetAvailability', data: { personId: 'ana', status: 'available' }, metadata: meta })
        .then([
          { type: 'AvailabilityChanged', data: { personId: 'ana', status: 'available', from: T0 }, at: T0 },
        ]);
      given(personRegistered('ana'))
        .when({ type: 'SetAvailability', data: { personId: 'ana', status: 'unavailable' }, metadata: meta })
        .then([
          { type: 'AvailabilityChanged', data: { personId: 'ana', status: 'unavailable', from: T0 }, at: T0 },
        ]);
    });

    it('refuses a window that ends before it starts, or times that are not epoch ms', () => {
      given(personRegistered('ana'))
        .when({
          type: 'SetAvailability',
          data: { personId: 'ana', status: 'unavailable', from: T0, until: T0 },
          metadata: meta,
        })
        .thenRefuses('AVAILABILITY.INVALID', 'validation');
      given(personRegistered('ana'))
        .when({
          type: 'SetAvailability',
          data: { personId: 'ana', status: 'available', from: 1.5 },
          metadata: meta,
        })
        .thenRefuses('AVAILABILITY.INVALID', 'validation');
    });

    it('refuses an unknown person', () => {
      given()
        .when({ type: 'SetAvailability', data: { personId: 'ghost', status: 'available' }, metadata: meta })
        .thenRefuses('PERSON.NOT_FOUND');
    });

    it('makes the person unavailable inside [from, until) only', () => {
      const view = snapshot(personRegistered('ana'), away('ana', T0 + DAY, T0 + 2 * DAY));
      expect(view.isAvailable('ana', T0 + DAY - 1)).toBe(true);
      expect(view.isAvailable('ana', T0 + DAY)).toBe(false);
      expect(view.isAvailable('ana', T0 + 2 * DAY - 1)).toBe(false);
      expect(view.isAvailable('ana', T0 + 2 * DAY)).toBe(true);
    });

    it('"available from" ends a running absence there and drops later ones', () => {
      const view = snapshot(
        personRegistered('ana'),
        away('ana', T0), // until further notice
        away('ana', T0 + 10 * DAY, T0 + 12 * DAY), // booked holiday
        away('ana', T0 - 5 * DAY, T0 - 4 * DAY), // past, kept
        {
          type: 'AvailabilityChanged',
          data: { personId: 'ana', status: 'available', from: T0 + DAY },
          at: T0 + DAY,
        },
      );
      expect(view.isAvailable('ana', T0 + DAY - 1)).toBe(false);
      expect(view.isAvailable('ana', T0 + DAY)).toBe(true);
      expect(view.isAvailable('ana', T0 + 11 * DAY)).toBe(true);
      expect(view.isAvailable('ana', T0 - 5 * DAY)).toBe(false);
    });
  });

  describe('an unknown command type (untyped input)', () => {
    it('is refused with a typed error', () => {
      const command = { type: 'Nonsense', data: {}, metadata: meta } as unknown as DirectoryCommand;
      given().when(command).thenRefuses('COMMAND.UNKNOWN', 'validation');
    });
  });

  describe('evolve', () => {
    it('ignores events about people or teams it does not know', () => {
      const state = foldDirectory([
        roleGranted('ghost', 'r'),
        { type: 'MemberAdded', data: { teamId: 't', personId: 'x' }, at: T0 },
      ]);
      expect(state.people.size).toBe(0);
      expect(state.teams.size).toBe(0);
    });

    it('ignores an event type it does not know', () => {
      const unknown = { type: 'Nonsense', data: {}, at: T0 } as never;
      expect(evolve(initialDirectoryState, unknown)).toBe(initialDirectoryState);
    });
  });
});
