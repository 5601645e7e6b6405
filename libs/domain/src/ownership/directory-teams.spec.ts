import {
  given,
  memberAdded,
  personRegistered,
  team,
  teamCreated,
  T0,
} from './test-support/directory-fixtures';

const meta = { now: T0 };

describe('Directory', () => {
  describe('CreateTeam', () => {
    it('creates a team', () => {
      given()
        .when({ type: 'CreateTeam', data: { teamId: 'finance', name: 'Finance' }, metadata: meta })
        .then([{ type: 'TeamCreated', data: { teamId: 'finance', name: 'Finance' }, at: T0 }]);
    });

    it('refuses a team id that exists', () => {
      given(teamCreated('finance'))
        .when({ type: 'CreateTeam', data: { teamId: 'finance', name: 'Finance' }, metadata: meta })
        .thenRefuses('TEAM.ALREADY_EXISTS', 'conflict');
    });

    it('refuses an empty team id', () => {
      given()
        .when({ type: 'CreateTeam', data: { teamId: '', name: 'Finance' }, metadata: meta })
        .thenRefuses('TEAM.INVALID', 'validation');
    });
  });

  describe('AddMember', () => {
    it('adds a registered person to a team', () => {
      given(personRegistered('ana'), teamCreated('finance'))
        .when({ type: 'AddMember', data: { teamId: 'finance', personId: 'ana' }, metadata: meta })
        .then([{ type: 'MemberAdded', data: { teamId: 'finance', personId: 'ana' }, at: T0 }]);
    });

    it('refuses an unknown team', () => {
      given(personRegistered('ana'))
        .when({ type: 'AddMember', data: { teamId: 'finance', personId: 'ana' }, metadata: meta })
        .thenRefuses('TEAM.NOT_FOUND', 'not-found');
    });

    it('refuses an unknown person', () => {
      given(teamCreated('finance'))
        .when({ type: 'AddMember', data: { teamId: 'finance', personId: 'ghost' }, metadata: meta })
        .thenRefuses('PERSON.NOT_FOUND', 'not-found');
    });

    it('refuses someone already in the team', () => {
      given(...team('finance', 'ana'))
        .when({ type: 'AddMember', data: { teamId: 'finance', personId: 'ana' }, metadata: meta })
        .thenRefuses('MEMBER.ALREADY_IN_TEAM', 'conflict');
    });
  });

  describe('RemoveMember', () => {
    it('removes a member', () => {
      given(...team('finance', 'ana'))
        .when({ type: 'RemoveMember', data: { teamId: 'finance', personId: 'ana' }, metadata: meta })
        .then([{ type: 'MemberRemoved', data: { teamId: 'finance', personId: 'ana' }, at: T0 }]);
    });

    it('refuses someone who is not a member', () => {
      given(...team('finance', 'ana'), personRegistered('bob'))
        .when({ type: 'RemoveMember', data: { teamId: 'finance', personId: 'bob' }, metadata: meta })
        .thenRefuses('MEMBER.NOT_IN_TEAM', 'not-found');
    });

    it('refuses an unknown team', () => {
      given(personRegistered('ana'))
        .when({ type: 'RemoveMember', data: { teamId: 'sales', personId: 'ana' }, metadata: meta })
        .thenRefuses('TEAM.NOT_FOUND');
    });

    it('lets a removed member be added again', () => {
      given(...team('finance', 'ana'), {
        type: 'MemberRemoved',
        data: { teamId: 'finance', personId: 'ana' },
        at: T0,
      })
        .when({ type: 'AddMember', data: { teamId: 'finance', personId: 'ana' }, metadata: meta })
        .then([memberAdded('finance', 'ana')]);
    });
  });
});
