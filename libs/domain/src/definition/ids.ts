/**
 * Default ids of handoffs and exception paths, derived from what they connect so they stay
 * stable when the source is reordered (analytics compares handoffs across versions by id).
 */
export function derivedHandoffId(from: readonly string[], to: readonly string[]): string {
  return `${from.join('+')}->${to.join('+')}`;
}

export function derivedExceptionId(from: string, on: string, outcomes: readonly string[]): string {
  return [from, on, ...outcomes].join('-');
}
