import type { StepStats } from '../domain/log-report';
import { humanDuration as human } from './duration';
import { clip, esc, num } from './escape';
import { NODE_HEIGHT, NODE_WIDTH, type PlacedNode } from './process-map-layout';

export interface NodeFacts {
  readonly activity: string;
  readonly step: StepStats | undefined;
  /** Cases that begin (end) with the activity. */
  readonly starts: number;
  readonly ends: number;
}

/** One activity: `data-node` holds its name; a green bar marks a first activity, a dark bar a last one. */
export function nodeSvg({ activity, step, starts, ends }: NodeFacts, { x, y }: PlacedNode): string {
  const count = step?.count ?? 0;
  const worked = step !== undefined && step.withoutStart < step.count;
  const work = worked ? ` · work p50 ${human(step.medianMs)}` : '';
  const title =
    `${activity}\n${count} activity instances` +
    (worked ? `; work p50 ${human(step.medianMs)}, p90 ${human(step.p90Ms)}` : '') +
    (starts > 0 ? `\nfirst activity of ${starts} cases` : '') +
    (ends > 0 ? `\nlast activity of ${ends} cases` : '');
  const classes = `node${starts > 0 ? ' start' : ''}${ends > 0 ? ' end' : ''}`;
  return (
    `<g class="${classes}" data-node="${esc(activity)}" data-count="${count}" ` +
    `transform="translate(${num(x)} ${num(y)})"><title>${esc(title)}</title>` +
    `<rect class="box" width="${NODE_WIDTH}" height="${NODE_HEIGHT}" rx="8"/>` +
    (starts > 0 ? `<rect class="start-mark" width="6" height="${NODE_HEIGHT}" rx="3"/>` : '') +
    (ends > 0
      ? `<rect class="end-mark" x="${NODE_WIDTH - 6}" width="6" height="${NODE_HEIGHT}" rx="3"/>`
      : '') +
    `<text class="node-name" x="${NODE_WIDTH / 2}" y="21">${esc(clip(activity, 26))}</text>` +
    `<text class="node-sub" x="${NODE_WIDTH / 2}" y="38">${count}×${esc(work)}</text></g>`
  );
}
