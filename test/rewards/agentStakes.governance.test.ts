// A whole agent complaint on the embedded chain after the handover: a payer complains about a paid inference, a
// governance proposal built by src/gov/resolution upholds it, and the agent's stake pays the payer.
import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { deploySuite } from "../../src/chain/deploy";
import { governanceOf } from "../../src/gov/deployment";
import { resolutionCalls, resolutionDescription } from "../../src/gov/resolution";
import { registration } from "../helpers/registry";
import { passAndQueue, waitOutTimelock } from "../governance/fixtures";
import { expectAgentStakesHold } from "../helpers/agentStakes";

const STAKE = ethers.parseEther("5000");
const BOND = ethers.parseEther("100");
const INFERENCE = ethers.id("an inference that did not do what the agent promised");

async function governedWithComplaint() {
  const [whale, agentOwner, payer] = await ethers.getSigners();
  const suite = await deploySuite(hre, { keepDeployerAdmin: false });
  const { token, models, agents, rewards, agentStakes } = suite;
  await token.delegate(whale.address);
  await models.registerModel(registration({ lineage: [] }));
  const modelId = await models.modelCount();
  await agents.connect(agentOwner).registerAgent("ipfs://agent", [modelId], ethers.parseEther("1"));
  const agentId = await agents.agentCount();
  for (const [who, amount] of [
    [agentOwner, STAKE],
    [payer, ethers.parseEther("1000")],
  ] as const) {
    await token.transfer(who.address, amount);
    await token.connect(who).approve(agentStakes, ethers.MaxUint256);
  }
  await agentStakes.connect(agentOwner).stake(agentId, STAKE);
  await token.connect(payer).approve(rewards, ethers.MaxUint256);
  await rewards.connect(payer).payInference(INFERENCE, modelId, agentId, ethers.MaxUint256);
  await agentStakes.connect(payer).complain(agentId, modelId, INFERENCE, BOND, ethers.id("evidence"), "ipfs://e");
  await time.increase(1);
  return { suite, whale, agentOwner, payer, agentId };
}

describe("AgentStakes under governance", function () {
  it("upholds a complaint through a passed proposal: the agent's stake slashed, the payer paid", async function () {
    const { suite, whale, payer, agentId } = await loadFixture(governedWithComplaint);
    const { agentStakes, governor, token } = suite;
    const complaint = await agentStakes.getComplaint(1n);

    const calls = resolutionCalls("complaint", 1n, "uphold", (await governanceOf(suite)).names);
    const proposal = {
      ...calls,
      description: resolutionDescription("complaint", 1n, "uphold", agentId, complaint.evidenceURI),
    };
    await passAndQueue(suite, whale, proposal);
    await waitOutTimelock(suite);
    // Still before the deadline: the default vote fits in the default resolution period.
    expect(BigInt(await time.latest())).to.be.lessThan(complaint.deadline);

    const slashed = (STAKE * (await agentStakes.slashBps())) / 10_000n;
    const reward = slashed / 2n;
    const treasury = await suite.rewards.protocolTreasury();
    await expect(governor.execute(calls.targets, calls.values, calls.calldatas, ethers.id(proposal.description)))
      .to.emit(agentStakes, "ComplaintUpheld")
      .withArgs(1n, agentId, BOND, reward, treasury, slashed - reward);
    expect((await agentStakes.stakeOf(agentId)).active).to.equal(STAKE - slashed);
    await expectAgentStakesHold(agentStakes, token);
    await expect(agentStakes.connect(payer).withdraw(payer.address)).to.changeTokenBalance(token, payer, BOND + reward);
  });

  it("refuses a resolution from anyone but the timelock, the deployer included", async function () {
    const { suite, whale } = await loadFixture(governedWithComplaint);
    const { agentStakes } = suite;
    await expect(agentStakes.connect(whale).resolveComplaint(1n, true))
      .to.be.revertedWithCustomError(agentStakes, "AccessControlUnauthorizedAccount")
      .withArgs(whale.address, ethers.id("RESOLVER_ROLE"));
    expect((await agentStakes.getComplaint(1n)).status).to.equal(1n);
  });
});
