// The spam scenario: junk earns nothing and is rejected, and the duplicate submission is refused on-chain.
import { expect } from "chai";
import { CHECKS } from "../../../src/sim/audit";
import { BASE_CHECKS, runScenario } from "./helpers";

describe("scenario spam", function () {
  it("rejects the spammer's junk, pays it nothing, and refuses its duplicate with DuplicateContent", async function () {
    const summary = await runScenario("spam", [...BASE_CHECKS, CHECKS.attemptsRefused]);
    const spammer = summary.contributors.find((c) => c.kind === "spam")!;
    expect(spammer.entitled).to.equal("0");
    expect(spammer.approved).to.equal(0);
    expect(spammer.rejected).to.equal(3);
    const duplicate = summary.attackers.find((a) => a.attacker === "duplicate content hash")!;
    expect(duplicate.note).to.match(/^DuplicateContent\(/);
  });
});
