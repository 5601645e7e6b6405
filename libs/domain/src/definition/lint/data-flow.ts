import { exceptionTarget } from '../graph';
import { START, type Handoff, type ProcessDefinition, type Step } from '../model';

/**
 * Which instance data fields are present when each step activates, on every path (`must`) and on
 * at least one path (`may`). Fields come from the start trigger (on every trigger, if several),
 * the definition's initial `data`, step outputs, the payload of a wait-for-event step, and handoff
 * data contracts (a handoff whose contract is not met is refused, so after it the fields are
 * there). Rejected steps add nothing; their exception path carries what was there on activation.
 * A step that is never reached has no entry (`undefined`).
 */
export interface DataFlow {
  readonly must: ReadonlyMap<string, ReadonlySet<string>>;
  readonly may: ReadonlyMap<string, ReadonlySet<string>>;
  /** The fields present when a handoff fires, before its own contract (`undefined`: never fires). */
  readonly atHandoff: (handoff: Handoff, mode: 'must' | 'may') => ReadonlySet<string> | undefined;
}

type Sets = Map<string, Set<string>>;

export function analyseDataFlow(definition: ProcessDefinition): DataFlow {
  const must: Sets = new Map();
  const may: Sets = new Map();
  const atStart = startFields(definition);
  must.set(START, atStart);
  may.set(START, atStart);
  const steps = new Map(definition.steps.map((step) => [step.id, step]));
  const cap = (definition.steps.length + 2) * (fieldCount(definition) + 2);
  const after = (sets: Sets, stepId: string) => {
    const step = steps.get(stepId);
    const before = sets.get(stepId);
    return stepId === START || !step || !before ? before : new Set([...before, ...produced(step)]);
  };
  const atHandoff = (sets: Sets, handoff: Handoff, union: boolean) => {
    const ins = handoff.from.map((id) => after(sets, id));
    const known = ins.filter((set): set is Set<string> => set !== undefined);
    if (known.length === 0) return undefined;
    const joinsAll = handoff.from.length > 1 && (handoff.join?.kind ?? 'all') === 'all';
    if (joinsAll && !union && known.length < ins.length) return undefined;
    return union || joinsAll ? unionOf(known) : intersectionOf(known);
  };
  for (const [sets, union] of [
    [must, false],
    [may, true],
  ] as const) {
    // Monotone (sets only shrink for must, grow for may), so this ends; the cap is a safety net.
    for (let changed = true, rounds = 0; changed && rounds <= cap; rounds += 1) {
      changed = false;
      for (const step of definition.steps) {
        const arriving: Set<string>[] = [];
        for (const handoff of definition.handoffs.filter((h) => h.to.includes(step.id))) {
          const fields = atHandoff(sets, handoff, union);
          if (fields) arriving.push(new Set([...fields, ...(handoff.data ?? []).map((field) => field.name)]));
        }
        for (const exception of definition.exceptions.filter((e) => exceptionTarget(e) === step.id)) {
          const fields = sets.get(exception.from);
          if (fields) arriving.push(fields);
        }
        if (arriving.length === 0) continue;
        const next = union ? unionOf(arriving) : intersectionOf(arriving);
        if (!sameSet(sets.get(step.id), next)) {
          sets.set(step.id, next);
          changed = true;
        }
      }
    }
  }
  return {
    must,
    may,
    atHandoff: (handoff, mode) => atHandoff(mode === 'must' ? must : may, handoff, mode === 'may'),
  };
}

/** Whether `field` (possibly dotted) is among `fields`, itself or through an enclosing object. */
export function provides(fields: ReadonlySet<string>, field: string): boolean {
  const parts = field.split('.');
  return parts.some((_, index) => fields.has(parts.slice(0, index + 1).join('.')));
}

function startFields(definition: ProcessDefinition): Set<string> {
  const perTrigger = definition.triggers.map(
    (trigger) => new Set(trigger.requires.map((field) => field.name)),
  );
  const fromTriggers = perTrigger.length > 0 ? intersectionOf(perTrigger) : new Set<string>();
  return new Set([...fromTriggers, ...definition.data.map((field) => field.name)]);
}

function produced(step: Step): string[] {
  const outputs = step.outputs.map((field) => field.name);
  if (step.kind !== 'wait-for-event') return outputs;
  return [...outputs, step.correlationKey, ...step.requires.map((field) => field.name)];
}

function unionOf(sets: readonly ReadonlySet<string>[]): Set<string> {
  return new Set(sets.flatMap((set) => [...set]));
}

function intersectionOf(sets: readonly ReadonlySet<string>[]): Set<string> {
  const [first, ...rest] = sets;
  return new Set([...(first ?? [])].filter((field) => rest.every((set) => set.has(field))));
}

function sameSet(a: ReadonlySet<string> | undefined, b: ReadonlySet<string>): boolean {
  return a !== undefined && a.size === b.size && [...a].every((field) => b.has(field));
}

function fieldCount(definition: ProcessDefinition): number {
  const names = new Set(definition.data.map((field) => field.name));
  definition.triggers.forEach((trigger) => trigger.requires.forEach((field) => names.add(field.name)));
  definition.steps.forEach((step) => produced(step).forEach((name) => names.add(name)));
  definition.handoffs.forEach((handoff) => handoff.data?.forEach((field) => names.add(field.name)));
  return names.size;
}
