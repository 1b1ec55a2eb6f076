// The copycat scenario: a light edit of an honest author's file earns at most a tenth of what the author earns.
import { expect } from "chai";
import { BASE_CHECKS, runScenario } from "./helpers";

describe("scenario copycat", function () {
  it("pays each copycat at most 10% of the author it imitated", async function () {
    const summary = await runScenario("copycat", BASE_CHECKS);
    const cats = summary.attackers.filter((a) => a.scenario === "copycat");
    expect(cats).to.have.length(2);
    for (const cat of cats) {
      expect(cat.imitated).to.match(/^c\d+$/);
      expect(BigInt(cat.earned) * 10n <= BigInt(cat.imitatedEarned!)).to.equal(true);
    }
  });
});
