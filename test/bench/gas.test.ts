// The gas benchmark on a tiny configuration: every measurement is there, and a payment's gas ignores datanet size.
import { expect } from "chai";
import hre from "hardhat";
import { expectedKeys, reportJson, runGasBench } from "../../src/bench/gas";

describe("gas benchmark", function () {
  const options = { maxLeaves: 1_000, contributors: [10, 100] as const };

  it("measures every expected transaction with a positive gas, and payments cost the same for 10 or 100 contributions", async function () {
    const report = await runGasBench(hre, options);
    const keys = expectedKeys(options);
    expect(keys).to.include.members(["rewards.claim.1e1", "rewards.claim.1e3", "rewards.pay.contributors1e2"]);
    expect(keys).to.not.include("rewards.claim.1e5");
    expect(Object.keys(report.gas)).to.deep.equal(keys);
    for (const key of keys) expect(report.gas[key], key).to.be.a("number").and.greaterThan(0);

    const smallPay = report.gas["rewards.pay.contributors1e1"];
    const largePay = report.gas["rewards.pay.contributors1e2"];
    expect(Math.abs(largePay - smallPay)).to.be.at.most(smallPay * 0.05);
    // A proof for 1,000 leaves is longer than for 10, so the claim costs more.
    expect(report.gas["rewards.claim.1e3"]).to.be.greaterThan(report.gas["rewards.claim.1e1"]);

    const written = JSON.parse(reportJson(report));
    expect(written.meta.network).to.equal("hardhat");
    expect(written.meta.solc).to.equal("0.8.30");
    expect(written["token.transfer"]).to.equal(report.gas["token.transfer"]);
  });
});
