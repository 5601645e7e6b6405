import { commonV1, definitionV1, TRIGGERS_DLQ_TOPIC, TRIGGERS_TOPIC } from '@baton/contracts';
import { decodeEnvelope } from '@baton/event-wire';
import { createTestTokenIssuer, tokenCallGuard, type TestTokenIssuer } from '@baton/grpc-server';
import { DlqHeaders, type IncomingMessage } from '@baton/messaging';
import { startTelemetry, type TelemetryHandle } from '@baton/telemetry';
import { status } from '@grpc/grpc-js';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCaptured } from '../../cli/testing';
import { startEmbeddedHost, type EmbeddedHost } from '../../embedded-host';
import { rpcNamed, text, type Answer } from './cross-tenant';
import { callRpc, closeRpcClients } from './sensitive-data.support';

/**
 * Sensitive data fields (issue 9, deliverable 4) on the embedded host with bearer tokens: the
 * values of fields a definition marks `sensitive` reach the instance's own API (GetInstance) and
 * an admin's audit trail, and nowhere else: not a team lead's audit trail, not an export, not a
 * dead-letter reason, not a log line or a span. Nor do the bearer token or a PostgreSQL password.
 */
const TENANT = 'acme';
const SECRETS = {
  employeeId: 'EMP-SECRET-9001',
  salary: 91234567,
  iban: 'DE89-IBAN-SECRET-0042',
  bonusNote: 'BONUS-NOTE-SECRET-77',
  rejectedSalary: 'SALARY-AS-TEXT-31337',
};
const PG_PASSWORD = 'PG-PASSWORD-S3CRET';

const DEFINITION = `
id: payroll-change
name: Payroll change
category: support
owner: { team: payroll }
trigger:
  event: hr.salary.changed
  correlationKey: employeeId
  requires:
    - { name: employeeId, sensitive: true }
    - { name: salary, type: number, sensitive: true }
    - { name: iban, sensitive: true }
steps:
  - id: approve
    name: Payroll approves
    owner: { team: payroll, policy: manual-claim }
    deadline: P1D
    outputs: [{ name: bonusNote, sensitive: true }, approvedBy]
handoffs:
  - { from: start, to: approve, data: [employeeId], owner: { team: payroll } }
  - { from: approve, to: end, on: completed }
`;

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const leaks = (found: string, values: readonly unknown[] = Object.values(SECRETS)) =>
  values.map(String).filter((value) => found.includes(value));

describe('Sensitive data fields', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'baton-sensitive-'));
  const spans = new InMemorySpanExporter();
  const deadLetters: IncomingMessage[] = [];
  let logs = '';
  const restore: (() => void)[] = [];
  let telemetry: TelemetryHandle | undefined;
  let host: EmbeddedHost;
  let idp: TestTokenIssuer;
  const tokens: Record<'admin' | 'lead', string> = { admin: '', lead: '' };
  let instanceId = '';

  const call = (name: string, who: keyof typeof tokens, fields: Record<string, unknown>): Promise<Answer> =>
    callRpc(host.port, rpcNamed(name), tokens[who], fields);
  const answered = async (name: string, who: keyof typeof tokens, fields: Record<string, unknown>) => {
    const result = await call(name, who, fields);
    if (!('answer' in result)) throw new Error(`${name}: ${result.code} ${result.details}`);
    return result.answer as Record<string, unknown>;
  };
  /** The audit trail with each entry's event data decoded (it travels as protobuf bytes). */
  const auditTrail = async (who: keyof typeof tokens) => {
    const trail = (await answered('GetAuditTrail', who, { instanceId })) as {
      entries: { event: commonV1.EventEnvelope; summary: string }[];
    };
    return trail.entries.map((entry) => {
      const event = decodeEnvelope(commonV1.EventEnvelope.encode(entry.event).finish());
      return { type: event.type, data: event.data, summary: entry.summary };
    });
  };

  beforeAll(async () => {
    // Everything the process writes, whichever way: Nest's logger, pino, console.
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream);
      stream.write = ((chunk: unknown, ...rest: unknown[]) => {
        logs += String(chunk);
        return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
      }) as typeof stream.write;
      restore.push(() => (stream.write = write));
    }
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      const original = console[level];
      console[level] = (...args: unknown[]) => {
        logs += `${args.map(String).join(' ')}\n`;
      };
      restore.push(() => (console[level] = original));
    }
    telemetry = startTelemetry({ config: { enabled: true, metrics: 'none' }, spanExporter: spans });
    idp = await createTestTokenIssuer();
    host = await startEmbeddedHost({ address: '127.0.0.1:0', dataDir, guard: tokenCallGuard(idp.config()) });
    tokens.admin = await idp.sign({ subject: 'acme-admin', tenant: TENANT, roles: ['admin'] });
    tokens.lead = await idp.sign({
      subject: 'acme-lead',
      tenant: TENANT,
      roles: ['team-lead'],
      teams: ['payroll'],
    });
    await host.runtime.bus.subscribe({
      topic: TRIGGERS_DLQ_TOPIC,
      groupId: 'sensitive-spec-dlq',
      fromBeginning: true,
      handler: async (message) => void deadLetters.push(message),
    });

    await answered('PublishDefinition', 'admin', {
      source: { format: definitionV1.SourceFormat.SOURCE_FORMAT_YAML, text: DEFINITION },
    });
    const start = {
      definitionId: 'payroll-change',
      businessKey: SECRETS.employeeId,
      data: { employeeId: SECRETS.employeeId, salary: SECRETS.salary, iban: SECRETS.iban },
    };
    let started: Answer = { code: status.NOT_FOUND, details: '' };
    // Execution learns the published definition from the bus, a moment after publishing.
    for (let i = 0; i < 1500 && !('answer' in started) && started.code === status.NOT_FOUND; i++) {
      started = await call('StartInstance', 'admin', start);
      if (!('answer' in started)) await pause(20);
    }
    if (!('answer' in started)) throw new Error(`StartInstance: ${started.code} ${started.details}`);
    instanceId = (started.answer as { instance: { instanceId: string } }).instance.instanceId;
    const got = (await answered('GetInstance', 'admin', { instanceId })) as {
      instance: { activations: { activationId: string }[] };
    };
    const activationId = got.instance.activations[0]?.activationId ?? '';
    await answered('StartStep', 'admin', { instanceId, activationId });
    await answered('CompleteStep', 'admin', {
      instanceId,
      activationId,
      output: { bonusNote: SECRETS.bonusNote, approvedBy: 'pat' },
    });
    // A trigger from Kafka that the definition refuses (a salary that is not a number): dead-lettered.
    await host.runtime.bus.publish(TRIGGERS_TOPIC, [
      {
        key: 'hr.salary.changed',
        value: Buffer.from(
          JSON.stringify({
            type: 'hr.salary.changed',
            correlationKey: 'EMP-2',
            idempotencyKey: 'sensitive-spec-1',
            tenantId: TENANT,
            payload: { employeeId: 'EMP-2', salary: SECRETS.rejectedSalary, iban: 'x' },
          }),
        ),
        headers: { 'content-type': 'application/json' },
      },
    ]);
    // Analytics projects the instance's events a moment later; the trigger goes round the bus.
    for (let i = 0; i < 1500; i++) {
      const trail = await call('GetAuditTrail', 'admin', { instanceId });
      if (text(trail).includes('InstanceCompleted') && deadLetters.length > 0) break;
      await pause(20);
    }
  }, 90_000);

  afterAll(async () => {
    closeRpcClients();
    await host?.stop();
    await telemetry?.shutdown();
    restore.forEach((undo) => undo());
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('returns the values to the instance’s own API (GetInstance, instance.read)', async () => {
    const instance = text(await answered('GetInstance', 'lead', { instanceId }));
    expect(
      leaks(instance, [SECRETS.employeeId, SECRETS.salary, SECRETS.iban, SECRETS.bonusNote]),
    ).toHaveLength(4);
  });

  it('redacts them in the audit trail of a caller without data.sensitive.read, keeping the keys', async () => {
    const trail = await auditTrail('lead');
    expect(trail.map((e) => e.type)).toEqual(expect.arrayContaining(['InstanceStarted', 'StepCompleted']));
    expect(leaks(JSON.stringify(trail))).toEqual([]);
    const started = trail.find((e) => e.type === 'InstanceStarted')?.data as Record<string, unknown>;
    expect(started).toMatchObject({
      businessKey: '[redacted]',
      data: { employeeId: '[redacted]', salary: '[redacted]', iban: '[redacted]' },
    });
    const completed = trail.find((e) => e.type === 'StepCompleted')?.data as Record<string, unknown>;
    expect(completed['output']).toEqual({ bonusNote: '[redacted]', approvedBy: 'pat' });
  });

  it('shows them in the audit trail of an admin (data.sensitive.read)', async () => {
    const trail = JSON.stringify(await auditTrail('admin'));
    expect(leaks(trail, [SECRETS.employeeId, SECRETS.salary, SECRETS.iban, SECRETS.bonusNote])).toHaveLength(
      4,
    );
  });

  it('redacts them in an export (XES and OCEL), the business key included', async () => {
    for (const format of ['xes', 'ocel']) {
      const out = join(dataDir, `payroll.${format}`);
      const run = await runCaptured([
        'export',
        '--data-dir',
        dataDir,
        '--tenant',
        TENANT,
        '--definition',
        'payroll-change',
        '--format',
        format,
        '--out',
        out,
        '--json',
      ]);
      expect(run.code).toBe(0);
      expect(JSON.parse(run.out)).toMatchObject({ instances: 1, withoutDefinition: 0 });
      const log = readFileSync(out, 'utf8');
      expect(log).toContain('[redacted]');
      expect(leaks(log)).toEqual([]);
    }
  });

  it('redacts them in a dead-letter reason, which still names the field', () => {
    const reason = deadLetters[0]?.headers[DlqHeaders.reason] ?? '';
    expect(reason).toContain('data.salary');
    expect(leaks(reason)).toEqual([]);
  });

  it('refuses a field larger than BATON_MAX_FIELD_BYTES, naming it, and records nothing', async () => {
    const head = await host.runtime.store.headPosition();
    const refused = await call('StartInstance', 'admin', {
      definitionId: 'payroll-change',
      businessKey: 'EMP-3',
      data: { employeeId: 'EMP-3', salary: 1, iban: 'I'.repeat(64 * 1024 + 1) },
    });
    expect(refused).toEqual({
      code: status.INVALID_ARGUMENT,
      details:
        'the request of baton.execution.v1.ExecutionService/StartInstance is not a valid request: data.iban',
    });
    expect(await host.runtime.store.headPosition()).toBe(head);
  });

  it('writes none of them, nor the bearer token or a PostgreSQL password, to logs and spans', async () => {
    // A command that fails to reach PostgreSQL: its error must not quote the connection string.
    const pg = await runCaptured([
      'export',
      '--store',
      'postgres',
      '--database-url',
      `postgres://baton:${PG_PASSWORD}@127.0.0.1:9/baton`,
      '--definition',
      'payroll-change',
      '--format',
      'xes',
    ]);
    expect(pg.code).not.toBe(0);
    expect(pg.err).toContain('ECONNREFUSED');
    logs += pg.out + pg.err;
    await telemetry?.forceFlush();
    const traced = spans.getFinishedSpans();
    const spanText = traced.map((s) => `${s.name} ${text(s.attributes)} ${text(s.events)}`).join('\n');
    expect(traced.length).toBeGreaterThan(0);
    // The logs are not empty: the dead-lettered trigger was logged (redacted).
    expect(logs).toContain('dead-lettered');
    const secrets = [...Object.values(SECRETS), tokens.admin, tokens.lead, PG_PASSWORD];
    expect(leaks(logs, secrets)).toEqual([]);
    expect(leaks(spanText, secrets)).toEqual([]);
  });
});
