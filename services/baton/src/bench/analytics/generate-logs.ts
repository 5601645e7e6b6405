import { closeSync, openSync, writeSync } from 'node:fs';
import {
  directoryFor,
  ReferenceSimulation,
  referenceProcesses,
  type SimulatedAppend,
} from './reference-simulation';
import { parseDefinitionYaml, type ProcessDefinition } from '@baton/domain';

// An event log "exported by another system" for `baton analyze`: the same simulated instances of
// the reference processes, as start and complete events of each step activation (activity = the
// step's name, resource = the person, group = the owning team), times written at +01:00. XES with
// the standard extensions (5 attributes per event, as a lean export has) and the same events as
// CSV with PM4Py's column names, one row per event, each case's rows together.

const DAY = 86_400_000;
const HOUR = 3_600_000;

export interface GeneratedLogs {
  readonly events: number;
  readonly cases: number;
  readonly xesBytes: number;
  readonly csvBytes: number;
  readonly seconds: number;
}

interface LogEvent {
  readonly activity: string;
  readonly transition: 'start' | 'complete';
  readonly at: number;
  readonly resource: string;
  readonly group: string;
}

const escapeXml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
const escapeCsv = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** `2026-01-05T09:30:00.000+01:00` */
const at1 = (t: number) => `${new Date(t + HOUR).toISOString().slice(0, 23)}+01:00`;

class Sink {
  private readonly fd: number;
  private buffer: string[] = [];
  private size = 0;
  bytes = 0;
  constructor(file: string) {
    this.fd = openSync(file, 'w');
  }
  write(text: string): void {
    this.buffer.push(text);
    this.size += text.length;
    if (this.size > 1 << 20) this.flush();
  }
  flush(): void {
    const chunk = Buffer.from(this.buffer.join(''), 'utf8');
    writeSync(this.fd, chunk);
    this.bytes += chunk.length;
    this.buffer = [];
    this.size = 0;
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

export function generateLogs(xesFile: string, csvFile: string, target: number): GeneratedLogs {
  const started = performance.now();
  const from = Date.UTC(2026, 0, 5);
  const processes = referenceProcesses(from - DAY, from + 60 * DAY);
  const definitions = new Map<string, ProcessDefinition>();
  for (const p of processes) {
    const parsed = parseDefinitionYaml(p.versions[0]?.text ?? '');
    if (parsed.ok) definitions.set(p.id, parsed.definition);
  }
  const simulation = new ReferenceSimulation({
    seed: 11,
    from,
    instancesPerDay: Math.max(1, target / 14 / 120),
    processes,
    directory: directoryFor([...definitions.values()], 8),
  });
  const xes = new Sink(xesFile);
  const csv = new Sink(csvFile);
  xes.write(
    '<?xml version="1.0" encoding="UTF-8"?>\n<log xes.version="1.0" xes.features="nested-attributes" xmlns="http://www.xes-standard.org/">\n' +
      '  <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>\n' +
      '  <extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>\n' +
      '  <extension name="Lifecycle" prefix="lifecycle" uri="http://www.xes-standard.org/lifecycle.xesext"/>\n' +
      '  <extension name="Organizational" prefix="org" uri="http://www.xes-standard.org/org.xesext"/>\n' +
      '  <global scope="event">\n    <string key="concept:name" value="__INVALID__"/>\n    <string key="lifecycle:transition" value="complete"/>\n  </global>\n' +
      '  <classifier name="Activity" keys="concept:name"/>\n',
  );
  csv.write('case:concept:name,concept:name,lifecycle:transition,time:timestamp,org:resource,org:group\n');
  /** Each running case: its events so far and its open activations' step names and teams. */
  const open = new Map<
    string,
    { process: string; events: LogEvent[]; steps: Map<string, { name: string; team: string }> }
  >();
  let events = 0;
  let cases = 0;
  const writeCase = (id: string, c: { events: LogEvent[] }) => {
    if (c.events.length === 0) return;
    cases++;
    const x: string[] = [`  <trace>\n    <string key="concept:name" value="${id}"/>\n`];
    const rows: string[] = [];
    for (const e of c.events) {
      const time = at1(e.at);
      x.push(
        `    <event>\n      <string key="concept:name" value="${escapeXml(e.activity)}"/>\n      <string key="lifecycle:transition" value="${e.transition}"/>\n      <date key="time:timestamp" value="${time}"/>\n      <string key="org:resource" value="${escapeXml(e.resource)}"/>\n${e.group ? `      <string key="org:group" value="${escapeXml(e.group)}"/>\n` : ''}    </event>\n`,
      );
      rows.push(
        `${id},${escapeCsv(e.activity)},${e.transition},${time},${escapeCsv(e.resource)},${escapeCsv(e.group)}\n`,
      );
    }
    x.push('  </trace>\n');
    xes.write(x.join(''));
    csv.write(rows.join(''));
  };
  const add = (append: Extract<SimulatedAppend, { kind: 'instance' }>) => {
    for (const event of append.events) {
      const data = event.data as {
        instanceId: string;
        activationId?: string;
        stepId?: string;
        personId?: string;
        definitionId?: string;
        owner?: { teamId?: string };
      };
      const id = data.instanceId;
      if (event.type === 'InstanceStarted')
        open.set(id, { process: data.definitionId as string, events: [], steps: new Map() });
      const c = open.get(id);
      if (!c) continue;
      const key = data.activationId ?? '';
      if (event.type === 'StepActivated') {
        const step = definitions.get(c.process)?.steps.find((s) => s.id === data.stepId);
        c.steps.set(key, { name: step?.name ?? String(data.stepId), team: data.owner?.teamId ?? '' });
      } else if (event.type === 'StepStarted' || event.type === 'StepCompleted') {
        const step = c.steps.get(key);
        if (!step) continue;
        c.events.push({
          activity: step.name,
          transition: event.type === 'StepStarted' ? 'start' : 'complete',
          at: event.at,
          resource: data.personId ?? append.actor,
          group: step.team,
        });
        events++;
        if (event.type === 'StepCompleted') c.steps.delete(key);
      } else if (
        event.type === 'InstanceCompleted' ||
        event.type === 'InstanceCancelled' ||
        event.type === 'InstanceFailed'
      ) {
        writeCase(id, c);
        open.delete(id);
      }
    }
  };
  for (const append of simulation.appends()) {
    if (append.kind === 'instance') add(append);
    if (events >= target) break;
  }
  for (const [id, c] of open) writeCase(id, c);
  xes.write('</log>\n');
  xes.close();
  csv.close();
  return {
    events,
    cases,
    xesBytes: xes.bytes,
    csvBytes: csv.bytes,
    seconds: Math.round(performance.now() - started) / 1000,
  };
}
