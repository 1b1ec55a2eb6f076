// The frontrun scenario: a copier outbidding a reveal keeps nothing and takes no authorship; a spammer racing a
// reject with a withdrawal is refused and slashed; a squatter and a batch griefer, mined first, change nothing for
// their victims; the audit passes.
import { expect } from "chai";
import { DATANET_PARTS, composeFrontrun } from "../../../src/sim/scenarios/frontrun";
import { BASE_CHECKS, runScenario } from "./helpers";

describe("scenario frontrun", function () {
  it("keeps authorship with the committer and slashes the spammer who raced the reject", async function () {
    const summary = await runScenario("frontrun", [...BASE_CHECKS]);
    const copier = summary.attackers.find((a) => a.attacker === "copier outbidding a reveal")!;
    expect(copier.earned).to.equal("0");
    expect(copier.note).to.equal("hash held by the committer");
    const dodger = summary.attackers.find((a) => a.attacker === "spammer withdrawing ahead of a reject")!;
    expect(dodger.earned).to.equal("0");
    expect(dodger.note).to.equal("withdrawal reverted (ReviewPending)");
    const committer = summary.contributors.find((c) => c.label === "committer")!;
    expect(committer.approved).to.equal(1);
    for (const label of ["copier", "dodger"]) {
      expect(summary.contributors.find((c) => c.label === label)!.entitled).to.equal("0");
    }
    expect(BigInt(summary.earningsByRole.burnedByRejections)).to.be.greaterThan(0n);
    const payments = summary.attackers.filter((a) =>
      ["inference id squatter", "claim batch griefer"].includes(a.attacker),
    );
    expect(payments.map((a) => [a.attacker, a.met, a.earned, a.note])).to.deep.equal([
      ["inference id squatter", true, "0", "attacker first: true; victim paid: true"],
      ["claim batch griefer", true, "0", "attacker first: true; skipped: 2"],
    ]);
    expect(summary.attackers.every((a) => a.met)).to.equal(true);
  });

  it("composes its parts: each part's hooks run in order and its outcomes are reported", async function () {
    const ran: string[] = [];
    const part = (name: string) => ({
      afterContribute: async () => void ran.push(`${name}.afterContribute`),
      afterSettle: async () => void ran.push(`${name}.afterSettle`),
      outcomes: () => [{ scenario: "frontrun", attacker: name, earned: "0", expectation: "", met: true }],
    });
    const composed = composeFrontrun("x", "y", [part("a"), part("b")]);
    await composed.afterContribute!({} as never);
    await composed.afterSettle!({} as never, { epoch: 1, proofs: {} as never });
    await composed.beforeSettle!({} as never, 1);
    expect(ran).to.deep.equal(["a.afterContribute", "b.afterContribute", "a.afterSettle", "b.afterSettle"]);
    expect(composed.outcomes!({} as never).map((o) => o.attacker)).to.deep.equal(["a", "b"]);
    expect(DATANET_PARTS).to.have.length(2);
  });
});
