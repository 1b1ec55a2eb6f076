// AttributionRewards: payment splits, withdrawals, epoch roots, claims, pausing, admin, attacks and gas.
import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { anyValue } from "@nomicfoundation/hardhat-chai-matchers/withArgs";
import {
  AttributionRewards__factory,
  ReentrantReceiver__factory,
  ReentrantToken__factory,
} from "../../typechain-types";
import { signPermit } from "../helpers/permit";
import {
  AGENT,
  AGENT_FEE,
  BARE_MODEL,
  DEFAULT_SHARES,
  Entitlements,
  MODEL,
  MODEL_FEE,
  NO_AGENT,
  PAYER_FUNDS,
  deployRewards,
  deployRewardsContract,
  expectSolvent,
  expectedSplit,
  inferenceId,
  ledger,
  postAndAccept,
  splitTuple,
} from "../helpers/rewards";
import { isCoverageRun } from "../../src/chain/config";
import { expectUnchanged } from "../helpers/snapshot";

const PRICE = MODEL_FEE + AGENT_FEE;
const DATA_HASH = ethers.id("attribution data of epoch");
const DATA_URI = "ipfs://bafy-epoch";

/** The suite after payments that fund the data pool with 60 OPEN: five through the agent, one without. */
async function deployFunded() {
  const ctx = await deployRewards();
  const { rewards, payer } = ctx;
  for (let i = 0; i < 10; i++) await rewards.connect(payer).payInference(inferenceId(), MODEL, AGENT, PRICE);
  return ctx;
}

/** A funded suite with an accepted root giving alice 10, bob 20 and carol 5 OPEN. */
async function deployWithAcceptedRoot() {
  const ctx = await deployFunded();
  const { alice, bob, carol, rewards, attributor } = ctx;
  const tree = new Entitlements([
    [alice.address, ethers.parseEther("10")],
    [bob.address, ethers.parseEther("20")],
    [carol.address, ethers.parseEther("5")],
  ]);
  const epoch = await postAndAccept(rewards, attributor, tree);
  return { ...ctx, tree, epoch };
}

/** The suite on a malicious token that calls back during transfers, with a model owned by a reentering receiver. */
async function deployOnReentrantToken() {
  const ctx = await deployRewards();
  const { deployer, models, agents, admin, treasury, attributor, guardian, payer } = ctx;
  const token = await new ReentrantToken__factory(deployer).deploy();
  const rewards = await deployRewardsContract(deployer, token, models, agents, {
    admin,
    treasury,
    attributor,
    guardian,
  });
  const receiver = await new ReentrantReceiver__factory(deployer).deploy(rewards);
  await models.setOwner(MODEL, await receiver.getAddress());
  await token.mint(payer.address, PAYER_FUNDS);
  await token.connect(payer).approve(rewards, ethers.MaxUint256);
  return { ...ctx, token, rewards, receiver };
}

/** The name of the custom error encoded in `data`, as AttributionRewards' ABI knows it. */
function errorName(data: string): string | undefined {
  return AttributionRewards__factory.createInterface().parseError(data)?.name;
}

describe("AttributionRewards", function () {
  describe("deployment", function () {
    it("grants the admin, attributor and guardian roles to the addresses given", async function () {
      const { rewards, admin, attributor, guardian, deployer } = await loadFixture(deployRewards);
      expect(await rewards.hasRole(await rewards.DEFAULT_ADMIN_ROLE(), admin.address)).to.equal(true);
      expect(await rewards.hasRole(await rewards.ATTRIBUTOR_ROLE(), attributor.address)).to.equal(true);
      expect(await rewards.hasRole(await rewards.GUARDIAN_ROLE(), guardian.address)).to.equal(true);
      expect(await rewards.hasRole(await rewards.DEFAULT_ADMIN_ROLE(), deployer.address)).to.equal(false);
      expect(await rewards.ATTRIBUTOR_ROLE()).to.equal(ethers.id("ATTRIBUTOR_ROLE"));
      expect(await rewards.GUARDIAN_ROLE()).to.equal(ethers.id("GUARDIAN_ROLE"));
    });

    it("starts with the default shares, a one-day challenge window and the given treasury, token and registries", async function () {
      const { rewards, treasury, token, models, agents } = await loadFixture(deployRewards);
      const shares = await rewards.shares();
      expect([shares.protocolBps, shares.agentOwnerBps, shares.modelOwnerBps, shares.dataPoolBps]).to.deep.equal([
        500n,
        1_500n,
        3_000n,
        5_000n,
      ]);
      expect(await rewards.challengeWindow()).to.equal(86_400n);
      expect(await rewards.DEFAULT_CHALLENGE_WINDOW()).to.equal(86_400n);
      expect(await rewards.protocolTreasury()).to.equal(treasury.address);
      expect(await rewards.token()).to.equal(await token.getAddress());
      expect(await rewards.modelRegistry()).to.equal(await models.getAddress());
      expect(await rewards.agentRegistry()).to.equal(await agents.getAddress());
      expect(await rewards.totalOwed()).to.equal(0n);
      expect([await rewards.acceptedEpoch(), await rewards.pendingEpoch(), await rewards.epochCount()]).to.deep.equal([
        0n,
        0n,
        0n,
      ]);
    });

    it("has hard caps: protocol at most 10%, data pool at least 20%, windows from 1 hour to 30 days, 200 claims a batch", async function () {
      const { rewards } = await loadFixture(deployRewards);
      expect(await rewards.MAX_PROTOCOL_BPS()).to.equal(1_000n);
      expect(await rewards.MIN_DATA_POOL_BPS()).to.equal(2_000n);
      expect(await rewards.MIN_CHALLENGE_WINDOW()).to.equal(3_600n);
      expect(await rewards.MAX_CHALLENGE_WINDOW()).to.equal(30n * 86_400n);
      expect(await rewards.MAX_BATCH_CLAIMS()).to.equal(200n);
    });

    it("announces its shares, treasury and challenge window so an indexer needs no storage reads", async function () {
      const { token, models, agents, admin, treasury, attributor, guardian, deployer } =
        await loadFixture(deployRewards);
      const rewards = await new AttributionRewards__factory(deployer).deploy(
        token,
        models,
        agents,
        admin.address,
        treasury.address,
        attributor.address,
        guardian.address,
      );
      const tx = rewards.deploymentTransaction()!;
      await expect(tx).to.emit(rewards, "SharesSet").withArgs([500n, 1_500n, 3_000n, 5_000n]);
      await expect(tx).to.emit(rewards, "ProtocolTreasurySet").withArgs(treasury.address);
      await expect(tx).to.emit(rewards, "ChallengeWindowSet").withArgs(86_400n);
    });

    it("refuses a zero address for any of its seven addresses", async function () {
      const { token, models, agents, admin, treasury, attributor, guardian, deployer } =
        await loadFixture(deployRewards);
      const factory = new AttributionRewards__factory(deployer);
      const good = [token, models, agents, admin.address, treasury.address, attributor.address, guardian.address];
      for (let i = 0; i < good.length; i++) {
        const args = [...good] as Parameters<typeof factory.deploy>;
        args[i] = ethers.ZeroAddress;
        await expect(factory.deploy(...args)).to.be.revertedWithCustomError(factory, "ZeroAddress");
      }
    });
  });

  describe("paying for an inference", function () {
    it("splits a payment through an agent between treasury, agent owner, model owner and the lineage's pools", async function () {
      const { rewards, token, payer, treasury, agentOwner, modelOwner } = await loadFixture(deployRewards);
      const id = inferenceId();
      const split = expectedSplit(PRICE);
      const tx = await rewards.connect(payer).payInference(id, MODEL, AGENT, PRICE);
      await expect(tx)
        .to.emit(rewards, "InferencePaid")
        .withArgs(id, payer.address, MODEL, AGENT, modelOwner.address, agentOwner.address, PRICE, splitTuple(split));
      await expect(tx).to.changeTokenBalances(token, [payer, rewards], [-PRICE, PRICE]);
      expect(split).to.deep.equal({
        protocolAmount: ethers.parseEther("0.6"),
        agentOwnerAmount: ethers.parseEther("1.8"),
        modelOwnerAmount: ethers.parseEther("3.6"),
        dataPoolAmount: ethers.parseEther("6"),
      });
      expect(await rewards.accrued(treasury.address)).to.equal(split.protocolAmount);
      expect(await rewards.accrued(agentOwner.address)).to.equal(split.agentOwnerAmount);
      expect(await rewards.accrued(modelOwner.address)).to.equal(split.modelOwnerAmount);
      expect(await rewards.totalAccrued()).to.equal(PRICE - split.dataPoolAmount);
      expect(await rewards.totalDataPoolFunded()).to.equal(split.dataPoolAmount);
      expect(await rewards.poolFunded(1n, 1)).to.equal(ethers.parseEther("3.6"));
      expect(await rewards.poolFunded(2n, 3)).to.equal(ethers.parseEther("2.4"));
      expect(await rewards.isInferencePaid(id)).to.equal(true);
      await expectSolvent(rewards, token);
    });

    it("gives the agent share to the model owner when no agent is used", async function () {
      const { rewards, token, payer, agentOwner, modelOwner } = await loadFixture(deployRewards);
      const id = inferenceId();
      const split = expectedSplit(MODEL_FEE, DEFAULT_SHARES, false);
      await expect(rewards.connect(payer).payInference(id, MODEL, NO_AGENT, MODEL_FEE))
        .to.emit(rewards, "InferencePaid")
        .withArgs(id, payer.address, MODEL, 0n, modelOwner.address, ethers.ZeroAddress, MODEL_FEE, splitTuple(split));
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
        .withArgs(anyValue, anyValue, BARE_MODEL, AGENT, anyValue, anyValue, PRICE, splitTuple(split));
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
        .withArgs(id, payer.address, MODEL, AGENT, alice.address, bob.address, PRICE, anyValue);
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
        .withArgs(anyValue, payer.address, MODEL, AGENT, anyValue, anyValue, price, [...split]);
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
          .withArgs(id, alice.address, MODEL, AGENT, anyValue, anyValue, PRICE, anyValue);
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
        const before = await ledger(rewards, token, [alice]);
        const id = inferenceId();
        await expect(rewards.connect(alice).payInferenceWithPermit(id, MODEL, AGENT, PRICE, { value: PRICE, ...sig }))
          .to.be.revertedWithCustomError(rewards, "PermitFailed")
          .withArgs(alice.address, 0n, PRICE);
        expect(await ledger(rewards, token, [alice])).to.deep.equal(before);
        expect(await rewards.isInferencePaid(id)).to.equal(false);
      });

      it("rejects a permit signed by someone else, or for less than the price, with PermitFailed", async function () {
        const { rewards, token, payer, alice, bob } = await loadFixture(deployRewards);
        await token.connect(payer).transfer(alice.address, ethers.parseEther("100"));
        const spender = await rewards.getAddress();
        const before = await ledger(rewards, token, [alice, bob]);
        const forged = await signPermit(token, bob, spender, PRICE);
        await expect(
          rewards
            .connect(alice)
            .payInferenceWithPermit(inferenceId(), MODEL, AGENT, PRICE, { value: PRICE, ...forged }),
        )
          .to.be.revertedWithCustomError(rewards, "PermitFailed")
          .withArgs(alice.address, 0n, PRICE);
        // A permit signed for less than the maximum is not valid for the maximum either.
        const short = await signPermit(token, alice, spender, PRICE - 1n);
        await expect(
          rewards.connect(alice).payInferenceWithPermit(inferenceId(), MODEL, AGENT, PRICE, { value: PRICE, ...short }),
        )
          .to.be.revertedWithCustomError(rewards, "PermitFailed")
          .withArgs(alice.address, 0n, PRICE);
        expect(await ledger(rewards, token, [alice, bob])).to.deep.equal(before);
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
        const { rewards, payer, snapshot, before } = await loadFixture(refusedFixture);
        await expect(
          rewards.connect(payer).payInference(ethers.ZeroHash, MODEL, AGENT, PRICE),
        ).to.be.revertedWithCustomError(rewards, "ZeroInferenceId");
        expect(await snapshot()).to.deep.equal(before);
      });

      it("rejects an inference id that was paid for already", async function () {
        const { rewards, payer, token, alice } = await loadFixture(refusedFixture);
        const id = inferenceId();
        await rewards.connect(payer).payInference(id, MODEL, AGENT, PRICE);
        const before = await ledger(rewards, token, [payer, alice]);
        await expect(rewards.connect(payer).payInference(id, MODEL, AGENT, PRICE))
          .to.be.revertedWithCustomError(rewards, "InferenceAlreadyPaid")
          .withArgs(id);
        // Not with another payer or route either.
        await token.connect(payer).transfer(alice.address, PRICE);
        await token.connect(alice).approve(rewards, PRICE);
        const after = await ledger(rewards, token, [payer, alice]);
        await expect(rewards.connect(alice).payInference(id, MODEL, NO_AGENT, PRICE))
          .to.be.revertedWithCustomError(rewards, "InferenceAlreadyPaid")
          .withArgs(id);
        expect(await ledger(rewards, token, [payer, alice])).to.deep.equal(after);
        expect(after.totalDataPoolFunded).to.equal(before.totalDataPoolFunded);
      });

      it("rejects an unknown model with the registry's UnknownModel", async function () {
        const { rewards, models, payer, snapshot, before } = await loadFixture(refusedFixture);
        await expect(rewards.connect(payer).payInference(inferenceId(), 99n, NO_AGENT, PRICE))
          .to.be.revertedWithCustomError(models, "UnknownModel")
          .withArgs(99n);
        await expect(rewards.quote(99n, NO_AGENT)).to.be.revertedWithCustomError(models, "UnknownModel");
        expect(await snapshot()).to.deep.equal(before);
      });

      it("rejects an inactive model", async function () {
        const { rewards, models, payer, snapshot, before } = await loadFixture(refusedFixture);
        await models.setActive(MODEL, false);
        await expect(rewards.connect(payer).payInference(inferenceId(), MODEL, AGENT, PRICE))
          .to.be.revertedWithCustomError(rewards, "ModelNotActive")
          .withArgs(MODEL);
        expect(await snapshot()).to.deep.equal(before);
      });

      it("rejects an unknown agent with the registry's UnknownAgent", async function () {
        const { rewards, agents, payer, snapshot, before } = await loadFixture(refusedFixture);
        await expect(rewards.connect(payer).payInference(inferenceId(), MODEL, 42n, PRICE))
          .to.be.revertedWithCustomError(agents, "UnknownAgent")
          .withArgs(42n);
        expect(await snapshot()).to.deep.equal(before);
      });

      it("rejects an inactive agent", async function () {
        const { rewards, agents, payer, snapshot, before } = await loadFixture(refusedFixture);
        await agents.setActive(AGENT, false);
        await expect(rewards.connect(payer).payInference(inferenceId(), MODEL, AGENT, PRICE))
          .to.be.revertedWithCustomError(rewards, "AgentNotActive")
          .withArgs(AGENT);
        await expect(rewards.quote(MODEL, AGENT)).to.be.revertedWithCustomError(rewards, "AgentNotActive");
        expect(await snapshot()).to.deep.equal(before);
      });

      it("rejects an agent that does not use the model", async function () {
        const { rewards, payer, snapshot, before } = await loadFixture(refusedFixture);
        await expect(rewards.connect(payer).payInference(inferenceId(), BARE_MODEL, AGENT, PRICE))
          .to.be.revertedWithCustomError(rewards, "AgentDoesNotUseModel")
          .withArgs(AGENT, BARE_MODEL);
        expect(await snapshot()).to.deep.equal(before);
      });

      it("rejects a price above the payer's maximum", async function () {
        const { rewards, payer, snapshot, before } = await loadFixture(refusedFixture);
        await expect(rewards.connect(payer).payInference(inferenceId(), MODEL, AGENT, PRICE - 1n))
          .to.be.revertedWithCustomError(rewards, "PriceAboveMaximum")
          .withArgs(PRICE, PRICE - 1n);
        expect(await snapshot()).to.deep.equal(before);
      });

      it("rejects a payment whose fees were raised between the quote and the payment", async function () {
        const { rewards, models, agents, payer, snapshot, before } = await loadFixture(refusedFixture);
        const [quoted] = await rewards.quote(MODEL, AGENT);
        await models.setFee(MODEL, MODEL_FEE + 1n);
        await expect(rewards.connect(payer).payInference(inferenceId(), MODEL, AGENT, quoted))
          .to.be.revertedWithCustomError(rewards, "PriceAboveMaximum")
          .withArgs(quoted + 1n, quoted);
        await models.setFee(MODEL, MODEL_FEE);
        await agents.setFee(AGENT, AGENT_FEE * 2n);
        await expect(rewards.connect(payer).payInference(inferenceId(), MODEL, AGENT, quoted))
          .to.be.revertedWithCustomError(rewards, "PriceAboveMaximum")
          .withArgs(quoted + AGENT_FEE, quoted);
        expect(await snapshot()).to.deep.equal(before);
      });

      it("rejects a zero price, with or without an agent", async function () {
        const { rewards, models, agents, payer, snapshot, before } = await loadFixture(refusedFixture);
        await models.setFee(MODEL, 0n);
        await expect(rewards.connect(payer).payInference(inferenceId(), MODEL, NO_AGENT, PRICE))
          .to.be.revertedWithCustomError(rewards, "ZeroPrice")
          .withArgs(MODEL, NO_AGENT);
        await agents.setFee(AGENT, 0n);
        await expect(rewards.connect(payer).payInference(inferenceId(), MODEL, AGENT, PRICE))
          .to.be.revertedWithCustomError(rewards, "ZeroPrice")
          .withArgs(MODEL, AGENT);
        await expect(rewards.quote(MODEL, AGENT)).to.be.revertedWithCustomError(rewards, "ZeroPrice");
        expect(await snapshot()).to.deep.equal(before);
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
        expect(await rewards.isInferencePaid(id)).to.equal(false);
        expect((await snapshot()).contractBalance).to.equal(before.contractBalance);
      });
    });
  });

  describe("withdrawing", function () {
    it("sends everything the caller accrued to the address it names", async function () {
      const { rewards, token, modelOwner, alice } = await loadFixture(deployFunded);
      const accrued = await rewards.accrued(modelOwner.address);
      expect(accrued).to.equal(ethers.parseEther("36"));
      const totalBefore = await rewards.totalAccrued();
      const tx = await rewards.connect(modelOwner).withdraw(alice.address);
      await expect(tx).to.emit(rewards, "Withdrawn").withArgs(modelOwner.address, alice.address, accrued);
      await expect(tx).to.changeTokenBalances(token, [rewards, alice, modelOwner], [-accrued, accrued, 0n]);
      expect(await rewards.accrued(modelOwner.address)).to.equal(0n);
      expect(await rewards.totalAccrued()).to.equal(totalBefore - accrued);
      await expectSolvent(rewards, token);
    });

    it("returns the amount withdrawn", async function () {
      const { rewards, treasury } = await loadFixture(deployFunded);
      expect(await rewards.connect(treasury).withdraw.staticCall(treasury.address)).to.equal(ethers.parseEther("6"));
    });

    it("refuses a caller with nothing accrued, and a second withdrawal", async function () {
      const { rewards, token, stranger, agentOwner } = await loadFixture(deployFunded);
      await expect(rewards.connect(stranger).withdraw(stranger.address))
        .to.be.revertedWithCustomError(rewards, "NothingToWithdraw")
        .withArgs(stranger.address);
      await rewards.connect(agentOwner).withdraw(agentOwner.address);
      const before = await ledger(rewards, token, [agentOwner]);
      await expect(rewards.connect(agentOwner).withdraw(agentOwner.address))
        .to.be.revertedWithCustomError(rewards, "NothingToWithdraw")
        .withArgs(agentOwner.address);
      expect(await ledger(rewards, token, [agentOwner])).to.deep.equal(before);
    });

    it("refuses to send to the zero address", async function () {
      const { rewards, token, treasury } = await loadFixture(deployFunded);
      const before = await ledger(rewards, token, [treasury]);
      await expect(rewards.connect(treasury).withdraw(ethers.ZeroAddress)).to.be.revertedWithCustomError(
        rewards,
        "ZeroAddress",
      );
      expect(await ledger(rewards, token, [treasury])).to.deep.equal(before);
    });
  });

  describe("posting, revoking and accepting roots", function () {
    it("posts a root as pending until its challenge window has passed", async function () {
      const { rewards, attributor, alice } = await loadFixture(deployFunded);
      const tree = new Entitlements([[alice.address, ethers.parseEther("1")]]);
      const tx = rewards.connect(attributor).postRoot(tree.root, tree.total, DATA_HASH, DATA_URI);
      await expect(tx).to.not.be.reverted;
      const postedAt = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
      const claimableAt = postedAt + 86_400n;
      await expect(tx)
        .to.emit(rewards, "RootPosted")
        .withArgs(1n, tree.root, tree.total, DATA_HASH, DATA_URI, claimableAt);
      const epoch = await rewards.getEpoch(1n);
      expect([epoch.root, epoch.totalAllocated, epoch.dataHash, epoch.postedAt, epoch.claimableAt]).to.deep.equal([
        tree.root,
        tree.total,
        DATA_HASH,
        postedAt,
        claimableAt,
      ]);
      expect([epoch.revoked, epoch.dataURI]).to.deep.equal([false, DATA_URI]);
      expect([await rewards.epochCount(), await rewards.pendingEpoch(), await rewards.acceptedEpoch()]).to.deep.equal([
        1n,
        1n,
        0n,
      ]);
      await time.increaseTo(claimableAt - 2n);
      expect([await rewards.pendingEpoch(), await rewards.acceptedEpoch()]).to.deep.equal([1n, 0n]);
      await time.increaseTo(claimableAt);
      expect([await rewards.pendingEpoch(), await rewards.acceptedEpoch()]).to.deep.equal([0n, 1n]);
    });

    it("returns the new epoch number, counting from 1", async function () {
      const { rewards, attributor } = await loadFixture(deployFunded);
      expect(await rewards.connect(attributor).postRoot.staticCall(ethers.id("r"), 0n, DATA_HASH, DATA_URI)).to.equal(
        1n,
      );
      expect((await rewards.getEpoch(5n)).root).to.equal(ethers.ZeroHash);
    });

    it("refuses a root from anyone without the attributor role", async function () {
      const { rewards, token, stranger, admin } = await loadFixture(deployFunded);
      const before = await ledger(rewards, token, []);
      for (const caller of [stranger, admin]) {
        await expect(rewards.connect(caller).postRoot(ethers.id("r"), 1n, DATA_HASH, DATA_URI))
          .to.be.revertedWithCustomError(rewards, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, await rewards.ATTRIBUTOR_ROLE());
      }
      expect(await ledger(rewards, token, [])).to.deep.equal(before);
    });

    it("refuses a zero root", async function () {
      const { rewards, attributor, token } = await loadFixture(deployFunded);
      const state = () => ledger(rewards, token, []);
      await expectUnchanged(state, () =>
        expect(
          rewards.connect(attributor).postRoot(ethers.ZeroHash, 1n, DATA_HASH, DATA_URI),
        ).to.be.revertedWithCustomError(rewards, "ZeroRoot"),
      );
      expect(await rewards.epochCount()).to.equal(0n);
    });

    it("refuses a root without the hash or the URI of the data behind it, which nobody could then recompute", async function () {
      const { rewards, token, attributor } = await loadFixture(deployFunded);
      const before = await ledger(rewards, token, []);
      await expect(
        rewards.connect(attributor).postRoot(ethers.id("r"), 1n, ethers.ZeroHash, DATA_URI),
      ).to.be.revertedWithCustomError(rewards, "ZeroDataHash");
      await expect(
        rewards.connect(attributor).postRoot(ethers.id("r"), 1n, DATA_HASH, ""),
      ).to.be.revertedWithCustomError(rewards, "EmptyDataURI");
      expect(await ledger(rewards, token, [])).to.deep.equal(before);
      expect(await rewards.pendingEpoch()).to.equal(0n);
    });

    it("refuses a root allocating more than the data pools were ever funded", async function () {
      const { rewards, attributor, token } = await loadFixture(deployFunded);
      const state = () => ledger(rewards, token, []);
      const funded = await rewards.totalDataPoolFunded();
      await expectUnchanged(state, () =>
        expect(rewards.connect(attributor).postRoot(ethers.id("r"), funded + 1n, DATA_HASH, DATA_URI))
          .to.be.revertedWithCustomError(rewards, "AllocationExceedsFunding")
          .withArgs(funded + 1n, funded),
      );
      await expect(rewards.connect(attributor).postRoot(ethers.id("r"), funded, DATA_HASH, DATA_URI)).to.emit(
        rewards,
        "RootPosted",
      );
    });

    it("refuses a root allocating less than the accepted root: entitlements are cumulative", async function () {
      const { rewards, attributor, tree, token } = await loadFixture(deployWithAcceptedRoot);
      const state = () => ledger(rewards, token, []);
      await expectUnchanged(state, () =>
        expect(rewards.connect(attributor).postRoot(ethers.id("r"), tree.total - 1n, DATA_HASH, DATA_URI))
          .to.be.revertedWithCustomError(rewards, "AllocationDecreased")
          .withArgs(tree.total - 1n, tree.total),
      );
      await expect(rewards.connect(attributor).postRoot(ethers.id("r"), tree.total, DATA_HASH, DATA_URI)).to.emit(
        rewards,
        "RootPosted",
      );
    });

    it("refuses a new root while one waits out its window, naming it", async function () {
      const { rewards, attributor, token } = await loadFixture(deployFunded);
      const state = () => ledger(rewards, token, []);
      await rewards.connect(attributor).postRoot(ethers.id("first"), 1n, DATA_HASH, DATA_URI);
      const { claimableAt } = await rewards.getEpoch(1n);
      await expectUnchanged(state, () =>
        expect(rewards.connect(attributor).postRoot(ethers.id("second"), 2n, DATA_HASH, DATA_URI))
          .to.be.revertedWithCustomError(rewards, "RootPending")
          .withArgs(1n, claimableAt),
      );
    });

    it("accepts a pending root past its window before posting the next one", async function () {
      const { rewards, attributor, token } = await loadFixture(deployFunded);
      const state = () => ledger(rewards, token, []);
      await rewards.connect(attributor).postRoot(ethers.id("first"), 1n, DATA_HASH, DATA_URI);
      await time.increase(86_400n);
      await expect(rewards.connect(attributor).postRoot(ethers.id("second"), 2n, DATA_HASH, DATA_URI))
        .to.emit(rewards, "RootAccepted")
        .withArgs(1n, ethers.id("first"), 1n)
        .and.to.emit(rewards, "RootPosted");
      expect([await rewards.acceptedEpoch(), await rewards.pendingEpoch()]).to.deep.equal([1n, 2n]);
      // The second root is measured against the first, now accepted.
      await time.increase(86_400n);
      await expectUnchanged(state, () =>
        expect(rewards.connect(attributor).postRoot(ethers.id("third"), 1n, DATA_HASH, DATA_URI))
          .to.be.revertedWithCustomError(rewards, "AllocationDecreased")
          .withArgs(1n, 2n),
      );
    });

    it("lets the guardian revoke the pending root, after which a corrected one can be posted at once", async function () {
      const { rewards, attributor, guardian } = await loadFixture(deployFunded);
      await rewards.connect(attributor).postRoot(ethers.id("bad"), 5n, DATA_HASH, DATA_URI);
      await expect(rewards.connect(guardian).revokeRoot())
        .to.emit(rewards, "RootRevoked")
        .withArgs(1n, guardian.address);
      expect((await rewards.getEpoch(1n)).revoked).to.equal(true);
      expect([await rewards.pendingEpoch(), await rewards.acceptedEpoch()]).to.deep.equal([0n, 0n]);
      await time.increase(86_400n * 2n);
      expect(await rewards.acceptedEpoch()).to.equal(0n);
      // A revoked root sets no floor: the corrected root may allocate less.
      await expect(rewards.connect(attributor).postRoot(ethers.id("good"), 4n, DATA_HASH, DATA_URI))
        .to.emit(rewards, "RootPosted")
        .withArgs(2n, ethers.id("good"), 4n, DATA_HASH, DATA_URI, anyValue);
    });

    it("lets the guardian revoke until the last second of the window, not from its end", async function () {
      const { rewards, attributor, guardian } = await loadFixture(deployFunded);
      await rewards.connect(attributor).postRoot(ethers.id("r"), 1n, DATA_HASH, DATA_URI);
      const { claimableAt } = await rewards.getEpoch(1n);
      const snapshot = await ethers.provider.send("evm_snapshot", []);
      await time.setNextBlockTimestamp(claimableAt - 1n);
      await expect(rewards.connect(guardian).revokeRoot()).to.emit(rewards, "RootRevoked");
      await ethers.provider.send("evm_revert", [snapshot]);
      await time.setNextBlockTimestamp(claimableAt);
      await expect(rewards.connect(guardian).revokeRoot()).to.be.revertedWithCustomError(rewards, "NoPendingRoot");
      expect((await rewards.getEpoch(1n)).revoked).to.equal(false);
      expect(await rewards.acceptedEpoch()).to.equal(1n);
    });

    it("refuses a revocation with no pending root, or from anyone but the guardian", async function () {
      const { rewards, attributor, guardian, admin, token } = await loadFixture(deployFunded);
      const state = () => ledger(rewards, token, []);
      await expectUnchanged(state, () =>
        expect(rewards.connect(guardian).revokeRoot()).to.be.revertedWithCustomError(rewards, "NoPendingRoot"),
      );
      await rewards.connect(attributor).postRoot(ethers.id("r"), 1n, DATA_HASH, DATA_URI);
      for (const caller of [attributor, admin]) {
        await expectUnchanged(state, async () =>
          expect(rewards.connect(caller).revokeRoot())
            .to.be.revertedWithCustomError(rewards, "AccessControlUnauthorizedAccount")
            .withArgs(caller.address, await rewards.GUARDIAN_ROLE()),
        );
      }
      await rewards.connect(guardian).revokeRoot();
      await expectUnchanged(state, () =>
        expect(rewards.connect(guardian).revokeRoot()).to.be.revertedWithCustomError(rewards, "NoPendingRoot"),
      );
    });

    it("lets anyone accept a root whose window has passed, once", async function () {
      const { rewards, attributor, stranger, token } = await loadFixture(deployFunded);
      const state = () => ledger(rewards, token, []);
      await expectUnchanged(state, () =>
        expect(rewards.connect(stranger).acceptRoot()).to.be.revertedWithCustomError(rewards, "NoPendingRoot"),
      );
      await rewards.connect(attributor).postRoot(ethers.id("r"), 7n, DATA_HASH, DATA_URI);
      const { claimableAt } = await rewards.getEpoch(1n);
      await expectUnchanged(state, () =>
        expect(rewards.connect(stranger).acceptRoot())
          .to.be.revertedWithCustomError(rewards, "RootPending")
          .withArgs(1n, claimableAt),
      );
      await time.increaseTo(claimableAt);
      await expect(rewards.connect(stranger).acceptRoot())
        .to.emit(rewards, "RootAccepted")
        .withArgs(1n, ethers.id("r"), 7n);
      await expectUnchanged(state, () =>
        expect(rewards.connect(stranger).acceptRoot()).to.be.revertedWithCustomError(rewards, "NoPendingRoot"),
      );
      expect(await rewards.acceptedEpoch()).to.equal(1n);
    });

    it("measures a new root against the accepted root, never a revoked one, and posts nothing when refused", async function () {
      const { rewards, token, attributor, guardian, tree } = await loadFixture(deployWithAcceptedRoot);
      const funded = await rewards.totalDataPoolFunded();
      await rewards.connect(attributor).postRoot(ethers.id("too generous"), funded, DATA_HASH, DATA_URI);
      await rewards.connect(guardian).revokeRoot();
      const before = { ...(await ledger(rewards, token, [])), pending: await rewards.pendingEpoch() };
      const refused = async () => ({ ...(await ledger(rewards, token, [])), pending: await rewards.pendingEpoch() });
      await expect(rewards.connect(attributor).postRoot(ethers.id("r"), tree.total - 1n, DATA_HASH, DATA_URI))
        .to.be.revertedWithCustomError(rewards, "AllocationDecreased")
        .withArgs(tree.total - 1n, tree.total);
      await expect(rewards.connect(attributor).postRoot(ethers.id("r"), funded + 1n, DATA_HASH, DATA_URI))
        .to.be.revertedWithCustomError(rewards, "AllocationExceedsFunding")
        .withArgs(funded + 1n, funded);
      expect(await refused()).to.deep.equal(before);
      // Below the revoked root's total, at the accepted one's: allowed.
      await expect(rewards.connect(attributor).postRoot(ethers.id("r"), tree.total, DATA_HASH, DATA_URI))
        .to.emit(rewards, "RootPosted")
        .withArgs(3n, ethers.id("r"), tree.total, DATA_HASH, DATA_URI, anyValue);
      const pending = await refused();
      await expect(
        rewards.connect(attributor).postRoot(ethers.id("s"), tree.total, DATA_HASH, DATA_URI),
      ).to.be.revertedWithCustomError(rewards, "RootPending");
      expect(await refused()).to.deep.equal(pending);
    });

    it("leaves a root past its window claimable when the guardian tries to revoke it late", async function () {
      const { rewards, token, attributor, guardian, alice } = await loadFixture(deployFunded);
      const state = () => ledger(rewards, token, []);
      const tree = new Entitlements([[alice.address, 8n]]);
      await rewards.connect(attributor).postRoot(tree.root, tree.total, DATA_HASH, DATA_URI);
      await time.increase(86_400n);
      await expectUnchanged(state, () =>
        expect(rewards.connect(guardian).revokeRoot()).to.be.revertedWithCustomError(rewards, "NoPendingRoot"),
      );
      expect((await rewards.getEpoch(1n)).revoked).to.equal(false);
      await expect(rewards.claim(...tree.claimOf(alice.address))).to.changeTokenBalance(token, alice, 8n);
      await expectSolvent(rewards, token);
    });

    it("gives each root the challenge window in force when it was posted", async function () {
      const { rewards, attributor, admin } = await loadFixture(deployFunded);
      await rewards.connect(attributor).postRoot(ethers.id("r1"), 1n, DATA_HASH, DATA_URI);
      const first = await rewards.getEpoch(1n);
      await expect(rewards.connect(admin).setChallengeWindow(3_600n))
        .to.emit(rewards, "ChallengeWindowSet")
        .withArgs(3_600n);
      expect((await rewards.getEpoch(1n)).claimableAt).to.equal(first.claimableAt);
      await time.increaseTo(first.claimableAt);
      await rewards.connect(attributor).postRoot(ethers.id("r2"), 1n, DATA_HASH, DATA_URI);
      const second = await rewards.getEpoch(2n);
      expect(second.claimableAt - second.postedAt).to.equal(3_600n);
    });
  });

  describe("claiming", function () {
    it("pays a contributor its cumulative entitlement, whoever submits the claim", async function () {
      const { rewards, token, tree, alice, stranger, epoch } = await loadFixture(deployWithAcceptedRoot);
      const [account, amount, proof] = tree.claimOf(alice.address);
      const tx = await rewards.connect(stranger).claim(account, amount, proof);
      await expect(tx).to.emit(rewards, "Claimed").withArgs(epoch, alice.address, amount, amount);
      await expect(tx).to.changeTokenBalances(token, [rewards, alice, stranger], [-amount, amount, 0n]);
      expect(await rewards.claimed(alice.address)).to.equal(amount);
      expect(await rewards.totalClaimed()).to.equal(amount);
      await expectSolvent(rewards, token);
    });

    it("returns the amount paid", async function () {
      const { rewards, tree, bob } = await loadFixture(deployWithAcceptedRoot);
      expect(await rewards.claim.staticCall(...tree.claimOf(bob.address))).to.equal(ethers.parseEther("20"));
    });

    it("pays only the increase when a later root raises the cumulative entitlement", async function () {
      const { rewards, token, tree, alice, bob, carol, attributor, stranger } =
        await loadFixture(deployWithAcceptedRoot);
      await rewards.claim(...tree.claimOf(alice.address));
      const next = new Entitlements([
        [alice.address, ethers.parseEther("14")],
        [bob.address, ethers.parseEther("20")],
        [carol.address, ethers.parseEther("9")],
      ]);
      const epoch = await postAndAccept(rewards, attributor, next);
      const tx = await rewards.connect(stranger).claim(...next.claimOf(alice.address));
      await expect(tx)
        .to.emit(rewards, "Claimed")
        .withArgs(epoch, alice.address, ethers.parseEther("4"), ethers.parseEther("14"));
      await expect(tx).to.changeTokenBalance(token, alice, ethers.parseEther("4"));
      // Bob never claimed the first root: the second pays him everything at once.
      await expect(rewards.claim(...next.claimOf(bob.address))).to.changeTokenBalance(
        token,
        bob,
        ethers.parseEther("20"),
      );
      await expectSolvent(rewards, token);
    });

    it("pays against the accepted root while the next one waits, then only the difference once it is accepted", async function () {
      const { rewards, token, tree, alice, bob, carol, attributor, guardian } =
        await loadFixture(deployWithAcceptedRoot);
      const next = new Entitlements([
        [alice.address, ethers.parseEther("13")],
        [bob.address, ethers.parseEther("20")],
        [carol.address, ethers.parseEther("5")],
      ]);
      await rewards.connect(attributor).postRoot(next.root, next.total, DATA_HASH, DATA_URI);
      // Between posting and acceptance, the accepted root pays in full.
      await expect(rewards.claim(...tree.claimOf(alice.address))).to.changeTokenBalance(
        token,
        alice,
        ethers.parseEther("10"),
      );
      await time.increase(86_400n);
      // Too late to revoke; the old tree's proofs no longer verify and the new one pays only the increase.
      await expect(rewards.connect(guardian).revokeRoot()).to.be.revertedWithCustomError(rewards, "NoPendingRoot");
      await expect(rewards.claim(...tree.claimOf(bob.address))).to.be.revertedWithCustomError(rewards, "InvalidProof");
      await expect(rewards.claim(...next.claimOf(alice.address)))
        .to.emit(rewards, "Claimed")
        .withArgs(2n, alice.address, ethers.parseEther("3"), ethers.parseEther("13"));
      expect(await rewards.claimed(alice.address)).to.equal(ethers.parseEther("13"));
      await expectSolvent(rewards, token);
    });

    it("accepts a pending root past its window inside the claim", async function () {
      const { rewards, attributor, alice, token } = await loadFixture(deployFunded);
      const tree = new Entitlements([[alice.address, 3n]]);
      await rewards.connect(attributor).postRoot(tree.root, tree.total, DATA_HASH, DATA_URI);
      await time.increase(86_400n);
      await expect(rewards.claim(...tree.claimOf(alice.address)))
        .to.emit(rewards, "RootAccepted")
        .withArgs(1n, tree.root, 3n)
        .and.to.emit(rewards, "Claimed")
        .withArgs(1n, alice.address, 3n, 3n);
      await expectSolvent(rewards, token);
    });

    describe("refusals, each leaving every balance untouched", function () {
      async function claimsFixture() {
        const ctx = await deployWithAcceptedRoot();
        const { rewards, token, alice, bob, carol, stranger } = ctx;
        const snapshot = () => ledger(rewards, token, [alice, bob, carol, stranger]);
        return { ...ctx, snapshot, before: await snapshot() };
      }

      it("refuses any claim before a root has been accepted", async function () {
        const { rewards, attributor, alice, token } = await loadFixture(deployFunded);
        await expect(rewards.claim(alice.address, 1n, [])).to.be.revertedWithCustomError(rewards, "NoAcceptedRoot");
        const tree = new Entitlements([[alice.address, 1n]]);
        await rewards.connect(attributor).postRoot(tree.root, tree.total, DATA_HASH, DATA_URI);
        await time.increase(86_400n - 10n);
        const before = await ledger(rewards, token, [alice]);
        await expect(rewards.claim(...tree.claimOf(alice.address))).to.be.revertedWithCustomError(
          rewards,
          "NoAcceptedRoot",
        );
        expect(await ledger(rewards, token, [alice])).to.deep.equal(before);
      });

      it("refuses a claim against a root still in its window: the accepted one is used", async function () {
        const { rewards, attributor, alice, bob, carol, snapshot, before } = await loadFixture(claimsFixture);
        const next = new Entitlements([
          [alice.address, ethers.parseEther("15")],
          [bob.address, ethers.parseEther("20")],
          [carol.address, ethers.parseEther("5")],
        ]);
        await rewards.connect(attributor).postRoot(next.root, next.total, DATA_HASH, DATA_URI);
        await expectUnchanged(snapshot, () =>
          expect(rewards.claim(...next.claimOf(alice.address)))
            .to.be.revertedWithCustomError(rewards, "InvalidProof")
            .withArgs(alice.address, ethers.parseEther("15")),
        );
        // Only the posted root differs from the fixture: no money moved.
        const after = await snapshot();
        const roots = { epochCount: before.epochCount, epochs: before.epochs, pendingEpoch: before.pendingEpoch };
        expect({ ...after, ...roots }).to.deep.equal(before);
      });

      it("refuses a claim against a revoked root", async function () {
        const { rewards, token, attributor, guardian, alice } = await loadFixture(deployFunded);
        const tree = new Entitlements([[alice.address, 5n]]);
        await rewards.connect(attributor).postRoot(tree.root, tree.total, DATA_HASH, DATA_URI);
        await rewards.connect(guardian).revokeRoot();
        await time.increase(86_400n * 3n);
        const before = await ledger(rewards, token, [alice]);
        await expect(rewards.claim(...tree.claimOf(alice.address))).to.be.revertedWithCustomError(
          rewards,
          "NoAcceptedRoot",
        );
        // And once another root is accepted, the revoked tree's proofs do not verify against it.
        const other = new Entitlements([[alice.address, 4n]]);
        await postAndAccept(rewards, attributor, other);
        await expect(rewards.claim(...tree.claimOf(alice.address)))
          .to.be.revertedWithCustomError(rewards, "InvalidProof")
          .withArgs(alice.address, 5n);
        // Only the second root differs: no money moved.
        const after = await ledger(rewards, token, [alice]);
        const roots = { epochCount: 1n, epochs: before.epochs, acceptedEpoch: before.acceptedEpoch };
        expect({ ...after, ...roots }).to.deep.equal(before);
      });

      it("refuses a wrong proof", async function () {
        const { rewards, tree, alice, bob, snapshot, before } = await loadFixture(claimsFixture);
        const [, amount] = tree.claimOf(alice.address);
        await expect(rewards.claim(alice.address, amount, tree.proofOf(bob.address)))
          .to.be.revertedWithCustomError(rewards, "InvalidProof")
          .withArgs(alice.address, amount);
        await expect(rewards.claim(alice.address, amount, []))
          .to.be.revertedWithCustomError(rewards, "InvalidProof")
          .withArgs(alice.address, amount);
        // Bob's leaf and proof do not pay alice.
        await expect(rewards.claim(alice.address, tree.amountOf(bob.address), tree.proofOf(bob.address)))
          .to.be.revertedWithCustomError(rewards, "InvalidProof")
          .withArgs(alice.address, tree.amountOf(bob.address));
        expect(await snapshot()).to.deep.equal(before);
      });

      it("refuses an amount larger than the leaf", async function () {
        const { rewards, tree, alice, snapshot, before } = await loadFixture(claimsFixture);
        const [account, amount, proof] = tree.claimOf(alice.address);
        await expect(rewards.claim(account, amount + 1n, proof))
          .to.be.revertedWithCustomError(rewards, "InvalidProof")
          .withArgs(alice.address, amount + 1n);
        expect(await snapshot()).to.deep.equal(before);
      });

      it("refuses a second claim of the same cumulative amount", async function () {
        const { rewards, token, tree, alice, bob, carol, stranger } = await loadFixture(claimsFixture);
        await rewards.claim(...tree.claimOf(alice.address));
        const before = await ledger(rewards, token, [alice, bob, carol, stranger]);
        const amount = tree.amountOf(alice.address);
        await expect(rewards.connect(stranger).claim(...tree.claimOf(alice.address)))
          .to.be.revertedWithCustomError(rewards, "NothingToClaim")
          .withArgs(alice.address, amount, amount);
        expect(await ledger(rewards, token, [alice, bob, carol, stranger])).to.deep.equal(before);
      });

      it("refuses claims that would take more than the root allocates, even if the tree promises more", async function () {
        const { rewards, token, attributor, alice, bob } = await loadFixture(deployFunded);
        // A bad tree: its leaves sum to 12 but it declares 10.
        const tree = new Entitlements([
          [alice.address, 6n],
          [bob.address, 6n],
        ]);
        await rewards.connect(attributor).postRoot(tree.root, 10n, DATA_HASH, DATA_URI);
        await time.increase(86_400n);
        await rewards.claim(...tree.claimOf(alice.address));
        const before = await ledger(rewards, token, [alice, bob]);
        await expect(rewards.claim(...tree.claimOf(bob.address)))
          .to.be.revertedWithCustomError(rewards, "ClaimExceedsAllocation")
          .withArgs(12n, 10n);
        expect(await ledger(rewards, token, [alice, bob])).to.deep.equal(before);
        await expectSolvent(rewards, token);
      });
    });

    describe("in a batch", function () {
      it("pays every claim of the batch and returns the total", async function () {
        const { rewards, token, tree, alice, bob, carol, stranger, epoch } = await loadFixture(deployWithAcceptedRoot);
        const claims = [alice, bob, carol].map((s) => {
          const [account, cumulativeAmount, proof] = tree.claimOf(s.address);
          return { account, cumulativeAmount, proof };
        });
        expect(await rewards.connect(stranger).claimMany.staticCall(claims)).to.equal(tree.total);
        const tx = await rewards.connect(stranger).claimMany(claims);
        for (const claim of claims) {
          await expect(tx)
            .to.emit(rewards, "Claimed")
            .withArgs(epoch, claim.account, claim.cumulativeAmount, claim.cumulativeAmount);
        }
        await expect(tx).to.changeTokenBalances(
          token,
          [rewards, alice, bob, carol],
          [-tree.total, ethers.parseEther("10"), ethers.parseEther("20"), ethers.parseEther("5")],
        );
        expect(await rewards.totalClaimed()).to.equal(tree.total);
        await expectSolvent(rewards, token);
      });

      it("reverts as a whole when any claim is invalid", async function () {
        const { rewards, token, tree, alice, bob, carol } = await loadFixture(deployWithAcceptedRoot);
        const good = (address: string) => {
          const [account, cumulativeAmount, proof] = tree.claimOf(address);
          return { account, cumulativeAmount, proof };
        };
        const before = await ledger(rewards, token, [alice, bob, carol]);
        const bad = { ...good(carol.address), cumulativeAmount: ethers.parseEther("6") };
        await expect(rewards.claimMany([good(alice.address), good(bob.address), bad]))
          .to.be.revertedWithCustomError(rewards, "InvalidProof")
          .withArgs(carol.address, ethers.parseEther("6"));
        // The same account twice: the second is a repeat.
        await expect(rewards.claimMany([good(alice.address), good(alice.address)]))
          .to.be.revertedWithCustomError(rewards, "NothingToClaim")
          .withArgs(alice.address, ethers.parseEther("10"), ethers.parseEther("10"));
        expect(await ledger(rewards, token, [alice, bob, carol])).to.deep.equal(before);
      });

      it("refuses an empty batch and one longer than 200 claims", async function () {
        const { rewards, token, tree, alice } = await loadFixture(deployWithAcceptedRoot);
        const [account, cumulativeAmount, proof] = tree.claimOf(alice.address);
        const before = await ledger(rewards, token, [alice]);
        await expect(rewards.claimMany([])).to.be.revertedWithCustomError(rewards, "BadBatchLength").withArgs(0n, 200n);
        const oversized = Array.from({ length: 201 }, () => ({ account, cumulativeAmount, proof }));
        await expect(rewards.claimMany(oversized))
          .to.be.revertedWithCustomError(rewards, "BadBatchLength")
          .withArgs(201n, 200n);
        expect(await ledger(rewards, token, [alice])).to.deep.equal(before);
      });

      it("accepts a batch of exactly 200 claims, the most one batch takes, and pays each", async function () {
        const { rewards, token, attributor, stranger } = await loadFixture(deployFunded);
        const accounts = Array.from({ length: 200 }, () => ethers.Wallet.createRandom().address);
        const tree = new Entitlements(accounts.map((account, i) => [account, BigInt(i + 1)] as const));
        await postAndAccept(rewards, attributor, tree);
        const claims = accounts.map((address) => {
          const [account, cumulativeAmount, proof] = tree.claimOf(address);
          return { account, cumulativeAmount, proof };
        });
        expect(await rewards.MAX_BATCH_CLAIMS()).to.equal(BigInt(claims.length));
        expect(await rewards.connect(stranger).claimMany.staticCall(claims)).to.equal(tree.total);
        await expect(rewards.connect(stranger).claimMany(claims)).to.changeTokenBalance(token, rewards, -tree.total);
        expect(await rewards.totalClaimed()).to.equal(tree.total);
        expect(await token.balanceOf(accounts[199])).to.equal(200n);
        expect(await rewards.claimed(accounts[0])).to.equal(1n);
        await expectSolvent(rewards, token);
      });

      it("refuses a batch before any root has been accepted", async function () {
        const { rewards, alice, token } = await loadFixture(deployFunded);
        const state = () => ledger(rewards, token, []);
        await expectUnchanged(state, () =>
          expect(
            rewards.claimMany([{ account: alice.address, cumulativeAmount: 1n, proof: [] }]),
          ).to.be.revertedWithCustomError(rewards, "NoAcceptedRoot"),
        );
      });
    });
  });

  describe("pausing", function () {
    it("stops payments and claims while paused, and unpausing restores them", async function () {
      const { rewards, token, guardian, payer, tree, alice, bob, carol } = await loadFixture(deployWithAcceptedRoot);
      await expect(rewards.connect(guardian).pause()).to.emit(rewards, "Paused").withArgs(guardian.address);
      const before = await ledger(rewards, token, [payer, alice, bob, carol]);
      const id = inferenceId();
      await expect(rewards.connect(payer).payInference(id, MODEL, AGENT, PRICE)).to.be.revertedWithCustomError(
        rewards,
        "EnforcedPause",
      );
      const sig = await signPermit(token, payer, await rewards.getAddress(), PRICE);
      await expect(
        rewards.connect(payer).payInferenceWithPermit(id, MODEL, AGENT, PRICE, { value: PRICE, ...sig }),
      ).to.be.revertedWithCustomError(rewards, "EnforcedPause");
      await expect(rewards.claim(...tree.claimOf(alice.address))).to.be.revertedWithCustomError(
        rewards,
        "EnforcedPause",
      );
      const [account, cumulativeAmount, proof] = tree.claimOf(bob.address);
      await expect(rewards.claimMany([{ account, cumulativeAmount, proof }])).to.be.revertedWithCustomError(
        rewards,
        "EnforcedPause",
      );
      expect(await ledger(rewards, token, [payer, alice, bob, carol])).to.deep.equal(before);

      await expect(rewards.connect(guardian).unpause()).to.emit(rewards, "Unpaused").withArgs(guardian.address);
      await expect(rewards.connect(payer).payInference(id, MODEL, AGENT, PRICE)).to.emit(rewards, "InferencePaid");
      await expect(rewards.claim(...tree.claimOf(alice.address))).to.emit(rewards, "Claimed");
      await expect(rewards.claimMany([{ account, cumulativeAmount, proof }])).to.emit(rewards, "Claimed");
      await expectSolvent(rewards, token);
    });

    it("never traps accrued funds: withdrawals work while paused", async function () {
      const { rewards, token, guardian, modelOwner } = await loadFixture(deployFunded);
      await rewards.connect(guardian).pause();
      const accrued = await rewards.accrued(modelOwner.address);
      await expect(rewards.connect(modelOwner).withdraw(modelOwner.address)).to.changeTokenBalance(
        token,
        modelOwner,
        accrued,
      );
      await expectSolvent(rewards, token);
    });

    it("keeps roots moving while paused, so contributors are not delayed a further window", async function () {
      const { rewards, guardian, attributor } = await loadFixture(deployFunded);
      await rewards.connect(guardian).pause();
      await rewards.connect(attributor).postRoot(ethers.id("r"), 1n, DATA_HASH, DATA_URI);
      await time.increase(86_400n);
      await expect(rewards.acceptRoot()).to.emit(rewards, "RootAccepted");
    });

    it("lets only the guardian pause and unpause, and only from the opposite state", async function () {
      const { rewards, guardian, admin, stranger, token } = await loadFixture(deployRewards);
      const state = () => ledger(rewards, token, []);
      const role = await rewards.GUARDIAN_ROLE();
      for (const caller of [admin, stranger]) {
        await expectUnchanged(state, () =>
          expect(rewards.connect(caller).pause())
            .to.be.revertedWithCustomError(rewards, "AccessControlUnauthorizedAccount")
            .withArgs(caller.address, role),
        );
      }
      await expectUnchanged(state, () =>
        expect(rewards.connect(guardian).unpause()).to.be.revertedWithCustomError(rewards, "ExpectedPause"),
      );
      await rewards.connect(guardian).pause();
      await expectUnchanged(state, () =>
        expect(rewards.connect(guardian).pause()).to.be.revertedWithCustomError(rewards, "EnforcedPause"),
      );
      await expectUnchanged(state, () =>
        expect(rewards.connect(admin).unpause())
          .to.be.revertedWithCustomError(rewards, "AccessControlUnauthorizedAccount")
          .withArgs(admin.address, role),
      );
      expect(await rewards.paused()).to.equal(true);
    });
  });

  describe("administration", function () {
    it("sets shares that sum to 10,000 within the caps, at the caps exactly too", async function () {
      const { rewards, admin } = await loadFixture(deployRewards);
      const atCaps = { protocolBps: 1_000n, agentOwnerBps: 3_500n, modelOwnerBps: 3_500n, dataPoolBps: 2_000n };
      await expect(rewards.connect(admin).setShares(atCaps))
        .to.emit(rewards, "SharesSet")
        .withArgs([1_000n, 3_500n, 3_500n, 2_000n]);
      expect([...(await rewards.shares())]).to.deep.equal([1_000n, 3_500n, 3_500n, 2_000n]);
    });

    it("refuses shares that do not sum to 10,000", async function () {
      const { rewards, admin, token } = await loadFixture(deployRewards);
      const state = () => ledger(rewards, token, []);
      for (const [shares, sum] of [
        [{ protocolBps: 500n, agentOwnerBps: 1_500n, modelOwnerBps: 3_000n, dataPoolBps: 4_999n }, 9_999n],
        [{ protocolBps: 500n, agentOwnerBps: 1_500n, modelOwnerBps: 3_000n, dataPoolBps: 5_001n }, 10_001n],
        [{ protocolBps: 65_535n, agentOwnerBps: 65_535n, modelOwnerBps: 65_535n, dataPoolBps: 65_535n }, 262_140n],
      ] as const) {
        await expectUnchanged(state, () =>
          expect(rewards.connect(admin).setShares(shares))
            .to.be.revertedWithCustomError(rewards, "SharesNot10000")
            .withArgs(sum),
        );
      }
      expect([...(await rewards.shares())]).to.deep.equal([500n, 1_500n, 3_000n, 5_000n]);
    });

    it("refuses a protocol share above 10% and a data pool share below 20%", async function () {
      const { rewards, admin, token } = await loadFixture(deployRewards);
      const state = () => ledger(rewards, token, []);
      await expectUnchanged(state, () =>
        expect(
          rewards
            .connect(admin)
            .setShares({ protocolBps: 1_001n, agentOwnerBps: 1_499n, modelOwnerBps: 2_500n, dataPoolBps: 5_000n }),
        )
          .to.be.revertedWithCustomError(rewards, "ProtocolShareAboveCap")
          .withArgs(1_001n, 1_000n),
      );
      await expectUnchanged(state, () =>
        expect(
          rewards
            .connect(admin)
            .setShares({ protocolBps: 500n, agentOwnerBps: 4_000n, modelOwnerBps: 3_501n, dataPoolBps: 1_999n }),
        )
          .to.be.revertedWithCustomError(rewards, "DataPoolShareBelowFloor")
          .withArgs(1_999n, 2_000n),
      );
      expect([...(await rewards.shares())]).to.deep.equal([500n, 1_500n, 3_000n, 5_000n]);
    });

    it("sets the protocol treasury, refusing the zero address", async function () {
      const { rewards, admin, alice, token } = await loadFixture(deployRewards);
      const state = () => ledger(rewards, token, []);
      await expect(rewards.connect(admin).setProtocolTreasury(alice.address))
        .to.emit(rewards, "ProtocolTreasurySet")
        .withArgs(alice.address);
      expect(await rewards.protocolTreasury()).to.equal(alice.address);
      await expectUnchanged(state, () =>
        expect(rewards.connect(admin).setProtocolTreasury(ethers.ZeroAddress)).to.be.revertedWithCustomError(
          rewards,
          "ZeroAddress",
        ),
      );
    });

    it("sets the challenge window within 1 hour and 30 days", async function () {
      const { rewards, admin, token } = await loadFixture(deployRewards);
      const state = () => ledger(rewards, token, []);
      for (const window of [3_600n, 30n * 86_400n]) {
        await expect(rewards.connect(admin).setChallengeWindow(window))
          .to.emit(rewards, "ChallengeWindowSet")
          .withArgs(window);
      }
      for (const window of [3_599n, 30n * 86_400n + 1n, 0n]) {
        await expectUnchanged(state, () =>
          expect(rewards.connect(admin).setChallengeWindow(window))
            .to.be.revertedWithCustomError(rewards, "ChallengeWindowOutOfBounds")
            .withArgs(window, 3_600n, 30n * 86_400n),
        );
      }
      expect(await rewards.challengeWindow()).to.equal(30n * 86_400n);
    });

    it("refuses every admin setting from anyone without the admin role", async function () {
      const { rewards, attributor, guardian, stranger, token } = await loadFixture(deployRewards);
      const state = () => ledger(rewards, token, []);
      const role = await rewards.DEFAULT_ADMIN_ROLE();
      for (const caller of [attributor, guardian, stranger]) {
        const as = rewards.connect(caller);
        await expectUnchanged(state, () =>
          expect(as.setShares(DEFAULT_SHARES))
            .to.be.revertedWithCustomError(rewards, "AccessControlUnauthorizedAccount")
            .withArgs(caller.address, role),
        );
        await expectUnchanged(state, () =>
          expect(as.setProtocolTreasury(caller.address))
            .to.be.revertedWithCustomError(rewards, "AccessControlUnauthorizedAccount")
            .withArgs(caller.address, role),
        );
        await expectUnchanged(state, () =>
          expect(as.setChallengeWindow(3_600n))
            .to.be.revertedWithCustomError(rewards, "AccessControlUnauthorizedAccount")
            .withArgs(caller.address, role),
        );
      }
    });
  });

  describe("attacks", function () {
    it("blocks a token that reenters withdraw during a withdrawal, and pays once", async function () {
      const { rewards, token, payer, treasury } = await loadFixture(deployOnReentrantToken);
      await rewards.connect(payer).payInference(inferenceId(), MODEL, AGENT, PRICE);
      const accrued = await rewards.accrued(treasury.address);
      await token.arm(rewards, rewards.interface.encodeFunctionData("withdraw", [treasury.address]));
      await expect(rewards.connect(treasury).withdraw(treasury.address)).to.changeTokenBalance(
        token,
        treasury,
        accrued,
      );
      expect(await token.attempted()).to.equal(true);
      expect(await token.reentrySucceeded()).to.equal(false);
      expect(errorName(await token.reentryError())).to.equal("ReentrancyGuardReentrantCall");
      expect(await rewards.accrued(treasury.address)).to.equal(0n);
      await expectSolvent(rewards, token);
    });

    it("blocks a token that reenters payInference while the price is being pulled", async function () {
      const { rewards, token, payer } = await loadFixture(deployOnReentrantToken);
      const second = inferenceId();
      await token.arm(rewards, rewards.interface.encodeFunctionData("payInference", [second, MODEL, AGENT, PRICE]));
      await expect(rewards.connect(payer).payInference(inferenceId(), MODEL, AGENT, PRICE)).to.changeTokenBalance(
        token,
        payer,
        -PRICE,
      );
      expect(errorName(await token.reentryError())).to.equal("ReentrancyGuardReentrantCall");
      expect(await rewards.isInferencePaid(second)).to.equal(false);
      expect(await rewards.totalDataPoolFunded()).to.equal(expectedSplit(PRICE).dataPoolAmount);
      await expectSolvent(rewards, token);
    });

    it("blocks a token that reenters claim during a claim, and pays the claim once", async function () {
      const { rewards, token, payer, attributor, alice, bob } = await loadFixture(deployOnReentrantToken);
      await rewards.connect(payer).payInference(inferenceId(), MODEL, AGENT, PRICE);
      const tree = new Entitlements([
        [alice.address, 100n],
        [bob.address, 200n],
      ]);
      await postAndAccept(rewards, attributor, tree);
      await token.arm(rewards, rewards.interface.encodeFunctionData("claim", tree.claimOf(bob.address)));
      await expect(rewards.claim(...tree.claimOf(alice.address))).to.changeTokenBalances(
        token,
        [alice, bob],
        [100n, 0n],
      );
      expect(errorName(await token.reentryError())).to.equal("ReentrancyGuardReentrantCall");
      expect(await rewards.totalClaimed()).to.equal(100n);
      await expectSolvent(rewards, token);
    });

    it("blocks a token that reenters claimMany during a batch, and pays the batch once", async function () {
      const { rewards, token, payer, attributor, alice, bob } = await loadFixture(deployOnReentrantToken);
      await rewards.connect(payer).payInference(inferenceId(), MODEL, AGENT, PRICE);
      const tree = new Entitlements([
        [alice.address, 100n],
        [bob.address, 200n],
      ]);
      await postAndAccept(rewards, attributor, tree);
      const claims = [alice, bob].map((s) => {
        const [account, cumulativeAmount, proof] = tree.claimOf(s.address);
        return { account, cumulativeAmount, proof };
      });
      await token.arm(rewards, rewards.interface.encodeFunctionData("claimMany", [claims]));
      await expect(rewards.claimMany(claims)).to.changeTokenBalances(token, [alice, bob], [100n, 200n]);
      expect(errorName(await token.reentryError())).to.equal("ReentrancyGuardReentrantCall");
      expect(await rewards.totalClaimed()).to.equal(300n);
      await expectSolvent(rewards, token);
    });

    it("blocks a token that reenters payInferenceWithPermit while the price is being pulled", async function () {
      const { rewards, token, payer } = await loadFixture(deployOnReentrantToken);
      const second = inferenceId();
      const noPermit = { value: 0n, deadline: 0n, v: 0, r: ethers.ZeroHash, s: ethers.ZeroHash };
      await token.arm(
        rewards,
        rewards.interface.encodeFunctionData("payInferenceWithPermit", [second, MODEL, AGENT, PRICE, noPermit]),
      );
      // The token has no permit; the payer's standing approval is what lets the pull through.
      await expect(
        rewards.connect(payer).payInferenceWithPermit(inferenceId(), MODEL, AGENT, PRICE, noPermit),
      ).to.changeTokenBalance(token, payer, -PRICE);
      expect(errorName(await token.reentryError())).to.equal("ReentrancyGuardReentrantCall");
      expect(await rewards.isInferencePaid(second)).to.equal(false);
      await expectSolvent(rewards, token);
    });

    it("blocks a receiver contract that reenters withdraw on receiving its withdrawal", async function () {
      const { rewards, token, payer, receiver } = await loadFixture(deployOnReentrantToken);
      await rewards.connect(payer).payInference(inferenceId(), MODEL, AGENT, PRICE);
      await rewards.connect(payer).payInference(inferenceId(), MODEL, AGENT, PRICE);
      const accrued = await rewards.accrued(receiver);
      expect(accrued).to.equal(expectedSplit(PRICE).modelOwnerAmount * 2n);
      await token.setNotifyRecipients(true);
      await receiver.setPayload(rewards.interface.encodeFunctionData("withdraw", [await receiver.getAddress()]));
      await expect(receiver.withdraw()).to.changeTokenBalance(token, receiver, accrued);
      expect(await receiver.attempted()).to.equal(true);
      expect(await receiver.reentrySucceeded()).to.equal(false);
      expect(errorName(await receiver.reentryError())).to.equal("ReentrancyGuardReentrantCall");
      expect(await rewards.accrued(receiver)).to.equal(0n);
      await expectSolvent(rewards, token);
    });

    it("blocks a contributor contract that reenters claim on receiving its claim", async function () {
      const { rewards, token, payer, attributor, receiver, alice } = await loadFixture(deployOnReentrantToken);
      await rewards.connect(payer).payInference(inferenceId(), MODEL, AGENT, PRICE);
      const receiverAddress = await receiver.getAddress();
      const tree = new Entitlements([
        [receiverAddress, 300n],
        [alice.address, 100n],
      ]);
      await postAndAccept(rewards, attributor, tree);
      await token.setNotifyRecipients(true);
      await receiver.setPayload(rewards.interface.encodeFunctionData("claim", tree.claimOf(receiverAddress)));
      await expect(rewards.claim(...tree.claimOf(receiverAddress))).to.changeTokenBalance(token, receiver, 300n);
      expect(errorName(await receiver.reentryError())).to.equal("ReentrancyGuardReentrantCall");
      expect(await rewards.claimed(receiver)).to.equal(300n);
      expect(await rewards.totalClaimed()).to.equal(300n);
      await expectSolvent(rewards, token);
    });
  });

  describe("this contract as a recipient, which could never withdraw", function () {
    it("refuses to withdraw to the contract itself, which would strand the OPEN above what it owes", async function () {
      const { rewards, token, modelOwner } = await loadFixture(deployFunded);
      const before = await ledger(rewards, token, [modelOwner]);
      await expect(rewards.connect(modelOwner).withdraw(rewards))
        .to.be.revertedWithCustomError(rewards, "InvalidRecipient")
        .withArgs(await rewards.getAddress());
      expect(await ledger(rewards, token, [modelOwner])).to.deep.equal(before);
      await expectSolvent(rewards, token);
    });

    it("refuses the contract itself as protocol treasury, at deployment or later", async function () {
      const { rewards, admin, token, models, agents, attributor, guardian, deployer } =
        await loadFixture(deployRewards);
      await expectUnchanged(
        () => ledger(rewards, token, [admin]),
        async () =>
          expect(rewards.connect(admin).setProtocolTreasury(rewards))
            .to.be.revertedWithCustomError(rewards, "InvalidRecipient")
            .withArgs(await rewards.getAddress()),
      );
      expect(await rewards.protocolTreasury()).to.not.equal(await rewards.getAddress());
      const factory = new AttributionRewards__factory(deployer);
      const next = ethers.getCreateAddress({
        from: deployer.address,
        nonce: await ethers.provider.getTransactionCount(deployer.address),
      });
      await expect(factory.deploy(token, models, agents, admin.address, next, attributor.address, guardian.address))
        .to.be.revertedWithCustomError(factory, "InvalidRecipient")
        .withArgs(next);
    });

    it("refuses to pay for a model or through an agent owned by the contract itself", async function () {
      const { rewards, token, models, agents, payer, modelOwner, agentOwner } = await loadFixture(deployFunded);
      const before = await ledger(rewards, token, [payer, modelOwner, agentOwner]);
      const self = await rewards.getAddress();
      await models.setOwner(MODEL, self);
      await expect(rewards.connect(payer).payInference(inferenceId(), MODEL, AGENT, PRICE))
        .to.be.revertedWithCustomError(rewards, "InvalidRecipient")
        .withArgs(self);
      await expect(rewards.quote(MODEL, NO_AGENT)).to.be.revertedWithCustomError(rewards, "InvalidRecipient");
      await models.setOwner(MODEL, modelOwner.address);
      await agents.setOwner(AGENT, self);
      await expect(rewards.connect(payer).payInference(inferenceId(), MODEL, AGENT, PRICE))
        .to.be.revertedWithCustomError(rewards, "InvalidRecipient")
        .withArgs(self);
      expect(await ledger(rewards, token, [payer, modelOwner, agentOwner])).to.deep.equal(before);
      await expectSolvent(rewards, token);
    });

    it("refuses a claim, alone or in a batch, for the contract itself even when the tree names it", async function () {
      const { rewards, token, attributor, alice } = await loadFixture(deployFunded);
      const self = await rewards.getAddress();
      const tree = new Entitlements([
        [alice.address, 3n],
        [self, 4n],
      ]);
      await postAndAccept(rewards, attributor, tree);
      const before = await ledger(rewards, token, [alice, self]);
      await expect(rewards.claim(...tree.claimOf(self)))
        .to.be.revertedWithCustomError(rewards, "InvalidRecipient")
        .withArgs(self);
      const claims = [alice.address, self].map((address) => {
        const [account, cumulativeAmount, proof] = tree.claimOf(address);
        return { account, cumulativeAmount, proof };
      });
      await expect(rewards.claimMany(claims)).to.be.revertedWithCustomError(rewards, "InvalidRecipient").withArgs(self);
      expect(await ledger(rewards, token, [alice, self])).to.deep.equal(before);
      await expectSolvent(rewards, token);
    });
  });

  describe("gas", function () {
    const report = (label: string, gas: bigint) => {
      if (process.env.REPORT_GAS === "1") console.log(`      gas: ${label}: ${gas}`);
    };
    // Coverage instruments the bytecode, which inflates gas: budgets hold for the real build only.
    const instrumented = isCoverageRun(hre);
    const expectBelow = (gas: bigint, limit: bigint) => {
      if (!instrumented) expect(gas).to.be.lessThan(limit);
    };

    async function gasOfPayment(lineageLength: number): Promise<{ first: bigint; next: bigint }> {
      const { rewards, models, payer } = await loadFixture(deployRewards);
      const lineage = Array.from({ length: lineageLength }, (_, i) => ({
        datanetId: BigInt(i + 1),
        version: 1,
        weightBps: i === 0 ? 10_000 - 625 * (lineageLength - 1) : 625,
      }));
      await models.setLineage(MODEL, lineage);
      const pay = async () =>
        (await (await rewards.connect(payer).payInference(inferenceId(), MODEL, AGENT, PRICE)).wait())!.gasUsed;
      return { first: await pay(), next: await pay() };
    }

    it("pays through an agent for a model with one lineage entry in under 150k gas", async function () {
      const { first, next } = await gasOfPayment(1);
      report("payInference via agent, lineage of 1 (first, cold storage)", first);
      report("payInference via agent, lineage of 1 (steady)", next);
      expectBelow(next, 150_000n);
    });

    it("pays through an agent for a model with sixteen lineage entries, costing only per entry", async function () {
      const one = await gasOfPayment(1);
      const sixteen = await gasOfPayment(16);
      report("payInference via agent, lineage of 16 (first)", sixteen.first);
      report("payInference via agent, lineage of 16 (steady)", sixteen.next);
      // Fifteen more pools cost a bounded amount each (a cold registry read and a storage write).
      expectBelow(sixteen.next - one.next, 15n * 12_000n);
      expectBelow(sixteen.first, 750_000n);
    });

    it("claims against a tree of 100,000 leaves in under 150k gas, new storage included", async function () {
      const { rewards, token, attributor, payer, alice } = await loadFixture(deployRewards);
      await rewards.connect(payer).payInference(inferenceId(), MODEL, AGENT, PRICE);
      const entries: [string, bigint][] = [];
      for (let i = 1; i < 100_000; i++) entries.push([ethers.toBeHex(i, 20), BigInt(i)]);
      entries.push([alice.address, ethers.parseEther("1")]);
      const started = Date.now();
      const tree = new Entitlements(entries);
      report(`building the 100,000-leaf tree (ms, not gas)`, BigInt(Date.now() - started));
      expect(tree.proofOf(alice.address)).to.have.lengthOf(17);
      await postAndAccept(rewards, attributor, tree);
      await rewards.acceptRoot();

      // The first claim of all also writes the contract's first totalClaimed.
      const first = (await (await rewards.claim(...tree.claimOf(alice.address))).wait())!.gasUsed;
      report("claim, 100,000-leaf tree (first claim of all)", first);
      expect(await token.balanceOf(alice.address)).to.equal(ethers.parseEther("1"));
      // A contributor deep in the tree, claimed for by someone else.
      const [account, amount, proof] = tree.claimOf(ethers.toBeHex(77_777, 20));
      const tx = await rewards.claim(account, amount, proof);
      await expect(tx).to.emit(rewards, "Claimed").withArgs(1n, account, 77_777n, 77_777n);
      const next = (await tx.wait())!.gasUsed;
      report("claim, 100,000-leaf tree (a later claim)", next);
      expectBelow(first, 150_000n);
      expect(next).to.be.lessThan(first);
      await expectSolvent(rewards, token);
    });
  });
});
