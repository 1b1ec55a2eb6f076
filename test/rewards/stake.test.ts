// AttributorStakes (through RootChallenges): the attributor's stake, the minimum to post a root, unstaking by request
// and delay, and what a slash takes.
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { FeeOnTransferToken__factory } from "../../typechain-types";
import { expectUnchanged } from "../helpers/snapshot";
import {
  BOND,
  EVIDENCE_HASH,
  EVIDENCE_URI,
  MIN_STAKE,
  deployChallenges,
  deployChallengesContract,
  deployWithChallenge,
  deployWithPendingRoot,
  expectHoldsWhatItOwes,
  sampleTree,
  stateOf,
} from "../helpers/challenges";

describe("RootChallenges: attributor stakes", function () {
  /** Whose state every refusal below must leave as it was. */
  const PARTIES = ["attributor", "watcher", "treasury"] as const;

  describe("staking", function () {
    it("locks the OPEN as active stake and emits the new total", async function () {
      const { challenges, token, watcher } = await loadFixture(deployChallenges);
      const amount = ethers.parseEther("5");
      await expect(challenges.connect(watcher).stake(amount))
        .to.emit(challenges, "Staked")
        .withArgs(watcher.address, amount, amount);
      expect((await challenges.stakeOf(watcher.address)).active).to.equal(amount);
      expect(await challenges.totalStaked()).to.equal(MIN_STAKE + amount);
      await expectHoldsWhatItOwes(challenges, token);
    });

    it("refuses a zero stake, changing nothing", async function () {
      const ctx = await loadFixture(deployChallenges);
      await expectUnchanged(stateOf(ctx, PARTIES), () =>
        expect(ctx.challenges.connect(ctx.watcher).stake(0n)).to.be.revertedWithCustomError(
          ctx.challenges,
          "ZeroAmount",
        ),
      );
    });

    it("refuses a token that delivers less than was staked", async function () {
      const { deployer, rewards, admin, resolver } = await loadFixture(deployChallenges);
      const fot = await new FeeOnTransferToken__factory(deployer).deploy(100);
      const challenges = await deployChallengesContract(deployer, fot, rewards, { admin, resolver });
      await fot.approve(challenges, ethers.MaxUint256);
      const amount = ethers.parseEther("100");
      await expect(challenges.stake(amount))
        .to.be.revertedWithCustomError(challenges, "UnexpectedAmountReceived")
        .withArgs(amount, amount - amount / 100n);
    });
  });

  describe("the minimum stake to post", function () {
    it("refuses a root from an attributor below the minimum, changing nothing", async function () {
      const ctx = await loadFixture(deployChallenges);
      const { challenges, rewards, attributor, alice, bob } = ctx;
      await challenges.connect(attributor).requestUnstake(1n);
      const tree = sampleTree({ alice, bob });
      await expectUnchanged(stateOf(ctx, PARTIES), () =>
        expect(rewards.connect(attributor).postRoot(tree.root, tree.total, ethers.id("data"), "ipfs://data"))
          .to.be.revertedWithCustomError(challenges, "StakeBelowMinimum")
          .withArgs(attributor.address, MIN_STAKE - 1n, MIN_STAKE),
      );
    });

    it("records who posted the last root, the only one that can still be challenged", async function () {
      const { challenges, rewards, attributor, epoch, tree, claimableAt } = await loadFixture(deployWithPendingRoot);
      expect(await challenges.posterOf(epoch)).to.equal(attributor.address);
      await time.increaseTo(claimableAt);
      await rewards.connect(attributor).postRoot(tree.root, tree.total, ethers.id("data"), "ipfs://data");
      expect([await challenges.posterOf(epoch), await challenges.posterOf(epoch + 1n)]).to.deep.equal([
        ethers.ZeroAddress,
        attributor.address,
      ]);
    });

    it("takes a root report only from the rewards contract", async function () {
      const ctx = await loadFixture(deployChallenges);
      await expectUnchanged(stateOf(ctx, PARTIES), () =>
        expect(ctx.challenges.connect(ctx.attributor).rootPosted(1n, ctx.attributor.address))
          .to.be.revertedWithCustomError(ctx.challenges, "CallerNotRewards")
          .withArgs(ctx.attributor.address),
      );
    });

    it("lets governance set any minimum up to the cap, zero included, and nothing above", async function () {
      const ctx = await loadFixture(deployChallenges);
      const { challenges, admin } = ctx;
      const cap = await challenges.MAX_MIN_STAKE();
      await expect(challenges.connect(admin).setMinStake(cap)).to.emit(challenges, "MinStakeSet").withArgs(cap);
      await challenges.connect(admin).setMinStake(0n);
      expect(await challenges.minStake()).to.equal(0n);
      await expectUnchanged(stateOf(ctx, PARTIES), () =>
        expect(challenges.connect(admin).setMinStake(cap + 1n))
          .to.be.revertedWithCustomError(challenges, "MinStakeAboveCap")
          .withArgs(cap + 1n, cap),
      );
      await expectUnchanged(stateOf(ctx, PARTIES), () =>
        expect(challenges.connect(ctx.attributor).setMinStake(1n)).to.be.revertedWithCustomError(
          challenges,
          "AccessControlUnauthorizedAccount",
        ),
      );
    });
  });

  describe("unstaking", function () {
    it("waits longer than a challenge window plus a resolution period", async function () {
      const { challenges, rewards } = await loadFixture(deployChallenges);
      const delay = await challenges.unstakeDelay();
      expect(delay).to.equal((await rewards.challengeWindow()) + (await challenges.resolutionPeriod()) + 1n);
    });

    it("moves the amount to unstaking, then pays it back after the delay", async function () {
      const { challenges, token, attributor } = await loadFixture(deployChallenges);
      const amount = ethers.parseEther("40000");
      const delay = await challenges.unstakeDelay();
      const request = await challenges.connect(attributor).requestUnstake(amount);
      const unlockAt = BigInt((await request.getBlock())!.timestamp) + delay;
      await expect(request)
        .to.emit(challenges, "UnstakeRequested")
        .withArgs(attributor.address, amount, amount, unlockAt);
      expect(await challenges.stakeOf(attributor.address)).to.deep.equal([MIN_STAKE - amount, amount, unlockAt]);
      await time.increaseTo(unlockAt);
      await expect(challenges.connect(attributor).completeUnstake()).to.changeTokenBalances(
        token,
        [challenges, attributor],
        [-amount, amount],
      );
      expect(await challenges.stakeOf(attributor.address)).to.deep.equal([MIN_STAKE - amount, 0n, 0n]);
      expect(await challenges.totalStaked()).to.equal(MIN_STAKE - amount);
      await expectHoldsWhatItOwes(challenges, token);
    });

    it("refuses a zero request or one above the active stake, changing nothing", async function () {
      const ctx = await loadFixture(deployChallenges);
      const stakes = ctx.challenges.connect(ctx.attributor);
      await expectUnchanged(stateOf(ctx, PARTIES), () =>
        expect(stakes.requestUnstake(0n)).to.be.revertedWithCustomError(stakes, "ZeroAmount"),
      );
      await expectUnchanged(stateOf(ctx, PARTIES), () =>
        expect(stakes.requestUnstake(MIN_STAKE + 1n))
          .to.be.revertedWithCustomError(stakes, "UnstakeExceedsStake")
          .withArgs(MIN_STAKE + 1n, MIN_STAKE),
      );
    });

    it("refuses to complete without a request, changing nothing", async function () {
      const ctx = await loadFixture(deployChallenges);
      await expectUnchanged(stateOf(ctx, PARTIES), () =>
        expect(ctx.challenges.connect(ctx.watcher).completeUnstake())
          .to.be.revertedWithCustomError(ctx.challenges, "NoUnstakeRequested")
          .withArgs(ctx.watcher.address),
      );
    });

    it("refuses to complete early, changing nothing", async function () {
      const ctx = await loadFixture(deployChallenges);
      const stakes = ctx.challenges.connect(ctx.attributor);
      await stakes.requestUnstake(MIN_STAKE);
      const { unlockAt } = await stakes.stakeOf(ctx.attributor.address);
      await time.increaseTo(unlockAt - 2n);
      await expectUnchanged(stateOf(ctx, PARTIES), () =>
        expect(stakes.completeUnstake())
          .to.be.revertedWithCustomError(stakes, "UnstakeLocked")
          .withArgs(ctx.attributor.address, unlockAt),
      );
    });

    it("refuses to complete while a root the attributor posted is still pending, changing nothing", async function () {
      const ctx = await loadFixture(deployChallenges);
      const { challenges, rewards, attributor, alice, bob } = ctx;
      const stakes = challenges.connect(attributor);
      await stakes.requestUnstake(MIN_STAKE);
      await time.increaseTo((await stakes.stakeOf(attributor.address)).unlockAt);
      // With the minimum lowered to zero the attributor posts with nothing active; its root still pins what it staked.
      await challenges.connect(ctx.admin).setMinStake(0n);
      const tree = sampleTree({ alice, bob });
      await rewards.connect(attributor).postRoot(tree.root, tree.total, ethers.id("data"), "ipfs://data");
      await expectUnchanged(stateOf(ctx, PARTIES), () =>
        expect(stakes.completeUnstake())
          .to.be.revertedWithCustomError(stakes, "StakeInUse")
          .withArgs(attributor.address, 1n, 0n),
      );
      await time.increase(await rewards.challengeWindow());
      await expect(stakes.completeUnstake()).to.emit(stakes, "Unstaked").withArgs(attributor.address, MIN_STAKE);
    });

    it("refuses to complete while a challenge of the attributor's root is open, changing nothing", async function () {
      const ctx = await loadFixture(deployWithPendingRoot);
      const { challenges, rewards, attributor, watcher, guardian, epoch } = ctx;
      const stakes = challenges.connect(attributor);
      await stakes.requestUnstake(MIN_STAKE);
      await challenges.connect(watcher).challengeRoot(epoch, BOND, EVIDENCE_HASH, EVIDENCE_URI);
      // Revoked by the guardian, the root is no longer pending, but the open challenge can still slash.
      await rewards.connect(guardian).revokeRoot();
      await time.increaseTo((await stakes.stakeOf(attributor.address)).unlockAt);
      await expectUnchanged(stateOf(ctx, PARTIES), () =>
        expect(stakes.completeUnstake())
          .to.be.revertedWithCustomError(stakes, "StakeInUse")
          .withArgs(attributor.address, 0n, 1n),
      );
    });

    it("leaves a stake requested back slashable, so posting and leaving does not escape a challenge", async function () {
      const { challenges, token, resolver, watcher, attributor } = await loadFixture(deployWithChallenge);
      await challenges.connect(attributor).requestUnstake(MIN_STAKE);
      const slashed = MIN_STAKE / 2n;
      await challenges.connect(resolver).resolveChallenge(1n, true);
      // Active was empty: the whole slash came out of the amount waiting to be unstaked.
      const s = await challenges.stakeOf(attributor.address);
      expect([s.active, s.unstaking]).to.deep.equal([0n, MIN_STAKE - slashed]);
      expect(await challenges.owed(watcher.address)).to.equal(BOND + slashed / 2n);
      await expectHoldsWhatItOwes(challenges, token);
    });

    it("slashes the active stake before the unstaking one", async function () {
      const { challenges, resolver, attributor } = await loadFixture(deployWithChallenge);
      await challenges.connect(attributor).stake(MIN_STAKE); // 200k active
      await challenges.connect(attributor).requestUnstake(ethers.parseEther("150000")); // 50k active, 150k unstaking
      await challenges.connect(resolver).resolveChallenge(1n, true); // slash 100k: 50k active, then 50k unstaking
      const s = await challenges.stakeOf(attributor.address);
      expect([s.active, s.unstaking]).to.deep.equal([0n, ethers.parseEther("100000")]);
    });
  });
});
