import { HEAT_COLOURS } from './heat';

/** The page's only style sheet, inline: system fonts, no external resource. */
export const REPORT_CSS = `
:root { --ink: #1d2430; --muted: #5b6676; --line: #d9dee6; --paper: #fff; --soft: #f4f6f9; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink); background: var(--soft); }
header, section, footer { max-width: 1500px; margin: 0 auto; padding: 12px 24px; }
header h1 { font-size: 22px; margin: 12px 0 2px; overflow-wrap: anywhere; }
h2 { font-size: 17px; margin: 18px 0 8px; }
.meta, .hint, footer { color: var(--muted); font-size: 12.5px; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 12px 0 4px; padding: 0; list-style: none; }
.cards li { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 8px 14px; min-width: 104px; }
.cards b { display: block; font-size: 19px; }
.cards span { color: var(--muted); font-size: 12px; }
.notes { margin: 8px 0; padding-left: 18px; color: #7a4b00; }
.scroll { overflow: auto; background: var(--paper); border: 1px solid var(--line); border-radius: 8px; max-height: 86vh; }
svg text { font-family: inherit; }
.map .node .box { fill: #eef2f7; stroke: #8a97aa; stroke-width: 1.2; }
.map .node .start-mark { fill: #2e7d32; }
.map .node .end-mark { fill: #37474f; }
.map .node-name { font-size: 12.5px; font-weight: 600; text-anchor: middle; fill: var(--ink); }
.map .node-sub { font-size: 11px; text-anchor: middle; fill: var(--muted); }
.map .edge .line { fill: none; stroke-opacity: 0.8; }
.map .edge .glow { fill: none; stroke: #1d2430; stroke-opacity: 0.22; }
.map .edge:hover .line { stroke-opacity: 1; }
.map .edge-label text { font-size: 10px; text-anchor: middle; fill: var(--ink); }
.map .edge-label rect { fill: var(--paper); fill-opacity: 0.88; }
.map .edge-label.worst text { font-weight: 700; }
.map .edge-label.crowded { display: none; }
.main-only:checked ~ .scroll .minor { display: none; }
label[for^="main-only"] { font-size: 13px; }
.clock-switch { position: absolute; opacity: 0; }
.clocks { max-width: 1500px; margin: 0 auto; padding: 4px 24px; display: flex; gap: 8px; }
.clocks label { padding: 6px 14px; border: 1px solid var(--line); border-radius: 16px; background: var(--paper); cursor: pointer; font-size: 13px; }
#clock-business:checked ~ .clocks label[for="clock-business"], #clock-calendar:checked ~ .clocks label[for="clock-calendar"] { background: var(--ink); color: var(--paper); }
#clock-business:checked ~ .view.calendar, #clock-calendar:checked ~ .view.business { display: none; }
.waits .share { display: inline-block; height: 9px; margin-right: 6px; background: #8a97aa; border-radius: 2px; vertical-align: baseline; }
${HEAT_COLOURS.map((c, i) => `.h${i} .line { stroke: ${c}; } .h${i} .q90, .h${i} .q95, .h${i} .q99, .swatch.h${i} { fill: ${c}; background: ${c}; }`).join('\n')}
.legend { display: flex; flex-wrap: wrap; gap: 6px 16px; margin: 8px 0; padding: 0; list-style: none; font-size: 12.5px; }
.swatch { display: inline-block; width: 14px; height: 10px; border-radius: 2px; margin-right: 5px; vertical-align: baseline; }
table { border-collapse: collapse; background: var(--paper); border: 1px solid var(--line); font-size: 13px; }
th, td { padding: 4px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: middle; }
th { background: var(--soft); font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.worst td { background: #fff1ef; font-weight: 600; }
.bars td { padding: 1px 10px; }
.bars td.name { max-width: 380px; overflow-wrap: anywhere; }
.bars .grid { stroke: var(--line); }
.bars .q50 { fill: #c9d3e0; }
.bars .q95 { fill-opacity: 0.6; }
.bars .q99 { fill-opacity: 0.35; }
.bars .qmax { stroke: #5b6676; stroke-width: 1.2; }
.bars .p50 { stroke: var(--ink); stroke-width: 2; }
.axis text { font-size: 10.5px; text-anchor: middle; fill: var(--muted); font-weight: 400; }
.empty { color: var(--muted); }
`;
