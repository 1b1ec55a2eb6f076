// Runs one scenario through the simulate task on a small economy and checks what every scenario must hold.
import { expect } from "chai";
import hre from "hardhat";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { dumpDom, findChromium } from "../../../src/report/browser";
import type { SimulationSummary } from "../../../src/report/types";
import { CHECKS } from "../../../src/sim/audit";

export const SMALL = { contributors: 3, files: 1, datanets: 1, models: 1, agents: 1, inferences: 4, epochs: 2 };

/** The checks every run's audit makes, in order; scenarios add theirs after these. */
export const BASE_CHECKS = [
  CHECKS.supply,
  CHECKS.rewardsBalance,
  CHECKS.challengesBalance,
  CHECKS.noOverclaim,
  CHECKS.stakes,
  CHECKS.claimsMatchProofs,
  CHECKS.claimedInFull,
];

/**
 * Runs `scenario` with seed 7 and returns the summary as written to summary.json, having checked that the audit
 * passed with exactly `checks`, that every OPEN of the data pool is someone's entitlement, that both reports were
 * written (and the page renders, where a browser is installed), and that every attacker's expectation was met.
 */
export async function runScenario(scenario: string, checks: readonly string[]): Promise<SimulationSummary> {
  const out = await mkdtemp(path.join(os.tmpdir(), "openledger-sim-test-"));
  try {
    const summary = (await hre.run("simulate", {
      ...SMALL,
      quiet: true,
      seed: "7",
      scenario,
      out,
    })) as SimulationSummary;
    expect(summary.audit.ok, JSON.stringify(summary.audit.checks)).to.equal(true);
    expect(summary.audit.checks.map((c) => c.name)).to.deep.equal(checks);
    const written = JSON.parse(await readFile(path.join(out, "summary.json"), "utf8")) as SimulationSummary;
    expect(written.audit.ok).to.equal(true);
    expect(written.seed).to.equal("7");
    expect(written.epochs).to.have.length(2);
    const dataPool = written.epochs.reduce((sum, e) => sum + BigInt(e.dataPool), 0n);
    const entitled = written.contributors.reduce((sum, c) => sum + BigInt(c.entitled), 0n);
    expect(entitled).to.equal(dataPool);
    expect(await readFile(path.join(out, "report.html"), "utf8")).to.include("OpenLedger simulation report");
    const chromium = findChromium();
    if (chromium) {
      // The page a run writes loads in a browser and draws its charts (the renderer's own test covers CI).
      const dom = await dumpDom(chromium, path.join(out, "report.html"));
      expect(dom).to.include('data-rendered="ok"');
    }
    if (scenario !== "honest") {
      expect(written.attackers.length).to.be.greaterThan(0);
      for (const attacker of written.attackers) expect(attacker.met, attacker.attacker).to.equal(true);
    }
    return written;
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}
