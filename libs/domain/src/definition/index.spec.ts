import * as definition from './index';

describe('The definition package', () => {
  it('exports parsing, lint, graph helpers and the model constants', () => {
    expect(Object.keys(definition).sort()).toEqual(
      [
        'END',
        'LINT_RULES',
        'LINT_RULE_IDS',
        'NO_REDACTION',
        'REDACTED',
        'REDACT_ALL',
        'START',
        'canPublish',
        'canReachEnd',
        'checkCondition',
        'definitionToSource',
        'evaluateCondition',
        'exceptionPathsFrom',
        'exceptionTarget',
        'formatDuration',
        'incomingHandoffs',
        'isChoice',
        'isJoin',
        'isParallelSplit',
        'lintDefinition',
        'outgoingHandoffs',
        'parseDefinitionJson',
        'parseDefinitionYaml',
        'parseDuration',
        'predecessors',
        'reachable',
        'reachableFromStart',
        'redactData',
        'redactEventData',
        'redactionOf',
        'redactText',
        'sensitiveFields',
        'serializeDefinitionYaml',
        'stepById',
        'successors',
      ].sort(),
    );
  });

  it('resolves every export', () => {
    expect(Object.values(definition).every((value) => value !== undefined)).toBe(true);
  });
});
