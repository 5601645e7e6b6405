import { executionV1 } from '@baton/contracts';
import { parseDefinitionYaml, redactEventData, redactionOf } from '@baton/domain';
import { decodingTolerantDefinition } from '@baton/grpc-server';

// `npm run bench -- redaction`: what sensitive data and the field size bound cost, printed as JSON
// (issue 9, deliverable 4). The bound runs in the decoding walk every request already paid for;
// redaction runs per event where data leaves (audit trail, export).

const COUNT = 200_000;

function perCall(count: number, run: (i: number) => unknown): { microseconds: number; perSecond: number } {
  for (let i = 0; i < count / 10; i++) run(i); // warm-up
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) run(i);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { microseconds: Math.round((seconds / count) * 1e9) / 1e3, perSecond: Math.round(count / seconds) };
}

/** A StartInstance with ten data fields of ordinary sizes, as bytes on the wire. */
const data = Object.fromEntries(
  Array.from({ length: 10 }, (_, i) => [`field${i}`, i % 3 === 0 ? i * 1000 : `value ${i} `.repeat(5)]),
);
const method = executionV1.ExecutionServiceService.startInstance;
const bytes = method.requestSerialize(
  executionV1.StartInstanceRequest.fromPartial({
    definitionId: 'payroll-change',
    businessKey: 'EMP-1',
    data,
  }),
);
const bounded = decodingTolerantDefinition(executionV1.ExecutionServiceService)['startInstance'];
if (!bounded) throw new Error('no startInstance');

const source = `
id: payroll-change
name: Payroll change
category: support
owner: { team: payroll }
trigger:
  event: hr.salary.changed
  correlationKey: employeeId
  requires: [employeeId, { name: field0, type: number, sensitive: true }, { name: field4, sensitive: true }]
steps:
  - { id: approve, owner: { team: payroll }, deadline: P1D, outputs: [{ name: field7, sensitive: true }] }
handoffs:
  - { from: start, to: approve, data: [employeeId], owner: { team: payroll } }
  - { from: approve, to: end, on: completed }
`;
const parsed = parseDefinitionYaml(source);
if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
const sensitive = redactionOf(parsed.definition);
const plain = redactionOf({ ...parsed.definition, triggers: [], steps: [] });
const started = {
  instanceId: 'i',
  definitionId: 'payroll-change',
  definitionVersion: 1,
  businessKey: 'EMP-1',
  data,
};

const result = {
  requests: {
    what: 'StartInstance with 10 data fields: generated decoder alone, then with the bounds walk (depth, timestamps, 64 KiB per field)',
    decodeOnly: perCall(COUNT, () => method.requestDeserialize(bytes)),
    decodeAndBounds: perCall(COUNT, () => bounded.requestDeserialize(bytes)),
  },
  redaction: {
    what: 'redactEventData on an InstanceStarted with 10 data fields',
    threeSensitive: perCall(COUNT, () => redactEventData(sensitive, started)),
    noneSensitive: perCall(COUNT, () => redactEventData(plain, started)),
  },
};
console.log(JSON.stringify(result, null, 2));
