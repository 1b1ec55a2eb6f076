// The flood scenario: 150 one-wei payments add one row per lineage entry to the settlement file, not 150.
import { expect } from "chai";
import { CHECKS } from "../../../src/sim/audit";
import { BASE_CHECKS, runScenario } from "./helpers";

describe("scenario flood", function () {
  it("keeps the settlement file's growth from 150 one-wei payments under a kilobyte", async function () {
    const summary = await runScenario("flood", [...BASE_CHECKS, CHECKS.counterfactual]);
    const [outcome] = summary.attackers;
    expect(outcome.scenario).to.equal("flood");
    expect(outcome.met).to.equal(true);
  });
});
