// Datanet: the attacks on stakes it stops — dodging a slash by withdrawing first, profiting from a rejection,
// tokens that deliver less than sent — and the admin's sweep of OPEN sent to it by mistake.
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { Datanet__factory, FeeOnTransferToken__factory } from "../../typechain-types";
import {
  contentHash,
  contribute,
  deployDatanet,
  expectUnchangedIn,
  passReviewPeriod,
  REVIEW_PERIOD,
  STAKE,
  Status,
} from "./fixtures";
import { race, tip } from "./race";
import { expectUnchanged } from "../helpers/snapshot";

describe("Datanet", function () {
  describe("dodging a slash", function () {
    it("stops a spammer withdrawing ahead of the curator's reject: the withdrawal reverts ReviewPending, the stake burns", async function () {
      const f = await loadFixture(deployDatanet);
      const { datanet, token, curator, alice } = f;
      await contribute(f, alice, "spam");
      const { submittedAt } = await datanet.getContribution(1n);
      const supply = await token.totalSupply();
      const aliceBefore = await token.balanceOf(alice.address);
      // What the dodge would have met on its own, in the block before the race.
      await expect(datanet.connect(alice).withdraw.staticCall(1n))
        .to.be.revertedWithCustomError(datanet, "ReviewPending")
        .withArgs(1n, submittedAt + REVIEW_PERIOD);
      const [reject, dodge] = await race([
        () => datanet.connect(curator).reject(1n, tip(1n)),
        () => datanet.connect(alice).withdraw(1n, tip(100n)),
      ]);
      expect(dodge.index).to.be.lessThan(reject.index);
      expect(dodge.receipt).to.equal(null);
      expect(reject.receipt).to.not.equal(null);
      expect((await datanet.getContribution(1n)).status).to.equal(Status.Rejected);
      expect(await token.totalSupply()).to.equal(supply - STAKE);
      expect(await token.balanceOf(alice.address)).to.equal(aliceBefore); // nothing came back
      await expect(datanet.connect(alice).withdraw.staticCall(1n))
        .to.be.revertedWithCustomError(datanet, "NotPending")
        .withArgs(1n, Status.Rejected);
    });

    it("refuses a withdrawal before the review period has passed, naming when it may", async function () {
      const f = await loadFixture(deployDatanet);
      await contribute(f, f.alice, "a");
      const { submittedAt } = await f.datanet.getContribution(1n);
      await time.setNextBlockTimestamp(submittedAt + REVIEW_PERIOD - 1n);
      await expectUnchangedIn(f, async () => {
        await expect(f.datanet.connect(f.alice).withdraw(1n))
          .to.be.revertedWithCustomError(f.datanet, "ReviewPending")
          .withArgs(1n, submittedAt + REVIEW_PERIOD);
      });
      await f.datanet.connect(f.alice).withdraw(1n); // the next second: the period has passed
      expect((await f.datanet.getContribution(1n)).status).to.equal(Status.Withdrawn);
    });
  });

  describe("profiting from a rejection", function () {
    it("stops an owner-curator gaining from rejecting good data: the stake burns and the owner cannot resubmit the hash", async function () {
      const f = await loadFixture(deployDatanet);
      const { datanet, token, owner, alice } = f;
      await datanet.connect(owner).setCurator(1n, owner.address, true);
      await token.connect(f.holder).transfer(owner.address, STAKE);
      await token.connect(owner).approve(f.datanetAddress, ethers.MaxUint256);
      await contribute(f, alice, "good");
      const ownerBefore = await token.balanceOf(owner.address);
      await expect(datanet.connect(owner).reject(1n))
        .to.emit(datanet, "ContributionRejected")
        .withArgs(1n, 1n, alice.address, owner.address, STAKE);
      expect(await token.balanceOf(owner.address)).to.equal(ownerBefore);
      expect(await datanet.rejectionsBy(1n, owner.address)).to.equal(1n);
      const until = BigInt(await time.latest()) + (await datanet.RESUBMISSION_COOLDOWN());
      await expectUnchangedIn(f, async () => {
        await expect(datanet.connect(owner).contribute(1n, contentHash("good"), 1000n, ""))
          .to.be.revertedWithCustomError(datanet, "ResubmissionCooldown")
          .withArgs(1n, contentHash("good"), alice.address, until);
      });
      // The rejected contributor alone may resubmit at once.
      await contribute(f, alice, "good");
      expect(await datanet.contributionByHash(1n, contentHash("good"))).to.equal(2n);
    });

    it("skips, rather than reverts, a later commitment's reveal of a hash whose rejection is cooling down", async function () {
      const f = await loadFixture(deployDatanet);
      const { datanet, alice, bob, curator } = f;
      await contribute(f, alice, "z");
      await datanet.connect(curator).reject(1n);
      const input = { contentHash: contentHash("z"), sizeBytes: 1n, salt: ethers.id("z"), pointerURI: "" };
      await datanet.connect(bob).commit([await datanet.commitmentFor(1n, input.contentHash, bob.address, input.salt)]);
      await expect(datanet.connect(bob).reveal(1n, [input]))
        .to.emit(datanet, "RevealSkipped")
        .withArgs(1n, input.contentHash, bob.address, 1n);
      expect(await datanet.contributionCount()).to.equal(1n);
    });

    it("lets anyone take a rejected hash once the cooldown is over", async function () {
      const f = await loadFixture(deployDatanet);
      await contribute(f, f.alice, "x");
      await f.datanet.connect(f.curator).reject(1n);
      await time.increase(await f.datanet.RESUBMISSION_COOLDOWN());
      await contribute(f, f.bob, "x");
      expect((await f.datanet.getContribution(2n)).contributor).to.equal(f.bob.address);
    });

    it("lets a commitment older than the rejected contribution take the hash during the cooldown", async function () {
      const f = await loadFixture(deployDatanet);
      const { datanet, alice, bob, curator } = f;
      const input = { contentHash: contentHash("y"), sizeBytes: 1n, salt: ethers.id("y"), pointerURI: "" };
      await datanet.connect(bob).commit([await datanet.commitmentFor(1n, input.contentHash, bob.address, input.salt)]);
      await contribute(f, alice, "y");
      await datanet.connect(curator).reject(1n);
      await datanet.connect(bob).reveal(1n, [input]);
      expect(await datanet.contributionByHash(1n, input.contentHash)).to.equal(2n);
    });
  });

  describe("tokens the suite was not built for", function () {
    it("refuses a fee-on-transfer stake, naming what was expected and what arrived, so no last refund comes up short", async function () {
      const [deployer, alice] = await ethers.getSigners();
      const token = await new FeeOnTransferToken__factory(deployer).deploy(100);
      const datanet = await new Datanet__factory(deployer).deploy(await token.getAddress(), deployer.address);
      await datanet.createDatanet("", STAKE, deployer.address, REVIEW_PERIOD);
      await token.transfer(alice.address, STAKE * 10n);
      await token.connect(alice).approve(await datanet.getAddress(), ethers.MaxUint256);
      const read = async () => [
        await token.balanceOf(alice.address),
        await token.balanceOf(await datanet.getAddress()),
        await datanet.contributionCount(),
        await datanet.totalStaked(),
      ];
      await expectUnchanged(read, async () => {
        await expect(datanet.connect(alice).contribute(1n, contentHash("a"), 1n, ""))
          .to.be.revertedWithCustomError(datanet, "TransferAmountMismatch")
          .withArgs(STAKE, (STAKE * 99n) / 100n);
        await expect(
          datanet
            .connect(alice)
            .contributeBatch(1n, [{ contentHash: contentHash("b"), sizeBytes: 1n, pointerURI: "" }]),
        ).to.be.revertedWithCustomError(datanet, "TransferAmountMismatch");
      });
    });
  });

  describe("sweeping OPEN sent by mistake", function () {
    it("sweeps exactly what the contract holds above the stakes it owes, to the admin's chosen address", async function () {
      const f = await loadFixture(deployDatanet);
      const { datanet, token, deployer, holder, outsider, alice } = f;
      await contribute(f, alice, "a");
      const stray = ethers.parseEther("5");
      await token.connect(holder).transfer(f.datanetAddress, stray);
      await expect(datanet.connect(deployer).sweep(outsider.address))
        .to.emit(datanet, "Swept")
        .withArgs(outsider.address, stray);
      expect(await token.balanceOf(outsider.address)).to.equal(stray);
      expect(await token.balanceOf(f.datanetAddress)).to.equal(await datanet.totalStaked());
      await passReviewPeriod();
      await datanet.connect(alice).withdraw(1n); // what was owed is all still there
      expect(await token.balanceOf(f.datanetAddress)).to.equal(0n);
    });

    it("refuses a sweep when nothing is stray, by anyone but the admin, and to zero or to itself", async function () {
      const f = await loadFixture(deployDatanet);
      const { datanet, token, deployer, holder, owner, alice } = f;
      await contribute(f, alice, "a");
      await expectUnchangedIn(f, async () => {
        await expect(datanet.connect(deployer).sweep(owner.address))
          .to.be.revertedWithCustomError(datanet, "NothingToSweep")
          .withArgs(STAKE, STAKE);
      });
      await token.connect(holder).transfer(f.datanetAddress, 1n);
      await expectUnchangedIn(f, async () => {
        for (const who of [owner, f.curator, alice]) {
          await expect(datanet.connect(who).sweep(who.address))
            .to.be.revertedWithCustomError(datanet, "AccessControlUnauthorizedAccount")
            .withArgs(who.address, await datanet.DEFAULT_ADMIN_ROLE());
        }
        await expect(datanet.connect(deployer).sweep(ethers.ZeroAddress)).to.be.revertedWithCustomError(
          datanet,
          "ZeroAddress",
        );
        await expect(datanet.connect(deployer).sweep(f.datanetAddress))
          .to.be.revertedWithCustomError(datanet, "InvalidRecipient")
          .withArgs(f.datanetAddress);
      });
    });
  });
});
