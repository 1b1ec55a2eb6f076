// Governance inside a run: a proposal passed through the Governor and the timelock, booked and recorded for the report.
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { deploySuite } from "../../src/chain/deploy";
import { delegateVotes } from "../../src/ops/governance";
import { passProposal } from "../../src/sim/governance";
import type { SimState } from "../../src/sim/state";

/** The parts of a run's state a proposal uses: the suite, the deployer who votes, the clock, the ledger, the record. */
async function governedState(): Promise<SimState> {
  const [deployer] = await ethers.getSigners();
  const suite = await deploySuite(hre);
  await delegateVotes(suite.token, deployer);
  await time.increase(1);
  return { hre, suite, deployer, gas: new Map(), proposals: [] } as unknown as SimState;
}

const sharesOf = async (state: SimState) => {
  const s = await state.suite.rewards.shares();
  return `${s.protocolBps}/${s.agentOwnerBps}/${s.modelOwnerBps}/${s.dataPoolBps}`;
};

describe("passProposal", function () {
  it("executes the proposal, records its calls, what changed and its votes, and books each step's gas", async function () {
    const state = await loadFixture(governedState);
    const before = await sharesOf(state);
    const summary = await passProposal(state, {
      actions: [
        {
          target: "AttributionRewards",
          signature: "setShares((uint16,uint16,uint16,uint16))",
          args: [["500", "1500", "3000", "5000"]],
        },
      ],
      description: "Set the shares to 5/15/30/50 percent",
      read: async () => ({ "AttributionRewards.shares": await sharesOf(state) }),
    });

    expect(await sharesOf(state)).to.equal("500/1500/3000/5000");
    expect(summary.state).to.equal("Executed");
    expect(summary.actions).to.deep.equal(["AttributionRewards.setShares((500, 1500, 3000, 5000))"]);
    expect(summary.changes).to.deep.equal([
      { parameter: "AttributionRewards.shares", before, after: "500/1500/3000/5000" },
    ]);
    const votes = await state.suite.token.getVotes(await state.deployer.getAddress());
    expect(summary.votes).to.deep.equal({ for: votes.toString(), against: "0", abstain: "0" });
    expect(BigInt(summary.quorum)).to.equal((votes * 4n) / 100n);
    expect(state.proposals).to.deep.equal([summary]);
    expect([...state.gas.keys()]).to.deep.equal([
      "governor.propose",
      "governor.castVote",
      "governor.queue",
      "governor.execute",
    ]);
    for (const gas of state.gas.values()) expect(gas).to.have.length(1);
  });
});
