import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { LintReport } from './commands/definition-lint';
import { runCaptured } from './testing';

const examples = resolve(__dirname, '../../../../examples');

const BROKEN = `id: broken
name: Broken
category: operational
trigger: { event: x.happened, correlationKey: xId, requires: [xId] }
steps:
  - id: a
    name: A
    owner: { team: t }
    deadline: P1D
  - id: b
    name: B
    owner: { tem: t }
    deadline: banana
handoffs:
  - { from: start, to: a, data: [xId], owner: { role: r } }
`;

const UNOWNED = `id: unowned
name: Unowned
category: operational
trigger: { event: x.happened, correlationKey: xId, requires: [xId] }
steps:
  - { id: a, name: A }
handoffs:
  - { from: start, to: a, data: [xId], owner: { role: r } }
  - { from: a, to: end, on: completed }
`;

describe('baton definition lint (local)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-lint-'));

  it.each(readdirSync(examples).filter((f) => f.endsWith('.yaml')))(
    'passes the reference process %s',
    async (name) => {
      const { code, out } = await runCaptured(['definition', 'lint', join(examples, name), '--json']);
      const report = JSON.parse(out) as LintReport;
      expect(report).toMatchObject({ ok: true, parsed: true, source: 'local' });
      expect(report.problems.filter((p) => p.severity === 'error' && !p.waived)).toEqual([]);
      expect(code).toBe(0);
    },
  );

  it('exits 1 on a broken file and names each problem by path, line and column', async () => {
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, BROKEN);
    const json = await runCaptured(['definition', 'lint', file, '--json']);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.out) as LintReport;
    expect(report.parsed).toBe(false);
    expect(report.problems.map((p) => [p.path, p.line])).toEqual([
      ['steps[1].owner', 12],
      ['steps[1].owner.tem', 12],
      ['steps[1].deadline', 13],
    ]);
    const text = await runCaptured(['definition', 'lint', file]);
    expect(text.code).toBe(1);
    expect(text.out).toContain('not a valid definition — 3 errors');
    expect(text.out).toMatch(/error\s+13:5\s+parse\s+steps\[1\]\.deadline\s+'banana' is not a duration/);
  });

  it('exits 1 when lint errors would refuse publishing, with the rule and id-form path', async () => {
    const file = join(dir, 'unowned.yaml');
    writeFileSync(file, UNOWNED);
    const { code, out } = await runCaptured(['definition', 'lint', file, '--json']);
    const report = JSON.parse(out) as LintReport;
    expect(code).toBe(1);
    expect(report).toMatchObject({ ok: false, parsed: true, definitionId: 'unowned' });
    expect(report.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ rule: 'step-without-owner', severity: 'error', path: 'steps[a].owner' }),
      ]),
    );
  });

  it('exits 2 for a file that does not exist', async () => {
    const { code, err } = await runCaptured(['definition', 'lint', join(dir, 'missing.yaml')]);
    expect(code).toBe(2);
    expect(err).toMatch(/^error: USAGE: cannot read .*missing\.yaml/);
  });
});
