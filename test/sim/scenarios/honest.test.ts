// The honest scenario: the economy alone passes the six base checks and reports no attacker.
import { expect } from "chai";
import { BASE_CHECKS, runScenario } from "./helpers";

describe("scenario honest", function () {
  it("runs with every OPEN accounted for, no attacker, and writes both reports", async function () {
    const summary = await runScenario("honest", BASE_CHECKS);
    expect(summary.attackers).to.deep.equal([]);
    expect(summary.contributors.every((c) => c.kind === "honest")).to.equal(true);
    // Every operation the run sent is in the gas table, the model registration included.
    expect(summary.gas.map((g) => g.operation)).to.include.members([
      "datanet.create",
      "datanet.contribute",
      "models.register",
      "agents.register",
      "rewards.pay",
      "rewards.postRoot",
      "rewards.claimMany",
    ]);
  });
});
