// bench:fidelity on a small configuration: the report has every metric, each a fraction, and the table shows them.
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import hre from "hardhat";
import { METRICS } from "../../src/bench/fidelity";

describe("bench:fidelity", function () {
  this.timeout(120_000);

  it("measures every metric on every domain, writes them as JSON and prints them as a table", async function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fidelity-"));
    const out = path.join(dir, "fidelity.json");
    const printed: string[] = [];
    const log = console.log;
    console.log = (...values: unknown[]) => printed.push(values.map(String).join(" "));
    try {
      await hre.run("bench:fidelity", { out, corpusFiles: 12, heldOutFiles: 6, outputs: 2, outputTokens: 60 });
    } finally {
      console.log = log;
    }
    const report = JSON.parse(fs.readFileSync(out, "utf8"));
    expect(report.domains.map((d: { name: string }) => d.name)).to.deep.equal(["solidity", "markdown", "c"]);
    for (const domain of report.domains) {
      expect(domain.corpusFiles).to.be.at.least(2);
      expect(domain.heldOutFiles).to.be.at.least(2);
      expect(domain.chanceSpanTokens).to.be.a("number").at.least(1);
    }
    const names = Object.keys(METRICS);
    expect(Object.keys(report.metrics)).to.have.members(names);
    for (const metrics of [report.metrics, ...Object.values(report.perDomain)] as Record<string, number>[]) {
      for (const name of names) expect(metrics[name], name).to.be.a("number").within(0, 1);
    }
    for (const [name, met] of Object.entries(report.met)) {
      expect(METRICS[name as keyof typeof METRICS].goal, name).to.not.equal("");
      expect(met).to.be.a("boolean");
    }
    expect(report.memory.arrayBytesPerToken).to.be.greaterThan(0);
    const table = printed.join("\n");
    for (const { row } of Object.values(METRICS)) expect(table).to.include(row);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("stops with an error naming an argument that is out of range", async function () {
    await expect(
      hre.run("bench:fidelity", { outputs: 0, out: path.join(os.tmpdir(), "never.json") }),
    ).to.be.rejectedWith(/outputs must be an integer of at least 2/);
  });
});
