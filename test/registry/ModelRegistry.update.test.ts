// ModelRegistry: what the owner may update (fee, active flag, metadata URI), and who may update it.
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { ModelRegistry } from "../../typechain-types";
import { FEE, WEIGHTS, deployRegistries, modelState, withBaseModel, withAdapter } from "../helpers/registry";
import { expectUnchanged } from "../helpers/snapshot";
import { shouldRefuseOutsiders } from "../helpers/updateGate";

describe("ModelRegistry", function () {
  describe("updates by the owner", function () {
    it("sets the fee per inference", async function () {
      const { models, alice } = await loadFixture(withBaseModel);
      const fee = ethers.parseEther("2");
      await expect(models.connect(alice).setFee(1n, fee)).to.emit(models, "FeeSet").withArgs(1n, fee);
      expect(await models.paymentInfo(1n)).to.deep.equal([alice.address, fee, true]);
    });

    it("deactivates and reactivates the model", async function () {
      const { models, alice } = await loadFixture(withBaseModel);
      await expect(models.connect(alice).setActive(1n, false)).to.emit(models, "ActiveSet").withArgs(1n, false);
      expect(await models.isActive(1n)).to.equal(false);
      expect(await models.paymentInfo(1n)).to.deep.equal([alice.address, FEE, false]);
      await expect(models.connect(alice).setActive(1n, true)).to.emit(models, "ActiveSet").withArgs(1n, true);
      expect(await models.isActive(1n)).to.equal(true);
    });

    it("refuses to set the state the model is already in, changing nothing", async function () {
      const { models, alice } = await loadFixture(withBaseModel);
      const state = () => modelState(models);
      await expectUnchanged(state, () =>
        expect(models.connect(alice).setActive(1n, true))
          .to.be.revertedWithCustomError(models, "ActiveUnchanged")
          .withArgs(1n, true),
      );
      await models.connect(alice).setActive(1n, false);
      await expectUnchanged(state, () =>
        expect(models.connect(alice).setActive(1n, false))
          .to.be.revertedWithCustomError(models, "ActiveUnchanged")
          .withArgs(1n, false),
      );
      expect(await models.isActive(1n)).to.equal(false);
    });

    it("replaces the metadata URI, which tokenURI returns", async function () {
      const { models, alice } = await loadFixture(withBaseModel);
      await expect(models.connect(alice).setMetadataURI(1n, "ipfs://model-a-v2"))
        .to.emit(models, "MetadataURISet")
        .withArgs(1n, "ipfs://model-a-v2");
      expect(await models.tokenURI(1n)).to.equal("ipfs://model-a-v2");
      expect((await models.getModel(1n)).metadataURI).to.equal("ipfs://model-a-v2");
    });

    it("never changes the weights hash or the lineage", async function () {
      const { models, alice } = await loadFixture(withBaseModel);
      const before = await modelState(models);
      await models.connect(alice).setFee(1n, 1n);
      await models.connect(alice).setActive(1n, false);
      await models.connect(alice).setMetadataURI(1n, "ipfs://other");
      const after = await modelState(models);
      expect(after.records[0].lineage).to.deep.equal(before.records[0].lineage);
      expect((await models.getModel(1n)).weightsHash).to.equal(WEIGHTS);
      // No function of the registry takes a weights hash or a lineage except the two registrations.
      const writers: string[] = [];
      models.interface.forEachFunction((f) => {
        if (!f.constant && f.inputs.some((p) => /weightsHash|lineage/.test(p.format("full")))) writers.push(f.name);
      });
      expect(writers.sort()).to.deep.equal(["registerAdapter", "registerModel"]);
    });
  });

  describe("who may update", function () {
    const updates = [
      { name: "setFee", call: (m: ModelRegistry) => m.setFee(1n, 9n) },
      { name: "setActive", call: (m: ModelRegistry) => m.setActive(1n, false) },
      { name: "setMetadataURI", call: (m: ModelRegistry) => m.setMetadataURI(1n, "ipfs://x") },
    ];

    shouldRefuseOutsiders("model", updates, {
      withToken: withBaseModel,
      withoutToken: deployRegistries,
      owner: "alice",
      stillUnknown: async (models) => {
        expect(await models.isActive(1n)).to.equal(false);
      },
    });

    it("lets an address approved for the token update it, until the approval is gone", async function () {
      const { models, alice, bob } = await loadFixture(withBaseModel);
      const state = () => modelState(models);
      await models.connect(alice).approve(bob.address, 1n);
      await expect(models.connect(bob).setFee(1n, 7n)).to.emit(models, "FeeSet").withArgs(1n, 7n);
      await expect(models.connect(bob).setActive(1n, false)).to.emit(models, "ActiveSet").withArgs(1n, false);
      await models.connect(alice).approve(ethers.ZeroAddress, 1n);
      await expectUnchanged(state, () =>
        expect(models.connect(bob).setFee(1n, 8n))
          .to.be.revertedWithCustomError(models, "NotModelOwnerOrOperator")
          .withArgs(1n, bob.address),
      );
      expect(await models.paymentInfo(1n)).to.deep.equal([alice.address, 7n, false]);
    });

    it("lets an operator of all the owner's tokens update them", async function () {
      const { models, alice, carol } = await loadFixture(withAdapter);
      await models.connect(alice).setApprovalForAll(carol.address, true);
      await models.connect(carol).setMetadataURI(1n, "ipfs://by-carol");
      await models.connect(carol).setFee(2n, 3n);
      expect(await models.tokenURI(1n)).to.equal("ipfs://by-carol");
      expect((await models.paymentInfo(2n))[1]).to.equal(3n);
      // Being an operator does not make carol the owner.
      expect(await models.ownerOf(1n)).to.equal(alice.address);
    });

    it("follows the token: after a transfer the new owner updates it and is the one paid", async function () {
      const { models, alice, bob } = await loadFixture(withBaseModel);
      const state = () => modelState(models);
      await expect(models.connect(alice).transferFrom(alice.address, bob.address, 1n))
        .to.emit(models, "Transfer")
        .withArgs(alice.address, bob.address, 1n);
      expect(await models.paymentInfo(1n)).to.deep.equal([bob.address, FEE, true]);
      await expect(models.connect(bob).setFee(1n, 11n)).to.emit(models, "FeeSet").withArgs(1n, 11n);
      await expectUnchanged(state, () =>
        expect(models.connect(alice).setFee(1n, 12n))
          .to.be.revertedWithCustomError(models, "NotModelOwnerOrOperator")
          .withArgs(1n, alice.address),
      );
      expect(await models.paymentInfo(1n)).to.deep.equal([bob.address, 11n, true]);
    });
  });
});
