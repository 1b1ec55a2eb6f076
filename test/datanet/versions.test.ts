// Datanet: published versions and the paged reads.
import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import {
  batchInputs,
  contentHash,
  contribute,
  contributionsOf,
  deployDatanet,
  expectUnchangedIn,
  MAX_PAGE,
  passReviewPeriod,
  REVIEW_PERIOD,
} from "./fixtures";
import { plain } from "../helpers/snapshot";

describe("Datanet", function () {
  describe("versions", function () {
    /** datanet 1 with contributions 1..4 by alice: 1 and 3 approved (in that order), 2 rejected, 4 pending. */
    async function withApprovals() {
      const f = await loadFixture(deployDatanet);
      for (const label of ["v-1", "v-2", "v-3", "v-4"]) await contribute(f, f.alice, label);
      await f.datanet.connect(f.curator).approve(1n, 100);
      await f.datanet.connect(f.curator).reject(2n);
      await f.datanet.connect(f.curator).approve(3n, 200);
      return f;
    }

    it("publishes version 1 as a snapshot of every contribution approved so far", async function () {
      const { datanet, owner } = await withApprovals();
      expect(await datanet.connect(owner).publishVersion.staticCall(1n)).to.equal(1n);
      await expect(datanet.connect(owner).publishVersion(1n)).to.emit(datanet, "VersionPublished").withArgs(1n, 1n, 2n);
      const version = await datanet.getVersion(1n, 1);
      expect(version.approvedCount).to.equal(2n);
      expect(version.publishedAt).to.equal(BigInt(await time.latest()));
      expect(await datanet.isPublished(1n, 1)).to.equal(true);
      expect(await datanet.versionContributions(1n, 1, 0n, MAX_PAGE)).to.deep.equal([1n, 3n]);
      expect((await datanet.getDatanet(1n)).versionCount).to.equal(1n);
    });

    it("numbers versions consecutively and never changes a published one", async function () {
      const f = await withApprovals();
      const { datanet, owner, curator, alice } = f;
      await datanet.connect(owner).publishVersion(1n);
      const v1 = plain(await datanet.getVersion(1n, 1));
      await datanet.connect(curator).approve(4n, 300);
      await contribute(f, alice, "v-5");
      await datanet.connect(curator).approve(5n, 400);
      await time.increase(60);
      await expect(datanet.connect(owner).publishVersion(1n)).to.emit(datanet, "VersionPublished").withArgs(1n, 2n, 4n);
      expect(plain(await datanet.getVersion(1n, 1))).to.deep.equal(v1);
      expect(await datanet.versionContributions(1n, 1, 0n, MAX_PAGE)).to.deep.equal([1n, 3n]);
      expect(await datanet.versionContributions(1n, 2, 0n, MAX_PAGE)).to.deep.equal([1n, 3n, 4n, 5n]);
      expect((await datanet.getDatanet(1n)).versionCount).to.equal(2n);
    });

    it("refuses to publish before anything is approved", async function () {
      const f = await loadFixture(deployDatanet);
      await contribute(f, f.alice, "pending");
      await expectUnchangedIn(f, async () => {
        await expect(f.datanet.connect(f.owner).publishVersion(1n))
          .to.be.revertedWithCustomError(f.datanet, "NothingToPublish")
          .withArgs(1n, 0n);
      });
    });

    it("refuses to publish when nothing was approved since the last version", async function () {
      const f = await withApprovals();
      const { datanet, owner, curator, alice } = f;
      await datanet.connect(owner).publishVersion(1n);
      await contribute(f, alice, "v-5");
      await datanet.connect(curator).reject(5n); // reviews that are not approvals add nothing
      await passReviewPeriod();
      await datanet.connect(alice).withdraw(4n);
      await expectUnchangedIn(f, async () => {
        await expect(datanet.connect(owner).publishVersion(1n))
          .to.be.revertedWithCustomError(datanet, "NothingToPublish")
          .withArgs(1n, 2n);
      });
    });

    it("reports versions that are not published", async function () {
      const { datanet, owner } = await withApprovals();
      await datanet.connect(owner).publishVersion(1n);
      for (const [datanetId, version] of [
        [1n, 0],
        [1n, 2],
        [2n, 1],
      ] as const) {
        expect(await datanet.isPublished(datanetId, version)).to.equal(false);
        await expect(datanet.getVersion(datanetId, version))
          .to.be.revertedWithCustomError(datanet, "UnpublishedVersion")
          .withArgs(datanetId, version);
        await expect(datanet.versionContributions(datanetId, version, 0n, 1n))
          .to.be.revertedWithCustomError(datanet, "UnpublishedVersion")
          .withArgs(datanetId, version);
      }
    });
  });

  describe("reads", function () {
    it("pages a version's contributions and returns nothing past its end", async function () {
      const f = await loadFixture(deployDatanet);
      const { datanet, owner, curator, alice } = f;
      await datanet.connect(alice).contributeBatch(1n, batchInputs("r", 5));
      for (const id of [5n, 4n, 3n, 2n, 1n]) await datanet.connect(curator).approve(id, 1);
      await datanet.connect(owner).publishVersion(1n);
      expect(await datanet.versionContributions(1n, 1, 0n, 2n)).to.deep.equal([5n, 4n]);
      expect(await datanet.versionContributions(1n, 1, 2n, 2n)).to.deep.equal([3n, 2n]);
      expect(await datanet.versionContributions(1n, 1, 4n, 2n)).to.deep.equal([1n]);
      expect(await datanet.versionContributions(1n, 1, 5n, 2n)).to.deep.equal([]);
      expect(await datanet.versionContributions(1n, 1, 2n ** 255n, 2n)).to.deep.equal([]);
      expect(await datanet.versionContributions(1n, 1, 0n, 0n)).to.deep.equal([]);
    });

    it("ends a version's page at the version, not at the approved list", async function () {
      const f = await loadFixture(deployDatanet);
      const { datanet, owner, curator, alice } = f;
      await datanet.connect(alice).contributeBatch(1n, batchInputs("r", 3));
      await datanet.connect(curator).approve(1n, 1);
      await datanet.connect(owner).publishVersion(1n);
      await datanet.connect(curator).approve(2n, 1);
      expect(await datanet.versionContributions(1n, 1, 0n, MAX_PAGE)).to.deep.equal([1n]);
      expect(await datanet.versionContributions(1n, 1, 1n, MAX_PAGE)).to.deep.equal([]);
    });

    it("announces a contributor's contributions across datanets, withdrawn ones included", async function () {
      const f = await loadFixture(deployDatanet);
      const { datanet, alice, bob } = f;
      await datanet.connect(bob).createDatanet("", 1n, bob.address, REVIEW_PERIOD);
      await contribute(f, alice, "a");
      await contribute(f, bob, "b");
      await contribute(f, alice, "c", 2n);
      await passReviewPeriod();
      await datanet.connect(alice).withdraw(1n);
      // The contract keeps no list per contributor: the submission events are the list.
      expect(await contributionsOf(datanet, alice.address)).to.deep.equal([1n, 3n]);
      expect(await contributionsOf(datanet, bob.address)).to.deep.equal([2n]);
      expect(await contributionsOf(datanet, f.outsider.address)).to.deep.equal([]);
    });

    it("refuses a page larger than MAX_PAGE", async function () {
      const f = await loadFixture(deployDatanet);
      await contribute(f, f.alice, "a");
      await f.datanet.connect(f.curator).approve(1n, 1);
      await f.datanet.connect(f.owner).publishVersion(1n);
      await expect(f.datanet.versionContributions(1n, 1, 0n, MAX_PAGE + 1n))
        .to.be.revertedWithCustomError(f.datanet, "PageTooLarge")
        .withArgs(MAX_PAGE + 1n, MAX_PAGE);
    });

    it("finds no contribution for a hash that was never submitted", async function () {
      const { datanet } = await loadFixture(deployDatanet);
      expect(await datanet.contributionByHash(1n, contentHash("never"))).to.equal(0n);
      expect(await datanet.contributionByHash(9n, contentHash("never"))).to.equal(0n);
    });

    it("reports an unknown contribution id", async function () {
      const f = await loadFixture(deployDatanet);
      await contribute(f, f.alice, "a");
      for (const id of [0n, 2n]) {
        await expect(f.datanet.getContribution(id))
          .to.be.revertedWithCustomError(f.datanet, "UnknownContribution")
          .withArgs(id);
      }
    });
  });
});
