// The challenge scenario: a root that pays the attributor is verified, challenged, upheld by a vote and slashed; the
// corrected root pays every contributor what the honest run pays.
import { expect } from "chai";
import { ethers } from "ethers";
import { CHALLENGE_DEFAULTS } from "../../../src/gov/parameters";
import type { SimulationSummary } from "../../../src/report/types";
import { CHECKS } from "../../../src/sim/audit";
import { BASE_CHECKS, runScenario } from "./helpers";

describe("scenario challenge", function () {
  let summary: SimulationSummary;
  before(async function () {
    summary = await runScenario("challenge", [
      ...BASE_CHECKS,
      CHECKS.attemptsRefused,
      CHECKS.counterfactual,
      CHECKS.paidAsHonest,
    ]);
  });

  it("leaves the attributor who posted a root paying itself with less than it staked, and nobody short", function () {
    const [outcome] = summary.attackers;
    expect(summary.attackers).to.have.length(1);
    expect(outcome.scenario).to.equal("challenge");
    expect(outcome.met, outcome.note).to.equal(true);
    // Half of the twice-the-minimum stake is slashed; honest, the same attributor loses nothing.
    expect(outcome.earned).to.equal((-CHALLENGE_DEFAULTS.minAttributorStake).toString());
    expect(outcome.imitatedEarned).to.equal("0");
    expect(outcome.note).to.match(/moved [1-9][\d.]* OPEN to itself/);
    expect(outcome.note).to.include("the corrected root of epoch 3 verified clean");
    expect(outcome.note).to.include("0 contributors short");
    for (const c of summary.contributors) expect(c.claimed, c.label).to.equal(c.entitled);
  });

  it("upholds the challenge through a passed proposal that revokes the root and slashes the stake", function () {
    expect(summary.proposals.map((p) => p.state)).to.deep.equal(["Executed", "Executed"]);
    const resolution = summary.proposals[1];
    expect(resolution.description).to.match(/^Uphold challenge 1 of the root of epoch 2 \(evidence: openledger-store:/);
    expect(resolution.actions).to.deep.equal(["challenges.resolveChallenge(1, true)"]);
    const half = ethers.formatEther(CHALLENGE_DEFAULTS.minAttributorStake);
    expect(resolution.changes).to.deep.equal([
      { parameter: "RootChallenges.challenge 1", before: "Open", after: "Upheld" },
      { parameter: "AttributionRewards.epoch 2", before: "pending", after: "revoked" },
      {
        parameter: "RootChallenges.attributor stake",
        before: `${ethers.formatEther(2n * CHALLENGE_DEFAULTS.minAttributorStake)} OPEN`,
        after: `${half} OPEN`,
      },
    ]);
  });

  it("refuses the attributor's claim from its own root while the challenge holds it, and books every step's gas", function () {
    const check = summary.audit.checks.find((c) => c.name === CHECKS.attemptsRefused)!;
    expect(check.detail).to.match(/^claim from the root it posted, while challenged: InvalidProof\(/);
    expect(summary.gas.map((g) => g.operation)).to.include.members([
      "challenges.stake",
      "challenges.challengeRoot",
      "challenges.withdraw",
      "governor.execute",
    ]);
    // The stolen root and the two honest ones (the first epoch's and the corrected one) were posted.
    expect(summary.gas.find((g) => g.operation === "rewards.postRoot")!.count).to.equal(3);
    const balance = summary.audit.checks.find((c) => c.name === CHECKS.challengesBalance)!;
    // The watcher withdrew its bond and half the slash; the treasury is still owed the other half.
    expect(balance.detail).to.match(/staked 100000\.0 by 1 attributors, bonded 0\.0 in 1 challenges, owed 50000\.0$/);
  });
});
