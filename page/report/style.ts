// The report's look: readable type, one column of sites, each a plot beside its source.
export const REPORT_CSS = `
:root { --fg: #1d2430; --muted: #5b6675; --line: #d9dee5; --bg: #fff; --panel: #f6f8fa;
  --blue: #1f5fbf; --orange: #c2410c; --warn: #9a3412; --warn-bg: #fff4ed; --ok: #166534; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 1280px; margin: 0 auto; padding: 20px 24px 60px; }
h1 { font-size: 22px; margin: 0 0 6px; }
.summary, .direction, .count, footer { color: var(--muted); }
.direction { max-width: 980px; }
.settled { font-weight: 600; margin: 8px 0; color: var(--ok); }
.notices { padding: 0; list-style: none; margin: 8px 0; }
.notices li { padding: 6px 10px; border-left: 3px solid var(--line); background: var(--panel); margin: 4px 0; }
.notices li.warning { border-color: var(--warn); background: var(--warn-bg); }
details.run-info summary { cursor: pointer; font-weight: 600; margin: 6px 0; }
table { border-collapse: collapse; font-size: 13px; }
th, td { text-align: left; padding: 3px 10px 3px 0; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; }
table.runs, table.points { margin: 6px 0 10px; }
table.runs td:first-child { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; word-break: break-all; }
.controls { position: sticky; top: 0; z-index: 2; background: var(--bg); border-bottom: 1px solid var(--line);
  padding: 8px 0; display: flex; flex-wrap: wrap; gap: 8px 24px; align-items: center; }
.controls .label { color: var(--muted); margin-right: 6px; }
.controls button { border: 1px solid var(--line); background: var(--panel); border-radius: 4px;
  padding: 3px 9px; margin-right: 4px; cursor: pointer; font: inherit; }
.controls button.active { background: var(--blue); color: #fff; border-color: var(--blue); }
.controls button.active[data-dir="desc"]::after { content: " ↓"; }
.controls button.active[data-dir="asc"]::after { content: " ↑"; }
.filters { display: flex; flex-wrap: wrap; gap: 6px 14px; align-items: center; }
.filters input[type=number] { width: 4.5em; }
.filters input[type=search] { width: 16em; }
article.site { border: 1px solid var(--line); border-radius: 6px; padding: 12px 14px; margin: 14px 0;
  /* Hundreds of sites: the browser lays out and paints only those near the viewport. */
  content-visibility: auto; contain-intrinsic-size: auto 560px; }
article.site.untrusted { border-style: dashed; }
article.site > header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 10px; }
.rank { color: var(--muted); font-variant-numeric: tabular-nums; }
.site-name { font: 600 15px ui-monospace, SFMono-Regular, Menlo, monospace; margin: 0; word-break: break-all; }
.function { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; color: var(--muted); }
.badge { font-size: 12px; border-radius: 10px; padding: 0 8px; background: var(--panel); border: 1px solid var(--line); }
.badge.point-latency { border-color: var(--orange); color: var(--orange); }
dl.stats { display: flex; flex-wrap: wrap; gap: 4px 22px; margin: 8px 0 4px; }
.stat dt { font-size: 12px; color: var(--muted); }
.stat dd { margin: 0; font-variant-numeric: tabular-nums; font-weight: 600; }
.verdict { margin: 2px 0 8px; font-size: 13px; }
.verdict.untrusted, .verdict.open { color: var(--warn); }
.verdict.settled { color: var(--ok); }
.body { display: grid; grid-template-columns: minmax(300px, 1fr) minmax(300px, 1fr); gap: 16px; }
@media (max-width: 900px) { .body { grid-template-columns: 1fr; } }
.plot { min-height: 262px; }
.readout { font-size: 12px; color: var(--muted); min-height: 1.4em; font-variant-numeric: tabular-nums; }
.key { display: flex; flex-wrap: wrap; gap: 2px 14px; font-size: 12px; color: var(--muted); }
.swatch { display: inline-block; width: 18px; height: 10px; margin-right: 5px; vertical-align: middle; }
.swatch.measured { background: radial-gradient(circle, var(--blue) 4px, transparent 5px); }
.swatch.left-out { background: radial-gradient(circle, #fff 3px, #8a8a8a 4px, transparent 5px); }
.swatch.fit { border-top: 2px solid var(--blue); background: rgba(31, 95, 191, 0.14); }
.swatch.conventional { border-top: 2px dashed var(--orange); height: 2px; }
.axis-note { font-size: 12px; color: var(--muted); margin: 4px 0 0; }
figure.source { margin: 0 0 10px; }
figure.source figcaption { font-size: 12px; color: var(--muted); word-break: break-all; }
figure.source pre { margin: 2px 0 0; padding: 6px 0; background: var(--panel); border-radius: 4px;
  overflow-x: auto; font: 12px/1.5 ui-monospace, SFMono-Regular, Menlo, monospace; }
.src-line { display: block; padding: 0 8px 0 0; white-space: pre; }
.src-line.hit { background: #fde8c8; }
.src-no { color: var(--muted); user-select: none; }
p.source.missing { color: var(--muted); font-size: 12px; }
table.rows td, table.rows th { font-variant-numeric: tabular-nums; }
table.rows tr.unused td { color: var(--muted); }
.empty { color: var(--muted); font-style: italic; }
footer { margin-top: 30px; font-size: 12px; }
`;
