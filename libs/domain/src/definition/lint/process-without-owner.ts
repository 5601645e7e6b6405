import { finding, type LintCheck } from './types';

/** The process as a whole has an accountable owner. */
export const processWithoutOwner: LintCheck = (definition) =>
  definition.owner
    ? []
    : [
        finding(
          'process-without-owner',
          'owner',
          `process '${definition.id}' has no owner: name who is accountable for its design and performance`,
        ),
      ];
