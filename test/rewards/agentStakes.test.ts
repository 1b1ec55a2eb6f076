// AgentStakes: an agent's owner locks OPEN for the agent, payments through an agent below the minimum are refused,
// and the stake comes back after a request and a delay, to whoever owns the agent then.
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { AgentStakes__factory, FeeOnTransferToken__factory } from "../../typechain-types";
import { expectUnchanged } from "../helpers/snapshot";
import { AGENT, MODEL, NO_AGENT, inferenceId } from "../helpers/rewards";
import {
  AGENT_STAKE,
  deployAgentStakes,
  deployAgentStakesContract,
  deployWithComplaint,
  expectAgentStakesHold,
  stateOf,
} from "../helpers/agentStakes";

describe("AgentStakes: agent stakes", function () {
  /** Whose state every refusal below must leave as it was. */
  const PARTIES = ["agentOwner", "payer", "buyer", "treasury"] as const;

  describe("deployment", function () {
    it("reads the agent registry from the rewards contract and starts with no minimum", async function () {
      const { stakes, rewards, agents, token } = await loadFixture(deployAgentStakes);
      expect(await stakes.agents()).to.equal(await agents.getAddress());
      expect(await stakes.rewards()).to.equal(await rewards.getAddress());
      expect(await stakes.token()).to.equal(await token.getAddress());
      expect(await stakes.minStake()).to.equal(0n);
      expect(await rewards.agentStakes()).to.equal(await stakes.getAddress());
    });

    it("refuses a zero token, rewards, admin or resolver", async function () {
      const { deployer, token, rewards, admin } = await loadFixture(deployAgentStakes);
      const factory = new AgentStakes__factory(deployer);
      const zero = ethers.ZeroAddress;
      const a = admin.address;
      for (const deploy of [
        () => factory.deploy(zero, rewards, a, a),
        () => factory.deploy(token, zero, a, a),
        () => factory.deploy(token, rewards, zero, a),
        () => factory.deploy(token, rewards, a, zero),
      ]) {
        await expect(deploy()).to.be.revertedWithCustomError(factory, "ZeroAddress");
      }
    });
  });

  describe("staking", function () {
    it("locks the owner's OPEN for the agent and emits the agent's new active stake", async function () {
      const { stakes, token, agentOwner } = await loadFixture(deployAgentStakes);
      const amount = ethers.parseEther("7");
      const tx = stakes.connect(agentOwner).stake(AGENT, amount);
      await expect(tx)
        .to.emit(stakes, "AgentStaked")
        .withArgs(AGENT, agentOwner.address, amount, AGENT_STAKE + amount);
      await expect(tx).to.changeTokenBalances(token, [agentOwner, stakes], [-amount, amount]);
      expect((await stakes.stakeOf(AGENT)).active).to.equal(AGENT_STAKE + amount);
      expect(await stakes.totalStaked()).to.equal(AGENT_STAKE + amount);
      await expectAgentStakesHold(stakes, token);
    });

    it("refuses a zero stake, changing nothing", async function () {
      const ctx = await loadFixture(deployAgentStakes);
      await expectUnchanged(stateOf(ctx, PARTIES), () =>
        expect(ctx.stakes.connect(ctx.agentOwner).stake(AGENT, 0n)).to.be.revertedWithCustomError(
          ctx.stakes,
          "ZeroAmount",
        ),
      );
    });

    it("refuses a stake from anyone but the agent's owner, changing nothing", async function () {
      const ctx = await loadFixture(deployAgentStakes);
      await expectUnchanged(stateOf(ctx, PARTIES), () =>
        expect(ctx.stakes.connect(ctx.buyer).stake(AGENT, 1n))
          .to.be.revertedWithCustomError(ctx.stakes, "NotAgentOwner")
          .withArgs(AGENT, ctx.buyer.address),
      );
    });

    it("refuses a stake for an unknown agent, changing nothing", async function () {
      const ctx = await loadFixture(deployAgentStakes);
      for (const agentId of [0n, 2n]) {
        await expectUnchanged(stateOf(ctx, PARTIES), () =>
          expect(ctx.stakes.connect(ctx.agentOwner).stake(agentId, 1n))
            .to.be.revertedWithCustomError(ctx.stakes, "UnknownAgent")
            .withArgs(agentId),
        );
      }
    });

    it("refuses a token that delivers less than was staked", async function () {
      const { deployer, rewards, admin, resolver, agents } = await loadFixture(deployAgentStakes);
      const fot = await new FeeOnTransferToken__factory(deployer).deploy(100);
      const stakes = await deployAgentStakesContract(deployer, fot, rewards, { admin, resolver });
      await agents.setOwner(AGENT, deployer.address);
      await fot.approve(stakes, ethers.MaxUint256);
      const amount = ethers.parseEther("100");
      await expect(stakes.stake(AGENT, amount))
        .to.be.revertedWithCustomError(stakes, "UnexpectedAmountReceived")
        .withArgs(amount, amount - amount / 100n);
    });
  });

  describe("the minimum to be paid through", function () {
    it("refuses a payment through an agent below the minimum, naming it, its stake and the minimum, moving nothing", async function () {
      const ctx = await loadFixture(deployAgentStakes);
      const { stakes, rewards, admin, payer } = ctx;
      const minimum = AGENT_STAKE + 1n;
      await stakes.connect(admin).setMinStake(minimum);
      await expectUnchanged(stateOf(ctx, PARTIES), () =>
        expect(rewards.connect(payer).payInference(inferenceId(), MODEL, AGENT, ethers.MaxUint256))
          .to.be.revertedWithCustomError(stakes, "AgentStakeBelowMinimum")
          .withArgs(AGENT, AGENT_STAKE, minimum),
      );
      await expect(rewards.quote(MODEL, AGENT)).to.be.revertedWithCustomError(stakes, "AgentStakeBelowMinimum");
    });

    it("pays through an agent that stakes exactly the minimum, and without an agent whatever the minimum", async function () {
      const { stakes, rewards, admin, payer } = await loadFixture(deployAgentStakes);
      await stakes.connect(admin).setMinStake(AGENT_STAKE);
      await expect(rewards.connect(payer).payInference(inferenceId(), MODEL, AGENT, ethers.MaxUint256)).to.emit(
        rewards,
        "InferencePaid",
      );
      await stakes.connect(admin).setMinStake(await stakes.MAX_MIN_AGENT_STAKE());
      await expect(rewards.connect(payer).payInference(inferenceId(), MODEL, NO_AGENT, ethers.MaxUint256)).to.emit(
        rewards,
        "InferencePaid",
      );
    });

    it("counts only the active stake: an agent that asked for its stake back falls below the minimum", async function () {
      const { stakes, admin, agentOwner } = await loadFixture(deployAgentStakes);
      await stakes.connect(admin).setMinStake(AGENT_STAKE);
      await stakes.connect(agentOwner).requestUnstake(AGENT, 1n);
      await expect(stakes.checkStake(AGENT))
        .to.be.revertedWithCustomError(stakes, "AgentStakeBelowMinimum")
        .withArgs(AGENT, AGENT_STAKE - 1n, AGENT_STAKE);
    });

    it("stops checking once governance unsets the stakes contract", async function () {
      const { stakes, rewards, admin, payer } = await loadFixture(deployAgentStakes);
      await stakes.connect(admin).setMinStake(AGENT_STAKE + 1n);
      await expect(rewards.connect(admin).setAgentStakes(ethers.ZeroAddress))
        .to.emit(rewards, "AgentStakesSet")
        .withArgs(ethers.ZeroAddress);
      await expect(rewards.connect(payer).payInference(inferenceId(), MODEL, AGENT, ethers.MaxUint256)).to.emit(
        rewards,
        "InferencePaid",
      );
    });

    it("lets only the rewards admin set the stakes contract", async function () {
      const { rewards, stakes, payer } = await loadFixture(deployAgentStakes);
      await expect(rewards.connect(payer).setAgentStakes(stakes)).to.be.revertedWithCustomError(
        rewards,
        "AccessControlUnauthorizedAccount",
      );
    });
  });

  describe("unstaking", function () {
    it("waits a resolution period plus the complaint notice", async function () {
      const { stakes } = await loadFixture(deployAgentStakes);
      expect(await stakes.unstakeDelay()).to.equal(
        (await stakes.resolutionPeriod()) + (await stakes.COMPLAINT_NOTICE()),
      );
    });

    it("moves the amount to unstaking, then pays it to the owner after the delay", async function () {
      const { stakes, token, agentOwner } = await loadFixture(deployAgentStakes);
      const amount = ethers.parseEther("2000");
      const request = await stakes.connect(agentOwner).requestUnstake(AGENT, amount);
      const unlockAt = BigInt((await request.getBlock())!.timestamp) + (await stakes.unstakeDelay());
      await expect(request).to.emit(stakes, "AgentUnstakeRequested").withArgs(AGENT, amount, amount, unlockAt);
      expect(await stakes.stakeOf(AGENT)).to.deep.equal([AGENT_STAKE - amount, amount, unlockAt]);
      await time.increaseTo(unlockAt);
      const tx = stakes.connect(agentOwner).completeUnstake(AGENT);
      await expect(tx).to.emit(stakes, "AgentUnstaked").withArgs(AGENT, agentOwner.address, amount);
      await expect(tx).to.changeTokenBalances(token, [stakes, agentOwner], [-amount, amount]);
      expect(await stakes.stakeOf(AGENT)).to.deep.equal([AGENT_STAKE - amount, 0n, 0n]);
      expect(await stakes.totalStaked()).to.equal(AGENT_STAKE - amount);
      await expectAgentStakesHold(stakes, token);
    });

    it("refuses a zero request or one above the active stake, changing nothing", async function () {
      const ctx = await loadFixture(deployAgentStakes);
      const owner = ctx.stakes.connect(ctx.agentOwner);
      await expectUnchanged(stateOf(ctx, PARTIES), () =>
        expect(owner.requestUnstake(AGENT, 0n)).to.be.revertedWithCustomError(owner, "ZeroAmount"),
      );
      await expectUnchanged(stateOf(ctx, PARTIES), () =>
        expect(owner.requestUnstake(AGENT, AGENT_STAKE + 1n))
          .to.be.revertedWithCustomError(owner, "UnstakeExceedsStake")
          .withArgs(AGENT_STAKE + 1n, AGENT_STAKE),
      );
    });

    it("refuses a request or a completion from anyone but the agent's owner, changing nothing", async function () {
      const ctx = await loadFixture(deployAgentStakes);
      const stranger = ctx.stakes.connect(ctx.buyer);
      await expectUnchanged(stateOf(ctx, PARTIES), () =>
        expect(stranger.requestUnstake(AGENT, 1n))
          .to.be.revertedWithCustomError(stranger, "NotAgentOwner")
          .withArgs(AGENT, ctx.buyer.address),
      );
      await expectUnchanged(stateOf(ctx, PARTIES), () =>
        expect(stranger.completeUnstake(AGENT))
          .to.be.revertedWithCustomError(stranger, "NotAgentOwner")
          .withArgs(AGENT, ctx.buyer.address),
      );
    });

    it("refuses to complete without a request, changing nothing", async function () {
      const ctx = await loadFixture(deployAgentStakes);
      await expectUnchanged(stateOf(ctx, PARTIES), () =>
        expect(ctx.stakes.connect(ctx.agentOwner).completeUnstake(AGENT))
          .to.be.revertedWithCustomError(ctx.stakes, "NoAgentUnstakeRequested")
          .withArgs(AGENT),
      );
    });

    it("refuses to complete early, changing nothing", async function () {
      const ctx = await loadFixture(deployAgentStakes);
      const owner = ctx.stakes.connect(ctx.agentOwner);
      await owner.requestUnstake(AGENT, AGENT_STAKE);
      const { unlockAt } = await owner.stakeOf(AGENT);
      await time.increaseTo(unlockAt - 2n);
      await expectUnchanged(stateOf(ctx, PARTIES), () =>
        expect(owner.completeUnstake(AGENT))
          .to.be.revertedWithCustomError(owner, "AgentUnstakeLocked")
          .withArgs(AGENT, unlockAt),
      );
    });

    it("refuses to complete while a complaint against the agent is open, changing nothing", async function () {
      const ctx = await loadFixture(deployWithComplaint);
      const owner = ctx.stakes.connect(ctx.agentOwner);
      await owner.requestUnstake(AGENT, AGENT_STAKE);
      await time.increaseTo((await owner.stakeOf(AGENT)).unlockAt);
      await expectUnchanged(stateOf(ctx, PARTIES), () =>
        expect(owner.completeUnstake(AGENT))
          .to.be.revertedWithCustomError(owner, "AgentStakeInUse")
          .withArgs(AGENT, 1n),
      );
      await ctx.stakes.expireComplaint(ctx.complaintId);
      await expect(owner.completeUnstake(AGENT)).to.emit(owner, "AgentUnstaked");
    });
  });

  describe("a transferred agent", function () {
    it("keeps its stake: the new owner may take it back, the old one no longer can", async function () {
      const { stakes, token, agents, agentOwner, buyer } = await loadFixture(deployAgentStakes);
      await stakes.connect(agentOwner).requestUnstake(AGENT, AGENT_STAKE);
      await agents.setOwner(AGENT, buyer.address);
      await time.increaseTo((await stakes.stakeOf(AGENT)).unlockAt);
      await expect(stakes.connect(agentOwner).completeUnstake(AGENT))
        .to.be.revertedWithCustomError(stakes, "NotAgentOwner")
        .withArgs(AGENT, agentOwner.address);
      await expect(stakes.connect(buyer).completeUnstake(AGENT)).to.changeTokenBalances(
        token,
        [stakes, buyer],
        [-AGENT_STAKE, AGENT_STAKE],
      );
    });
  });
});
