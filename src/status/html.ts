// Renders a deployment's status as one self-contained HTML page: tables of its state and SVG charts of its payouts.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { CHART_LIBRARY, PAGE_STYLE } from "../report/charts";
import { toJson } from "../read/json";
import type { StatusSnapshot } from "./snapshot";

/** The page: the snapshot embedded as JSON (bigints as decimal strings), drawn by an inline script. */
export function renderStatusHtml(snapshot: StatusSnapshot): string {
  // `<` is escaped so that no string in the data can close the script element.
  const data = toJson(snapshot).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>OpenLedger status</title>
<style>
${PAGE_STYLE}</style>
</head>
<body data-rendered="no">
<h1>OpenLedger status</h1>
<div class="meta" id="meta"></div>
<h2>Rewards</h2>
<div id="ledger"></div>
<h2>Epochs</h2>
<div id="epochs"></div>
<h2>Payouts per epoch</h2>
<div class="chart" id="chart-payouts"></div>
<h2>Top earners</h2>
<div class="chart" id="chart-earners"></div>
<h2>Claimable now</h2>
<div id="claimable"></div>
<h2>Datanets and versions</h2>
<div id="datanets"></div>
<h2>Models and adapters</h2>
<div id="models"></div>
<h2>Agents</h2>
<div id="agents"></div>
<script id="status" type="application/json">${data}</script>
<script>
(function () {
  "use strict";
  window.addEventListener("error", function (e) { document.body.dataset.rendered = "error: " + e.message; });
  var s = JSON.parse(document.getElementById("status").textContent);
${CHART_LIBRARY}
  var TOP = 20;
  function short(a) { return a.slice(0, 8) + "…" + a.slice(-4); }
  function duration(seconds) {
    if (seconds <= 0) return "claimable";
    var h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), r = seconds % 60;
    return "in " + (h > 0 ? h + " h " : "") + (h > 0 || m > 0 ? m + " min " : "") + r + " s";
  }

  document.getElementById("meta").textContent =
    "network " + s.network + " (chain " + s.chainId + ") · block " + s.blockNumber + " at " + s.chainTime +
    " · rewards " + s.addresses.rewards + " · generated " + s.generatedAt;

  var r = s.rewards;
  table("ledger", ["", "OPEN"], [
    ["funded into data pools", fmt(open(r.funded))], ["allocated by the accepted root", fmt(open(r.allocated))],
    ["claimed by contributors", fmt(open(r.claimed))], ["accrued to owners, not withdrawn", fmt(open(r.accrued))],
    ["owed in all", fmt(open(r.owed))]]);

  if (s.epochs.length === 0) empty("epochs", "No root posted yet.");
  else {
    table("epochs", ["epoch", "state", "adds (OPEN)", "cumulative (OPEN)", "posted", "claimable", "countdown"],
      s.epochs.map(function (e) {
        return [String(e.epoch), e.state, fmt(open(e.payout)), fmt(open(e.totalAllocated)), e.postedAt || "—",
          e.claimableAt || "—", e.state === "pending" ? duration(e.secondsToClaimable) : "—"];
      }));
    // The pending root's countdown ticks on from the chain time the page was generated at.
    var started = Date.now();
    var cells = document.querySelectorAll("#epochs tr");
    setInterval(function () {
      var passed = Math.floor((Date.now() - started) / 1000);
      s.epochs.forEach(function (e, i) {
        if (e.state === "pending") cells[i + 1].lastChild.textContent = duration(e.secondsToClaimable - passed);
      });
    }, 1000);
  }

  var paid = s.epochs.filter(function (e) { return e.state !== "revoked"; });
  if (paid.length === 0) empty("chart-payouts", "No payouts yet.");
  else verticalBars("chart-payouts", paid.map(function (e) {
    var v = open(e.payout);
    return { label: "epoch " + e.epoch + " (" + e.state + ")", short: "epoch " + e.epoch, total: v,
      parts: [{ name: "allocated", value: v, colour: e.state === "pending" ? "#bf8700" : "#2f81f7" }] };
  }), "OPEN");

  var top = s.earners.slice(0, TOP);
  if (top.length === 0) empty("chart-earners", "No proofs file found: no earners to show.");
  else horizontalBars("chart-earners", top.map(function (e) {
    return { label: short(e.account), value: Math.round(open(e.cumulativeAmount) * 1e4) / 1e4 };
  }), "OPEN");

  var owed = s.earners.filter(function (e) { return BigInt(e.claimable) > 0n; });
  if (owed.length === 0) empty("claimable", s.proofsEpoch === null ? "No proofs file found." : "Nothing claimable now (epoch " + s.proofsEpoch + ").");
  else table("claimable", ["account", "entitled (OPEN)", "claimed (OPEN)", "claimable (OPEN)"], owed.map(function (e) {
    return [e.account, fmt(open(e.cumulativeAmount)), fmt(open(e.claimed)), fmt(open(e.claimable))];
  }));

  if (s.datanets.length === 0) empty("datanets", "No datanets.");
  else table("datanets", ["datanet", "owner", "contributions", "approved", "versions", "stake (OPEN)", "metadata"],
    s.datanets.map(function (d) {
      var versions = d.versions.map(function (v) { return "v" + v.version + ": " + v.approvedCount; }).join(", ");
      return [String(d.id), short(d.owner), String(d.contributionCount), String(d.approvedCount), versions || "—",
        fmt(open(d.stake)), d.metadataURI];
    }));

  if (s.models.length === 0) empty("models", "No models.");
  else table("models", ["model", "kind", "base", "owner", "fee (OPEN)", "active", "metadata"], s.models.map(function (m) {
    return [String(m.id), m.kind, m.kind === "adapter" ? String(m.baseModelId) : "—", short(m.owner),
      fmt(open(m.feePerInference)), m.active ? "yes" : "no", m.metadataURI];
  }));

  if (s.agents.length === 0) empty("agents", "No agents.");
  else table("agents", ["agent", "owner", "fee (OPEN)", "models", "active", "metadata"], s.agents.map(function (a) {
    return [String(a.id), short(a.owner), fmt(open(a.feePerTask)), a.models.join(", "), a.active ? "yes" : "no", a.metadataURI];
  }));

  if (document.body.dataset.rendered === "no") document.body.dataset.rendered = "ok";
})();
</script>
</body>
</html>
`;
}

/** Writes the page to `file`, making its folder. */
export async function writeStatusPage(file: string, snapshot: StatusSnapshot): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await writeFile(file, renderStatusHtml(snapshot));
}
