// AttributionRewards: OPEN sent to the contract by mistake is swept to the treasury, never a wei of what is owed.
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { expectSolvent, ledger } from "../helpers/rewardsLedger";
import { expectUnchanged } from "../helpers/snapshot";
import { deployWithAcceptedRoot } from "./fixtures";

const MISTAKE = ethers.parseEther("3");

describe("AttributionRewards", function () {
  describe("sweeping OPEN sent by mistake", function () {
    async function withMistake() {
      const ctx = await deployWithAcceptedRoot();
      await ctx.token.connect(ctx.payer).transfer(await ctx.rewards.getAddress(), MISTAKE);
      return ctx;
    }

    it("sends what the contract holds above totalOwed to the treasury, and leaves what is owed", async function () {
      const { rewards, token, admin, treasury, alice, tree } = await loadFixture(withMistake);
      const owed = await rewards.totalOwed();
      const accruedBefore = await rewards.accrued(treasury.address);
      expect(await token.balanceOf(rewards)).to.equal(owed + MISTAKE);
      expect(await rewards.connect(admin).sweep.staticCall()).to.equal(MISTAKE);
      const tx = await rewards.connect(admin).sweep();
      await expect(tx).to.emit(rewards, "Swept").withArgs(treasury.address, MISTAKE);
      await expect(tx).to.changeTokenBalances(token, [rewards, treasury], [-MISTAKE, MISTAKE]);
      expect(await rewards.totalOwed()).to.equal(owed);
      expect(await rewards.accrued(treasury.address)).to.equal(accruedBefore);
      await expectSolvent(rewards, token);
      // Everyone owed is still paid in full.
      await expect(rewards.claim(...tree.claimOf(alice.address))).to.changeTokenBalance(
        token,
        alice,
        tree.amountOf(alice.address),
      );
    });

    it("sweeps while paused: nothing owed moves", async function () {
      const { rewards, token, admin, guardian } = await loadFixture(withMistake);
      await rewards.connect(guardian).pause();
      await rewards.connect(admin).sweep();
      await expectSolvent(rewards, token);
    });

    it("refuses to sweep when nothing is held above what is owed, and moves nothing", async function () {
      const { rewards, token, admin, treasury } = await loadFixture(deployWithAcceptedRoot);
      const owed = await rewards.totalOwed();
      await expectUnchanged(
        () => ledger(rewards, token, [admin, treasury]),
        () =>
          expect(rewards.connect(admin).sweep())
            .to.be.revertedWithCustomError(rewards, "NothingToSweep")
            .withArgs(owed, owed),
      );
    });

    it("refuses a sweep by anyone but the admin, and moves nothing", async function () {
      const { rewards, token, stranger, treasury, guardian } = await loadFixture(withMistake);
      for (const caller of [stranger, treasury, guardian]) {
        await expectUnchanged(
          () => ledger(rewards, token, [stranger, treasury]),
          () =>
            expect(rewards.connect(caller).sweep())
              .to.be.revertedWithCustomError(rewards, "AccessControlUnauthorizedAccount")
              .withArgs(caller.address, ethers.ZeroHash),
        );
      }
    });
  });
});
