// ModelRegistry: what a base model asks of the adapters built on it (royalty, open or closed, allowed builders).
import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { ethers } from "hardhat";
import { expectUnchanged } from "../helpers/snapshot";
import { lineage, modelState, plain, registration, withAdapter, withBaseModel } from "../helpers/registry";

const adapterRegistration = () => registration({ lineage: lineage([3n, 1, 10_000]) });

describe("ModelRegistry", function () {
  describe("adapter terms", function () {
    it("registers a base open to adapters with the default royalty, and announces it", async function () {
      const { models, alice } = await loadFixture(withBaseModel);
      const defaultBps = await models.DEFAULT_BASE_ROYALTY_BPS();
      expect(plain(await models.adapterTerms(1n))).to.deep.equal([defaultBps, true]);
      await expect(models.connect(alice).registerModel(registration()))
        .to.emit(models, "AdapterTermsSet")
        .withArgs(2n, defaultBps, true);
    });

    it("lets the base's owner or operator set a royalty up to the cap, and reports it for its adapters", async function () {
      const { models, alice, bob } = await loadFixture(withAdapter);
      const cap = await models.MAX_BASE_ROYALTY_BPS();
      await expect(models.connect(alice).setAdapterTerms(1n, { royaltyBps: cap, openToAdapters: true }))
        .to.emit(models, "AdapterTermsSet")
        .withArgs(1n, cap, true);
      expect(plain(await models.royaltyInfo(2n))).to.deep.equal([1n, alice.address, cap]);
      expect(plain(await models.royaltyInfo(1n))).to.deep.equal([0n, ethers.ZeroAddress, 0n]);
      await models.connect(alice).setApprovalForAll(bob.address, true);
      await models.connect(bob).setAdapterTerms(1n, { royaltyBps: 0, openToAdapters: true });
      expect(plain(await models.royaltyInfo(2n))).to.deep.equal([1n, alice.address, 0n]);
    });

    it("takes adapters on a closed base only from its owner, operators and the builders it allows", async function () {
      const { models, alice, bob, carol } = await loadFixture(withBaseModel);
      await models.connect(alice).setAdapterTerms(1n, { royaltyBps: 500, openToAdapters: false });
      expect(await models.canAdapt(1n, bob.address)).to.equal(false);
      await expectUnchanged(
        () => modelState(models),
        () =>
          expect(models.connect(bob).registerAdapter(1n, adapterRegistration()))
            .to.be.revertedWithCustomError(models, "NotAllowedToAdapt")
            .withArgs(1n, bob.address),
      );
      await expect(models.connect(alice).setAdapterBuilder(1n, bob.address, true))
        .to.emit(models, "AdapterBuilderSet")
        .withArgs(1n, bob.address, true);
      expect(await models.canAdapt(1n, bob.address)).to.equal(true);
      await models.connect(bob).registerAdapter(1n, adapterRegistration());
      await models.connect(alice).registerAdapter(1n, adapterRegistration());
      await models.connect(alice).approve(carol.address, 1n);
      await models.connect(carol).registerAdapter(1n, adapterRegistration());
      expect(await models.adapterCount(1n)).to.equal(3n);
      await models.connect(alice).setAdapterBuilder(1n, bob.address, false);
      expect(await models.canAdapt(1n, bob.address)).to.equal(false);
    });

    it("says no one can build on an adapter", async function () {
      const { models, alice } = await loadFixture(withAdapter);
      expect(await models.canAdapt(2n, alice.address)).to.equal(false);
    });

    describe("refusals, each changing nothing", function () {
      it("refuses a royalty above the cap", async function () {
        const { models, alice } = await loadFixture(withBaseModel);
        const cap = await models.MAX_BASE_ROYALTY_BPS();
        await expectUnchanged(
          () => modelState(models),
          () =>
            expect(models.connect(alice).setAdapterTerms(1n, { royaltyBps: cap + 1n, openToAdapters: true }))
              .to.be.revertedWithCustomError(models, "RoyaltyAboveCap")
              .withArgs(cap + 1n, cap),
        );
      });

      it("refuses terms or builders set by anyone but the base's owner or operator", async function () {
        const { models, bob } = await loadFixture(withBaseModel);
        await expectUnchanged(
          () => modelState(models),
          async () => {
            await expect(models.connect(bob).setAdapterTerms(1n, { royaltyBps: 0, openToAdapters: false }))
              .to.be.revertedWithCustomError(models, "NotModelOwnerOrOperator")
              .withArgs(1n, bob.address);
            await expect(models.connect(bob).setAdapterBuilder(1n, bob.address, true))
              .to.be.revertedWithCustomError(models, "NotModelOwnerOrOperator")
              .withArgs(1n, bob.address);
          },
        );
        expect(await models.canAdapt(1n, bob.address)).to.equal(true);
      });

      it("refuses terms for an adapter or an unknown model", async function () {
        const { models, alice } = await loadFixture(withAdapter);
        await expectUnchanged(
          () => modelState(models),
          async () => {
            await expect(models.connect(alice).setAdapterTerms(2n, { royaltyBps: 0, openToAdapters: true }))
              .to.be.revertedWithCustomError(models, "NotBaseModel")
              .withArgs(2n);
            await expect(models.connect(alice).setAdapterBuilder(2n, alice.address, true))
              .to.be.revertedWithCustomError(models, "NotBaseModel")
              .withArgs(2n);
            await expect(models.connect(alice).setAdapterTerms(9n, { royaltyBps: 0, openToAdapters: true }))
              .to.be.revertedWithCustomError(models, "UnknownModel")
              .withArgs(9n);
          },
        );
        await expect(models.adapterTerms(2n)).to.be.revertedWithCustomError(models, "NotBaseModel").withArgs(2n);
        await expect(models.royaltyInfo(9n)).to.be.revertedWithCustomError(models, "UnknownModel").withArgs(9n);
        await expect(models.canAdapt(0n, alice.address)).to.be.revertedWithCustomError(models, "UnknownModel");
      });

      it("refuses a zero builder, and a builder already in the requested state", async function () {
        const { models, alice, bob } = await loadFixture(withBaseModel);
        await expectUnchanged(
          () => modelState(models),
          async () => {
            await expect(
              models.connect(alice).setAdapterBuilder(1n, ethers.ZeroAddress, true),
            ).to.be.revertedWithCustomError(models, "ZeroAddress");
            await expect(models.connect(alice).setAdapterBuilder(1n, bob.address, false))
              .to.be.revertedWithCustomError(models, "BuilderUnchanged")
              .withArgs(1n, bob.address, false);
          },
        );
      });
    });
  });
});
