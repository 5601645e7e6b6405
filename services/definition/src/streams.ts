/** The stream of one definition's versions: the definition service is its only writer. */
export const DEFINITION_STREAM_PREFIX = 'definition-';
export const definitionStream = (definitionId: string): string =>
  `${DEFINITION_STREAM_PREFIX}${definitionId}`;
