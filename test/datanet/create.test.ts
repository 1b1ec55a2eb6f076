// Datanet: deployment, creating a datanet, and its owner's administration (curators, ownership), and the review period's caps.
import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { Datanet__factory } from "../../typechain-types";
import { deploySuite } from "../../src/chain/deploy";
import {
  contribute,
  deployDatanet,
  expectUnchangedIn,
  MAX_BATCH,
  MAX_PAGE,
  MAX_STAKE,
  METADATA_URI,
  REVIEW_PERIOD,
  STAKE,
} from "./fixtures";

describe("Datanet", function () {
  describe("deployment", function () {
    it("holds the OPEN token and starts with no datanet, contribution or stake", async function () {
      const { token, deployer } = await loadFixture(deployDatanet);
      const fresh = await new Datanet__factory(deployer).deploy(await token.getAddress(), deployer.address);
      expect(await fresh.token()).to.equal(await token.getAddress());
      expect(await fresh.datanetCount()).to.equal(0n);
      expect(await fresh.contributionCount()).to.equal(0n);
      expect(await fresh.totalStaked()).to.equal(0n);
      expect(await fresh.MAX_BATCH()).to.equal(MAX_BATCH);
      expect(await fresh.MAX_PAGE()).to.equal(MAX_PAGE);
      expect(await fresh.MAX_STAKE()).to.equal(MAX_STAKE);
      expect(await fresh.hasRole(await fresh.DEFAULT_ADMIN_ROLE(), deployer.address)).to.equal(true);
    });

    it("records the block it was deployed in", async function () {
      const { token, deployer } = await loadFixture(deployDatanet);
      const fresh = await new Datanet__factory(deployer).deploy(await token.getAddress(), deployer.address);
      const receipt = await fresh.deploymentTransaction()!.wait();
      expect(await fresh.deploymentBlock()).to.equal(BigInt(receipt!.blockNumber));
    });

    it("refuses a zero token address and a zero admin", async function () {
      const [deployer] = await ethers.getSigners();
      const factory = new Datanet__factory(deployer);
      await expect(factory.deploy(ethers.ZeroAddress, deployer.address)).to.be.revertedWithCustomError(
        factory,
        "ZeroAddress",
      );
      await expect(factory.deploy(deployer.address, ethers.ZeroAddress)).to.be.revertedWithCustomError(
        factory,
        "ZeroAddress",
      );
    });

    it("is deployed by the suite's Ignition module on the suite's OPEN token", async function () {
      const suite = await deploySuite(hre);
      expect(await suite.datanet.token()).to.equal(await suite.token.getAddress());
      expect(await suite.datanet.datanetCount()).to.equal(0n);
      const [deployer] = await ethers.getSigners();
      expect(await suite.datanet.hasRole(await suite.datanet.DEFAULT_ADMIN_ROLE(), deployer.address)).to.equal(true);
    });
  });

  describe("creating a datanet", function () {
    it("lets anyone create a datanet for an owner, with its review period", async function () {
      const { datanet, alice, bob } = await loadFixture(deployDatanet);
      const stake = ethers.parseEther("3");
      await expect(datanet.connect(alice).createDatanet("ipfs://second", stake, bob.address, REVIEW_PERIOD))
        .to.emit(datanet, "DatanetCreated")
        .withArgs(2n, bob.address, alice.address, stake, "ipfs://second");
      const info = await datanet.getDatanet(2n);
      expect(info.owner).to.equal(bob.address);
      expect(info.stake).to.equal(stake);
      expect(info.reviewPeriod).to.equal(REVIEW_PERIOD);
      expect(info.createdAt).to.equal(BigInt(await time.latest()));
      expect(info.approvedCount).to.equal(0n);
      expect(info.versionCount).to.equal(0n);
      expect(info.metadataURI).to.equal("ipfs://second");
      expect(await datanet.datanetCount()).to.equal(2n);
      expect(await datanet.isCurator(2n, bob.address)).to.equal(false);
    });

    it("returns the new id, counting from 1", async function () {
      const { datanet, alice } = await loadFixture(deployDatanet);
      expect((await datanet.getDatanet(1n)).metadataURI).to.equal(METADATA_URI);
      expect(await datanet.connect(alice).createDatanet.staticCall("", 1n, alice.address, REVIEW_PERIOD)).to.equal(2n);
    });

    it("accepts a stake of exactly MAX_STAKE", async function () {
      const { datanet, alice } = await loadFixture(deployDatanet);
      await datanet.connect(alice).createDatanet("", MAX_STAKE, alice.address, REVIEW_PERIOD);
      expect((await datanet.getDatanet(2n)).stake).to.equal(MAX_STAKE);
    });

    it("refuses a zero owner", async function () {
      const f = await loadFixture(deployDatanet);
      await expectUnchangedIn(f, async () => {
        await expect(
          f.datanet.connect(f.alice).createDatanet("", STAKE, ethers.ZeroAddress, REVIEW_PERIOD),
        ).to.be.revertedWithCustomError(f.datanet, "ZeroAddress");
      });
    });

    it("refuses the Datanet contract itself as owner, which could never administer it", async function () {
      const f = await loadFixture(deployDatanet);
      const self = await f.datanet.getAddress();
      await expectUnchangedIn(f, async () => {
        await expect(f.datanet.connect(f.alice).createDatanet("", STAKE, self, REVIEW_PERIOD))
          .to.be.revertedWithCustomError(f.datanet, "InvalidOwner")
          .withArgs(self);
      });
    });

    it("refuses a zero stake", async function () {
      const f = await loadFixture(deployDatanet);
      await expectUnchangedIn(f, async () => {
        await expect(
          f.datanet.connect(f.alice).createDatanet("", 0n, f.alice.address, REVIEW_PERIOD),
        ).to.be.revertedWithCustomError(f.datanet, "ZeroStake");
      });
    });

    it("refuses a stake above MAX_STAKE", async function () {
      const f = await loadFixture(deployDatanet);
      await expectUnchangedIn(f, async () => {
        await expect(f.datanet.connect(f.alice).createDatanet("", MAX_STAKE + 1n, f.alice.address, REVIEW_PERIOD))
          .to.be.revertedWithCustomError(f.datanet, "StakeTooHigh")
          .withArgs(MAX_STAKE + 1n, MAX_STAKE);
      });
    });

    it("accepts review periods of exactly MIN_REVIEW_PERIOD and MAX_REVIEW_PERIOD", async function () {
      const { datanet, alice } = await loadFixture(deployDatanet);
      const [min, max] = [await datanet.MIN_REVIEW_PERIOD(), await datanet.MAX_REVIEW_PERIOD()];
      expect([min, max]).to.deep.equal([3600n, 30n * 24n * 3600n]);
      await datanet.connect(alice).createDatanet("", STAKE, alice.address, min);
      await datanet.connect(alice).createDatanet("", STAKE, alice.address, max);
      expect((await datanet.getDatanet(2n)).reviewPeriod).to.equal(min);
      expect((await datanet.getDatanet(3n)).reviewPeriod).to.equal(max);
    });

    it("refuses a review period outside the hard caps, zero included", async function () {
      const f = await loadFixture(deployDatanet);
      const [min, max] = [await f.datanet.MIN_REVIEW_PERIOD(), await f.datanet.MAX_REVIEW_PERIOD()];
      await expectUnchangedIn(f, async () => {
        for (const period of [0n, min - 1n, max + 1n]) {
          await expect(f.datanet.connect(f.alice).createDatanet("", STAKE, f.alice.address, period))
            .to.be.revertedWithCustomError(f.datanet, "ReviewPeriodOutOfRange")
            .withArgs(period, min, max);
        }
      });
    });

    it("reports an unknown datanet id when reading one", async function () {
      const { datanet } = await loadFixture(deployDatanet);
      for (const id of [0n, 2n]) {
        await expect(datanet.getDatanet(id)).to.be.revertedWithCustomError(datanet, "UnknownDatanet").withArgs(id);
      }
    });
  });

  describe("administration", function () {
    it("lets the owner appoint and remove curators", async function () {
      const { datanet, owner, alice } = await loadFixture(deployDatanet);
      await expect(datanet.connect(owner).setCurator(1n, alice.address, true))
        .to.emit(datanet, "CuratorSet")
        .withArgs(1n, alice.address, true);
      expect(await datanet.isCurator(1n, alice.address)).to.equal(true);
      await expect(datanet.connect(owner).setCurator(1n, alice.address, false))
        .to.emit(datanet, "CuratorSet")
        .withArgs(1n, alice.address, false);
      expect(await datanet.isCurator(1n, alice.address)).to.equal(false);
    });

    it("refuses to appoint a curator twice or to remove someone who is not one", async function () {
      const f = await loadFixture(deployDatanet);
      const { datanet, owner, curator, alice } = f;
      await expectUnchangedIn(f, async () => {
        await expect(datanet.connect(owner).setCurator(1n, curator.address, true))
          .to.be.revertedWithCustomError(datanet, "CuratorUnchanged")
          .withArgs(1n, curator.address, true);
        await expect(datanet.connect(owner).setCurator(1n, alice.address, false))
          .to.be.revertedWithCustomError(datanet, "CuratorUnchanged")
          .withArgs(1n, alice.address, false);
      });
      expect(await datanet.isCurator(1n, curator.address)).to.equal(true);
    });

    it("hands the datanet to a new owner, who alone can administer it from then on", async function () {
      const f = await loadFixture(deployDatanet);
      const { datanet, owner, alice, bob } = f;
      await expect(datanet.connect(owner).transferDatanetOwnership(1n, alice.address))
        .to.emit(datanet, "DatanetOwnershipTransferred")
        .withArgs(1n, owner.address, alice.address);
      const info = await datanet.getDatanet(1n);
      expect(info.owner).to.equal(alice.address);
      await expectUnchangedIn(f, () =>
        expect(datanet.connect(owner).setCurator(1n, bob.address, true))
          .to.be.revertedWithCustomError(datanet, "NotDatanetOwner")
          .withArgs(1n, owner.address),
      );
      await datanet.connect(alice).setCurator(1n, bob.address, true);
      expect(await datanet.isCurator(1n, bob.address)).to.equal(true);
    });

    it("refuses zero addresses for a curator and a new owner", async function () {
      const f = await loadFixture(deployDatanet);
      const { datanet, owner } = f;
      await expectUnchangedIn(f, async () => {
        for (const call of [
          () => datanet.connect(owner).setCurator(1n, ethers.ZeroAddress, true),
          () => datanet.connect(owner).transferDatanetOwnership(1n, ethers.ZeroAddress),
        ]) {
          await expect(call()).to.be.revertedWithCustomError(datanet, "ZeroAddress");
        }
      });
    });

    it("refuses to hand a datanet to the Datanet contract itself, which could never administer it", async function () {
      const f = await loadFixture(deployDatanet);
      const self = await f.datanet.getAddress();
      await expectUnchangedIn(f, async () => {
        await expect(f.datanet.connect(f.owner).transferDatanetOwnership(1n, self))
          .to.be.revertedWithCustomError(f.datanet, "InvalidOwner")
          .withArgs(self);
      });
      expect((await f.datanet.getDatanet(1n)).owner).to.equal(f.owner.address);
    });

    it("refuses every owner-only call from anyone else, curators included", async function () {
      const f = await loadFixture(deployDatanet);
      const { datanet, curator, alice } = f;
      await contribute(f, alice, "a");
      await datanet.connect(curator).approve(1n, 5000);
      await expectUnchangedIn(f, async () => {
        for (const caller of [curator, alice]) {
          for (const call of [
            () => datanet.connect(caller).setCurator(1n, alice.address, true),
            () => datanet.connect(caller).transferDatanetOwnership(1n, alice.address),
            () => datanet.connect(caller).publishVersion(1n),
          ]) {
            await expect(call())
              .to.be.revertedWithCustomError(datanet, "NotDatanetOwner")
              .withArgs(1n, await caller.getAddress());
          }
        }
      });
    });

    it("refuses owner-only calls on an unknown datanet", async function () {
      const f = await loadFixture(deployDatanet);
      const { datanet, owner, alice } = f;
      await expectUnchangedIn(f, async () => {
        for (const call of [
          () => datanet.connect(owner).setCurator(2n, alice.address, true),
          () => datanet.connect(owner).transferDatanetOwnership(2n, alice.address),
          () => datanet.connect(owner).publishVersion(2n),
        ]) {
          await expect(call()).to.be.revertedWithCustomError(datanet, "UnknownDatanet").withArgs(2n);
        }
      });
    });
  });
});
