// The sybil-feedback scenario: accounts that never paid are refused every feedback, honest payers' feedback counts,
// and the audit (money untouched by feedback) passes.
import { expect } from "chai";
import { CHECKS } from "../../../src/sim/audit";
import { BASE_CHECKS, runScenario } from "./helpers";

describe("scenario sybil-feedback", function () {
  it("refuses every feedback from accounts that never paid and leaves the summaries to the honest payers", async function () {
    const summary = await runScenario("sybil-feedback", [...BASE_CHECKS, CHECKS.attemptsRefused]);
    const [outcome] = summary.attackers.filter((a) => a.scenario === "sybil-feedback");
    expect(outcome.earned).to.equal("0");
    expect(BigInt(outcome.imitatedEarned!) > 0n).to.equal(true);
    expect(outcome.met).to.equal(true);
  });
});
