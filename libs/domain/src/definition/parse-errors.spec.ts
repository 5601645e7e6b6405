import { parseErrorsOf as errorsOf, YAML_HEAD as HEAD } from './test-builders';

describe('Parse errors', () => {
  describe('when the document is not a definition', () => {
    it('reports YAML syntax errors with line and column', () => {
      expect(errorsOf('id: p\nsteps: [a, b\n')[0]).toMatchObject({
        path: '',
        line: expect.any(Number),
        column: expect.any(Number),
      });
    });

    it('reports duplicate keys at the second key', () => {
      expect(errorsOf('id: p\nid: q\n')).toEqual([
        { path: '', message: 'Map keys must be unique', line: 2, column: 1 },
      ]);
    });

    it.each(['', '- a\n- b\n', 'just text\n'])('reports a non-mapping %j', (source) => {
      expect(errorsOf(source)).toEqual([
        expect.objectContaining({ path: '', message: expect.stringContaining('a definition is a mapping') }),
      ]);
    });

    it('reports too many aliases', () => {
      const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
      for (let i = 0; i < 6; i += 1)
        bomb.push(
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(', ')}]`,
        );
      expect(errorsOf(bomb.join('\n'))[0]?.path).toBe('');
    });
  });

  describe('when a shape is wrong', () => {
    it.each([
      ['a missing id', 'category: operational\nsteps: [{ id: a }]\n', 'id', 'is required (a string)', 1, 1],
      [
        'a missing category',
        'id: x\nsteps: [{ id: a }]\n',
        'category',
        'is required (one of operational, management, support)',
        1,
        1,
      ],
      [
        'a bad process id',
        'id: Order_To_Cash\ncategory: operational\nsteps: [{ id: a }]\n',
        'id',
        'lower-case letters',
        1,
        1,
      ],
      [
        'an unknown category',
        'id: p\ncategory: revenue\nsteps: [{ id: a }]\n',
        'category',
        "expected one of operational, management, support; got 'revenue'",
        2,
        1,
      ],
      ['no steps', `${HEAD}steps: []\n`, 'steps', 'at least one step', 3, 1],
      [
        'an unknown field',
        `${HEAD}colour: red\nsteps: [{ id: a }]\n`,
        'colour',
        "unknown field 'colour'; allowed: id, name",
        3,
        1,
      ],
      [
        'an unknown step field',
        `${HEAD}steps:\n  - id: a\n    owner: { team: x }\n    sla: P1D\n`,
        'steps[0].sla',
        "unknown field 'sla'; allowed for a human-task step",
        6,
        5,
      ],
      [
        'a field of another kind',
        `${HEAD}steps: [{ id: a, outcomes: [x] }]\n`,
        'steps[0].outcomes',
        "unknown field 'outcomes'",
        3,
        18,
      ],
      [
        'an unknown kind',
        `${HEAD}steps: [{ id: a, kind: review }]\n`,
        'steps[0].kind',
        "unknown kind 'review'; allowed: human-task, approval, automated, wait-for-event, timer",
        3,
        18,
      ],
      [
        'an approval without outcomes',
        `${HEAD}steps: [{ id: a, kind: approval }]\n`,
        'steps[0].outcomes',
        'is required (a list)',
        3,
        9,
      ],
      [
        'an approval with no outcome',
        `${HEAD}steps: [{ id: a, kind: approval, outcomes: [] }]\n`,
        'steps[0].outcomes',
        'at least one outcome',
        3,
        34,
      ],
      [
        'a repeated outcome',
        `${HEAD}steps: [{ id: a, kind: approval, outcomes: [ok, ok] }]\n`,
        'steps[0].outcomes[1]',
        "outcome 'ok' is listed twice",
        3,
        49,
      ],
      [
        'an automated step without system',
        `${HEAD}steps: [{ id: a, kind: automated, operation: run }]\n`,
        'steps[0].system',
        'is required',
        3,
        9,
      ],
      [
        'a wait step without event',
        `${HEAD}steps: [{ id: a, kind: wait-for-event, correlationKey: k }]\n`,
        'steps[0].event',
        'is required',
        3,
        9,
      ],
      [
        'a bad event type',
        `${HEAD}steps: [{ id: a, kind: wait-for-event, event: 'pay ment', correlationKey: k }]\n`,
        'steps[0].event',
        'event type',
        3,
        40,
      ],
      [
        'a timer without fires',
        `${HEAD}steps: [{ id: a, kind: timer }]\n`,
        'steps[0].fires',
        'is required (a mapping)',
        3,
        9,
      ],
      [
        'an owner of two kinds',
        `${HEAD}steps: [{ id: a, owner: { team: it, role: lead } }]\n`,
        'steps[0].owner',
        'exactly one of person, team, role or dataField (got team, role)',
        3,
        18,
      ],
      [
        'an empty owner',
        `${HEAD}steps: [{ id: a, owner: {} }]\n`,
        'steps[0].owner',
        'exactly one of person, team, role or dataField',
        3,
        18,
      ],
      [
        'a policy for a person',
        `${HEAD}steps: [{ id: a, owner: { person: pat, policy: round-robin } }]\n`,
        'steps[0].owner.policy',
        'applies to team and role owners',
        3,
        40,
      ],
      [
        'an unknown policy',
        `${HEAD}steps: [{ id: a, owner: { team: it, policy: random } }]\n`,
        'steps[0].owner.policy',
        "expected one of round-robin, least-loaded, manual-claim, direct; got 'random'",
        3,
        37,
      ],
      [
        'a policy on a handoff owner',
        `${HEAD}steps: [{ id: a }]\nhandoffs: [{ from: start, to: a, owner: { role: r, policy: direct } }]\n`,
        'handoffs[0].owner.policy',
        "unknown field 'policy'; allowed: person, team, role, dataField",
        4,
        52,
      ],
      [
        'a team id with spaces',
        `${HEAD}steps: [{ id: a, owner: { team: 'it desk' } }]\n`,
        'steps[0].owner.team',
        'without spaces',
        3,
        27,
      ],
      [
        'a month duration',
        `${HEAD}steps: [{ id: a, deadline: P1M }]\n`,
        'steps[0].deadline',
        'years and months have no fixed length',
        3,
        18,
      ],
      [
        'a zero deadline',
        `${HEAD}steps: [{ id: a, deadline: PT0S }]\n`,
        'steps[0].deadline',
        'must be a positive duration',
        3,
        18,
      ],
      [
        'a deadline of both forms',
        `${HEAD}steps: [{ id: a, deadline: { within: P1D, relativeTo: due } }]\n`,
        'steps[0].deadline',
        'either { within',
        3,
        18,
      ],
      [
        'an offset without relativeTo',
        `${HEAD}steps: [{ id: a, deadline: { within: P1D, offset: P1D } }]\n`,
        'steps[0].deadline.offset',
        'offset applies only with relativeTo',
        3,
        43,
      ],
      [
        'a bad offset',
        `${HEAD}steps: [{ id: a, deadline: { relativeTo: due, offset: soon } }]\n`,
        'steps[0].deadline.offset',
        "'soon' is not a duration",
        3,
        47,
      ],
      [
        'a bad field name',
        `${HEAD}steps: [{ id: a, outputs: ['serial number'] }]\n`,
        'steps[0].outputs[0]',
        'field name or a dotted path',
        3,
        28,
      ],
      [
        'a bad field type',
        `${HEAD}steps: [{ id: a, outputs: [{ name: n, type: text }] }]\n`,
        'steps[0].outputs[0].type',
        'expected one of string, number',
        3,
        39,
      ],
      [
        'a field listed twice',
        `${HEAD}steps: [{ id: a, outputs: [n, { name: n, type: number }] }]\n`,
        'steps[0].outputs[1].name',
        "field 'n' is listed twice",
        3,
        33,
      ],
      [
        'a negative escalation',
        `${HEAD}steps: [{ id: a, deadline: P1D, escalate: [{ after: -PT1H, action: remind, to: { team: t } }] }]\n`,
        'steps[0].escalate[0].after',
        'must not be negative',
        3,
        46,
      ],
      [
        'an unknown escalation action',
        `${HEAD}steps: [{ id: a, deadline: P1D, escalate: [{ action: shout, to: { team: t } }] }]\n`,
        'steps[0].escalate[0].action',
        'expected one of remind, notify, reassign',
        3,
        46,
      ],
    ])('reports %s', (_, source, path, message, line, column) => {
      expect(errorsOf(source)).toContainEqual({
        path,
        message: expect.stringContaining(message),
        line,
        column,
      });
    });

    it('reports every unknown field separately', () => {
      expect(errorsOf(`${HEAD}steps: [{ id: a, sla: P1D, team: it }]\n`).map((error) => error.path)).toEqual([
        'steps[0].sla',
        'steps[0].team',
      ]);
    });

    it('sorts errors by position', () => {
      const errors = errorsOf('category: nope\nid: X\nsteps: [{ id: a }]\n');
      expect(errors.map((error) => error.path)).toEqual(['category', 'id']);
    });
  });
});
