// Governance operations: each step of a proposal's life through src/gov, returned with the receipts it sent.
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { deploySuite } from "../../src/chain/deploy";
import { encodeActions } from "../../src/gov/actions";
import { governanceOf } from "../../src/gov/deployment";
import { castVote, delegateVotes, executeProposal, proposeCalls, queueProposal } from "../../src/ops/governance";

async function suiteWithVotes() {
  const [whale] = await ethers.getSigners();
  const suite = await deploySuite(hre);
  const delegated = await delegateVotes(suite.token, whale);
  await time.increase(1);
  return { suite, whale, delegated, gov: await governanceOf(suite) };
}

describe("governance operations", function () {
  it("delegates the signer's votes to itself by default, returning the delegation's receipt", async function () {
    const { suite, whale, delegated } = await loadFixture(suiteWithVotes);
    expect(delegated.transactions).to.have.length(1);
    expect(delegated.transactions[0].status).to.equal(1);
    expect(await suite.token.delegates(whale.address)).to.equal(whale.address);
    expect(await suite.token.getVotes(whale.address)).to.equal(await suite.token.balanceOf(whale.address));
  });

  it("takes a proposal from propose to execute, each step with its receipt, and the call takes effect", async function () {
    const { suite, whale, gov } = await loadFixture(suiteWithVotes);
    const { governor, timelock, rewards } = suite;
    const calls = encodeActions(
      [{ target: "AttributionRewards", signature: "setChallengeWindow(uint64)", args: ["7200"] }],
      gov.names,
    );
    const proposed = await proposeCalls(gov, whale, calls, "Set the challenge window to two hours");
    await time.increase((await governor.votingDelay()) + 1n);
    const voted = await castVote(gov, whale, proposed.id, "for");
    expect(voted.weight).to.equal(await suite.token.getVotes(whale.address));
    await time.increase(await governor.votingPeriod());
    const queued = await queueProposal(gov, whale, proposed.id);
    expect(queued.eta.getTime()).to.equal(Number(await governor.proposalEta(proposed.id)) * 1000);
    await time.increase(await timelock.getMinDelay());
    const executed = await executeProposal(gov, whale, proposed.id);

    for (const step of [proposed, voted, queued, executed]) {
      expect(step.transactions).to.have.length(1);
      expect(step.transactions[0].gasUsed > 0n).to.equal(true);
    }
    expect(proposed.transactions[0].logs.map((log) => governor.interface.parseLog(log)?.name)).to.include(
      "ProposalCreated",
    );
    expect(await rewards.challengeWindow()).to.equal(7200n);
    expect(await governor.state(proposed.id)).to.equal(7n); // Executed
  });
});
