// ModelRegistry: the serving key a model's owner names to sign the outputs settlement cannot regenerate.
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { ModelRegistry } from "../../typechain-types";
import { modelState, withBaseModel } from "../helpers/registry";
import { expectUnchanged } from "../helpers/snapshot";

/** The registry's models plus the serving key of model 1: everything setServingKey could move. */
async function servingState(models: ModelRegistry) {
  return { models: await modelState(models), key: await models.servingKeyOf(1n) };
}

describe("ModelRegistry serving keys", function () {
  it("has no serving key until the owner names one", async function () {
    const { models } = await loadFixture(withBaseModel);
    expect(await models.servingKeyOf(1n)).to.equal(ethers.ZeroAddress);
  });

  it("lets the owner name a serving key, and replace or remove it", async function () {
    const { models, alice, bob, carol } = await loadFixture(withBaseModel);
    await expect(models.connect(alice).setServingKey(1n, bob.address))
      .to.emit(models, "ServingKeySet")
      .withArgs(1n, bob.address);
    expect(await models.servingKeyOf(1n)).to.equal(bob.address);
    await models.connect(alice).setServingKey(1n, carol.address);
    expect(await models.servingKeyOf(1n)).to.equal(carol.address);
    await expect(models.connect(alice).setServingKey(1n, ethers.ZeroAddress))
      .to.emit(models, "ServingKeySet")
      .withArgs(1n, ethers.ZeroAddress);
    expect(await models.servingKeyOf(1n)).to.equal(ethers.ZeroAddress);
  });

  it("lets an approved operator of the model name its serving key", async function () {
    const { models, alice, bob } = await loadFixture(withBaseModel);
    await models.connect(alice).approve(bob.address, 1n);
    await models.connect(bob).setServingKey(1n, bob.address);
    expect(await models.servingKeyOf(1n)).to.equal(bob.address);
  });

  it("refuses a serving key from anyone but the owner or an operator, changing nothing", async function () {
    const { models, bob } = await loadFixture(withBaseModel);
    await expectUnchanged(
      () => servingState(models),
      () =>
        expect(models.connect(bob).setServingKey(1n, bob.address))
          .to.be.revertedWithCustomError(models, "NotModelOwnerOrOperator")
          .withArgs(1n, bob.address),
    );
  });

  it("refuses to set or read the serving key of an unknown model", async function () {
    const { models, alice } = await loadFixture(withBaseModel);
    await expectUnchanged(
      () => servingState(models),
      () =>
        expect(models.connect(alice).setServingKey(2n, alice.address))
          .to.be.revertedWithCustomError(models, "UnknownModel")
          .withArgs(2n),
    );
    await expect(models.servingKeyOf(2n)).to.be.revertedWithCustomError(models, "UnknownModel").withArgs(2n);
  });
});
