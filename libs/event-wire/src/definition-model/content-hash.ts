import { createHash } from 'node:crypto';
import { definitionV1 } from '@baton/contracts';
import type { ProcessDefinition } from '@baton/domain';
import { processDefinitionToProto } from './process-definition.to-proto';

/**
 * Lower-case hex SHA-256 of the canonical binary encoding of the definition's wire message (the
 * proto's `content_sha256`): fields in field-number order, defaults omitted, map entries (labels)
 * in sorted key order, so equal definitions hash equally.
 */
export function definitionContentSha256(definition: ProcessDefinition): string {
  const bytes = definitionV1.ProcessDefinition.encode(processDefinitionToProto(definition)).finish();
  return createHash('sha256').update(bytes).digest('hex');
}
