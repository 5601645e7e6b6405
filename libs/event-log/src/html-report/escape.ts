const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Text from a log (activity names, resources, file names) made safe for HTML and inline SVG, in
 * element content and in quoted attribute values alike. Logs are untrusted input: every such
 * string goes through here, and none is ever placed in a script, a style or a URL.
 */
export function esc(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => ENTITIES[c] as string);
}

/** A name cut to `max` characters with an ellipsis (before escaping); the full name goes in a title. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** A number for SVG coordinates: at most one decimal, no `-0`. */
export function num(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return String(rounded === 0 ? 0 : rounded);
}
