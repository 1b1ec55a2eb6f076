// The frontrun-payments scenario: a squatter and a batch griefer race their victims and change nothing for them.
import { expect } from "chai";
import { BASE_CHECKS, runScenario } from "./helpers";

describe("scenario frontrun-payments", function () {
  it("lets the victim's payment and the claim batch through although each attacker was mined first", async function () {
    const summary = await runScenario("frontrun-payments", BASE_CHECKS);
    const outcomes = summary.attackers.map((a) => [a.attacker, a.met, a.earned]);
    expect(outcomes).to.deep.equal([
      ["inference id squatter", true, "0"],
      ["claim batch griefer", true, "0"],
    ]);
    expect(summary.attackers.map((a) => a.note)).to.deep.equal([
      "attacker first: true; victim paid: true",
      "attacker first: true; skipped: 2",
    ]);
  });
});
