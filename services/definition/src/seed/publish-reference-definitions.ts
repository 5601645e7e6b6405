import { definitionV1 } from '@baton/contracts';
import type { INestApplicationContext } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PublishDefinition, type Published } from '../commands/publish-definition.command';

/**
 * Publishes every `*.yaml` definition in `dir` (the reference processes), as the `seed` actor. An
 * unchanged definition is not published again, so this is safe at every start.
 */
export async function publishReferenceDefinitions(
  app: INestApplicationContext,
  dir = 'examples',
): Promise<{ definitionId: string; version: number }[]> {
  const commands = app.get(CommandBus);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  const published: { definitionId: string; version: number }[] = [];
  for (const file of files) {
    const text = readFileSync(join(dir, file), 'utf8');
    const result: Published = await commands.execute(
      new PublishDefinition(
        definitionV1.DefinitionSource.fromPartial({
          format: definitionV1.SourceFormat.SOURCE_FORMAT_YAML,
          text,
        }),
        `reference process ${file}`,
        '',
        undefined,
        { tenantId: 'default', actor: 'seed' },
      ),
    );
    published.push({
      definitionId: result.version.published.definitionId,
      version: result.version.published.version,
    });
  }
  return published;
}
