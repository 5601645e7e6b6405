import fc from 'fast-check';
import type { HandoffSource, InstanceEvent } from '../../instance/events';
import * as b from './instance-events';

/**
 * Valid instance streams for property tests: a random schedule of lifecycle operations replayed
 * by a tiny simulator that only does what execution could (assign/start before the end, handoffs
 * only from ended activations or the start), with time never going backwards (ties included).
 */
const op = fc.record({
  kind: fc.constantFrom('activate', 'activate', 'assign', 'start', 'end', 'end', 'reassign', 'overdue'),
  pick: fc.nat(),
  sources: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
  dt: fc.oneof(fc.constant(0), fc.nat({ max: 5_000 })),
  team: fc.option(fc.constantFrom('sales', 'finance', 'ops'), { nil: undefined }),
  fail: fc.boolean(),
});

export const validInstance = fc
  .record({
    t0: fc.integer({ min: 0, max: 2_000_000_000_000 }),
    ops: fc.array(op, { minLength: 4, maxLength: 80, size: 'large' }),
    end: fc.constantFrom('running', 'completed', 'cancelled', 'failed'),
  })
  .map(({ t0, ops, end }) => simulate(t0, ops, end));

type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

interface Open {
  readonly id: string;
  assigned: boolean;
  started: boolean;
}

function simulate(t0: number, ops: Op[], end: string): InstanceEvent[] {
  let now = t0;
  const events: InstanceEvent[] = [b.instanceStarted(now)];
  const ended: HandoffSource[] = [b.fromStart(now)];
  const open: Open[] = [];
  const attempts = new Map<string, number>();
  const pickOpen = (pick: number, ok: (o: Open) => boolean): Open | undefined => {
    const candidates = open.filter(ok);
    return candidates[pick % Math.max(1, candidates.length)];
  };

  for (const o of ops) {
    now += o.dt;
    if (o.kind === 'activate') {
      const stepId = `s${o.pick % 6}`;
      const attempt = (attempts.get(stepId) ?? 0) + 1;
      attempts.set(stepId, attempt);
      const sources = [...new Set(o.sources.map((i) => i % ended.length))].map(
        (i) => ended[i] as HandoffSource,
      );
      const id = `${stepId}#${attempt}`;
      events.push(b.activated(id, now, sources, o.team ? { owner: b.team(o.team) } : {}));
      open.push({ id, assigned: false, started: false });
      continue;
    }
    const target = pickOpen(o.pick, (a) => o.kind === 'end' || o.kind === 'overdue' || !a.started);
    if (!target) continue;
    if (o.kind === 'assign') {
      events.push(b.assigned(target.id, now, `p${o.pick % 4}`, o.team));
      target.assigned = true;
    } else if (o.kind === 'start') {
      events.push(b.started(target.id, now));
      target.started = true;
    } else if (o.kind === 'reassign') {
      events.push(b.reassigned(target.id, now, `p${o.pick % 4}`));
    } else if (o.kind === 'overdue') {
      events.push(b.overdue(target.id, now, now));
    } else {
      events.push(o.fail ? b.failed(target.id, now) : b.completed(target.id, now));
      open.splice(open.indexOf(target), 1);
      ended.push(b.from(target.id, now, `h-${target.id}`));
    }
  }
  const stillOpen = open.map((a) => a.id);
  if (end === 'completed') events.push(b.instanceCompleted(now));
  if (end === 'cancelled') events.push(b.instanceCancelled(now, stillOpen));
  if (end === 'failed') events.push(b.instanceFailed(now, stillOpen));
  return events;
}
