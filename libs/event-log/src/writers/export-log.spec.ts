import { anyVersion, openSqliteEventStore, type EventStore } from '@baton/eventstore';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { FinishedCase } from '../domain/case-builder';
import { instantFormat, type InstantFormat } from '../export/instant-format';
import type { HistoryEvent } from '../export/instance-history';
import { ocelProblems, type OcelDocument } from '../export/ocel-structure';
import { at, history, sequentialVendor } from '../export/test-support/history-builders';
import { readXes } from '../readers/xes-reader';
import { exportLog, type ExportLogOptions } from './export-log';

const utc = instantFormat('UTC') as InstantFormat;

/** A sink that keeps what it gets, accepting one small chunk at a time (backpressure on every write). */
function slowSink(): { out: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const out = new Writable({
    highWaterMark: 16,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(Buffer.from(chunk));
      setImmediate(done);
    },
  });
  return { out, text: () => Buffer.concat(chunks).toString('utf8') };
}

async function append(store: EventStore, events: readonly HistoryEvent[], tenantId?: string): Promise<void> {
  const instanceId = (events[0]?.event.data as { instanceId: string }).instanceId;
  await store.append(
    `instance-${instanceId}`,
    events.map(({ id, event }) => ({
      eventId: id,
      type: event.type,
      data: event.data,
      occurredAt: new Date(event.at),
      ...(tenantId ? { metadata: { tenantId } } : {}),
    })),
    anyVersion,
  );
}

async function caseIds(xml: string): Promise<string[]> {
  const cases: FinishedCase[] = [];
  await readXes(
    (async function* () {
      yield xml;
    })(),
    (c) => cases.push(c),
  );
  return cases.map((c) => c.caseId);
}

describe('exportLog', () => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-export-log-'));
  let store: EventStore;
  const run = async (
    options: Partial<ExportLogOptions>,
    source: Pick<EventStore, 'readAll' | 'readStream' | 'headPosition'> = store,
  ) => {
    const sink = slowSink();
    const result = await exportLog(source, sink.out, {
      definitionId: 'vendor',
      format: 'xes',
      time: utc,
      scanChunk: 3,
      tempDir: dir,
      ...options,
    });
    return { result, text: sink.text() };
  };

  beforeAll(async () => {
    store = await openSqliteEventStore({ file: join(dir, 'baton.db') });
    // Started in this order: late (v2), other definition, early (v1), running (v1), tenant-b (v1).
    const late = history('late', 'vendor', 2).started(600).activated('collect#1', 600);
    await append(store, late.events.slice(0, 1));
    await append(store, history('other', 'payroll').started(30).activated('pay#1', 30).events);
    await append(store, sequentialVendor('early').events);
    await append(store, history('running').started(700).activated('collect#1', 700).events);
    await append(store, late.events.slice(1));
    await append(store, history('tenant-b').started(800).events, 'b');
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes one trace per instance of the definition, in the order they started, running ones too', async () => {
    const { result, text } = await run({});
    expect(await caseIds(text)).toEqual(['late', 'early', 'running', 'tenant-b']);
    expect(result).toMatchObject({ instances: 4, events: 2 + 10 + 2 + 1, records: 1 + 8 + 1, head: 17n });
    // Every instance stream is looked at, other definitions' too.
    expect(result.scanned).toBe(17);
    expect(text.endsWith('</log>\n')).toBe(true);
  });

  it('keeps the instances started on one version, in a window, or by one tenant', async () => {
    expect(await caseIds((await run({ version: 1 })).text)).toEqual(['early', 'running', 'tenant-b']);
    expect(await caseIds((await run({ since: at(600), until: at(800) })).text)).toEqual(['late', 'running']);
    expect(await caseIds((await run({ since: at(801) })).text)).toEqual([]);
    expect(await caseIds((await run({ tenantId: 'b' })).text)).toEqual(['tenant-b']);
    expect((await run({ definitionId: 'nope' })).result.instances).toBe(0);
  });

  it('is a snapshot at the head it saw first: what an instance recorded later is left out', async () => {
    // The head as it was after `running` started, before `late` went on.
    const { text } = await run({}, { ...bound(store), headPosition: async () => 15n });
    expect(await caseIds(text)).toEqual(['late', 'early', 'running']);
    const trace = (id: string) =>
      text.match(new RegExp(`concept:name" value="${id}"/>[\\s\\S]*?</trace>`))?.[0];
    expect(trace('late')).not.toContain('<event>');
    expect(trace('running')).toContain('<event>');
  });

  it('writes OCEL 2.0 JSON whose relationships all resolve, and leaves no temporary file', async () => {
    const { result, text } = await run({ format: 'ocel' });
    const doc = JSON.parse(text) as OcelDocument;
    expect(ocelProblems(doc)).toEqual([]);
    expect(doc.events).toHaveLength(result.events);
    expect(doc.objects.filter((o) => o.type === 'instance').map((o) => o.id)).toEqual([
      'instance:late',
      'instance:early',
      'instance:running',
      'instance:tenant-b',
    ]);
    expect(doc.objects.filter((o) => o.type === 'person').map((o) => o.id)).toEqual([
      'person:lee',
      'person:pat',
    ]);
    expect(readdirSync(dir).filter((f) => f.startsWith('baton-ocel-'))).toEqual([]);
  });

  it('writes a well-formed empty log when no instance matches', async () => {
    const xes = await run({ definitionId: 'nope' });
    expect(await caseIds(xes.text)).toEqual([]);
    const ocel = JSON.parse((await run({ definitionId: 'nope', format: 'ocel' })).text) as OcelDocument;
    expect(ocelProblems(ocel)).toEqual([]);
    expect(ocel).toMatchObject({ eventTypes: [], objects: [], events: [] });
  });

  it('fails with the sink, and removes its temporary files', async () => {
    const broken = new Writable({ write: (_chunk, _encoding, done) => done(new Error('disk full')) });
    await expect(
      exportLog(store, broken, { definitionId: 'vendor', format: 'ocel', time: utc, tempDir: dir }),
    ).rejects.toThrow('disk full');
    expect(readdirSync(dir).filter((f) => f.startsWith('baton-ocel-'))).toEqual([]);
  });
});

/** The store's read methods, callable apart from it. */
function bound(store: EventStore): Pick<EventStore, 'readAll' | 'readStream' | 'headPosition'> {
  return {
    readAll: (o) => store.readAll(o),
    readStream: (id, o) => store.readStream(id, o),
    headPosition: () => store.headPosition(),
  };
}

describe('exportLog with sensitive fields', () => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-export-redact-'));
  let store: EventStore;
  const source = (sensitive: boolean) => `
id: vendor
name: Vendor
category: support
owner: { role: procurement }
trigger:
  event: vendor.requested
  correlationKey: taxId
  requires: [{ name: taxId, sensitive: ${sensitive} }]
steps:
  - { id: collect, owner: { team: procurement }, deadline: P1D }
handoffs:
  - { from: start, to: collect, owner: { role: procurement }, data: [] }
  - { from: collect, to: end, on: completed }
`;
  const publish = (version: number, sensitive: boolean) =>
    store.append(
      'definition-vendor',
      [
        {
          eventId: `00000000-0000-7000-8000-00000000000${version}`,
          type: 'DefinitionVersionPublished',
          data: {
            definitionId: 'vendor',
            version,
            contentSha256: 'x',
            source: { format: 'yaml', text: source(sensitive) },
            findings: [],
          },
          occurredAt: new Date(0),
        },
      ],
      anyVersion,
    );
  const exported = async (format: 'xes' | 'ocel') => {
    const sink = slowSink();
    const result = await exportLog(store, sink.out, {
      definitionId: 'vendor',
      format,
      time: utc,
      tempDir: dir,
    });
    return { result, text: sink.text() };
  };

  beforeAll(async () => {
    store = await openSqliteEventStore({ file: join(dir, 'baton.db') });
    await publish(1, true);
    await publish(2, false);
    await append(
      store,
      history('v1', 'vendor', 1).started(10, 'DE-111-SECRET').activated('collect#1', 10).events,
    );
    await append(
      store,
      history('v2', 'vendor', 2).started(20, 'DE-222-PLAIN').activated('collect#1', 20).events,
    );
    await append(
      store,
      history('v3', 'vendor', 3).started(30, 'DE-333-UNKNOWN').activated('collect#1', 30).events,
    );
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(['xes', 'ocel'] as const)(
    'writes [redacted] for a sensitive business key and for versions it cannot find (%s)',
    async (format) => {
      const { result, text } = await exported(format);
      expect(result).toMatchObject({ instances: 3, withoutDefinition: 1 });
      expect(text).not.toContain('DE-111-SECRET');
      expect(text).not.toContain('DE-333-UNKNOWN');
      expect(text).toContain('DE-222-PLAIN');
      expect(text.split('[redacted]').length - 1).toBeGreaterThanOrEqual(2);
    },
  );
});
