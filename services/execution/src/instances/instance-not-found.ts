import { NotFoundError } from '@baton/domain';

/** NOT_FOUND for an instance id no stream holds (commands and queries answer it alike). */
export const instanceNotFound = (instanceId: string): NotFoundError =>
  new NotFoundError('INSTANCE.NOT_FOUND', `instance ${instanceId} does not exist`, {
    resourceType: 'baton.execution.v1.Instance',
    resourceName: instanceId,
  });
