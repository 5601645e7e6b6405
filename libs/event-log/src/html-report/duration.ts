const UNITS: readonly (readonly [number, string])[] = [
  [86_400_000, 'd'],
  [3_600_000, 'h'],
  [60_000, 'min'],
  [1000, 's'],
];

/** A duration for people: ms, s, min, h or d with one decimal (90.0 s, 2.5 h, 2.1 d). */
export function humanDuration(ms: number | undefined): string {
  if (ms === undefined) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  for (const [size, unit] of UNITS) {
    if (ms >= 2 * size || size === 1000) return `${(ms / size).toFixed(1)} ${unit}`;
  }
  return `${ms} ms`;
}
