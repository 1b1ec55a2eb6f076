// AgentStakes on a token that calls back during transfers: no function that moves OPEN can be reentered.
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { AgentStakes__factory, ReentrantToken__factory } from "../../typechain-types";
import { AGENT, MODEL } from "../helpers/rewards";
import { EVIDENCE_HASH, EVIDENCE_URI, PAID, deployAgentStakes } from "../helpers/agentStakes";

async function onReentrantToken() {
  const ctx = await deployAgentStakes();
  const { deployer, rewards, admin, resolver, agentOwner } = ctx;
  const token = await new ReentrantToken__factory(deployer).deploy();
  const stakes = await new AgentStakes__factory(deployer).deploy(token, rewards, admin, resolver);
  await token.mint(agentOwner.address, ethers.parseEther("1000"));
  await token.connect(agentOwner).approve(stakes, ethers.MaxUint256);
  return { ...ctx, token, stakes };
}

describe("AgentStakes: reentrancy", function () {
  const calls: [string, unknown[]][] = [
    ["stake", [AGENT, 1n]],
    ["completeUnstake", [AGENT]],
    ["complain", [AGENT, MODEL, PAID[0], 1n, EVIDENCE_HASH, EVIDENCE_URI]],
    ["resolveComplaint", [1n, true]],
    ["expireComplaint", [1n]],
    ["withdraw", [ethers.ZeroAddress]],
  ];
  for (const [name, args] of calls) {
    it(`refuses ${name} reentered from a transfer, and the outer call completes`, async function () {
      const { token, stakes, agentOwner } = await loadFixture(onReentrantToken);
      await token.arm(stakes, stakes.interface.encodeFunctionData(name as "stake", args as [bigint, bigint]));
      await stakes.connect(agentOwner).stake(AGENT, ethers.parseEther("1"));
      expect(await token.attempted()).to.equal(true);
      expect(await token.reentrySucceeded()).to.equal(false);
      expect(stakes.interface.parseError(await token.reentryError())?.name).to.equal("ReentrancyGuardReentrantCall");
      expect((await stakes.stakeOf(AGENT)).active).to.equal(ethers.parseEther("1"));
      expect(await token.balanceOf(stakes)).to.equal(await stakes.totalStaked());
    });
  }
});
