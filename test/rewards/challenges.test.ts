// RootChallenges: challenging the pending root with a bond, and what each outcome does to the root and the money.
import { expect } from "chai";
import { ethers } from "hardhat";
import type { BaseContract, Signer } from "ethers";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { expectUnchanged } from "../helpers/snapshot";
import {
  BOND,
  EVIDENCE_HASH,
  EVIDENCE_URI,
  MIN_STAKE,
  deployWithChallenge,
  deployWithPendingRoot,
  expectHoldsWhatItOwes,
  passDeadline,
  sampleTree,
  stateOf,
} from "../helpers/challenges";
import { readRoot } from "../../src/read/roots";

const Status = { None: 0n, Open: 1n, Upheld: 2n, Dismissed: 3n, Expired: 4n } as const;
const HELD = 2n ** 64n - 1n;

describe("RootChallenges: challenges", function () {
  /** Whose state every refusal below must leave as it was. */
  const PARTIES = ["attributor", "watcher", "griefer", "treasury"] as const;

  describe("opening a challenge", function () {
    it("locks the bond, holds the pending root and records the evidence", async function () {
      const { challenges, rewards, token, watcher, attributor, epoch, claimableAt } =
        await loadFixture(deployWithPendingRoot);
      const opened = challenges.connect(watcher).challengeRoot(epoch, BOND, EVIDENCE_HASH, EVIDENCE_URI);
      await expect(opened).to.changeTokenBalances(token, [watcher, challenges], [-BOND, BOND]);
      const c = await challenges.getChallenge(1n);
      const now = BigInt(await time.latest());
      expect([c.epoch, c.challenger, c.attributor, c.bond, c.evidenceHash, c.evidenceURI]).to.deep.equal([
        epoch,
        watcher.address,
        attributor.address,
        BOND,
        EVIDENCE_HASH,
        EVIDENCE_URI,
      ]);
      expect(c.status).to.equal(Status.Open);
      expect(c.deadline).to.equal(now + (await challenges.resolutionPeriod()));
      expect(c.remaining).to.equal(claimableAt - now);
      expect((await readRoot(rewards, epoch)).claimableAt).to.equal(HELD);
      expect(await challenges.openChallengeOf(epoch)).to.equal(1n);
      expect(await challenges.totalBonded()).to.equal(BOND);
      await expectHoldsWhatItOwes(challenges, token);
    });

    it("emits the challenge with its evidence and deadline, and the rewards' RootHeld", async function () {
      const { challenges, rewards, watcher, attributor, epoch, claimableAt } = await loadFixture(deployWithPendingRoot);
      const period = await challenges.resolutionPeriod();
      const tx = challenges.connect(watcher).challengeRoot(epoch, BOND, EVIDENCE_HASH, EVIDENCE_URI);
      await expect(tx).to.emit(rewards, "RootHeld").withArgs(epoch, claimableAt);
      const now = BigInt(await time.latest());
      await expect(tx)
        .to.emit(challenges, "ChallengeOpened")
        .withArgs(1n, epoch, watcher.address, attributor.address, BOND, EVIDENCE_HASH, EVIDENCE_URI, now + period);
    });

    it("keeps a challenged root from being accepted while the challenge stands, however long it waits", async function () {
      const { challenges, rewards, attributor, tree, epoch, alice } = await loadFixture(deployWithChallenge);
      await time.increase((await rewards.challengeWindow()) * 3n);
      expect(await rewards.acceptedEpoch()).to.equal(0n);
      expect(await rewards.pendingEpoch()).to.equal(epoch);
      await expect(rewards.acceptRoot()).to.be.revertedWithCustomError(rewards, "RootPending").withArgs(epoch, HELD);
      await expect(rewards.claim(...tree.claimOf(alice.address))).to.be.revertedWithCustomError(
        rewards,
        "NoAcceptedRoot",
      );
      await expect(
        rewards.connect(attributor).postRoot(tree.root, tree.total, ethers.id("data"), "ipfs://data"),
      ).to.be.revertedWithCustomError(rewards, "RootPending");
      expect(await challenges.openChallengeOf(epoch)).to.equal(1n);
    });

    it("takes a bond above the required one, and locks all of it", async function () {
      const { challenges, watcher, epoch } = await loadFixture(deployWithPendingRoot);
      await challenges.connect(watcher).challengeRoot(epoch, BOND * 2n, EVIDENCE_HASH, EVIDENCE_URI);
      expect(await challenges.totalBonded()).to.equal(BOND * 2n);
    });

    const refusals: [string, string, (c: Awaited<ReturnType<typeof deployWithPendingRoot>>) => unknown[]][] = [
      ["a zero bond", "ZeroBond", ({ epoch }) => [epoch, 0n, EVIDENCE_HASH, EVIDENCE_URI]],
      ["a bond below the required one", "BondTooLow", ({ epoch }) => [epoch, BOND - 1n, EVIDENCE_HASH, EVIDENCE_URI]],
      ["a bond above 96 bits", "BondTooHigh", ({ epoch }) => [epoch, 2n ** 96n, EVIDENCE_HASH, EVIDENCE_URI]],
      ["a zero evidence hash", "ZeroEvidenceHash", ({ epoch }) => [epoch, BOND, ethers.ZeroHash, EVIDENCE_URI]],
      ["an empty evidence URI", "EmptyEvidenceURI", ({ epoch }) => [epoch, BOND, EVIDENCE_HASH, ""]],
      ["epoch 0", "RootNotPending", () => [0n, BOND, EVIDENCE_HASH, EVIDENCE_URI]],
      ["an epoch never posted", "RootNotPending", ({ epoch }) => [epoch + 1n, BOND, EVIDENCE_HASH, EVIDENCE_URI]],
    ];
    for (const [what, error, args] of refusals) {
      it(`refuses ${what} with ${error}, changing nothing`, async function () {
        const ctx = await loadFixture(deployWithPendingRoot);
        const call = args(ctx) as [bigint, bigint, string, string];
        await expectUnchanged(stateOf(ctx, PARTIES), () =>
          expect(ctx.challenges.connect(ctx.watcher).challengeRoot(...call)).to.be.revertedWithCustomError(
            ctx.challenges,
            error,
          ),
        );
      });
    }

    /** `challenger` challenges the root with the bond and the evidence: refused with `error` from `source`. */
    async function expectChallengeRefused(
      ctx: Awaited<ReturnType<typeof deployWithPendingRoot>>,
      challenger: Signer,
      [source, error, ...args]: [source: BaseContract, error: string, ...args: unknown[]],
    ) {
      await expectUnchanged(stateOf(ctx, PARTIES), async () => {
        const challenge = ctx.challenges
          .connect(challenger)
          .challengeRoot(ctx.epoch, BOND, EVIDENCE_HASH, EVIDENCE_URI);
        const refused = expect(challenge).to.be.revertedWithCustomError(source, error);
        await (args.length > 0 ? refused.withArgs(...args) : refused);
      });
    }

    it("refuses a challenge of an accepted root, changing nothing", async function () {
      const ctx = await loadFixture(deployWithPendingRoot);
      await time.increaseTo(ctx.claimableAt);
      await expectChallengeRefused(ctx, ctx.watcher, [ctx.challenges, "RootNotPending", ctx.epoch, 0n]);
    });

    it("refuses a challenge of a root the guardian revoked, changing nothing", async function () {
      const ctx = await loadFixture(deployWithPendingRoot);
      await ctx.rewards.connect(ctx.guardian).revokeRoot();
      await expectChallengeRefused(ctx, ctx.watcher, [ctx.challenges, "RootNotPending"]);
    });

    it("refuses a second challenge of a root already challenged, changing nothing", async function () {
      const ctx = await loadFixture(deployWithChallenge);
      await expectChallengeRefused(ctx, ctx.griefer, [ctx.challenges, "ChallengeAlreadyOpen", ctx.epoch, 1n]);
    });

    it("refuses a challenger who did not approve the bond, changing nothing", async function () {
      const ctx = await loadFixture(deployWithPendingRoot);
      await ctx.token.connect(ctx.watcher).approve(ctx.challenges, BOND - 1n);
      await expectChallengeRefused(ctx, ctx.watcher, [ctx.token, "ERC20InsufficientAllowance"]);
    });
  });

  describe("an upheld challenge", function () {
    it("revokes the root, slashes the attributor, owes the challenger its bond plus half the slash and the treasury the rest", async function () {
      const { challenges, rewards, token, resolver, watcher, attributor, treasury, epoch } =
        await loadFixture(deployWithChallenge);
      const slashed = (MIN_STAKE * (await challenges.slashBps())) / 10_000n;
      const reward = (slashed * (await challenges.CHALLENGER_REWARD_BPS())) / 10_000n;
      expect(reward).to.be.greaterThan(0n).and.lessThan(slashed);
      const tx = challenges.connect(resolver).resolveChallenge(1n, true);
      await expect(tx)
        .to.emit(challenges, "ChallengeUpheld")
        .withArgs(1n, epoch, BOND, reward, treasury.address, slashed - reward);
      await expect(tx).to.emit(challenges, "StakeSlashed").withArgs(attributor.address, 1n, slashed);
      await expect(tx)
        .to.emit(rewards, "RootRevoked")
        .withArgs(epoch, await challenges.getAddress());
      expect((await readRoot(rewards, epoch)).revoked).to.equal(true);
      expect(await rewards.pendingEpoch()).to.equal(0n);
      expect((await challenges.stakeOf(attributor.address)).active).to.equal(MIN_STAKE - slashed);
      expect(await challenges.owed(watcher.address)).to.equal(BOND + reward);
      expect(await challenges.owed(treasury.address)).to.equal(slashed - reward);
      expect((await challenges.getChallenge(1n)).status).to.equal(Status.Upheld);
      expect(await challenges.openChallengeOf(epoch)).to.equal(0n);
      expect(await challenges.openChallengesAgainst(attributor.address)).to.equal(0n);
      await expectHoldsWhatItOwes(challenges, token);
      await expect(challenges.connect(watcher).withdraw(watcher.address)).to.changeTokenBalances(
        token,
        [challenges, watcher],
        [-(BOND + reward), BOND + reward],
      );
      await expectHoldsWhatItOwes(challenges, token);
    });

    it("costs an attributor that front-runs the watcher with a challenge of its own bad root half the slash", async function () {
      const { challenges, token, resolver, attributor, griefer, watcher, epoch } =
        await loadFixture(deployWithPendingRoot);
      const bond = BOND;
      // The attributor's own second account files first; the watcher's challenge of the same root is refused.
      const accomplice = griefer;
      await challenges.connect(accomplice).challengeRoot(epoch, bond, EVIDENCE_HASH, EVIDENCE_URI);
      await expect(
        challenges.connect(watcher).challengeRoot(epoch, bond, EVIDENCE_HASH, EVIDENCE_URI),
      ).to.be.revertedWithCustomError(challenges, "ChallengeAlreadyOpen");
      await challenges.connect(resolver).resolveChallenge(1n, true);
      const staked = (await challenges.stakeOf(attributor.address)).active;
      const takenBack = (await challenges.owed(accomplice.address)) - bond;
      // What the attributor keeps between its two accounts is less than what it staked.
      expect(staked + takenBack).to.be.lessThan(MIN_STAKE);
      expect(MIN_STAKE - (staked + takenBack)).to.equal((MIN_STAKE * (await challenges.slashBps())) / 10_000n / 2n);
      await expectHoldsWhatItOwes(challenges, token);
    });

    it("lets a corrected root be posted once the slashed attributor restakes to the minimum", async function () {
      const { challenges, rewards, resolver, attributor, alice, bob } = await loadFixture(deployWithChallenge);
      await challenges.connect(resolver).resolveChallenge(1n, true);
      const tree = sampleTree({ alice, bob });
      const post = () =>
        rewards.connect(attributor).postRoot(tree.root, tree.total, ethers.id("fixed"), "ipfs://fixed");
      const active = (await challenges.stakeOf(attributor.address)).active;
      await expect(post())
        .to.be.revertedWithCustomError(challenges, "StakeBelowMinimum")
        .withArgs(attributor.address, active, MIN_STAKE);
      await challenges.connect(attributor).stake(MIN_STAKE - active);
      await expect(post())
        .to.emit(rewards, "RootPosted")
        .withArgs(2n, tree.root, tree.total, ethers.id("fixed"), "ipfs://fixed", anyUint64());
    });

    it("still pays the challenger when the guardian revoked the held root first", async function () {
      const { challenges, rewards, token, guardian, resolver, watcher, epoch } = await loadFixture(deployWithChallenge);
      await rewards.connect(guardian).revokeRoot();
      await expect(challenges.connect(resolver).resolveChallenge(1n, true)).to.not.emit(rewards, "RootRevoked");
      expect(await challenges.owed(watcher.address)).to.be.greaterThan(BOND);
      expect((await readRoot(rewards, epoch)).revoked).to.equal(true);
      await expectHoldsWhatItOwes(challenges, token);
    });
  });

  describe("a dismissed challenge", function () {
    it("owes the bond to the protocol treasury and gives the root back the window it had left", async function () {
      const { challenges, rewards, token, resolver, treasury, epoch, challenge } =
        await loadFixture(deployWithChallenge);
      await time.increase(3_600);
      const tx = challenges.connect(resolver).resolveChallenge(1n, false);
      await expect(tx).to.emit(challenges, "ChallengeDismissed").withArgs(1n, epoch, treasury.address, BOND);
      const released = BigInt(await time.latest()) + challenge.remaining;
      await expect(tx).to.emit(rewards, "RootReleased").withArgs(epoch, released);
      expect((await readRoot(rewards, epoch)).claimableAt).to.equal(released);
      expect(await challenges.owed(treasury.address)).to.equal(BOND);
      expect(await challenges.totalBonded()).to.equal(0n);
      expect((await challenges.getChallenge(1n)).status).to.equal(Status.Dismissed);
      await expectHoldsWhatItOwes(challenges, token);
      await time.increaseTo(released);
      expect(await rewards.acceptedEpoch()).to.equal(epoch);
    });

    it("leaves the attributor's stake whole", async function () {
      const { challenges, resolver, attributor } = await loadFixture(deployWithChallenge);
      await challenges.connect(resolver).resolveChallenge(1n, false);
      expect((await challenges.stakeOf(attributor.address)).active).to.equal(MIN_STAKE);
    });

    it("releases nothing when the guardian revoked the held root first, and still closes the challenge", async function () {
      const { challenges, rewards, guardian, resolver, treasury } = await loadFixture(deployWithChallenge);
      await rewards.connect(guardian).revokeRoot();
      await expect(challenges.connect(resolver).resolveChallenge(1n, false)).to.not.emit(rewards, "RootReleased");
      expect(await challenges.owed(treasury.address)).to.equal(BOND);
    });
  });

  describe("resolution", function () {
    it("is refused to anyone but the resolver, changing nothing", async function () {
      const ctx = await loadFixture(deployWithChallenge);
      for (const who of [ctx.watcher, ctx.attributor, ctx.guardian, ctx.admin]) {
        await expectUnchanged(stateOf(ctx, PARTIES), () =>
          expect(ctx.challenges.connect(who).resolveChallenge(1n, true))
            .to.be.revertedWithCustomError(ctx.challenges, "AccessControlUnauthorizedAccount")
            .withArgs(who.address, ethers.id("RESOLVER_ROLE")),
        );
      }
    });

    it("is refused once the resolution period is over, changing nothing", async function () {
      const ctx = await loadFixture(deployWithChallenge);
      await passDeadline(ctx.challenges, 1n);
      await expectUnchanged(stateOf(ctx, PARTIES), () =>
        expect(ctx.challenges.connect(ctx.resolver).resolveChallenge(1n, true))
          .to.be.revertedWithCustomError(ctx.challenges, "ResolutionPeriodOver")
          .withArgs(1n, ctx.challenge.deadline),
      );
    });

    it("is refused for an unknown or already resolved challenge, changing nothing", async function () {
      const ctx = await loadFixture(deployWithChallenge);
      await expectUnchanged(stateOf(ctx, PARTIES), () =>
        expect(ctx.challenges.connect(ctx.resolver).resolveChallenge(2n, true))
          .to.be.revertedWithCustomError(ctx.challenges, "ChallengeNotOpen")
          .withArgs(2n, Status.None),
      );
      await ctx.challenges.connect(ctx.resolver).resolveChallenge(1n, false);
      await expectUnchanged(stateOf(ctx, PARTIES), () =>
        expect(ctx.challenges.connect(ctx.resolver).resolveChallenge(1n, true))
          .to.be.revertedWithCustomError(ctx.challenges, "ChallengeNotOpen")
          .withArgs(1n, Status.Dismissed),
      );
    });
  });

  describe("a challenge nobody resolved in time", function () {
    it("cannot expire before its deadline, changing nothing", async function () {
      const ctx = await loadFixture(deployWithChallenge);
      await expectUnchanged(stateOf(ctx, PARTIES), () =>
        expect(ctx.challenges.connect(ctx.griefer).expireChallenge(1n))
          .to.be.revertedWithCustomError(ctx.challenges, "ChallengeNotExpired")
          .withArgs(1n, ctx.challenge.deadline),
      );
    });

    it("expires at its deadline by anyone's call: the bond to the treasury, the root released", async function () {
      const { challenges, rewards, token, stranger, treasury, epoch, challenge } =
        await loadFixture(deployWithChallenge);
      await passDeadline(challenges, 1n);
      const tx = challenges.connect(stranger).expireChallenge(1n);
      await expect(tx).to.emit(challenges, "ChallengeExpired").withArgs(1n, epoch, treasury.address, BOND);
      const released = BigInt(await time.latest()) + challenge.remaining;
      expect((await readRoot(rewards, epoch)).claimableAt).to.equal(released);
      expect(await challenges.owed(treasury.address)).to.equal(BOND);
      expect((await challenges.getChallenge(1n)).status).to.equal(Status.Expired);
      await expectHoldsWhatItOwes(challenges, token);
      await expect(challenges.expireChallenge(1n))
        .to.be.revertedWithCustomError(challenges, "ChallengeNotOpen")
        .withArgs(1n, Status.Expired);
    });

    it("lets a griefer stall the root by at most one resolution period per bond it loses", async function () {
      const { challenges, rewards, griefer, treasury, epoch, claimableAt } = await loadFixture(deployWithPendingRoot);
      const period = await challenges.resolutionPeriod();
      for (let bonds = 1n; bonds <= 3n; bonds++) {
        await challenges.connect(griefer).challengeRoot(epoch, BOND, EVIDENCE_HASH, EVIDENCE_URI);
        await passDeadline(challenges, bonds);
        await challenges.expireChallenge(bonds);
        // Acceptance moved by the time the challenge held the root (one period and the expiry's block), no more.
        expect((await readRoot(rewards, epoch)).claimableAt).to.be.lessThanOrEqual(claimableAt + bonds * (period + 2n));
        expect(await challenges.owed(treasury.address)).to.equal(bonds * BOND);
      }
      await time.increaseTo((await readRoot(rewards, epoch)).claimableAt);
      expect(await rewards.acceptedEpoch()).to.equal(epoch);
    });
  });

  describe("withdrawing what is owed", function () {
    it("refuses the zero address, the contract itself and an account owed nothing, changing nothing", async function () {
      const ctx = await loadFixture(deployWithChallenge);
      await ctx.challenges.connect(ctx.resolver).resolveChallenge(1n, false);
      const treasury = ctx.challenges.connect(ctx.treasury);
      for (const [to, error] of [
        [ethers.ZeroAddress, "ZeroAddress"],
        [await ctx.challenges.getAddress(), "InvalidRecipient"],
      ] as const) {
        await expectUnchanged(stateOf(ctx, PARTIES), () =>
          expect(treasury.withdraw(to)).to.be.revertedWithCustomError(ctx.challenges, error),
        );
      }
      await expectUnchanged(stateOf(ctx, PARTIES), () =>
        expect(ctx.challenges.connect(ctx.watcher).withdraw(ctx.watcher.address))
          .to.be.revertedWithCustomError(ctx.challenges, "NothingToWithdraw")
          .withArgs(ctx.watcher.address),
      );
    });

    it("sends the treasury the forfeited bond, to any address it names", async function () {
      const { challenges, token, resolver, treasury, stranger } = await loadFixture(deployWithChallenge);
      await challenges.connect(resolver).resolveChallenge(1n, false);
      await expect(challenges.connect(treasury).withdraw(stranger.address))
        .to.emit(challenges, "Withdrawn")
        .withArgs(treasury.address, stranger.address, BOND);
      expect(await token.balanceOf(challenges)).to.equal(MIN_STAKE);
      expect(await challenges.owed(treasury.address)).to.equal(0n);
    });
  });
});

/** Any uint64 (the claimableAt of a fresh post depends on the block's time). */
function anyUint64() {
  return (value: bigint) => value > 0n && value < 2n ** 64n;
}
