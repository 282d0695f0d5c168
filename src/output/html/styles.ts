/** The HTML report's stylesheet, inlined in the page (system fonts only: nothing is fetched). */

export const REPORT_CSS = `
:root {
  --text: #1f2937; --muted: #6b7280; --line: #e5e7eb; --bg: #f8fafc; --panel: #ffffff;
  --client: #1d4ed8; --client-bg: #eff6ff; --server: #047857; --server-bg: #f0fdf4;
  --fail: #b91c1c; --temp: #b45309; --auth: #7c3aed; --tls: #0f766e; --gap: #dc2626; --note: #64748b;
  --error: #b91c1c; --error-bg: #fef2f2; --warning: #b45309; --warning-bg: #fffbeb; --info: #2563eb; --info-bg: #eff6ff;
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", "DejaVu Sans", sans-serif;
  --mono: ui-monospace, "SFMono-Regular", "Cascadia Mono", "Liberation Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace;
}
* { box-sizing: border-box; }
html { scroll-behavior: smooth; }
body { margin: 0; background: var(--bg); color: var(--text); font: 15px/1.5 var(--sans); }
a { color: var(--client); }
code, pre, .mono { font-family: var(--mono); }
header.top { background: #0f172a; color: #f8fafc; padding: 20px 32px 14px; }
header.top h1 { margin: 0 0 4px; font-size: 24px; font-weight: 650; }
header.top .sub { margin: 0; color: #cbd5e1; font-size: 14px; overflow-wrap: anywhere; }
header.top nav { margin-top: 10px; display: flex; gap: 18px; font-size: 14px; }
header.top nav a { color: #93c5fd; text-decoration: none; }
header.top nav a:hover { text-decoration: underline; }
main { max-width: 1240px; margin: 0 auto; padding: 8px 24px 48px; }
section { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 8px 24px 20px; margin: 20px 0; }
h2 { font-size: 20px; margin: 14px 0 6px; }
h3 { font-size: 16px; margin: 18px 0 8px; }
.muted { color: var(--muted); }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 12px 0; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; min-width: 120px; background: #fff; }
.card .big { font-size: 26px; font-weight: 700; line-height: 1.2; }
.card .what { font-weight: 600; }
.card .small { color: var(--muted); font-size: 13px; }
.card.sev-error { border-color: var(--error); background: var(--error-bg); }
.card.sev-error .big { color: var(--error); }
.card.sev-warning { border-color: var(--warning); background: var(--warning-bg); }
.card.sev-warning .big { color: var(--warning); }
.card.sev-info { border-color: var(--info); background: var(--info-bg); }
.card.sev-info .big { color: var(--info); }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f1f5f9; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.addr { font-family: var(--mono); font-size: 13px; white-space: nowrap; }
.table-wrap { overflow-x: auto; }
.sev-badge { white-space: nowrap; display: inline-block; padding: 0 7px; border-radius: 9px; font-size: 12px; font-weight: 600; color: #fff; line-height: 18px; }
.sev-badge.sev-error { background: var(--error); }
.sev-badge.sev-warning { background: var(--warning); }
.sev-badge.sev-info { background: var(--info); }
.none { color: var(--muted); }
.facts { margin: 4px 0 8px; color: #374151; font-size: 14px; }
.facts .addr { font-family: var(--mono); font-size: 13px; }
.toplink { float: right; font-size: 13px; margin-top: 18px; }

.legend { list-style: none; padding: 0; margin: 6px 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(270px, 1fr)); gap: 4px 16px; font-size: 14px; }
.legend li { display: flex; align-items: center; gap: 8px; }
.legend svg { flex: none; }

.ladder-wrap { overflow: auto; max-height: 78vh; border: 1px solid var(--line); border-radius: 8px; background: #fff; }
svg.ladder { display: block; margin: 0 auto; max-width: 100%; height: auto; }
svg.ladder text, .legend text { font-family: var(--mono); font-size: 12px; }
.lifeline { stroke-width: 2; stroke-dasharray: 4 4; }
.lifeline.client { stroke: var(--client); }
.lifeline.server { stroke: var(--server); }
.head { stroke-width: 1.5; }
.head.client { fill: var(--client-bg); stroke: var(--client); }
.head.server { fill: var(--server-bg); stroke: var(--server); }
.head-role { font-weight: 700; font-family: var(--sans) !important; font-size: 13px !important; fill: var(--text); }
.head-addr { fill: var(--text); }
.time-head { fill: var(--muted); font-family: var(--sans) !important; font-size: 11px !important; }
.delta { fill: var(--muted); font-size: 11px !important; }
.cap-note { fill: var(--warning); font-family: var(--sans) !important; font-size: 13px !important; font-weight: 600; }
.tls-zone { fill: #f0fdfa; }
.tls-zone-label { fill: var(--tls); font-family: var(--sans) !important; font-size: 11px !important; }
.arrow { color: var(--text); cursor: pointer; }
.arrow .hit { fill: transparent; }
.arrow:hover .hit { fill: #f1f5f9; }
.arrow line { stroke: currentColor; stroke-width: 1.6; }
.arrow polygon { fill: currentColor; }
.arrow text.label { fill: currentColor; }
.arrow:hover line { stroke-width: 3; }
.arrow:hover text.label { font-weight: 700; }
.arrow.k-command { color: var(--client); }
.arrow.k-reply { color: var(--server); }
.arrow.k-temp { color: var(--temp); }
.arrow.k-fail { color: var(--fail); }
.arrow.k-auth { color: var(--auth); }
.arrow.k-auth line { stroke-dasharray: 6 3; }
.arrow.k-data.dir-c { color: var(--client); }
.arrow.k-data.dir-s { color: var(--server); }
.arrow.k-data line { stroke-width: 4; }
.arrow.k-tls { color: var(--tls); }
.arrow.k-tls line { stroke-dasharray: 2 3; stroke-width: 2; }
.arrow.k-gap { color: var(--gap); }
.arrow.k-gap line { stroke-dasharray: 8 5; stroke-width: 2; }
.arrow.k-note { color: var(--note); }
.note-box { fill: #f8fafc; stroke: var(--note); stroke-dasharray: 3 3; }
.badge circle { stroke: #fff; stroke-width: 1.5; }
.badge text { fill: #fff; font-weight: 700; font-family: var(--sans) !important; }
.badge.sev-error circle { fill: var(--error); }
.badge.sev-warning circle { fill: var(--warning); }
.badge.sev-info circle { fill: var(--info); }

.transcript { font-family: var(--mono); font-size: 13px; line-height: 1.45; border: 1px solid var(--line); border-radius: 8px; overflow: hidden; }
.ev { display: grid; grid-template-columns: 5.5em 2.4em 1fr; padding: 1px 8px 1px 0; border-left: 4px solid transparent; }
.ev.dir-c { background: var(--client-bg); border-left-color: var(--client); }
.ev.dir-s { background: #fff; border-left-color: var(--server); }
.ev .rt { color: var(--muted); text-align: right; padding-right: 10px; font-size: 12px; }
.ev .who { font-weight: 700; }
.ev.dir-c .who { color: var(--client); }
.ev.dir-s .who { color: var(--server); }
.ev .body { min-width: 0; }
.ev .ln { display: block; white-space: pre-wrap; overflow-wrap: anywhere; }
.ev.k-temp .ln { color: var(--temp); }
.ev.k-fail .ln { color: var(--fail); }
.ev.k-tls .ln { color: var(--tls); }
.ev.k-gap .ln { color: var(--gap); font-weight: 600; }
.ev.k-note .ln, .ev .muted { color: var(--note); }
.ev.k-auth .ln { color: var(--auth); }
.ev.flagged.sev-error { background: var(--error-bg); }
.ev.flagged.sev-warning { background: var(--warning-bg); }
.ev:target { outline: 2px solid #f59e0b; outline-offset: -2px; background: #fef9c3; }
details.content { margin: 2px 0; }
details.content summary { cursor: pointer; font-family: var(--sans); font-size: 13px; font-weight: 600; color: #374151; }
details.content pre { margin: 4px 0; padding: 6px 10px; background: #fff; border: 1px solid var(--line); border-radius: 6px; white-space: pre-wrap; overflow-wrap: anywhere; }
details.content .more { margin: 0 0 4px; font-family: var(--sans); font-size: 12px; color: var(--muted); }
.viol { margin: 2px 0 4px 7.9em; padding: 4px 10px; border-left: 4px solid; border-radius: 0 6px 6px 0; font-family: var(--sans); font-size: 13.5px; }
.viol.sev-error { border-color: var(--error); background: var(--error-bg); }
.viol.sev-warning { border-color: var(--warning); background: var(--warning-bg); }
.viol.sev-info { border-color: var(--info); background: var(--info-bg); }
.viol .viol-id { font-family: var(--mono); font-weight: 700; }
.viol .rfc { color: var(--muted); font-size: 12px; }

.cat { border-left: 4px solid var(--line); padding: 2px 14px; margin: 14px 0; }
.cat.sev-error { border-color: var(--error); }
.cat.sev-warning { border-color: var(--warning); }
.cat.sev-info { border-color: var(--info); }
.cat h3 { margin: 4px 0; }
.cat .cat-title { font-weight: 600; margin: 2px 0; }
.cat .rfc { color: var(--muted); font-size: 13px; margin: 2px 0; }
.cat p { margin: 4px 0; }
.cat:target { background: #fef9c3; }
footer { text-align: center; color: var(--muted); font-size: 13px; padding: 0 0 24px; }
`;
