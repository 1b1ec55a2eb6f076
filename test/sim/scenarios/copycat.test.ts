// The copycat scenario: a light edit or a disguised copy of an honest author's file earns at most a tenth of what
// the author earns.
import { expect } from "chai";
import { BASE_CHECKS, runScenario } from "./helpers";

describe("scenario copycat", function () {
  it("pays each copycat, the disguised one too, at most 10% of the author it imitated", async function () {
    const summary = await runScenario("copycat", BASE_CHECKS);
    const cats = summary.attackers.filter((a) => a.scenario === "copycat");
    expect(cats.map((c) => c.attacker)).to.deep.equal(["copycat1", "copycat2", "copycat3"]);
    for (const cat of cats) {
      expect(cat.imitated).to.match(/^c\d+$/);
      expect(BigInt(cat.earned) * 10n <= BigInt(cat.imitatedEarned!), cat.attacker).to.equal(true);
      expect(cat.met, cat.attacker).to.equal(true);
      expect(cat.note, `${cat.attacker} is caught by the copy check`).to.match(/^copy: /);
    }
  });
});
