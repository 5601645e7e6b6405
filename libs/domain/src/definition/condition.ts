import { Environment, type ParseResult } from '@marcbachmann/cel-js';
import type { DataRecord } from '../shared/data';

/**
 * Routing conditions are CEL expressions (Common Expression Language, as in Kubernetes and
 * Google APIs) over the instance data, bound to the variable `data`: `data.amount > 10000 &&
 * data.region == "EU"`. CEL has no side effects, no loops and bounded cost, and it is
 * interpreted, never `eval`ed.
 */
const env = new Environment({ unlistedVariablesAreDyn: true });
const parsed = new Map<string, ParseResult>();

export type ConditionCheck = { readonly ok: true } | { readonly ok: false; readonly error: string };

function parse(expression: string): ParseResult {
  let result = parsed.get(expression);
  if (!result) {
    result = env.parse(expression);
    parsed.set(expression, result);
  }
  return result;
}

/** Whether `expression` is a syntactically valid CEL expression. */
export function checkCondition(expression: string): ConditionCheck {
  try {
    parse(expression);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: firstLine(error) };
  }
}

export type ConditionResult =
  { readonly ok: true; readonly value: boolean } | { readonly ok: false; readonly error: string };

/**
 * Evaluates a condition against instance data. A missing field, a type error or a non-boolean
 * result is reported, not thrown, so the caller can refuse the transition with a clear reason.
 */
export function evaluateCondition(expression: string, data: DataRecord): ConditionResult {
  try {
    const value: unknown = parse(expression)({ data });
    if (typeof value !== 'boolean') {
      return { ok: false, error: `condition must be true or false, got ${JSON.stringify(value)}` };
    }
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error: firstLine(error) };
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'invalid expression';
}
