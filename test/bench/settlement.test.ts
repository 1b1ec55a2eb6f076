// The settlement benchmark at tiny N: every phase timed, the report's shape, and the receipts read back from the node.
import { expect } from "chai";
import hre from "hardhat";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { formatSettlementTable, runSettlementBench, writeSettlementReport } from "../../src/bench/settlement";

describe("bench:settlement", function () {
  it("settles a small synthetic epoch through every phase and reports seconds, memory and the node read", async function () {
    const report = await runSettlementBench(hre, { inferences: 40, contributions: 12, nodeInferences: 3 });
    expect(report).to.include({ inferences: 40, contributionsPerVersion: 12, versions: 1, regenerate: null });
    const phases = ["read", "check", "index", "attribute", "allocate", "tree", "settle", "write", "verifyRead"];
    expect(Object.keys(report.seconds)).to.have.members([...phases, "total"]);
    for (const phase of phases) expect(report.seconds[phase as keyof typeof report.seconds]).to.be.at.least(0);
    const sum = phases.reduce((total, phase) => total + report.seconds[phase as keyof typeof report.seconds], 0);
    expect(report.seconds.total).to.be.closeTo(sum, 1e-9);
    expect(report.chunks).to.be.at.least(3);
    expect(report.settlementBytes).to.be.greaterThan(0);
    expect(report.peakRssMiB).to.be.greaterThan(0);
    expect(report.node).to.include({ network: "hardhat", inferences: 3 });

    const dir = await mkdtemp(path.join(os.tmpdir(), "bench-settlement-test-"));
    try {
      const file = path.join(dir, "reports", "bench-settlement.json");
      await writeSettlementReport(file, report);
      expect(JSON.parse(await readFile(file, "utf8"))).to.deep.equal(report);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    expect(formatSettlementTable(report)).to.match(/^40 inferences, 12 contributions per version\n/);
  });
});
