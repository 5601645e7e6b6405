import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DirectoryRepository, type DirectoryView } from '../directory/directory.repository';
import { ChangeDirectory } from './change-directory.command';

@CommandHandler(ChangeDirectory)
export class ChangeDirectoryHandler implements ICommandHandler<ChangeDirectory, DirectoryView> {
  constructor(@Inject(DirectoryRepository) private readonly directory: DirectoryRepository) {}

  execute({ change, context, idempotencyKey, expectedVersion }: ChangeDirectory): Promise<DirectoryView> {
    return this.directory.execute(change, context, {
      ...{},
      ...(idempotencyKey ? { idempotencyKey } : {}),
      ...(expectedVersion !== undefined ? { expectedVersion } : {}),
    });
  }
}
