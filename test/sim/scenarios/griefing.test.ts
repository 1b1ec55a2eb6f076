// The griefing scenario: every call that would break the books is refused with its custom error and moves nothing.
import { expect } from "chai";
import { CHECKS } from "../../../src/sim/audit";
import { BASE_CHECKS, runScenario } from "./helpers";

describe("scenario griefing", function () {
  it("refuses each of the four attempts with the custom error it names", async function () {
    const summary = await runScenario("griefing", [...BASE_CHECKS, CHECKS.attemptsRefused]);
    const errors = summary.attackers.map((a) => [a.attacker, a.note?.replace(/\(.*$/, "")]);
    expect(errors).to.deep.equal([
      ["oversized batch (101 contributions)", "BadBatchLength"],
      ["reused inference id", "InferenceAlreadyPaid"],
      ["claim with a bad proof", "InvalidProof"],
      ["claim above the leaf amount", "InvalidProof"],
    ]);
  });
});
