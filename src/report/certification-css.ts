/**
 * The HTML report's stylesheet, inlined so the report is one self-contained file (no fonts, no assets).
 * Status is always a word and a border style as well as a colour, so it still reads in greyscale and for
 * colour-blind readers. The print block keeps the exchanges of non-passing cases expanded (even if a reader
 * collapsed them, where the browser supports ::details-content) and drops passing ones.
 */
export const CERTIFICATION_CSS = `
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg-soft: #f6f8fa;
  --pass: #1a7f37; --fail: #cf222e; --error: #8250df; --skip: #59636e; --waived: #9a6700; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 1.5rem; color: var(--fg); background: #fff;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
h1 { font-size: 1.7rem; margin: 0 0 .75rem; }
h2 { font-size: 1.35rem; margin: 2rem 0 .75rem; padding-bottom: .25rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.1rem; margin: 1.25rem 0 .5rem; }
h4 { font-size: 1rem; margin: 1rem 0 .35rem; }
a { color: #0550ae; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: .85rem; }
pre { background: var(--bg-soft); border: 1px solid var(--line); border-radius: 6px; padding: .75rem; overflow-x: auto;
  white-space: pre-wrap; overflow-wrap: anywhere; margin: .35rem 0 .75rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { border: 1px solid var(--line); padding: .35rem .55rem; text-align: left; vertical-align: top; }
thead th { background: var(--bg-soft); }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.run-facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(20rem, 1fr)); gap: .25rem 1.5rem; margin: 0; }
/* A value too long for the space beside its label moves below it, whole; only a value wider than the column
   (a long URL) is broken, and then at a word boundary where it has one (never "2026-12-" / "03T17:…"). */
.run-facts div { display: flex; flex-wrap: wrap; gap: 0 .5rem; min-width: 0; }
.run-facts dt { font-weight: 600; min-width: 7.5rem; }
.run-facts dd { margin: 0; min-width: 0; max-width: 100%; overflow-wrap: break-word; hyphens: none; }
.security { border: 6px double var(--fail); border-radius: 8px; padding: 1rem 1.25rem; margin: 1.5rem 0; background: #ffebe9; }
.security h2 { border: 0; margin: 0 0 .25rem; color: var(--fail); }
.verdict { border: 4px solid; border-radius: 8px; padding: 1rem 1.25rem; margin: 1.5rem 0; }
.verdict h2 { border: 0; margin: 0 0 .25rem; font-size: 1.6rem; }
.verdict p { margin: 0; }
.verdict-ready { border-color: var(--pass); background: #dafbe1; }
.verdict-not-ready { border-color: var(--fail); border-style: double; border-width: 6px; background: #ffebe9; }
.verdict-incomplete { border-color: #9a6700; border-style: dashed; background: #fff8c5; }
.verdict h3 { font-size: 1rem; margin: .75rem 0 .25rem; }
.rfc-verdict { font-style: italic; }
.notice { border-left: 4px solid var(--waived); background: #fff8c5; padding: .5rem .75rem; }
.advice { border: 2px solid var(--line); border-radius: 6px; padding: .5rem 1rem; background: var(--bg-soft); }
.advice-use-flag, .advice-avoid-flag { border-color: #0550ae; border-width: 3px; }
.advice p { margin: .5rem 0; }
.badge { display: inline-block; font-weight: 700; font-size: .8rem; letter-spacing: .03em; padding: 0 .4rem;
  border: 2px solid; border-radius: 4px; white-space: nowrap; }
th[scope="row"] { white-space: nowrap; }
.badge-pass { color: var(--pass); border-style: solid; }
.badge-fail { color: #fff; background: var(--fail); border-color: var(--fail); }
.badge-error { color: var(--error); border-style: dashed; }
.badge-skip { color: var(--skip); border-style: dotted; }
.badge-waived { color: var(--waived); border-style: double; border-width: 3px; }
.badge-stale-waiver { color: #fff; background: var(--waived); border-color: var(--waived); }
.finding { border: 1px solid var(--line); border-left-width: 6px; border-radius: 6px; padding: .25rem 1rem .75rem; margin: 1rem 0; }
.finding-fail { border-left-color: var(--fail); }
.finding-error { border-left-color: var(--error); border-left-style: dashed; }
.finding-skip { border-left-color: var(--skip); border-left-style: dotted; }
.finding-waived, .finding-stale-waiver { border-left-color: var(--waived); border-left-style: double; }
.case-name { color: var(--muted); margin: 0 0 .5rem; }
.facts { margin: .5rem 0; }
.facts dt { font-weight: 600; }
.facts dd { margin: 0 0 .4rem 1.25rem; }
.compare { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); gap: 0 1rem; }
details { margin: .5rem 0; }
summary { cursor: pointer; font-weight: 600; }
.exchange { border-top: 1px dashed var(--line); margin-top: .5rem; }
.passing-exchanges .passing-case h3 { font-size: 1rem; font-weight: 600; }
.muted { color: var(--muted); }
.decoded { margin: .35rem 0 0; }
details.body { margin: 0 0 .5rem; }
details.body summary { font-weight: 400; }
.verdict table.overview { background: #fff; margin: .75rem 0 .25rem; }
table.overview caption { text-align: left; font-weight: 600; padding-bottom: .25rem; }
footer { margin-top: 3rem; color: var(--muted); font-size: .85rem; border-top: 1px solid var(--line); }
/* The case tables on a narrow screen and on A4: smaller type and badges that may wrap, so no column is cut off. */
@media print, (max-width: 60rem) {
  table.cases { font-size: .8rem; }
  table.cases th, table.cases td { padding: .2rem .3rem; }
  table.cases .badge { white-space: normal; }
}
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  a { color: inherit; }
  nav, .passing-exchanges { display: none; }
  .verdict, .badge, .finding { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  .finding { break-inside: avoid-page; }
  .exchange, pre { break-inside: avoid; }
  pre { overflow: visible; white-space: pre-wrap; font-size: 8pt; }
  summary { list-style: none; }
  details.exchanges::details-content { content-visibility: visible; display: block; }
  details.exchanges:not([open]) > :not(summary) { display: block; }
  details.body::details-content { content-visibility: visible; display: block; }
  details.body:not([open]) > :not(summary) { display: block; }
}
`;
