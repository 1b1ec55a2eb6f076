// AttributionRewards: paying for an inference (plain and with a permit), its split, and every refusal.
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { anyValue } from "@nomicfoundation/hardhat-chai-matchers/withArgs";
import { signPermit } from "../helpers/permit";
import {
  AGENT,
  AGENT_FEE,
  BARE_MODEL,
  DEFAULT_SHARES,
  MODEL,
  MODEL_FEE,
  NO_AGENT,
  deployRewards,
  inferenceId,
} from "../helpers/rewards";
import { expectSolvent, ledger } from "../helpers/rewardsLedger";
import { expectedSplit, splitTuple } from "../helpers/split";
import { expectUnchanged } from "../helpers/snapshot";
import { deployFunded, PRICE } from "./fixtures";

/** The event's base owner for a model that pays no royalty. */
const ZERO = ethers.ZeroAddress;

describe("AttributionRewards", function () {
  describe("paying for an inference", function () {
    it("splits a payment through an agent between treasury, agent owner, model owner and the lineage's pools", async function () {
      const { rewards, token, payer, treasury, agentOwner, modelOwner } = await loadFixture(deployRewards);
      const id = inferenceId();
      const split = expectedSplit(PRICE);
      const tx = await rewards.connect(payer).payInference(id, MODEL, AGENT, PRICE);
      await expect(tx)
        .to.emit(rewards, "InferencePaid")
        .withArgs(
          id,
          payer.address,
          MODEL,
          AGENT,
          modelOwner.address,
          agentOwner.address,
          ZERO,
          PRICE,
          splitTuple(split),
        );
      await expect(tx).to.changeTokenBalances(token, [payer, rewards], [-PRICE, PRICE]);
      expect(split).to.deep.equal({
        protocolAmount: ethers.parseEther("0.6"),
        agentOwnerAmount: ethers.parseEther("1.8"),
        modelOwnerAmount: ethers.parseEther("3.6"),
        dataPoolAmount: ethers.parseEther("6"),
        baseOwnerAmount: 0n,
        baseDataPoolAmount: 0n,
      });
      expect(await rewards.accrued(treasury.address)).to.equal(split.protocolAmount);
      expect(await rewards.accrued(agentOwner.address)).to.equal(split.agentOwnerAmount);
      expect(await rewards.accrued(modelOwner.address)).to.equal(split.modelOwnerAmount);
      expect(await rewards.totalAccrued()).to.equal(PRICE - split.dataPoolAmount);
      expect(await rewards.totalDataPoolFunded()).to.equal(split.dataPoolAmount);
      expect(await rewards.poolFunded(1n, 1)).to.equal(ethers.parseEther("3.6"));
      expect(await rewards.poolFunded(2n, 3)).to.equal(ethers.parseEther("2.4"));
      expect(await rewards.isInferencePaid(payer.address, MODEL, AGENT, id)).to.equal(true);
      await expectSolvent(rewards, token);
    });

    it("gives the agent share to the model owner when no agent is used", async function () {
      const { rewards, token, payer, agentOwner, modelOwner } = await loadFixture(deployRewards);
      const id = inferenceId();
      const split = expectedSplit(MODEL_FEE, DEFAULT_SHARES, false);
      await expect(rewards.connect(payer).payInference(id, MODEL, NO_AGENT, MODEL_FEE))
        .to.emit(rewards, "InferencePaid")
        .withArgs(id, payer.address, MODEL, 0n, modelOwner.address, ZERO, ZERO, MODEL_FEE, splitTuple(split));
      expect(split.modelOwnerAmount).to.equal(ethers.parseEther("4.5"));
      expect(await rewards.accrued(modelOwner.address)).to.equal(ethers.parseEther("4.5"));
      expect(await rewards.accrued(agentOwner.address)).to.equal(0n);
      expect(await rewards.accrued(ethers.ZeroAddress)).to.equal(0n);
      expect(await rewards.totalDataPoolFunded()).to.equal(ethers.parseEther("5"));
      await expectSolvent(rewards, token);
    });

    it("gives the data pool share to the model owner when the model's lineage is empty", async function () {
      const { rewards, token, payer, modelOwner, agents } = await loadFixture(deployRewards);
      await agents.setUsesModel(AGENT, BARE_MODEL, true);
      const split = expectedSplit(PRICE, DEFAULT_SHARES, true, false);
      await expect(rewards.connect(payer).payInference(inferenceId(), BARE_MODEL, AGENT, PRICE))
        .to.emit(rewards, "InferencePaid")
        .withArgs(anyValue, anyValue, BARE_MODEL, AGENT, anyValue, anyValue, ZERO, PRICE, splitTuple(split));
      expect(split.dataPoolAmount).to.equal(0n);
      expect(await rewards.accrued(modelOwner.address)).to.equal(ethers.parseEther("3.6") + ethers.parseEther("6"));
      expect(await rewards.totalDataPoolFunded()).to.equal(0n);
      expect(await rewards.totalAccrued()).to.equal(PRICE);
      await expectSolvent(rewards, token);
    });

    it("leaves the rounding dust in the data pool, and the lineage's dust with its first entry", async function () {
      const { rewards, token, payer, models, treasury, modelOwner } = await loadFixture(deployRewards);
      await models.setFee(MODEL, 9_999n);
      await models.setLineage(MODEL, [
        { datanetId: 1n, version: 1, weightBps: 3_334 },
        { datanetId: 2n, version: 1, weightBps: 3_333 },
        { datanetId: 3n, version: 1, weightBps: 3_333 },
      ]);
      await rewards.connect(payer).payInference(inferenceId(), MODEL, NO_AGENT, 9_999n);
      // Floors: protocol 499 (of 499.95), model owner 1,499 + 2,999 (of 1,499.85 and 2,999.7); data pool 5,002.
      expect(await rewards.accrued(treasury.address)).to.equal(499n);
      expect(await rewards.accrued(modelOwner.address)).to.equal(4_498n);
      expect(await rewards.totalDataPoolFunded()).to.equal(5_002n);
      // Entries 2 and 3 get floor(5,002 * 3,333 / 10,000) = 1,667 each; entry 1 the rest.
      expect(await rewards.poolFunded(2n, 1)).to.equal(1_667n);
      expect(await rewards.poolFunded(3n, 1)).to.equal(1_667n);
      expect(await rewards.poolFunded(1n, 1)).to.equal(1_668n);
      await expectSolvent(rewards, token);
    });

    it("splits even a one-wei price without losing the wei: it goes to the data pool", async function () {
      const { rewards, token, payer, models } = await loadFixture(deployRewards);
      await models.setFee(MODEL, 1n);
      await rewards.connect(payer).payInference(inferenceId(), MODEL, NO_AGENT, 1n);
      expect(await rewards.totalAccrued()).to.equal(0n);
      expect(await rewards.totalDataPoolFunded()).to.equal(1n);
      expect(await rewards.poolFunded(1n, 1)).to.equal(1n);
      await expectSolvent(rewards, token);
    });

    it("credits the protocol share to the treasury in force at payment time", async function () {
      const { rewards, payer, admin, treasury, stranger } = await loadFixture(deployRewards);
      await rewards.connect(payer).payInference(inferenceId(), MODEL, AGENT, PRICE);
      await rewards.connect(admin).setProtocolTreasury(stranger.address);
      await rewards.connect(payer).payInference(inferenceId(), MODEL, AGENT, PRICE);
      expect(await rewards.accrued(treasury.address)).to.equal(ethers.parseEther("0.6"));
      expect(await rewards.accrued(stranger.address)).to.equal(ethers.parseEther("0.6"));
    });

    it("pays a transferred model's and agent's new owners from the transfer on; the old owners keep what accrued", async function () {
      const { rewards, models, agents, payer, modelOwner, agentOwner, alice, bob } = await loadFixture(deployRewards);
      await rewards.connect(payer).payInference(inferenceId(), MODEL, AGENT, PRICE);
      await models.setOwner(MODEL, alice.address);
      await agents.setOwner(AGENT, bob.address);
      const id = inferenceId();
      await expect(rewards.connect(payer).payInference(id, MODEL, AGENT, PRICE))
        .to.emit(rewards, "InferencePaid")
        .withArgs(id, payer.address, MODEL, AGENT, alice.address, bob.address, ZERO, PRICE, anyValue);
      expect(await rewards.accrued(modelOwner.address)).to.equal(ethers.parseEther("3.6"));
      expect(await rewards.accrued(alice.address)).to.equal(ethers.parseEther("3.6"));
      expect(await rewards.accrued(agentOwner.address)).to.equal(ethers.parseEther("1.8"));
      expect(await rewards.accrued(bob.address)).to.equal(ethers.parseEther("1.8"));
    });

    it("splits by the shares in force: a change applies to later payments only", async function () {
      const { rewards, token, payer, admin, treasury } = await loadFixture(deployRewards);
      await rewards.connect(payer).payInference(inferenceId(), MODEL, AGENT, PRICE);
      const shares = { protocolBps: 1_000n, agentOwnerBps: 1_000n, modelOwnerBps: 1_000n, dataPoolBps: 7_000n };
      await rewards.connect(admin).setShares(shares);
      await rewards.connect(payer).payInference(inferenceId(), MODEL, AGENT, PRICE);
      expect(await rewards.accrued(treasury.address)).to.equal(ethers.parseEther("0.6") + ethers.parseEther("1.2"));
      expect(await rewards.totalDataPoolFunded()).to.equal(ethers.parseEther("6") + ethers.parseEther("8.4"));
      await expectSolvent(rewards, token);
    });

    it("quotes the price and split that the payment then makes", async function () {
      const { rewards, payer } = await loadFixture(deployRewards);
      const [price, split] = await rewards.quote(MODEL, AGENT);
      expect(price).to.equal(PRICE);
      expect([...split]).to.deep.equal(splitTuple(expectedSplit(PRICE)));
      await expect(rewards.connect(payer).payInference(inferenceId(), MODEL, AGENT, price))
        .to.emit(rewards, "InferencePaid")
        .withArgs(anyValue, payer.address, MODEL, AGENT, anyValue, anyValue, ZERO, price, [...split]);
      const [barePrice, bareSplit] = await rewards.quote(BARE_MODEL, NO_AGENT);
      expect(barePrice).to.equal(MODEL_FEE);
      expect([...bareSplit]).to.deep.equal(splitTuple(expectedSplit(MODEL_FEE, DEFAULT_SHARES, false, false)));
    });

    it("accepts a maximum above the price and pulls only the price", async function () {
      const { rewards, token, payer } = await loadFixture(deployRewards);
      await expect(rewards.connect(payer).payInference(inferenceId(), MODEL, AGENT, PRICE * 2n)).to.changeTokenBalances(
        token,
        [payer, rewards],
        [-PRICE, PRICE],
      );
    });

    describe("with a permit", function () {
      it("pays in one transaction from a permit signed for the maximum price, without a prior approval", async function () {
        const { rewards, token, payer, alice } = await loadFixture(deployRewards);
        await token.connect(payer).transfer(alice.address, ethers.parseEther("100"));
        const maxPrice = PRICE + 1n;
        const sig = await signPermit(token, alice, await rewards.getAddress(), maxPrice);
        const id = inferenceId();
        const tx = await rewards
          .connect(alice)
          .payInferenceWithPermit(id, MODEL, AGENT, maxPrice, { value: maxPrice, ...sig });
        await expect(tx)
          .to.emit(rewards, "InferencePaid")
          .withArgs(id, alice.address, MODEL, AGENT, anyValue, anyValue, ZERO, PRICE, anyValue);
        await expect(tx).to.changeTokenBalances(token, [alice, rewards], [-PRICE, PRICE]);
        expect(await token.allowance(alice.address, rewards)).to.equal(1n);
        await expectSolvent(rewards, token);
      });

      it("still pays when someone front-ran the permit, since the allowance is in place", async function () {
        const { rewards, token, payer, alice, stranger } = await loadFixture(deployRewards);
        await token.connect(payer).transfer(alice.address, ethers.parseEther("100"));
        const sig = await signPermit(token, alice, await rewards.getAddress(), PRICE);
        await token.connect(stranger).permit(alice.address, rewards, PRICE, sig.deadline, sig.v, sig.r, sig.s);
        await expect(
          rewards.connect(alice).payInferenceWithPermit(inferenceId(), MODEL, AGENT, PRICE, { value: PRICE, ...sig }),
        ).to.changeTokenBalances(token, [alice, rewards], [-PRICE, PRICE]);
      });

      it("rejects an expired permit with PermitFailed and moves nothing", async function () {
        const { rewards, token, payer, alice } = await loadFixture(deployRewards);
        await token.connect(payer).transfer(alice.address, ethers.parseEther("100"));
        const sig = await signPermit(token, alice, await rewards.getAddress(), PRICE, {
          deadline: BigInt(await time.latest()) - 1n,
        });
        const id = inferenceId();
        await expectUnchanged(
          () => ledger(rewards, token, [alice]),
          () =>
            expect(rewards.connect(alice).payInferenceWithPermit(id, MODEL, AGENT, PRICE, { value: PRICE, ...sig }))
              .to.be.revertedWithCustomError(rewards, "PermitFailed")
              .withArgs(alice.address, 0n, PRICE),
        );
        expect(await rewards.isInferencePaid(alice.address, MODEL, AGENT, id)).to.equal(false);
      });

      it("rejects a permit signed by someone else, or for less than the price, with PermitFailed", async function () {
        const { rewards, token, payer, alice, bob } = await loadFixture(deployRewards);
        await token.connect(payer).transfer(alice.address, ethers.parseEther("100"));
        const spender = await rewards.getAddress();
        await expectUnchanged(
          () => ledger(rewards, token, [alice, bob]),
          async () => {
            const forged = await signPermit(token, bob, spender, PRICE);
            // A permit signed for less than the maximum is not valid for the maximum either.
            const short = await signPermit(token, alice, spender, PRICE - 1n);
            for (const sig of [forged, short]) {
              await expect(
                rewards
                  .connect(alice)
                  .payInferenceWithPermit(inferenceId(), MODEL, AGENT, PRICE, { value: PRICE, ...sig }),
              )
                .to.be.revertedWithCustomError(rewards, "PermitFailed")
                .withArgs(alice.address, 0n, PRICE);
            }
          },
        );
      });
    });

    describe("refusals, each leaving every balance untouched", function () {
      async function refusedFixture() {
        const ctx = await deployFunded();
        const { rewards, token, payer, treasury, modelOwner, agentOwner } = ctx;
        const parties = [payer, treasury, modelOwner, agentOwner];
        const snapshot = () => ledger(rewards, token, parties);
        return { ...ctx, snapshot, before: await snapshot() };
      }

      it("rejects a zero inference id", async function () {
        const { rewards, payer, snapshot } = await loadFixture(refusedFixture);
        await expectUnchanged(snapshot, () =>
          expect(
            rewards.connect(payer).payInference(ethers.ZeroHash, MODEL, AGENT, PRICE),
          ).to.be.revertedWithCustomError(rewards, "ZeroInferenceId"),
        );
      });

      it("rejects an inference id the same payer already paid for the same model and agent", async function () {
        const { rewards, payer, token, alice } = await loadFixture(refusedFixture);
        const id = inferenceId();
        await rewards.connect(payer).payInference(id, MODEL, AGENT, PRICE);
        await expectUnchanged(
          () => ledger(rewards, token, [payer, alice]),
          () =>
            expect(rewards.connect(payer).payInference(id, MODEL, AGENT, PRICE))
              .to.be.revertedWithCustomError(rewards, "InferenceAlreadyPaid")
              .withArgs(payer.address, MODEL, AGENT, id),
        );
      });

      it("takes the same inference id from another payer, or for another route, as a separate payment", async function () {
        const { rewards, payer, token, alice } = await loadFixture(refusedFixture);
        const id = inferenceId();
        await rewards.connect(payer).payInference(id, MODEL, AGENT, PRICE);
        await rewards.connect(payer).payInference(id, MODEL, NO_AGENT, MODEL_FEE);
        await token.connect(payer).transfer(alice.address, PRICE);
        await token.connect(alice).approve(rewards, PRICE);
        await expect(rewards.connect(alice).payInference(id, MODEL, AGENT, PRICE))
          .to.emit(rewards, "InferencePaid")
          .withArgs(id, alice.address, MODEL, AGENT, anyValue, anyValue, ZERO, PRICE, anyValue);
        expect(await rewards.isInferencePaid(payer.address, MODEL, NO_AGENT, id)).to.equal(true);
        expect(await rewards.isInferencePaid(alice.address, MODEL, AGENT, id)).to.equal(true);
        expect(await rewards.isInferencePaid(alice.address, MODEL, NO_AGENT, id)).to.equal(false);
        await expectSolvent(rewards, token);
      });

      it("rejects an unknown model with the registry's UnknownModel", async function () {
        const { rewards, models, payer, snapshot } = await loadFixture(refusedFixture);
        await expectUnchanged(snapshot, async () => {
          await expect(rewards.connect(payer).payInference(inferenceId(), 99n, NO_AGENT, PRICE))
            .to.be.revertedWithCustomError(models, "UnknownModel")
            .withArgs(99n);
          await expect(rewards.quote(99n, NO_AGENT)).to.be.revertedWithCustomError(models, "UnknownModel");
        });
      });

      it("rejects an inactive model", async function () {
        const { rewards, models, payer, snapshot } = await loadFixture(refusedFixture);
        await models.setActive(MODEL, false);
        await expectUnchanged(snapshot, () =>
          expect(rewards.connect(payer).payInference(inferenceId(), MODEL, AGENT, PRICE))
            .to.be.revertedWithCustomError(rewards, "ModelNotActive")
            .withArgs(MODEL),
        );
      });

      it("rejects an unknown agent with the registry's UnknownAgent", async function () {
        const { rewards, agents, payer, snapshot } = await loadFixture(refusedFixture);
        await expectUnchanged(snapshot, () =>
          expect(rewards.connect(payer).payInference(inferenceId(), MODEL, 42n, PRICE))
            .to.be.revertedWithCustomError(agents, "UnknownAgent")
            .withArgs(42n),
        );
      });

      it("rejects an inactive agent", async function () {
        const { rewards, agents, payer, snapshot } = await loadFixture(refusedFixture);
        await agents.setActive(AGENT, false);
        await expectUnchanged(snapshot, async () => {
          await expect(rewards.connect(payer).payInference(inferenceId(), MODEL, AGENT, PRICE))
            .to.be.revertedWithCustomError(rewards, "AgentNotActive")
            .withArgs(AGENT);
          await expect(rewards.quote(MODEL, AGENT)).to.be.revertedWithCustomError(rewards, "AgentNotActive");
        });
      });

      it("rejects an agent that does not use the model", async function () {
        const { rewards, payer, snapshot } = await loadFixture(refusedFixture);
        await expectUnchanged(snapshot, () =>
          expect(rewards.connect(payer).payInference(inferenceId(), BARE_MODEL, AGENT, PRICE))
            .to.be.revertedWithCustomError(rewards, "AgentDoesNotUseModel")
            .withArgs(AGENT, BARE_MODEL),
        );
      });

      it("rejects a price above the payer's maximum", async function () {
        const { rewards, payer, snapshot } = await loadFixture(refusedFixture);
        await expectUnchanged(snapshot, () =>
          expect(rewards.connect(payer).payInference(inferenceId(), MODEL, AGENT, PRICE - 1n))
            .to.be.revertedWithCustomError(rewards, "PriceAboveMaximum")
            .withArgs(PRICE, PRICE - 1n),
        );
      });

      it("rejects a payment whose fees were raised between the quote and the payment", async function () {
        const { rewards, models, agents, payer, snapshot } = await loadFixture(refusedFixture);
        const [quoted] = await rewards.quote(MODEL, AGENT);
        await models.setFee(MODEL, MODEL_FEE + 1n);
        await expectUnchanged(snapshot, () =>
          expect(rewards.connect(payer).payInference(inferenceId(), MODEL, AGENT, quoted))
            .to.be.revertedWithCustomError(rewards, "PriceAboveMaximum")
            .withArgs(quoted + 1n, quoted),
        );
        await models.setFee(MODEL, MODEL_FEE);
        await agents.setFee(AGENT, AGENT_FEE * 2n);
        await expectUnchanged(snapshot, () =>
          expect(rewards.connect(payer).payInference(inferenceId(), MODEL, AGENT, quoted))
            .to.be.revertedWithCustomError(rewards, "PriceAboveMaximum")
            .withArgs(quoted + AGENT_FEE, quoted),
        );
      });

      it("rejects a zero price, with or without an agent", async function () {
        const { rewards, models, agents, payer, snapshot } = await loadFixture(refusedFixture);
        await models.setFee(MODEL, 0n);
        await expectUnchanged(snapshot, () =>
          expect(rewards.connect(payer).payInference(inferenceId(), MODEL, NO_AGENT, PRICE))
            .to.be.revertedWithCustomError(rewards, "ZeroPrice")
            .withArgs(MODEL, NO_AGENT),
        );
        await agents.setFee(AGENT, 0n);
        await expectUnchanged(snapshot, async () => {
          await expect(rewards.connect(payer).payInference(inferenceId(), MODEL, AGENT, PRICE))
            .to.be.revertedWithCustomError(rewards, "ZeroPrice")
            .withArgs(MODEL, AGENT);
          await expect(rewards.quote(MODEL, AGENT)).to.be.revertedWithCustomError(rewards, "ZeroPrice");
        });
      });

      it("rejects a payer who has not approved enough, with the token's error", async function () {
        const { rewards, token, payer, alice, snapshot, before } = await loadFixture(refusedFixture);
        await token.connect(payer).transfer(alice.address, PRICE);
        const id = inferenceId();
        await expectUnchanged(
          () => ledger(rewards, token, [payer, alice]),
          async () =>
            expect(rewards.connect(alice).payInference(id, MODEL, AGENT, PRICE))
              .to.be.revertedWithCustomError(token, "ERC20InsufficientAllowance")
              .withArgs(await rewards.getAddress(), 0n, PRICE),
        );
        expect(await rewards.isInferencePaid(alice.address, MODEL, AGENT, id)).to.equal(false);
        expect((await snapshot()).contractBalance).to.equal(before.contractBalance);
      });
    });
  });
});
