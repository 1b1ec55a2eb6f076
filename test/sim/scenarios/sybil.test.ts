// The sybil scenario: a party's halves from four accounts earn no more than its whole files from one, measured in
// a counterfactual run that passes its own audit.
import { expect } from "chai";
import { CHECKS } from "../../../src/sim/audit";
import { BASE_CHECKS, runScenario } from "./helpers";

describe("scenario sybil", function () {
  it("pays the party's four accounts no more than the one-account counterfactual run pays it", async function () {
    const summary = await runScenario("sybil", [...BASE_CHECKS, CHECKS.counterfactual]);
    expect(summary.contributors.filter((c) => c.kind === "sybil")).to.have.length(4);
    const [party] = summary.attackers;
    expect(party.scenario).to.equal("sybil");
    expect(BigInt(party.earned) <= BigInt(party.imitatedEarned!)).to.equal(true);
  });
});
