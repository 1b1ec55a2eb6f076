// The scenario table is the one list: the task's help and validation read it, and a name not in it is refused.
import { expect } from "chai";
import hre from "hardhat";
import { SCENARIOS, SCENARIO_NAMES, scenarioNamed } from "../../../src/sim/scenarios";

describe("scenario table", function () {
  it("holds the ten scenarios under distinct names, each with a description", function () {
    expect(SCENARIO_NAMES).to.deep.equal([
      "honest",
      "spam",
      "copycat",
      "sybil",
      "griefing",
      "frontrun",
      "inflate",
      "steer",
      "flood",
      "challenge",
      "sybil-feedback",
    ]);
    for (const scenario of SCENARIOS) expect(scenario.description, scenario.name).to.not.equal("");
  });

  it("is what the simulate task's --scenario help lists", function () {
    const param = hre.tasks["simulate"].paramDefinitions["scenario"];
    expect(param.description).to.equal(SCENARIO_NAMES.join(" | "));
  });

  it("refuses a name it does not hold, listing the ones it does", function () {
    expect(() => scenarioNamed("chaos")).to.throw(
      'unknown scenario "chaos": one of honest, spam, copycat, sybil, griefing, frontrun, inflate, steer, flood, challenge, sybil-feedback',
    );
  });
});
