import { commonV1, definitionV1, googleRpc, unpackAnyAs } from '@baton/contracts';
import { statusDetailsOf } from '@baton/grpc-server';
import { status, type ServiceError } from '@grpc/grpc-js';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publishReferenceDefinitions } from './seed/publish-reference-definitions';
import { startDefinitionService } from './testing/definition-test-service';

const EXAMPLES = join(__dirname, '../../../examples');
const budget = readFileSync(join(EXAMPLES, 'budget-approval.yaml'), 'utf8');
const yaml = (text: string) =>
  definitionV1.DefinitionSource.fromPartial({ format: definitionV1.SourceFormat.SOURCE_FORMAT_YAML, text });

const startService = (dir: string) =>
  startDefinitionService({
    store: { kind: 'sqlite', file: join(dir, 'definition.db') },
    bus: { kind: 'in-process' },
  });

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: ServiceError) => e,
  );
const infoOf = (e: ServiceError) => {
  const details = statusDetailsOf(e)?.details ?? [];
  return unpackAnyAs(details.at(-1) as never, googleRpc.ErrorInfo);
};

describe('DefinitionService over gRPC', () => {
  let dir: string;
  let svc: Awaited<ReturnType<typeof startService>>;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'baton-definition-'));
    svc = await startService(dir);
  });
  afterEach(async () => {
    await svc.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes version 1 with its findings, returns it in full and lists it', async () => {
    const published = await svc.publish({ source: yaml(budget), changeNote: 'first cut' });
    const v = published.definitionVersion;
    expect(v).toMatchObject({
      definitionId: 'budget-approval',
      version: 1,
      state: definitionV1.DefinitionState.DEFINITION_STATE_ACTIVE,
      changeNote: 'first cut',
      publishedBy: expect.objectContaining({ id: 'pat.owner' }),
    });
    expect(v?.contentSha256).toMatch(/^[0-9a-f]{64}$/);
    const got = await svc.get({ definitionId: 'budget-approval' });
    expect(got.definitionVersion?.source?.text).toBe(budget);
    const listed = await svc.list({});
    expect(listed.definitionVersions.map((d) => [d.definitionId, d.version, d.source])).toEqual([
      ['budget-approval', 1, undefined],
    ]);
  });

  it('records nothing when an unchanged definition is published again, and a new version when it changed', async () => {
    await svc.publish({ source: yaml(budget) });
    const again = await svc.publish({ source: yaml(`# reformatted\n${budget}`) });
    expect(again.definitionVersion?.version).toBe(1);
    expect(await svc.runtime.store.streamVersion('definition-budget-approval')).toBe(1);

    const changed = budget.replace('deadline: P3D', 'deadline: P2D');
    const v2 = await svc.publish({ source: yaml(changed), changeNote: 'faster' });
    expect(v2.definitionVersion?.version).toBe(2);
    const versions = await svc.list({ definitionId: 'budget-approval' });
    expect(versions.definitionVersions.map((d) => d.version)).toEqual([2, 1]);
  });

  it('refuses an invalid definition with INVALID_ARGUMENT naming each field and line', async () => {
    const broken = budget.replace('  - id: prepare-request\n', '  - idd: prepare-request\n');
    const error = await failure(svc.publish({ source: yaml(broken) }));
    expect(error?.code).toBe(status.INVALID_ARGUMENT);
    const badRequest = unpackAnyAs(
      statusDetailsOf(error as ServiceError)?.details[0] as never,
      googleRpc.BadRequest,
    );
    expect(badRequest.fieldViolations.length).toBeGreaterThan(0);
    expect(badRequest.fieldViolations[0]?.field).toMatch(/^definition\.steps\[0\]/);
    expect(badRequest.fieldViolations.some((v) => /line \d+/.test(v.description))).toBe(true);
    expect(infoOf(error as ServiceError).reason).toBe('DEFINITION.INVALID');
    const validated = await svc.validate({ source: yaml(broken) });
    expect(validated.valid).toBe(false);
    expect(validated.findings.length).toBe(badRequest.fieldViolations.length);
  });

  it('keeps a handoff SLA (source, structured definition) and refuses an at-risk share at the deadline with INVALID_ARGUMENT at its field', async () => {
    const withSla = (atRisk: string) =>
      budget.replace(
        '    on: completed\n    when: data.department == "engineering"\n',
        `    on: completed\n    when: data.department == "engineering"\n    sla: { within: PT4H, atRisk: ${atRisk} }\n`,
      );
    const published = await svc.publish({ source: yaml(withSla('80%')) });
    expect(published.definitionVersion?.source?.text).toContain('atRisk: 80%');
    const validated = await svc.validate({ source: yaml(withSla('80%')) });
    const handoff = validated.definition?.handoffs.find((h) => h.id === 'route-to-engineering');
    expect(handoff?.sla).toEqual({
      within: { seconds: '14400', nanos: 0 },
      atRiskPercent: 80,
      business: false,
    });

    const error = await failure(svc.publish({ source: yaml(withSla('100%')) }));
    expect(error?.code).toBe(status.INVALID_ARGUMENT);
    const badRequest = unpackAnyAs(
      statusDetailsOf(error as ServiceError)?.details[0] as never,
      googleRpc.BadRequest,
    );
    expect(badRequest.fieldViolations).toEqual([
      expect.objectContaining({
        field: 'definition.handoffs[1].sla.atRisk',
        description: expect.stringContaining('must be below 100%'),
      }),
    ]);
  });

  it('refuses a definition with unwaived lint errors with FAILED_PRECONDITION, one violation per finding', async () => {
    const ownerless = budget.replace('    owner: { dataField: requesterId }\n', '');
    const linted = await svc.lint({ source: yaml(ownerless) });
    expect(linted.blocking).toBe(true);
    const error = await failure(svc.publish({ source: yaml(ownerless) }));
    expect(error?.code).toBe(status.FAILED_PRECONDITION);
    const precondition = unpackAnyAs(
      statusDetailsOf(error as ServiceError)?.details[0] as never,
      googleRpc.PreconditionFailure,
    );
    expect(precondition.violations).toEqual([
      expect.objectContaining({ type: 'step-without-owner', subject: 'steps[prepare-request].owner' }),
    ]);
    expect(await svc.runtime.store.streamVersion('definition-budget-approval')).toBe(0);
  });

  it('makes a retried idempotency key return the first outcome and refuses the key for other content', async () => {
    const first = await svc.publish({ source: yaml(budget), idempotencyKey: 'k-1' });
    const retry = await svc.publish({ source: yaml(budget), idempotencyKey: 'k-1' });
    expect(retry.definitionVersion).toEqual(first.definitionVersion);
    const other = await failure(
      svc.publish({ source: yaml(budget.replace('deadline: P3D', 'deadline: P4D')), idempotencyKey: 'k-1' }),
    );
    expect(other?.code).toBe(status.INVALID_ARGUMENT);
    expect(infoOf(other as ServiceError).reason).toBe('IDEMPOTENCY_KEY.REUSED');
    const otherNote = await failure(
      svc.publish({ source: yaml(budget), changeNote: 'another note', idempotencyKey: 'k-1' }),
    );
    expect(otherNote?.code).toBe(status.INVALID_ARGUMENT);
    const orderToCash = readFileSync(join(EXAMPLES, 'order-to-cash.yaml'), 'utf8');
    const otherDefinition = await failure(svc.publish({ source: yaml(orderToCash), idempotencyKey: 'k-1' }));
    expect(otherDefinition?.code).toBe(status.INVALID_ARGUMENT);
    expect(await svc.runtime.store.streamVersion('definition-order-to-cash')).toBe(0);

    const deprecated = await svc.deprecate({
      definitionId: 'budget-approval',
      reason: 'old',
      idempotencyKey: 'd-1',
    });
    const again = await svc.deprecate({
      definitionId: 'budget-approval',
      reason: 'old',
      idempotencyKey: 'd-1',
    });
    expect(again).toEqual(deprecated);
    const otherReason = await failure(
      svc.deprecate({ definitionId: 'budget-approval', reason: 'other', idempotencyKey: 'd-1' }),
    );
    expect(otherReason?.code).toBe(status.INVALID_ARGUMENT);
    expect(infoOf(otherReason as ServiceError).reason).toBe('IDEMPOTENCY_KEY.REUSED');
    const publishKey = await failure(
      svc.deprecate({ definitionId: 'budget-approval', reason: 'old', idempotencyKey: 'k-1' }),
    );
    expect(publishKey?.code).toBe(status.INVALID_ARGUMENT);
    expect(await svc.runtime.store.streamVersion('definition-budget-approval')).toBe(2);
  });

  it('answers ABORTED when the stream moved past the expected version', async () => {
    await svc.publish({ source: yaml(budget), expectedVersion: '0' });
    const stale = await failure(
      svc.publish({ source: yaml(budget.replace('deadline: P3D', 'deadline: P5D')), expectedVersion: '0' }),
    );
    expect(stale?.code).toBe(status.ABORTED);
    expect(infoOf(stale as ServiceError)).toMatchObject({
      reason: 'WRONG_EXPECTED_VERSION',
      metadata: { expected: '0', actual: '1' },
    });
  });

  it('deprecates a version once, hides it from lists unless asked, and knows what does not exist', async () => {
    await svc.publish({ source: yaml(budget) });
    const done = await svc.deprecate({ definitionId: 'budget-approval', version: 1, reason: 'redesigned' });
    expect(done.definitionVersions[0]?.state).toBe(definitionV1.DefinitionState.DEFINITION_STATE_DEPRECATED);
    const twice = await svc.deprecate({ definitionId: 'budget-approval', version: 1, reason: 'again' });
    expect(twice.streamVersion).toBe(done.streamVersion);
    expect((await svc.list({})).definitionVersions).toEqual([]);
    expect((await svc.list({ showDeprecated: true })).definitionVersions[0]?.deprecationReason).toBe(
      'redesigned',
    );
    expect((await failure(svc.deprecate({ definitionId: 'nope', reason: 'x' })))?.code).toBe(
      status.NOT_FOUND,
    );
    expect((await failure(svc.get({ definitionId: 'budget-approval', version: 9 })))?.code).toBe(
      status.NOT_FOUND,
    );
    const missing = await failure(svc.deprecate({ definitionId: '', reason: '' }));
    expect(missing?.code).toBe(status.INVALID_ARGUMENT);
    expect(missing?.details).toContain('definition_id');
    expect(missing?.details).toContain('reason');
  });

  it('pages through the reference processes with tokens bound to their filters', async () => {
    const seeded = await publishReferenceDefinitions(svc.app, EXAMPLES);
    expect(seeded).toHaveLength(5);
    const first = await svc.list({ pageSize: 2 });
    const second = await svc.list({ pageSize: 2, pageToken: first.nextPageToken });
    const third = await svc.list({ pageSize: 2, pageToken: second.nextPageToken });
    const ids = [...first.definitionVersions, ...second.definitionVersions, ...third.definitionVersions].map(
      (d) => d.definitionId,
    );
    expect(ids).toEqual([...seeded.map((s) => s.definitionId)].sort());
    expect(third.nextPageToken).toBe('');
    const wrongFilter = await failure(
      svc.list({ pageSize: 2, pageToken: first.nextPageToken, showDeprecated: true }),
    );
    expect(wrongFilter?.code).toBe(status.INVALID_ARGUMENT);
  });

  it('relays its events to the definition topic as protobuf and rebuilds its catalog after a restart', async () => {
    await svc.publish({ source: yaml(budget) });
    await svc.deprecate({ definitionId: 'budget-approval', reason: 'retired' });
    for (let i = 0; i < 100 && svc.relayed.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    expect(svc.relayed.map((e) => e.type)).toEqual(['DefinitionVersionPublished', 'DefinitionDeprecated']);
    expect(svc.relayed[0]?.data).toMatchObject({ definitionId: 'budget-approval', version: 1 });

    await svc.stop();
    svc = await startService(dir);
    const got = await svc.get({ definitionId: 'budget-approval' });
    expect(got.definitionVersion).toMatchObject({
      version: 1,
      state: definitionV1.DefinitionState.DEFINITION_STATE_DEPRECATED,
      deprecationReason: 'retired',
    });
  });
  it('publishes each of the five reference processes cleanly over gRPC', async () => {
    const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml'));
    expect(files).toHaveLength(5);
    for (const file of files) {
      const text = readFileSync(join(EXAMPLES, file), 'utf8');
      const linted = await svc.lint({ source: yaml(text) });
      expect(linted.blocking).toBe(false);
      const published = await svc.publish({ source: yaml(text) });
      const v = published.definitionVersion;
      expect(v).toMatchObject({ version: 1, state: definitionV1.DefinitionState.DEFINITION_STATE_ACTIVE });
      expect(
        published.findings.filter((f) => f.severity === definitionV1.Severity.SEVERITY_ERROR && !f.waived),
      ).toEqual([]);
      const got = await svc.get({ definitionId: v?.definitionId ?? '' });
      expect(got.definitionVersion?.definition?.id).toBe(v?.definitionId);
      expect(got.definitionVersion?.definition?.steps.length).toBeGreaterThan(0);
    }
    expect((await svc.list({})).definitionVersions).toHaveLength(5);
  });

  it('accepts the structured definition, alone or beside an agreeing source, and returns it in FULL only', async () => {
    const validated = await svc.validate({ source: yaml(budget) });
    expect(validated.valid).toBe(true);
    const structured = validated.definition;
    expect(structured).toMatchObject({
      id: 'budget-approval',
      category: definitionV1.ProcessCategory.PROCESS_CATEGORY_MANAGEMENT,
    });

    const published = await svc.publish({ definition: structured });
    expect(published.definitionVersion).toMatchObject({
      version: 1,
      source: { format: definitionV1.SourceFormat.SOURCE_FORMAT_JSON },
      definition: structured,
    });
    // The same definition as YAML (and both together) is the unchanged version: nothing recorded.
    expect((await svc.publish({ source: yaml(budget) })).definitionVersion?.version).toBe(1);
    expect(
      (await svc.publish({ source: yaml(budget), definition: structured })).definitionVersion?.version,
    ).toBe(1);
    expect(await svc.runtime.store.streamVersion('definition-budget-approval')).toBe(1);

    const basic = await svc.get({
      definitionId: 'budget-approval',
      view: definitionV1.DefinitionView.DEFINITION_VIEW_BASIC,
    });
    expect(basic.definitionVersion?.definition).toBeUndefined();
    expect(basic.definitionVersion?.source).toBeUndefined();
    const full = await svc.get({ definitionId: 'budget-approval' });
    expect(full.definitionVersion?.definition).toEqual(structured);

    const disagree = await failure(
      svc.publish({
        source: yaml(budget),
        definition: definitionV1.ProcessDefinition.fromPartial({ ...structured, name: 'Another name' }),
      }),
    );
    expect(disagree?.code).toBe(status.INVALID_ARGUMENT);
    expect(disagree?.details).toContain('definition');
  });

  it('refuses an invalid structured definition with field paths into the definition', async () => {
    const structured = (await svc.validate({ source: yaml(budget) })).definition;
    const broken = definitionV1.ProcessDefinition.fromPartial({
      ...structured,
      category: definitionV1.ProcessCategory.PROCESS_CATEGORY_UNSPECIFIED,
      steps: structured?.steps.map((step, i) => (i === 1 ? { ...step, owner: { kind: 0 } } : step)),
    });
    const error = await failure(svc.publish({ definition: broken }));
    expect(error?.code).toBe(status.INVALID_ARGUMENT);
    const badRequest = unpackAnyAs(
      statusDetailsOf(error as ServiceError)?.details[0] as never,
      googleRpc.BadRequest,
    );
    expect(badRequest.fieldViolations.map((v) => v.field)).toEqual(
      expect.arrayContaining(['definition.category', 'definition.steps[1].owner']),
    );
    const validated = await svc.validate({ definition: broken });
    expect(validated.valid).toBe(false);
    expect(validated.findings.map((f) => f.path)).toEqual(expect.arrayContaining(['category']));
    expect(await svc.runtime.store.streamVersion('definition-budget-approval')).toBe(0);
  });

  it('relays DefinitionVersionPublished with the structured definition on the wire', async () => {
    await svc.publish({ source: yaml(budget) });
    for (let i = 0; i < 100 && svc.messages.length < 1; i++) await new Promise((r) => setTimeout(r, 20));
    const envelope = commonV1.EventEnvelope.decode(svc.messages[0]?.value ?? Buffer.alloc(0));
    const data = unpackAnyAs(envelope.data as never, definitionV1.DefinitionVersionPublished);
    const expected = (await svc.get({ definitionId: 'budget-approval' })).definitionVersion;
    expect(data).toMatchObject({
      definitionId: 'budget-approval',
      version: 1,
      contentSha256: expected?.contentSha256,
    });
    expect(data.definition).toEqual(expected?.definition);
    expect(data.source?.text).toBe(budget);
  });
});
