// The honest scenario: the economy alone passes the base checks, passes its governance vote and reports no attacker.
import { expect } from "chai";
import { DEFAULT_CHALLENGE_WINDOW } from "../../../src/gov/parameters";
import type { SimulationSummary } from "../../../src/report/types";
import { BASE_CHECKS, runScenario } from "./helpers";

/** EpochRoots' MIN_CHALLENGE_WINDOW, in seconds: what the run's vote sets. */
const MIN_CHALLENGE_WINDOW = 60 * 60;

describe("scenario honest", function () {
  let summary: SimulationSummary;
  before(async function () {
    summary = await runScenario("honest", BASE_CHECKS);
  });

  it("runs with every OPEN accounted for, no attacker, and writes both reports", function () {
    expect(summary.attackers).to.deep.equal([]);
    expect(summary.contributors.every((c) => c.kind === "honest")).to.equal(true);
    // Every operation the run sent is in the gas table, the model registration and the vote included.
    expect(summary.gas.map((g) => g.operation)).to.include.members([
      "datanet.create",
      "datanet.contribute",
      "models.register",
      "agents.register",
      "rewards.pay",
      "rewards.postRoot",
      "rewards.claimMany",
      "token.delegate",
      "governor.propose",
      "governor.castVote",
      "governor.queue",
      "governor.execute",
    ]);
  });

  it("passes a governance vote that sets the challenge window, and reports what it changed and how it was voted", function () {
    expect(summary.proposals).to.have.length(1);
    const [proposal] = summary.proposals;
    expect(proposal.state).to.equal("Executed");
    expect(proposal.actions).to.deep.equal([`AttributionRewards.setChallengeWindow(${MIN_CHALLENGE_WINDOW})`]);
    expect(proposal.changes).to.deep.equal([
      {
        parameter: "AttributionRewards.challengeWindow",
        before: `${DEFAULT_CHALLENGE_WINDOW} s`,
        after: `${MIN_CHALLENGE_WINDOW} s`,
      },
    ]);
    expect(BigInt(proposal.quorum) > 0n, "the quorum is known once voting started").to.equal(true);
    expect(BigInt(proposal.votes.for) >= BigInt(proposal.quorum), "For reached the quorum").to.equal(true);
    expect([proposal.votes.against, proposal.votes.abstain]).to.deep.equal(["0", "0"]);
  });
});
