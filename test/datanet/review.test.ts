// Datanet: curators approving and rejecting contributions, and contributors withdrawing them.
import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import {
  contentHash,
  contribute,
  contributionOf,
  contributionsOf,
  deployDatanet,
  expectUnchangedIn,
  passReviewPeriod,
  REVIEW_PERIOD,
  reviewedOnceEach,
  STAKE,
  Status,
} from "./fixtures";

describe("Datanet", function () {
  describe("reviewing", function () {
    it("approves a pending contribution: returns the stake, scores it and appends it to the approved list", async function () {
      const f = await loadFixture(deployDatanet);
      const { token, datanet, datanetAddress, curator, alice } = f;
      await contribute(f, alice, "a");
      const tx = datanet.connect(curator).approve(1n, 8_500);
      await expect(tx)
        .to.emit(datanet, "ContributionApproved")
        .withArgs(1n, 1n, alice.address, curator.address, 8_500n, 0n);
      await expect(tx).to.changeTokenBalances(token, [alice, datanetAddress], [STAKE, -STAKE]);
      const c = await contributionOf(datanet, 1n);
      expect([c.status, c.qualityBps, c.approvedIndex]).to.deep.equal([Status.Approved, 8_500n, 0n]);
      expect(await datanet.totalStaked()).to.equal(0n);
      expect((await datanet.getDatanet(1n)).approvedCount).to.equal(1n);
      expect(await datanet.reputation(1n, alice.address)).to.deep.equal([1n, 0n]);
      expect(await datanet.contributionByHash(1n, contentHash("a"))).to.equal(1n);
    });

    it("numbers approved contributions in the order of approval, not of submission", async function () {
      const f = await loadFixture(deployDatanet);
      const { datanet, curator, alice, bob } = f;
      await contribute(f, alice, "a");
      await contribute(f, bob, "b");
      await contribute(f, alice, "c");
      await expect(datanet.connect(curator).approve(3n, 1)).to.emit(datanet, "ContributionApproved").withArgs(
        1n,
        3n,
        alice.address,
        curator.address,
        1n,
        0n, // first approved
      );
      await datanet.connect(curator).approve(1n, 2);
      expect((await contributionOf(datanet, 3n)).approvedIndex).to.equal(0n);
      expect((await contributionOf(datanet, 1n)).approvedIndex).to.equal(1n);
      await datanet.connect(f.owner).publishVersion(1n);
      expect(await datanet.versionContributions(1n, 1, 0n, 10n)).to.deep.equal([3n, 1n]);
    });

    it("accepts quality scores of 0 and of 10,000 basis points", async function () {
      const f = await loadFixture(deployDatanet);
      await contribute(f, f.alice, "a");
      await contribute(f, f.alice, "b");
      await f.datanet.connect(f.curator).approve(1n, 0);
      await f.datanet.connect(f.curator).approve(2n, 10_000);
      expect((await f.datanet.getContribution(1n)).qualityBps).to.equal(0n);
      expect((await f.datanet.getContribution(2n)).qualityBps).to.equal(10_000n);
    });

    it("refuses a quality score above 10,000 basis points", async function () {
      const f = await loadFixture(deployDatanet);
      await contribute(f, f.alice, "a");
      await expectUnchangedIn(f, async () => {
        await expect(f.datanet.connect(f.curator).approve(1n, 10_001))
          .to.be.revertedWithCustomError(f.datanet, "QualityTooHigh")
          .withArgs(10_001n);
      });
    });

    it("rejects a pending contribution, burns its stake and counts the rejection against its curator", async function () {
      const f = await loadFixture(deployDatanet);
      const { token, datanet, datanetAddress, owner, curator, alice } = f;
      await contribute(f, alice, "a");
      const supply = await token.totalSupply();
      const tx = datanet.connect(curator).reject(1n);
      await expect(tx).to.emit(datanet, "ContributionRejected").withArgs(1n, 1n, alice.address, curator.address, STAKE);
      await expect(tx).to.changeTokenBalances(token, [alice, datanetAddress, owner, curator], [0n, -STAKE, 0n, 0n]);
      expect(await token.totalSupply()).to.equal(supply - STAKE);
      expect(await datanet.totalBurned()).to.equal(STAKE);
      expect(await datanet.rejectionsBy(1n, curator.address)).to.equal(1n);
      expect(await datanet.rejectionsBy(1n, owner.address)).to.equal(0n);
      expect((await datanet.getContribution(1n)).status).to.equal(Status.Rejected);
      expect(await datanet.totalStaked()).to.equal(0n);
      expect(await datanet.reputation(1n, alice.address)).to.deep.equal([0n, 1n]);
      expect((await datanet.getDatanet(1n)).approvedCount).to.equal(0n);
    });

    it("keeps reputation per datanet and per contributor", async function () {
      const f = await loadFixture(deployDatanet);
      const { datanet, owner, curator, alice, bob } = f;
      await datanet.connect(owner).createDatanet("", STAKE, owner.address, REVIEW_PERIOD);
      await datanet.connect(owner).setCurator(2n, curator.address, true);
      await contribute(f, alice, "a");
      await contribute(f, alice, "b");
      await contribute(f, alice, "c", 2n);
      await contribute(f, bob, "d");
      await datanet.connect(curator).approve(1n, 1);
      await datanet.connect(curator).reject(2n);
      await datanet.connect(curator).approve(3n, 1);
      await datanet.connect(curator).reject(4n);
      expect(await datanet.reputation(1n, alice.address)).to.deep.equal([1n, 1n]);
      expect(await datanet.reputation(2n, alice.address)).to.deep.equal([1n, 0n]);
      expect(await datanet.reputation(1n, bob.address)).to.deep.equal([0n, 1n]);
      expect(await datanet.reputation(2n, bob.address)).to.deep.equal([0n, 0n]);
    });

    it("refuses a review by anyone who does not curate the contribution's datanet", async function () {
      const f = await loadFixture(deployDatanet);
      const { datanet, owner, curator, alice, bob } = f;
      await datanet.connect(bob).createDatanet("", STAKE, bob.address, REVIEW_PERIOD);
      await datanet.connect(bob).setCurator(2n, bob.address, true); // curates datanet 2 only
      await contribute(f, alice, "a");
      await datanet.connect(owner).setCurator(1n, curator.address, false); // a removed curator
      await expectUnchangedIn(f, async () => {
        for (const reviewer of [owner, alice, bob, curator]) {
          const address = await reviewer.getAddress();
          await expect(datanet.connect(reviewer).approve(1n, 1))
            .to.be.revertedWithCustomError(datanet, "NotCurator")
            .withArgs(1n, address);
          await expect(datanet.connect(reviewer).reject(1n))
            .to.be.revertedWithCustomError(datanet, "NotCurator")
            .withArgs(1n, address);
        }
      });
    });

    it("refuses to review a contribution that is approved, rejected or withdrawn", async function () {
      const f = await loadFixture(deployDatanet);
      const { datanet, curator } = f;
      const reviewed = await reviewedOnceEach(f);
      await expectUnchangedIn(f, async () => {
        for (const [id, status] of reviewed) {
          await expect(datanet.connect(curator).approve(id, 1))
            .to.be.revertedWithCustomError(datanet, "NotPending")
            .withArgs(id, status);
          await expect(datanet.connect(curator).reject(id))
            .to.be.revertedWithCustomError(datanet, "NotPending")
            .withArgs(id, status);
        }
      });
    });

    it("refuses to review an unknown contribution", async function () {
      const f = await loadFixture(deployDatanet);
      await contribute(f, f.alice, "a");
      await expectUnchangedIn(f, async () => {
        for (const id of [0n, 2n]) {
          await expect(f.datanet.connect(f.curator).approve(id, 1))
            .to.be.revertedWithCustomError(f.datanet, "UnknownContribution")
            .withArgs(id);
          await expect(f.datanet.connect(f.curator).reject(id))
            .to.be.revertedWithCustomError(f.datanet, "UnknownContribution")
            .withArgs(id);
        }
      });
    });
  });

  describe("withdrawing", function () {
    it("returns a pending contribution's stake to its contributor", async function () {
      const f = await loadFixture(deployDatanet);
      const { token, datanet, datanetAddress, alice } = f;
      await contribute(f, alice, "a");
      await passReviewPeriod();
      const tx = datanet.connect(alice).withdraw(1n);
      await expect(tx).to.emit(datanet, "ContributionWithdrawn").withArgs(1n, 1n, alice.address);
      await expect(tx).to.changeTokenBalances(token, [alice, datanetAddress], [STAKE, -STAKE]);
      expect((await datanet.getContribution(1n)).status).to.equal(Status.Withdrawn);
      expect(await datanet.totalStaked()).to.equal(0n);
      expect(await datanet.reputation(1n, alice.address)).to.deep.equal([0n, 0n]);
      expect(await contributionsOf(datanet, alice.address)).to.deep.equal([1n]);
    });

    it("refuses a withdrawal by anyone but the contributor", async function () {
      const f = await loadFixture(deployDatanet);
      await contribute(f, f.alice, "a");
      await expectUnchangedIn(f, async () => {
        for (const who of [f.bob, f.curator, f.owner]) {
          await expect(f.datanet.connect(who).withdraw(1n))
            .to.be.revertedWithCustomError(f.datanet, "NotContributor")
            .withArgs(1n, await who.getAddress());
        }
      });
    });

    it("refuses a withdrawal after review or a second withdrawal", async function () {
      const f = await loadFixture(deployDatanet);
      const { datanet, alice } = f;
      const reviewed = await reviewedOnceEach(f);
      await expectUnchangedIn(f, async () => {
        for (const [id, status] of reviewed) {
          await expect(datanet.connect(alice).withdraw(id))
            .to.be.revertedWithCustomError(datanet, "NotPending")
            .withArgs(id, status);
        }
      });
    });

    it("refuses to withdraw an unknown contribution", async function () {
      const f = await loadFixture(deployDatanet);
      await expectUnchangedIn(f, async () => {
        await expect(f.datanet.connect(f.alice).withdraw(1n))
          .to.be.revertedWithCustomError(f.datanet, "UnknownContribution")
          .withArgs(1n);
      });
    });
  });
});
