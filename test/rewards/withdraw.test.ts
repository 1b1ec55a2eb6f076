// AttributionRewards: withdrawing what a party accrued.
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { expectSolvent, ledger } from "../helpers/rewardsLedger";
import { expectUnchanged } from "../helpers/snapshot";
import { deployFunded } from "./fixtures";

describe("AttributionRewards", function () {
  describe("withdrawing", function () {
    it("sends everything the caller accrued to the address it names", async function () {
      const { rewards, token, modelOwner, alice } = await loadFixture(deployFunded);
      const accrued = await rewards.accrued(modelOwner.address);
      expect(accrued).to.equal(ethers.parseEther("36"));
      const totalBefore = await rewards.totalAccrued();
      const tx = await rewards.connect(modelOwner).withdraw(alice.address);
      await expect(tx).to.emit(rewards, "Withdrawn").withArgs(modelOwner.address, alice.address, accrued);
      await expect(tx).to.changeTokenBalances(token, [rewards, alice, modelOwner], [-accrued, accrued, 0n]);
      expect(await rewards.accrued(modelOwner.address)).to.equal(0n);
      expect(await rewards.totalAccrued()).to.equal(totalBefore - accrued);
      await expectSolvent(rewards, token);
    });

    it("returns the amount withdrawn", async function () {
      const { rewards, treasury } = await loadFixture(deployFunded);
      expect(await rewards.connect(treasury).withdraw.staticCall(treasury.address)).to.equal(ethers.parseEther("6"));
    });

    it("refuses a caller with nothing accrued, and a second withdrawal", async function () {
      const { rewards, token, stranger, agentOwner } = await loadFixture(deployFunded);
      await expect(rewards.connect(stranger).withdraw(stranger.address))
        .to.be.revertedWithCustomError(rewards, "NothingToWithdraw")
        .withArgs(stranger.address);
      await rewards.connect(agentOwner).withdraw(agentOwner.address);
      await expectUnchanged(
        () => ledger(rewards, token, [agentOwner]),
        () =>
          expect(rewards.connect(agentOwner).withdraw(agentOwner.address))
            .to.be.revertedWithCustomError(rewards, "NothingToWithdraw")
            .withArgs(agentOwner.address),
      );
    });

    it("refuses to send to the zero address", async function () {
      const { rewards, token, treasury } = await loadFixture(deployFunded);
      await expectUnchanged(
        () => ledger(rewards, token, [treasury]),
        () =>
          expect(rewards.connect(treasury).withdraw(ethers.ZeroAddress)).to.be.revertedWithCustomError(
            rewards,
            "ZeroAddress",
          ),
      );
    });
  });
});
