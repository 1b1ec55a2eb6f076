// The steer scenario: logging copies of one's own data as paid outputs earns no more than logging nothing.
import { expect } from "chai";
import { CHECKS } from "../../../src/sim/audit";
import { BASE_CHECKS, runScenario } from "./helpers";

describe("scenario steer", function () {
  it("pays the contributor who logged chosen outputs no more than the same payments unlogged", async function () {
    const summary = await runScenario("steer", [...BASE_CHECKS, CHECKS.counterfactual]);
    const [outcome] = summary.attackers;
    expect(outcome.scenario).to.equal("steer");
    expect(BigInt(outcome.earned) <= BigInt(outcome.imitatedEarned!)).to.equal(true);
  });
});
