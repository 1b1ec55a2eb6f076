// The registries' payment reads: what AttributionRewards reads for one payment, in one call per registry.
import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { ModelRegistry } from "../../typechain-types";
import { FEE, plain, withAdapter, withBaseModel } from "../helpers/registry";

/** `paymentTerms` as plain values, to compare with what the registry's other views say of the same model. */
async function termsOf(models: ModelRegistry, id: bigint) {
  const t = await models.paymentTerms(id);
  return {
    owner: t.owner,
    fee: t.feePerInference,
    active: t.active,
    lineage: t.lineage.map(plain),
    royalty: [t.baseModelId, t.baseOwner, t.royaltyBps],
    baseLineage: t.baseLineage.map(plain),
  };
}

/** The same terms, read through `paymentInfo`, `lineageOf` and `royaltyInfo`. */
async function termsFromViews(models: ModelRegistry, id: bigint) {
  const [owner, fee, active] = await models.paymentInfo(id);
  const [baseModelId, baseOwner, royaltyBps] = await models.royaltyInfo(id);
  const royalty =
    royaltyBps === 0n ? [0n, "0x0000000000000000000000000000000000000000", 0n] : [baseModelId, baseOwner, royaltyBps];
  return {
    owner,
    fee,
    active,
    lineage: (await models.lineageOf(id)).map(plain),
    royalty,
    baseLineage: royaltyBps === 0n ? [] : (await models.lineageOf(baseModelId)).map(plain),
  };
}

describe("ModelRegistry", function () {
  describe("paymentTerms", function () {
    it("refuses to describe a model that does not exist", async function () {
      const { models } = await loadFixture(withBaseModel);
      for (const id of [0n, 2n]) {
        await expect(models.paymentTerms(id)).to.be.revertedWithCustomError(models, "UnknownModel").withArgs(id);
      }
    });

    it("says of a base model what paymentInfo and lineageOf say, with no royalty", async function () {
      const { models, alice } = await loadFixture(withBaseModel);
      const terms = await termsOf(models, 1n);
      expect(terms).to.deep.equal(await termsFromViews(models, 1n));
      expect([terms.owner, terms.fee, terms.active]).to.deep.equal([alice.address, FEE, true]);
      expect(terms.lineage.length).to.be.greaterThan(0);
    });

    it("gives an adapter's royalty, its base's owner and lineage, and retires it with its base", async function () {
      const { models, alice } = await loadFixture(withAdapter);
      const terms = await termsOf(models, 2n);
      expect(terms).to.deep.equal(await termsFromViews(models, 2n));
      expect(terms.royalty).to.deep.equal([1n, alice.address, 1_000n]);
      await models.connect(alice).setActive(1n, false);
      expect((await models.paymentTerms(2n)).active).to.equal(false);
      expect(await termsOf(models, 2n)).to.deep.equal(await termsFromViews(models, 2n));
    });

    it("leaves the base out when it takes no royalty", async function () {
      const { models, alice } = await loadFixture(withAdapter);
      await models.connect(alice).setAdapterTerms(1n, { royaltyBps: 0, openToAdapters: true });
      const terms = await termsOf(models, 2n);
      expect(terms.royalty).to.deep.equal([0n, "0x0000000000000000000000000000000000000000", 0n]);
      expect(terms.baseLineage).to.deep.equal([]);
      expect(terms).to.deep.equal(await termsFromViews(models, 2n));
    });

    it("names the new owner of a transferred model and of a transferred base", async function () {
      const { models, alice, bob, carol } = await loadFixture(withAdapter);
      await models.connect(alice).transferFrom(alice.address, bob.address, 2n);
      await models.connect(alice).transferFrom(alice.address, carol.address, 1n);
      const terms = await models.paymentTerms(2n);
      expect([terms.owner, terms.baseOwner]).to.deep.equal([bob.address, carol.address]);
      expect((await models.paymentTerms(1n)).owner).to.equal(await models.ownerOf(1n));
    });
  });
});

describe("AgentRegistry", function () {
  describe("paymentInfo", function () {
    it("refuses an agent that does not exist, and names the new owner of a transferred one", async function () {
      const { agents, alice, bob } = await loadFixture(withBaseModel);
      for (const id of [0n, 1n]) {
        await expect(agents.paymentInfo(id, 1n)).to.be.revertedWithCustomError(agents, "UnknownAgent").withArgs(id);
      }
      await agents.connect(alice).registerAgent("ipfs://agent", [1n], 7n);
      expect(await agents.paymentInfo(1n, 1n)).to.deep.equal([alice.address, 7n, true, true]);
      await agents.connect(alice).transferFrom(alice.address, bob.address, 1n);
      expect(await agents.paymentInfo(1n, 1n)).to.deep.equal([bob.address, 7n, true, true]);
      expect(await agents.paymentInfo(1n, 2n)).to.deep.equal([bob.address, 7n, true, false]);
    });
  });
});
