// Writes a simulation's summary as JSON, as the HTML page, and as the short table printed on stdout.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { formatEther } from "ethers";
import { renderReportHtml } from "../report/html";
import type { SimulationSummary } from "../report/types";

const open = (wei: string) => Number(formatEther(wei)).toFixed(4);

export async function writeReports(summary: SimulationSummary, outDir: string) {
  await mkdir(outDir, { recursive: true });
  const files = { json: path.join(outDir, "summary.json"), html: path.join(outDir, "report.html") };
  await writeFile(files.json, JSON.stringify(summary, null, 2) + "\n");
  await writeFile(files.html, renderReportHtml(summary));
  return files;
}

export function formatSummary(summary: SimulationSummary): string {
  const lines: string[] = [];
  lines.push(`OpenLedger simulation — scenario ${summary.scenario}, seed ${summary.seed}, network ${summary.network}`);
  lines.push("", "Earnings by role (OPEN)");
  for (const [role, wei] of Object.entries(summary.earningsByRole))
    lines.push(`  ${role.padEnd(18)} ${open(wei).padStart(14)}`);
  lines.push("", "Top contributors (OPEN entitled / claimed)");
  const top = [...summary.contributors].sort((a, b) => (BigInt(b.entitled) > BigInt(a.entitled) ? 1 : -1)).slice(0, 8);
  for (const c of top) {
    lines.push(
      `  ${c.label.padEnd(12)} ${c.kind.padEnd(8)} ${open(c.entitled).padStart(12)} ${open(c.claimed).padStart(12)}  approved ${c.approved}, rejected ${c.rejected}`,
    );
  }
  if (summary.attackers.length > 0) {
    lines.push("", "Attackers");
    for (const a of summary.attackers) {
      const versus = a.imitated ? ` vs ${a.imitated} ${open(a.imitatedEarned ?? "0")}` : "";
      lines.push(
        `  ${a.scenario.padEnd(9)} ${a.attacker.padEnd(36)} earned ${open(a.earned)}${versus} — ${a.expectation}: ${a.met ? "met" : "NOT MET"}`,
      );
    }
  }
  if (summary.proposals.length > 0) {
    lines.push("", "Governance (votes in OPEN)");
    for (const p of summary.proposals) {
      lines.push(`  ${p.state.padEnd(9)} ${p.description}`);
      for (const c of p.changes) lines.push(`    ${c.parameter}: ${c.before} → ${c.after}`);
      const { for: yes, against, abstain } = p.votes;
      lines.push(`    for ${open(yes)}, against ${open(against)}, abstain ${open(abstain)}; quorum ${open(p.quorum)}`);
    }
  }
  lines.push("", "Gas per operation (mean / max, count)");
  for (const g of summary.gas)
    lines.push(
      `  ${g.operation.padEnd(24)} ${Math.round(g.mean).toString().padStart(9)} ${g.max.toString().padStart(9)}  ×${g.count}`,
    );
  lines.push("", `Audit: ${summary.audit.ok ? "PASSED" : "FAILED"}`);
  for (const c of summary.audit.checks) lines.push(`  [${c.ok ? "ok" : "FAIL"}] ${c.name}: ${c.detail}`);
  return lines.join("\n");
}
