// The inflate scenario: a file declared 2^64 − 1 bytes long earns no more than the same file with its real size.
import { expect } from "chai";
import { CHECKS } from "../../../src/sim/audit";
import { BASE_CHECKS, runScenario } from "./helpers";

describe("scenario inflate", function () {
  it("pays the contributor who declared 2^64 − 1 bytes nothing, and no more than its real size would", async function () {
    const summary = await runScenario("inflate", [...BASE_CHECKS, CHECKS.counterfactual]);
    const [outcome] = summary.attackers;
    expect(outcome.scenario).to.equal("inflate");
    expect(outcome.earned).to.equal("0");
    expect(BigInt(outcome.imitatedEarned!) > 0n, "the honest file earns").to.equal(true);
  });
});
