// FeedbackRegistry: only payers leave feedback, once per paid inference and subject, weighted by what they paid.
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { FeedbackRegistry__factory } from "../../typechain-types";
import { expectUnchanged } from "../helpers/snapshot";
import { FEE } from "../helpers/registry";
import { AGENT_FEE, FINANCE, Kind, STARRED, UPTIME, deployFeedback, feedbackState, input, pay } from "./fixtures";

const PRICE = FEE + AGENT_FEE;

describe("FeedbackRegistry: giving feedback", function () {
  describe("from a payer", function () {
    it("records the feedback, weighted by the price the payer paid, and emits every field", async function () {
      const { feedback, rewards, payer, paid } = await loadFixture(deployFeedback);
      expect(await rewards.paidPrice(payer.address, 1n, 1n, paid.inferenceId)).to.equal(PRICE);
      const fields = input(87n, { tag2: FINANCE });
      await expect(feedback.connect(payer).giveFeedback(Kind.Agent, paid, fields))
        .to.emit(feedback, "FeedbackGiven")
        .withArgs(
          1n,
          payer.address,
          1n,
          Kind.Agent,
          [paid.modelId, paid.agentId, paid.inferenceId],
          PRICE,
          Object.values(fields),
        );
      const f = await feedback.getFeedback(1n);
      expect([f.giver, f.weight, f.value, f.valueDecimals, f.kind, f.revoked, f.responses]).to.deep.equal([
        payer.address,
        PRICE,
        87n,
        0n,
        Kind.Agent,
        false,
        0n,
      ]);
      expect([f.tag1, f.tag2, f.subjectId]).to.deep.equal([STARRED, FINANCE, 1n]);
      expect(await feedback.feedbackCount()).to.equal(1n);
      expect(await feedback.feedbackOf(Kind.Agent, payer.address, paid)).to.equal(1n);
      expect(await feedback.feedbackOf(Kind.Model, payer.address, paid)).to.equal(0n);
    });

    it("lets one paid inference review both its agent and its model, once each", async function () {
      const { feedback, payer, paid } = await loadFixture(deployFeedback);
      await feedback.connect(payer).giveFeedback(Kind.Agent, paid, input(60n));
      await feedback.connect(payer).giveFeedback(Kind.Model, paid, input(90n));
      expect((await feedback.getSummary(Kind.Agent, 1n, ethers.ZeroHash)).mean).to.equal(60n * 10n ** 18n);
      expect((await feedback.getSummary(Kind.Model, 1n, ethers.ZeroHash)).mean).to.equal(90n * 10n ** 18n);
    });

    it("reviews the model of an inference paid without an agent, weighted by the model's fee alone", async function () {
      const { feedback, payer, bare } = await loadFixture(deployFeedback);
      await feedback.connect(payer).giveFeedback(Kind.Model, bare, input());
      expect((await feedback.getFeedback(1n)).weight).to.equal(FEE);
    });

    it("counts a feedback overall and under each of its tags, a repeated tag once", async function () {
      const { feedback, payer, paid, bare } = await loadFixture(deployFeedback);
      await feedback.connect(payer).giveFeedback(Kind.Model, paid, input(50n, { tag1: UPTIME, tag2: FINANCE }));
      await feedback.connect(payer).giveFeedback(Kind.Model, bare, input(20n, { tag1: UPTIME, tag2: UPTIME }));
      const summary = async (tag: string) => (await feedback.getSummary(Kind.Model, 1n, tag)).count;
      expect([
        await summary(ethers.ZeroHash),
        await summary(UPTIME),
        await summary(FINANCE),
        await summary(STARRED),
      ]).to.deep.equal([2n, 2n, 1n, 0n]);
    });

    it("weighs the mean by price and normalises every value to 18 decimals", async function () {
      const { feedback, payer, paid, bare } = await loadFixture(deployFeedback);
      // 9977 with 2 decimals (99.77) paid PRICE; -3.5 with 1 decimal paid FEE.
      await feedback.connect(payer).giveFeedback(Kind.Model, paid, input(9977n, { valueDecimals: 2 }));
      await feedback.connect(payer).giveFeedback(Kind.Model, bare, input(-35n, { valueDecimals: 1 }));
      const s = await feedback.getSummary(Kind.Model, 1n, STARRED);
      const weighted = 9977n * 10n ** 16n * PRICE - 35n * 10n ** 17n * FEE;
      expect([s.count, s.totalWeight, s.weightedSum, s.mean]).to.deep.equal([
        2n,
        PRICE + FEE,
        weighted,
        weighted / (PRICE + FEE),
      ]);
    });

    it("accepts the bounds themselves: 18 decimals, the largest magnitude, the longest strings", async function () {
      const { feedback, payer, paid, bare } = await loadFixture(deployFeedback);
      const max = await feedback.MAX_ABS_VALUE();
      await feedback.connect(payer).giveFeedback(Kind.Agent, paid, input(-max, { valueDecimals: 18 }));
      const longest = input(max / 10n ** 18n, {
        endpoint: "e".repeat(Number(await feedback.MAX_ENDPOINT_LENGTH())),
        feedbackURI: "u".repeat(Number(await feedback.MAX_URI_LENGTH())),
        tag1: ethers.ZeroHash,
      });
      await feedback.connect(payer).giveFeedback(Kind.Model, bare, longest);
      expect(await feedback.feedbackCount()).to.equal(2n);
      expect((await feedback.getSummary(Kind.Model, 1n, ethers.ZeroHash)).mean).to.equal(max);
    });

    it("reads an empty summary as zeros", async function () {
      const { feedback } = await loadFixture(deployFeedback);
      expect(await feedback.getSummary(Kind.Agent, 9n, ethers.ZeroHash)).to.deep.equal([0n, 0n, 0n, 0n]);
    });

    it("names the rewards and the registries it reads", async function () {
      const { feedback, rewards, models, agents } = await loadFixture(deployFeedback);
      expect([await feedback.rewards(), await feedback.modelRegistry(), await feedback.agentRegistry()]).to.deep.equal([
        await rewards.getAddress(),
        await models.getAddress(),
        await agents.getAddress(),
      ]);
    });

    it("records the block it was deployed in", async function () {
      const { feedback } = await loadFixture(deployFeedback);
      const receipt = await feedback.deploymentTransaction()!.wait();
      expect(await feedback.deploymentBlock()).to.equal(BigInt(receipt!.blockNumber));
    });

    it("refuses to deploy on the zero address", async function () {
      const [deployer] = await ethers.getSigners();
      const factory = new FeedbackRegistry__factory(deployer);
      await expect(factory.deploy(ethers.ZeroAddress)).to.be.revertedWithCustomError(factory, "ZeroAddress");
    });
  });

  describe("refusals, each changing nothing", function () {
    async function refused(ctx: Awaited<ReturnType<typeof deployFeedback>>, call: () => Promise<unknown>) {
      await expectUnchanged(() => feedbackState(ctx.feedback), call);
    }

    it("refuses an account that never paid (a sybil)", async function () {
      const ctx = await loadFixture(deployFeedback);
      const { feedback, sybil, paid } = ctx;
      await refused(ctx, () =>
        expect(feedback.connect(sybil).giveFeedback(Kind.Agent, paid, input()))
          .to.be.revertedWithCustomError(feedback, "InferenceNotPaid")
          .withArgs(sybil.address, paid.modelId, paid.agentId, paid.inferenceId),
      );
    });

    it("refuses a payer naming an inference it paid through another agent, or of another model", async function () {
      const ctx = await loadFixture(deployFeedback);
      const { feedback, payer, paid } = ctx;
      for (const other of [
        { ...paid, agentId: 2n },
        { ...paid, modelId: 2n },
        { ...paid, agentId: 0n },
      ]) {
        await refused(ctx, () =>
          expect(feedback.connect(payer).giveFeedback(Kind.Model, other, input()))
            .to.be.revertedWithCustomError(feedback, "InferenceNotPaid")
            .withArgs(payer.address, other.modelId, other.agentId, other.inferenceId),
        );
      }
    });

    it("refuses a payer of another agent reviewing this one with its own inference id", async function () {
      const ctx = await loadFixture(deployFeedback);
      const { feedback, other, elsewhere } = ctx;
      const onAgent1 = { ...elsewhere, modelId: 1n, agentId: 1n };
      await refused(ctx, () =>
        expect(feedback.connect(other).giveFeedback(Kind.Agent, onAgent1, input())).to.be.revertedWithCustomError(
          feedback,
          "InferenceNotPaid",
        ),
      );
    });

    it("refuses feedback on an agent from an inference paid without one", async function () {
      const ctx = await loadFixture(deployFeedback);
      const { feedback, payer, bare } = ctx;
      await refused(ctx, () =>
        expect(feedback.connect(payer).giveFeedback(Kind.Agent, bare, input()))
          .to.be.revertedWithCustomError(feedback, "NoAgentInInference")
          .withArgs(bare.modelId, bare.inferenceId),
      );
    });

    it("refuses replayed feedback, and feedback again after a revocation", async function () {
      const ctx = await loadFixture(deployFeedback);
      const { feedback, payer, paid } = ctx;
      await feedback.connect(payer).giveFeedback(Kind.Agent, paid, input());
      await refused(ctx, () =>
        expect(feedback.connect(payer).giveFeedback(Kind.Agent, paid, input(10n)))
          .to.be.revertedWithCustomError(feedback, "FeedbackAlreadyGiven")
          .withArgs(1n),
      );
      await feedback.connect(payer).revokeFeedback(1n);
      await refused(ctx, () =>
        expect(feedback.connect(payer).giveFeedback(Kind.Agent, paid, input())).to.be.revertedWithCustomError(
          feedback,
          "FeedbackAlreadyGiven",
        ),
      );
    });

    it("refuses the subject's owner reviewing its own agent or model, though it paid", async function () {
      const ctx = await loadFixture(deployFeedback);
      const { feedback, rewards, alice, bob } = ctx;
      const byBob = await pay(rewards, bob, 1n, 1n);
      const byAlice = await pay(rewards, alice, 1n, 1n);
      await refused(ctx, () =>
        expect(feedback.connect(bob).giveFeedback(Kind.Agent, byBob, input()))
          .to.be.revertedWithCustomError(feedback, "SelfFeedback")
          .withArgs(Kind.Agent, 1n, bob.address),
      );
      await refused(ctx, () =>
        expect(feedback.connect(alice).giveFeedback(Kind.Model, byAlice, input()))
          .to.be.revertedWithCustomError(feedback, "SelfFeedback")
          .withArgs(Kind.Model, 1n, alice.address),
      );
    });

    it("refuses decimals above the cap, a value out of range either way, and tag2 without tag1", async function () {
      const ctx = await loadFixture(deployFeedback);
      const { feedback, payer, paid } = ctx;
      const max = await feedback.MAX_ABS_VALUE();
      const cases: [ReturnType<typeof input>, string, unknown[]][] = [
        [input(1n, { valueDecimals: 19 }), "DecimalsTooHigh", [19n, 18n]],
        [input(max + 1n, { valueDecimals: 18 }), "ValueOutOfRange", [max + 1n, 18n]],
        [input(-(max / 10n ** 18n) - 1n), "ValueOutOfRange", [-(max / 10n ** 18n) - 1n, 0n]],
        [input(1n, { tag1: ethers.ZeroHash, tag2: FINANCE }), "Tag2WithoutTag1", [FINANCE]],
      ];
      for (const [fields, error, args] of cases) {
        await refused(ctx, () =>
          expect(feedback.connect(payer).giveFeedback(Kind.Agent, paid, fields))
            .to.be.revertedWithCustomError(feedback, error)
            .withArgs(...args),
        );
      }
    });

    it("refuses an oversized endpoint or feedback URI", async function () {
      const ctx = await loadFixture(deployFeedback);
      const { feedback, payer, paid } = ctx;
      const endpointMax = await feedback.MAX_ENDPOINT_LENGTH();
      const uriMax = await feedback.MAX_URI_LENGTH();
      await refused(ctx, () =>
        expect(feedback.connect(payer).giveFeedback(Kind.Agent, paid, input(1n, { endpoint: "e".repeat(257) })))
          .to.be.revertedWithCustomError(feedback, "EndpointTooLong")
          .withArgs(257n, endpointMax),
      );
      await refused(ctx, () =>
        expect(feedback.connect(payer).giveFeedback(Kind.Agent, paid, input(1n, { feedbackURI: "u".repeat(513) })))
          .to.be.revertedWithCustomError(feedback, "URITooLong")
          .withArgs(513n, uriMax),
      );
    });
  });
});
