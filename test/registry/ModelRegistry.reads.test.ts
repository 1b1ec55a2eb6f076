// ModelRegistry: records and paged lists, and lineages checked against the real Datanet.
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { Datanet__factory, ModelRegistry__factory, OpenToken__factory } from "../../typechain-types";
import { lineage, modelState, registration, withBaseModel, withAdapter } from "../helpers/registry";
import { expectUnchanged } from "../helpers/snapshot";

describe("ModelRegistry", function () {
  describe("reads", function () {
    it("refuses to describe a model that does not exist", async function () {
      const { models } = await loadFixture(withBaseModel);
      for (const id of [0n, 2n]) {
        await expect(models.getModel(id)).to.be.revertedWithCustomError(models, "UnknownModel").withArgs(id);
        await expect(models.lineageOf(id)).to.be.revertedWithCustomError(models, "UnknownModel").withArgs(id);
        await expect(models.paymentInfo(id)).to.be.revertedWithCustomError(models, "UnknownModel").withArgs(id);
        await expect(models.tokenURI(id)).to.be.revertedWithCustomError(models, "ERC721NonexistentToken").withArgs(id);
        expect(await models.isActive(id)).to.equal(false);
        expect(await models.adapterCount(id)).to.equal(0n);
      }
    });

    it("pages the adapters of a base model in registration order", async function () {
      const { models, alice } = await loadFixture(withBaseModel);
      for (let i = 0; i < 5; i++) {
        await models.connect(alice).registerAdapter(1n, registration({ lineage: lineage([3n, 1, 10_000]) }));
      }
      expect(await models.adapterCount(1n)).to.equal(5n);
      expect(await models.adaptersOf(1n, 0n, 2n)).to.deep.equal([2n, 3n]);
      expect(await models.adaptersOf(1n, 2n, 2n)).to.deep.equal([4n, 5n]);
      expect(await models.adaptersOf(1n, 4n, 2n)).to.deep.equal([6n]);
      expect(await models.adaptersOf(1n, 0n, 500n)).to.deep.equal([2n, 3n, 4n, 5n, 6n]);
      expect(await models.adaptersOf(1n, 1n, 0n)).to.deep.equal([]);
    });

    it("returns an empty page past the end of a list", async function () {
      const { models } = await loadFixture(withAdapter);
      expect(await models.adaptersOf(1n, 1n, 10n)).to.deep.equal([]);
      expect(await models.adaptersOf(1n, ethers.MaxUint256, 500n)).to.deep.equal([]);
      expect(await models.modelsTrainedOn(1n, 5n, 10n)).to.deep.equal([]);
      expect(await models.modelsTrainedOn(99n, 0n, 10n)).to.deep.equal([]);
    });

    it("pages the models trained on a datanet", async function () {
      const { models, alice } = await loadFixture(withBaseModel);
      await models.connect(alice).registerModel(registration({ lineage: lineage([1n, 2, 10_000]) }));
      await models.connect(alice).registerModel(registration({ lineage: lineage([2n, 1, 10_000]) }));
      await models.connect(alice).registerModel(registration({ lineage: lineage([1n, 1, 10_000]) }));
      expect(await models.modelsTrainedOnCount(1n)).to.equal(3n);
      expect(await models.modelsTrainedOn(1n, 0n, 2n)).to.deep.equal([1n, 2n]);
      expect(await models.modelsTrainedOn(1n, 2n, 2n)).to.deep.equal([4n]);
      expect(await models.modelsTrainedOn(2n, 0n, 500n)).to.deep.equal([1n, 3n]);
    });

    it("refuses a page larger than MAX_PAGE", async function () {
      const { models } = await loadFixture(withAdapter);
      await expect(models.adaptersOf(1n, 0n, 501n))
        .to.be.revertedWithCustomError(models, "PageTooLarge")
        .withArgs(501n, 500n);
      await expect(models.modelsTrainedOn(1n, 0n, ethers.MaxUint256))
        .to.be.revertedWithCustomError(models, "PageTooLarge")
        .withArgs(ethers.MaxUint256, 500n);
    });
  });

  describe("on the real Datanet", function () {
    /**
     * OPEN, a Datanet whose datanet 1 has version 1 (one approved contribution) published, and a registry on it in
     * which alice owns base model 1 (empty lineage).
     */
    async function withRealDatanet() {
      const [deployer, holder, owner, alice] = await ethers.getSigners();
      const token = await new OpenToken__factory(deployer).deploy(holder.address);
      const datanet = await new Datanet__factory(deployer).deploy(await token.getAddress(), deployer.address);
      const stake = ethers.parseEther("1");
      await token.connect(holder).transfer(alice.address, stake);
      await token.connect(alice).approve(await datanet.getAddress(), stake);
      await datanet.connect(owner).createDatanet("ipfs://datanet", stake, owner.address, 3600n);
      await datanet.connect(owner).setCurator(1n, owner.address, true);
      await datanet.connect(alice).contribute(1n, ethers.keccak256(ethers.toUtf8Bytes("data")), 100n, "");
      await datanet.connect(owner).approve(1n, 9000);
      await datanet.connect(owner).publishVersion(1n);
      const models = await new ModelRegistry__factory(deployer).deploy(await datanet.getAddress());
      await models.connect(alice).registerModel(registration({ lineage: [] })); // base model 1
      return { datanet, models, alice };
    }

    it("accepts a lineage citing a version the Datanet published", async function () {
      const { models, alice } = await loadFixture(withRealDatanet);
      await models.connect(alice).registerModel(registration({ lineage: lineage([1n, 1, 10_000]) }));
      expect(await models.modelsTrainedOn(1n, 0n, 10n)).to.deep.equal([2n]);
    });

    const unpublished: [title: string, datanetId: bigint, version: number][] = [
      ["version 0 of an existing datanet", 1n, 0],
      ["the version after the latest", 1n, 2],
      ["datanet 0", 0n, 1],
      ["a datanet that does not exist", 2n, 1],
    ];
    for (const [title, datanetId, version] of unpublished) {
      it(`refuses a lineage citing ${title}, changing nothing`, async function () {
        const { models, alice } = await loadFixture(withRealDatanet);
        const entries = lineage([1n, 1, 5000], [datanetId, version, 5000]);
        await expectUnchanged(
          () => modelState(models, [0n, 1n, 2n]),
          async () => {
            await expect(models.connect(alice).registerModel(registration({ lineage: entries })))
              .to.be.revertedWithCustomError(models, "UnpublishedVersion")
              .withArgs(datanetId, BigInt(version));
            await expect(models.connect(alice).registerAdapter(1n, registration({ lineage: entries })))
              .to.be.revertedWithCustomError(models, "UnpublishedVersion")
              .withArgs(datanetId, BigInt(version));
          },
        );
        expect(await models.balanceOf(alice.address)).to.equal(1n);
      });
    }
  });
});
