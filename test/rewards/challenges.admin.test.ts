// RootChallenges' parameters and wiring: bounds and roles of every setting, and the hooks AttributionRewards gives
// only its challenges contract (hold, release, revoke), which nobody else may call.
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { RootChallenges__factory } from "../../typechain-types";
import { expectUnchanged } from "../helpers/snapshot";
import {
  deployChallenges,
  deployWithChallenge,
  deployWithPendingRoot,
  sampleTree,
  stateOf,
} from "../helpers/challenges";
import { readRoot } from "../../src/read/roots";

const HELD = 2n ** 64n - 1n;

describe("RootChallenges: parameters and wiring", function () {
  /** Whose state every refusal below must leave as it was. */
  const PARTIES = ["attributor", "watcher"] as const;

  describe("deployment", function () {
    it("starts with the documented defaults and the roles it was given", async function () {
      const { challenges, rewards, token, admin, resolver } = await loadFixture(deployChallenges);
      expect(await challenges.challengeBond()).to.equal(await challenges.DEFAULT_CHALLENGE_BOND());
      expect(await challenges.resolutionPeriod()).to.equal(await challenges.DEFAULT_RESOLUTION_PERIOD());
      expect(await challenges.slashBps()).to.equal(await challenges.DEFAULT_SLASH_BPS());
      expect(await challenges.minStake()).to.equal(await challenges.DEFAULT_MIN_STAKE());
      expect(await challenges.rewards()).to.equal(await rewards.getAddress());
      expect(await challenges.token()).to.equal(await token.getAddress());
      expect(await rewards.rootChallenges()).to.equal(await challenges.getAddress());
      expect(await challenges.hasRole(ethers.ZeroHash, admin.address)).to.equal(true);
      expect(await challenges.hasRole(await challenges.RESOLVER_ROLE(), resolver.address)).to.equal(true);
    });

    it("refuses a zero token, rewards, admin or resolver", async function () {
      const { deployer, token, rewards, admin } = await loadFixture(deployChallenges);
      const factory = new RootChallenges__factory(deployer);
      const a = admin.address;
      const [t, r, z] = [await token.getAddress(), await rewards.getAddress(), ethers.ZeroAddress];
      for (const [tokenArg, rewardsArg, adminArg, resolverArg] of [
        [z, r, a, a],
        [t, z, a, a],
        [t, r, z, a],
        [t, r, a, z],
      ]) {
        await expect(factory.deploy(tokenArg, rewardsArg, adminArg, resolverArg)).to.be.revertedWithCustomError(
          factory,
          "ZeroAddress",
        );
      }
    });
  });

  describe("settings", function () {
    const settings = [
      ["setChallengeBond", "MIN_CHALLENGE_BOND", "MAX_CHALLENGE_BOND", "ChallengeBondOutOfBounds", "ChallengeBondSet"],
      [
        "setResolutionPeriod",
        "MIN_RESOLUTION_PERIOD",
        "MAX_RESOLUTION_PERIOD",
        "ResolutionPeriodOutOfBounds",
        "ResolutionPeriodSet",
      ],
      ["setSlashBps", "MIN_SLASH_BPS", "MAX_SLASH_BPS", "SlashBpsOutOfBounds", "SlashBpsSet"],
    ] as const;
    for (const [setter, minName, maxName, error, event] of settings) {
      it(`${setter} takes its bounds exactly and refuses a value outside them, changing nothing`, async function () {
        const ctx = await loadFixture(deployChallenges);
        const challenges = ctx.challenges.connect(ctx.admin);
        const min = (await challenges[minName]()) as bigint;
        const max = (await challenges[maxName]()) as bigint;
        const set = (value: bigint) => challenges.getFunction(setter)(value);
        await expect(set(min)).to.emit(challenges, event).withArgs(min);
        await expect(set(max)).to.emit(challenges, event).withArgs(max);
        for (const bad of [min - 1n, max + 1n]) {
          await expectUnchanged(stateOf(ctx, PARTIES), () =>
            expect(set(bad)).to.be.revertedWithCustomError(challenges, error).withArgs(bad, min, max),
          );
        }
      });

      it(`${setter} is refused to anyone but the admin, changing nothing`, async function () {
        const ctx = await loadFixture(deployChallenges);
        const challenges = ctx.challenges.connect(ctx.resolver);
        const min = (await challenges[minName]()) as bigint;
        await expectUnchanged(stateOf(ctx, PARTIES), () =>
          expect(challenges.getFunction(setter)(min)).to.be.revertedWithCustomError(
            challenges,
            "AccessControlUnauthorizedAccount",
          ),
        );
      });
    }

    it("gives a new resolution period only to challenges opened afterwards", async function () {
      const { challenges, admin, challenge } = await loadFixture(deployWithChallenge);
      await challenges.connect(admin).setResolutionPeriod(await challenges.MIN_RESOLUTION_PERIOD());
      expect((await challenges.getChallenge(1n)).deadline).to.equal(challenge.deadline);
    });
  });

  describe("the rewards' hooks", function () {
    it("refuses hold, release and revoke from anyone but the challenges contract, changing nothing", async function () {
      const ctx = await loadFixture(deployWithPendingRoot);
      const rewards = ctx.rewards.connect(ctx.admin);
      for (const call of [
        () => rewards.holdRoot(ctx.epoch),
        () => rewards.releaseRoot(ctx.epoch, 1n),
        () => rewards.revokeHeldRoot(ctx.epoch),
      ]) {
        await expectUnchanged(stateOf(ctx, PARTIES), () =>
          expect(call()).to.be.revertedWithCustomError(rewards, "CallerNotRootChallenges").withArgs(ctx.admin.address),
        );
      }
    });

    it("refuses to change the challenges contract while it holds a root, changing nothing", async function () {
      const ctx = await loadFixture(deployWithChallenge);
      await expectUnchanged(stateOf(ctx, PARTIES), () =>
        expect(ctx.rewards.connect(ctx.admin).setRootChallenges(ethers.ZeroAddress))
          .to.be.revertedWithCustomError(ctx.rewards, "RootChallengesBusy")
          .withArgs(ctx.epoch),
      );
    });

    it("refuses to change the challenges contract to anyone but the admin", async function () {
      const { rewards, guardian } = await loadFixture(deployChallenges);
      await expect(rewards.connect(guardian).setRootChallenges(guardian.address)).to.be.revertedWithCustomError(
        rewards,
        "AccessControlUnauthorizedAccount",
      );
    });

    it("posts without any stake once the challenges contract is unset", async function () {
      const { rewards, admin, attributor, alice, bob, challenges } = await loadFixture(deployChallenges);
      await challenges.connect(attributor).requestUnstake(1n);
      await expect(rewards.connect(admin).setRootChallenges(ethers.ZeroAddress))
        .to.emit(rewards, "RootChallengesSet")
        .withArgs(ethers.ZeroAddress);
      const tree = sampleTree({ alice, bob });
      await expect(rewards.connect(attributor).postRoot(tree.root, tree.total, ethers.id("d"), "ipfs://d")).to.emit(
        rewards,
        "RootPosted",
      );
    });

    describe("called by the contract the admin named (here an account, to reach every check)", function () {
      async function withAccountAsChallenges() {
        const ctx = await deployWithPendingRoot();
        await ctx.rewards.connect(ctx.admin).setRootChallenges(ctx.stranger.address);
        return { ...ctx, hooks: ctx.rewards.connect(ctx.stranger) };
      }

      it("holds only the pending epoch, and only once", async function () {
        const { hooks, epoch } = await loadFixture(withAccountAsChallenges);
        for (const other of [0n, epoch + 1n]) {
          await expect(hooks.holdRoot(other))
            .to.be.revertedWithCustomError(hooks, "EpochNotPending")
            .withArgs(other, epoch);
        }
        await hooks.holdRoot(epoch);
        expect((await readRoot(hooks, epoch)).claimableAt).to.equal(HELD);
        await expect(hooks.holdRoot(epoch)).to.be.revertedWithCustomError(hooks, "RootAlreadyHeld").withArgs(epoch);
      });

      it("releases or revokes only a held root", async function () {
        const { hooks, epoch } = await loadFixture(withAccountAsChallenges);
        await expect(hooks.releaseRoot(epoch, 1n)).to.be.revertedWithCustomError(hooks, "RootNotHeld").withArgs(epoch);
        await expect(hooks.revokeHeldRoot(epoch)).to.be.revertedWithCustomError(hooks, "RootNotHeld").withArgs(epoch);
        await hooks.holdRoot(epoch);
        await expect(hooks.revokeHeldRoot(epoch)).to.emit(hooks, "RootRevoked");
        expect(await hooks.pendingEpoch()).to.equal(0n);
      });
    });
  });
});
