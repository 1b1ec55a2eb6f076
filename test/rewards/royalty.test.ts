// AttributionRewards: an adapter's payment pays its base model's owner and lineage their royalty.
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { anyValue } from "@nomicfoundation/hardhat-chai-matchers/withArgs";
import { AGENT, BPS, DEFAULT_SHARES, MODEL, MODEL_FEE, NO_AGENT, deployRewards, inferenceId } from "../helpers/rewards";
import { expectSolvent, ledger } from "../helpers/rewardsLedger";
import { expectedSplit, splitTuple, withRoyalty } from "../helpers/split";
import { expectUnchanged } from "../helpers/snapshot";
import { PRICE } from "./fixtures";

const ADAPTER = 5n;
const ROYALTY_BPS = 2_000n;
const ADAPTER_LINEAGE = [{ datanetId: 9n, version: 1, weightBps: 10_000 }];

/** Model 1 (lineage: datanet 1 v1 60%, datanet 2 v3 40%) as the base of adapter 5, owned by bob, on datanet 9 v1. */
async function withAdapter() {
  const ctx = await deployRewards();
  const { models, agents, bob } = ctx;
  await models.setModel(ADAPTER, bob.address, MODEL_FEE, true);
  await models.setLineage(ADAPTER, ADAPTER_LINEAGE);
  await models.setBase(ADAPTER, MODEL);
  await models.setRoyalty(MODEL, ROYALTY_BPS);
  await agents.setUsesModel(AGENT, ADAPTER, true);
  return ctx;
}

describe("AttributionRewards", function () {
  describe("adapter royalties", function () {
    it("pays the base's owner and lineage royaltyBps of the adapter's model-owner amount and data pool", async function () {
      const { rewards, token, payer, bob, modelOwner, agentOwner } = await loadFixture(withAdapter);
      const split = withRoyalty(expectedSplit(PRICE), ROYALTY_BPS);
      expect(split.baseOwnerAmount).to.equal(ethers.parseEther("0.72"));
      expect(split.baseDataPoolAmount).to.equal(ethers.parseEther("1.2"));
      const id = inferenceId();
      await expect(rewards.connect(payer).payInference(id, ADAPTER, AGENT, PRICE))
        .to.emit(rewards, "InferencePaid")
        .withArgs(
          id,
          payer.address,
          ADAPTER,
          AGENT,
          bob.address,
          agentOwner.address,
          modelOwner.address,
          PRICE,
          splitTuple(split),
        );
      expect(await rewards.accrued(bob.address)).to.equal(split.modelOwnerAmount);
      expect(await rewards.accrued(modelOwner.address)).to.equal(split.baseOwnerAmount);
      expect(await rewards.poolFunded(9n, 1)).to.equal(split.dataPoolAmount);
      // The base's part is split across the base's lineage as any data pool is: entry 0 takes the dust.
      const second = (split.baseDataPoolAmount * 4_000n) / BPS;
      expect(await rewards.poolFunded(2n, 3)).to.equal(second);
      expect(await rewards.poolFunded(1n, 1)).to.equal(split.baseDataPoolAmount - second);
      expect(await rewards.totalDataPoolFunded()).to.equal(split.dataPoolAmount + split.baseDataPoolAmount);
      expect(await rewards.totalAccrued()).to.equal(PRICE - split.dataPoolAmount - split.baseDataPoolAmount);
      await expectSolvent(rewards, token);
    });

    it("quotes the royalty split that the payment then makes", async function () {
      const { rewards } = await loadFixture(withAdapter);
      const [price, split] = await rewards.quote(ADAPTER, NO_AGENT);
      expect(price).to.equal(MODEL_FEE);
      expect([...split]).to.deep.equal(
        splitTuple(withRoyalty(expectedSplit(MODEL_FEE, DEFAULT_SHARES, false), ROYALTY_BPS)),
      );
    });

    it("floors the base's parts, so the rounding dust stays with the adapter", async function () {
      const { rewards, token, models, payer } = await loadFixture(withAdapter);
      await models.setFee(ADAPTER, 7n);
      await models.setRoyalty(MODEL, 3_333);
      const split = withRoyalty(expectedSplit(7n, DEFAULT_SHARES, false), 3_333n);
      await rewards.connect(payer).payInference(inferenceId(), ADAPTER, NO_AGENT, 7n);
      const [, quoted] = await rewards.quote(ADAPTER, NO_AGENT);
      expect([...quoted]).to.deep.equal(splitTuple(split));
      expect(split.protocolAmount + split.modelOwnerAmount + split.dataPoolAmount + split.baseOwnerAmount).to.equal(
        7n - split.baseDataPoolAmount,
      );
      await expectSolvent(rewards, token);
    });

    it("pays the base's owner but no data royalty when the base cites no data", async function () {
      const { rewards, token, models, payer, modelOwner } = await loadFixture(withAdapter);
      await models.setLineage(MODEL, []);
      const split = withRoyalty(expectedSplit(MODEL_FEE, DEFAULT_SHARES, false), ROYALTY_BPS, false);
      expect(split.baseDataPoolAmount).to.equal(0n);
      await rewards.connect(payer).payInference(inferenceId(), ADAPTER, NO_AGENT, MODEL_FEE);
      expect(await rewards.accrued(modelOwner.address)).to.equal(split.baseOwnerAmount);
      expect(await rewards.totalDataPoolFunded()).to.equal(split.dataPoolAmount);
      await expectSolvent(rewards, token);
    });

    it("pays no royalty, and names no base owner, when the base asks for none", async function () {
      const { rewards, models, payer, modelOwner } = await loadFixture(withAdapter);
      await models.setRoyalty(MODEL, 0);
      const split = expectedSplit(MODEL_FEE, DEFAULT_SHARES, false);
      await expect(rewards.connect(payer).payInference(inferenceId(), ADAPTER, NO_AGENT, MODEL_FEE))
        .to.emit(rewards, "InferencePaid")
        .withArgs(
          anyValue,
          payer.address,
          ADAPTER,
          0n,
          anyValue,
          ethers.ZeroAddress,
          ethers.ZeroAddress,
          MODEL_FEE,
          splitTuple(split),
        );
      expect(await rewards.accrued(modelOwner.address)).to.equal(0n);
    });

    it("refuses an adapter payment whose base is owned by the rewards contract, and moves nothing", async function () {
      const { rewards, token, models, payer, bob } = await loadFixture(withAdapter);
      const self = await rewards.getAddress();
      await models.setOwner(MODEL, self);
      await expectUnchanged(
        () => ledger(rewards, token, [payer, bob]),
        () =>
          expect(rewards.connect(payer).payInference(inferenceId(), ADAPTER, NO_AGENT, MODEL_FEE))
            .to.be.revertedWithCustomError(rewards, "InvalidRecipient")
            .withArgs(self),
      );
      await expect(rewards.quote(ADAPTER, NO_AGENT)).to.be.revertedWithCustomError(rewards, "InvalidRecipient");
    });
  });
});
