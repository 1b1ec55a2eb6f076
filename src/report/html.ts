// Renders a simulation summary as one self-contained HTML page whose inline script draws SVG charts.
import { CHART_LIBRARY, PAGE_STYLE } from "./charts";
import type { SimulationSummary } from "./types";

/** The page: data embedded as JSON, charts drawn by an inline script, no network access. */
export function renderReportHtml(summary: SimulationSummary): string {
  // `<` is escaped so that no string in the data can close the script element.
  const data = JSON.stringify(summary).replace(/</g, "\\u003c");
  const verdict = summary.audit.ok ? "passed" : "FAILED";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>OpenLedger simulation report</title>
<style>
${PAGE_STYLE}  .ok { color: #1a7f37; font-weight: 600; } .bad { color: #cf222e; font-weight: 600; }
</style>
</head>
<body data-rendered="no">
<h1>OpenLedger simulation report</h1>
<div class="meta" id="meta"></div>
<p>Audit: <span class="${summary.audit.ok ? "ok" : "bad"}">${verdict}</span></p>
<h2>Earnings per contributor</h2>
<div class="legend" id="contributors-legend"></div>
<div class="chart" id="chart-contributors"></div>
<h2>Payouts by role per epoch</h2>
<div class="legend" id="epochs-legend"></div>
<div class="chart" id="chart-epochs"></div>
<h2>Gas per operation (mean)</h2>
<div class="chart" id="chart-gas"></div>
<h2>Attackers</h2>
<div id="attackers"></div>
<h2>Governance</h2>
<div id="proposals"></div>
<h2>Audit</h2>
<div id="audit"></div>
<script id="summary" type="application/json">${data}</script>
<script>
(function () {
  "use strict";
  window.addEventListener("error", function (e) { document.body.dataset.rendered = "error: " + e.message; });
  var summary = JSON.parse(document.getElementById("summary").textContent);
  var KIND_COLOURS = { honest: "#2f81f7", spam: "#cf222e", copycat: "#bf8700", sybil: "#8250df" };
  var ROLE_COLOURS = { protocol: "#57606a", agentOwners: "#1a7f37", modelOwners: "#bf3989", dataPool: "#2f81f7" };
  var ROLE_NAMES = { protocol: "protocol", agentOwners: "agent owners", modelOwners: "model owners", dataPool: "data pool" };

${CHART_LIBRARY}
  document.getElementById("meta").textContent =
    "network " + summary.network + " (chain " + summary.chainId + ") · scenario " + summary.scenario +
    " · seed " + summary.seed + " · generated " + summary.generatedAt;

  var people = summary.contributors.slice().sort(function (a, b) {
    var d = BigInt(b.entitled) - BigInt(a.entitled); return d > 0n ? 1 : d < 0n ? -1 : a.label < b.label ? -1 : 1;
  });
  legend("contributors-legend", Object.keys(KIND_COLOURS).map(function (k) { return [k, KIND_COLOURS[k]]; }));
  if (people.length === 0) empty("chart-contributors", "No contributors in this run.");
  else verticalBars("chart-contributors", people.map(function (c) {
    var v = open(c.entitled);
    // Attackers' labels are drawn in their colour, so they stand out even when they earned nothing.
    return { label: c.label + " (" + c.kind + ")", short: c.label, total: v, labelColour: c.kind === "honest" ? "" : KIND_COLOURS[c.kind],
      parts: [{ name: c.kind, value: v, colour: KIND_COLOURS[c.kind] || "#999" }] };
  }), "OPEN");

  legend("epochs-legend", Object.keys(ROLE_COLOURS).map(function (k) { return [ROLE_NAMES[k], ROLE_COLOURS[k]]; }));
  if (summary.epochs.length === 0) empty("chart-epochs", "No epochs settled in this run.");
  else verticalBars("chart-epochs", summary.epochs.map(function (e) {
    var parts = Object.keys(ROLE_COLOURS).map(function (k) { return { name: ROLE_NAMES[k], value: open(e[k]), colour: ROLE_COLOURS[k] }; });
    return { label: "epoch " + e.epoch, short: "epoch " + e.epoch, total: parts.reduce(function (s, p) { return s + p.value; }, 0), parts: parts };
  }), "OPEN");

  if (summary.gas.length === 0) empty("chart-gas", "No gas measured.");
  else horizontalBars("chart-gas", summary.gas.map(function (g) { return { label: g.operation, value: Math.round(g.mean) }; }), "gas");

  if (summary.attackers.length === 0) empty("attackers", "No attackers in this scenario.");
  else table("attackers", ["scenario", "attacker", "earned (OPEN)", "imitated", "imitated earned (OPEN)", "expectation", "met"],
    summary.attackers.map(function (a) {
      return [a.scenario, a.attacker, fmt(open(a.earned)), a.imitated || "—", a.imitatedEarned ? fmt(open(a.imitatedEarned)) : "—", a.expectation, a.met ? "yes" : "NO"];
    }));
  if (summary.proposals.length === 0) empty("proposals", "No governance proposals in this run.");
  else table("proposals", ["proposal", "calls", "changed", "for (OPEN)", "against (OPEN)", "abstain (OPEN)", "quorum (OPEN)", "state"],
    summary.proposals.map(function (p) {
      var changed = p.changes.map(function (c) { return c.parameter + ": " + c.before + " → " + c.after; }).join("; ");
      return [p.description, p.actions.join("; "), changed || "—", fmt(open(p.votes.for)), fmt(open(p.votes.against)), fmt(open(p.votes.abstain)), fmt(open(p.quorum)), p.state];
    }));
  table("audit", ["check", "ok", "detail"], summary.audit.checks.map(function (c) { return [c.name, c.ok ? "yes" : "NO", c.detail]; }));

  if (document.body.dataset.rendered === "no") document.body.dataset.rendered = "ok";
})();
</script>
</body>
</html>
`;
}
