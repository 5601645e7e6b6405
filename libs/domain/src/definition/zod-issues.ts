import type { z } from 'zod';
import { fitPathToSource, valueAt, type PathSegment } from './issues';
import type { RawIssue } from './references-context';

/**
 * Zod issues rewritten for authors: one issue per unknown field, "required" for a missing field,
 * the allowed values for a bad enum or step kind. Paths are cut back to what the source wrote.
 */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[], source: unknown): RawIssue[] {
  return issues.flatMap((issue): RawIssue[] => {
    const path = issue.path.filter((segment): segment is PathSegment => typeof segment !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: [...path, key],
        message: `unknown field '${key}'${issue.message.startsWith('allowed') ? `; ${issue.message}` : ''}`,
      }));
    }
    const fitted = fitPathToSource(source, path);
    return [{ path: fitted, message: messageOf(issue, valueAt(source, fitted)) }];
  });
}

function messageOf(issue: z.core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return `is required (${article(issue.expected)})`;
      if (issue.message.startsWith('Invalid input'))
        return `expected ${article(issue.expected)}, got ${describe(value)}`;
      return issue.message;
    case 'invalid_value':
      if (value === undefined) return `is required (one of ${issue.values.map((v) => String(v)).join(', ')})`;
      return `expected one of ${issue.values.map((v) => String(v)).join(', ')}; got ${describe(value)}`;
    case 'invalid_union':
      if (issue.discriminator !== undefined) {
        const options = 'options' in issue ? (issue.options ?? []) : [];
        return `unknown ${issue.discriminator} ${describe(value)}; allowed: ${options.map(String).join(', ')}`;
      }
      return issue.message;
    default:
      return issue.message;
  }
}

function article(expected: string): string {
  if (expected === 'int') return 'a whole number';
  if (expected === 'array') return 'a list';
  if (expected === 'object' || expected === 'record') return 'a mapping';
  return `a ${expected}`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `'${value}'`;
  return `${typeof value} ${String(value)}`;
}
