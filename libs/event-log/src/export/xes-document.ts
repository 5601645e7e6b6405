import type { InstantFormat } from './instant-format';
import type { InstanceSummary } from './instance-history';
import type { StepEntry } from './lifecycle-mapping';

/** What the log element says about the export. */
export interface XesLogInfo {
  readonly definitionId: string;
  /** Set when the export was limited to one version. */
  readonly definitionVersion?: number;
}

const EXTENSIONS = [
  ['Concept', 'concept'],
  ['Time', 'time'],
  ['Lifecycle', 'lifecycle'],
  ['Organizational', 'org'],
] as const;

/**
 * The start of an XES document (IEEE 1849-2016; `xes.version` is the schema's decimal, 1.0, as
 * OpenXES writes it): the standard extensions, the attributes every trace and every event has
 * (globals), the classifiers, and the log's own attributes.
 */
export function xesHeader(info: XesLogInfo, time: InstantFormat): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!-- Exported by Baton (baton export); mapping: docs/analytics-export.md -->',
    '<log xes.version="1.0" xes.features="" xmlns="http://www.xes-standard.org/">',
    ...EXTENSIONS.map(
      ([name, prefix]) =>
        `  <extension name="${name}" prefix="${prefix}" uri="http://www.xes-standard.org/${prefix}.xesext"/>`,
    ),
    '  <global scope="trace">',
    '    <string key="concept:name" value="__INVALID__"/>',
    '    <string key="definitionId" value="__INVALID__"/>',
    '    <int key="definitionVersion" value="0"/>',
    '    <string key="businessKey" value=""/>',
    '    <string key="outcome" value="running"/>',
    `    <date key="startedAt" value="${time(0)}"/>`,
    '  </global>',
    '  <global scope="event">',
    '    <string key="concept:name" value="__INVALID__"/>',
    '    <string key="concept:instance" value="__INVALID__"/>',
    '    <string key="lifecycle:transition" value="complete"/>',
    `    <date key="time:timestamp" value="${time(0)}"/>`,
    '    <string key="eventType" value="__INVALID__"/>',
    '    <string key="eventId" value="__INVALID__"/>',
    '    <int key="attempt" value="1"/>',
    '  </global>',
    '  <classifier name="Activity" keys="concept:name"/>',
    '  <classifier name="Activity_Transition" keys="concept:name lifecycle:transition"/>',
    `  ${str('concept:name', info.definitionId)}`,
    `  ${str('lifecycle:model', 'standard')}`,
    `  ${str('source', 'Baton')}`,
    `  ${str('definitionId', info.definitionId)}`,
    ...(info.definitionVersion !== undefined
      ? [`  ${int('definitionVersion', info.definitionVersion)}`]
      : []),
  ];
  return `${lines.join('\n')}\n`;
}

export const XES_FOOTER = '</log>\n';

/** One instance as an XES trace: its attributes, then one event per step entry, in order. */
export function xesTrace(
  summary: InstanceSummary,
  entries: readonly StepEntry[],
  time: InstantFormat,
): string {
  const parts = [
    '  <trace>\n',
    `    ${str('concept:name', summary.instanceId)}\n`,
    `    ${str('definitionId', summary.definitionId)}\n`,
    `    ${int('definitionVersion', summary.definitionVersion)}\n`,
    `    ${str('businessKey', summary.businessKey)}\n`,
    `    ${str('outcome', summary.outcome)}\n`,
    `    ${date('startedAt', summary.startedAt, time)}\n`,
  ];
  if (summary.endedAt !== undefined) parts.push(`    ${date('endedAt', summary.endedAt, time)}\n`);
  if (summary.reason !== undefined) parts.push(`    ${str('reason', summary.reason)}\n`);
  if (summary.triggerType !== undefined) parts.push(`    ${str('triggerType', summary.triggerType)}\n`);
  for (const entry of entries) parts.push(xesEvent(entry, time));
  parts.push('  </trace>\n');
  return parts.join('');
}

function xesEvent(e: StepEntry, time: InstantFormat): string {
  const attributes = [
    str('concept:name', e.stepId),
    str('concept:instance', e.activationId),
    str('lifecycle:transition', e.transition),
    date('time:timestamp', e.at, time),
  ];
  if (e.resource !== undefined) attributes.push(str('org:resource', e.resource));
  if (e.group !== undefined) attributes.push(str('org:group', e.group));
  attributes.push(str('eventType', e.eventType), str('eventId', e.eventId), int('attempt', e.attempt));
  if (e.marking !== undefined) attributes.push(str('marking', e.marking));
  if (e.outcome !== undefined) attributes.push(str('outcome', e.outcome));
  if (e.reason !== undefined) attributes.push(str('reason', e.reason));
  if (e.dueAt !== undefined) attributes.push(date('dueAt', e.dueAt, time));
  if (e.escalationLevel !== undefined) attributes.push(int('escalationLevel', e.escalationLevel));
  if (e.escalationAction !== undefined) attributes.push(str('escalationAction', e.escalationAction));
  return `    <event>\n${attributes.map((a) => `      ${a}\n`).join('')}    </event>\n`;
}

const str = (key: string, value: string) => `<string key="${key}" value="${escapeXml(value)}"/>`;
const int = (key: string, value: number) => `<int key="${key}" value="${Math.trunc(value)}"/>`;
const date = (key: string, ms: number, time: InstantFormat) => `<date key="${key}" value="${time(ms)}"/>`;

// Characters XML 1.0 cannot carry at all (controls other than tab, LF and CR, lone surrogates,
// U+FFFE and U+FFFF) and the ones an attribute value must escape. Tab, LF and CR are written as
// character references, so attribute-value normalisation keeps them.
/* eslint-disable no-control-regex */
const NEEDS_ESCAPE = /[&<>"'\t\n\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
const ESCAPED =
  /[&<>"'\t\n\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF][\uDC00-\uDFFF]?|[\uDC00-\uDFFF]/g;
/* eslint-enable no-control-regex */
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/**
 * A string as the value of an XML attribute: markup characters as entities, tab and line breaks
 * as character references, and what XML 1.0 cannot represent (other control characters, lone
 * surrogates, U+FFFE, U+FFFF) replaced by U+FFFD. A well-formed surrogate pair (an emoji) stays.
 */
export function escapeXml(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(ESCAPED, (c) => {
    const entity = ENTITIES[c];
    if (entity !== undefined) return entity;
    return c.length === 2 ? c : '\uFFFD';
  });
}
