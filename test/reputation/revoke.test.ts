// FeedbackRegistry: revocation by the giver, and responses by the subject's current owner.
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { expectUnchanged } from "../helpers/snapshot";
import { Kind, STARRED, feedbackState, input, withFeedback } from "./fixtures";

const RESPONSE_URI = "ipfs://bafy-response";
const RESPONSE_HASH = ethers.id("response file");

describe("FeedbackRegistry: revocations and responses", function () {
  async function refused(ctx: Awaited<ReturnType<typeof withFeedback>>, call: () => Promise<unknown>) {
    await expectUnchanged(() => feedbackState(ctx.feedback), call);
  }

  describe("revoking", function () {
    it("takes the feedback out of every summary and marks it revoked", async function () {
      const { feedback, payer } = await loadFixture(withFeedback);
      await expect(feedback.connect(payer).revokeFeedback(1n))
        .to.emit(feedback, "FeedbackRevoked")
        .withArgs(1n, payer.address, 1n, Kind.Agent);
      expect((await feedback.getFeedback(1n)).revoked).to.equal(true);
      for (const tag of [ethers.ZeroHash, STARRED]) {
        expect(await feedback.getSummary(Kind.Agent, 1n, tag)).to.deep.equal([0n, 0n, 0n, 0n]);
      }
    });

    it("refuses anyone but the giver", async function () {
      const ctx = await loadFixture(withFeedback);
      const { feedback, bob, stranger } = ctx;
      for (const who of [bob, stranger]) {
        await refused(ctx, () =>
          expect(feedback.connect(who).revokeFeedback(1n))
            .to.be.revertedWithCustomError(feedback, "NotFeedbackGiver")
            .withArgs(1n, who.address),
        );
      }
    });

    it("refuses revoking twice", async function () {
      const ctx = await loadFixture(withFeedback);
      const { feedback, payer } = ctx;
      await feedback.connect(payer).revokeFeedback(1n);
      await refused(ctx, () =>
        expect(feedback.connect(payer).revokeFeedback(1n))
          .to.be.revertedWithCustomError(feedback, "FeedbackAlreadyRevoked")
          .withArgs(1n),
      );
    });

    it("refuses an unknown feedback", async function () {
      const ctx = await loadFixture(withFeedback);
      const { feedback, payer } = ctx;
      for (const id of [0n, 2n]) {
        await refused(ctx, () =>
          expect(feedback.connect(payer).revokeFeedback(id))
            .to.be.revertedWithCustomError(feedback, "UnknownFeedback")
            .withArgs(id),
        );
      }
    });
  });

  describe("responding", function () {
    it("lets the agent's owner respond, more than once, to feedback revoked or not", async function () {
      const { feedback, payer, bob } = await loadFixture(withFeedback);
      await expect(feedback.connect(bob).appendResponse(1n, RESPONSE_URI, RESPONSE_HASH))
        .to.emit(feedback, "ResponseAppended")
        .withArgs(1n, bob.address, 1n, Kind.Agent, RESPONSE_URI, RESPONSE_HASH);
      await feedback.connect(payer).revokeFeedback(1n);
      await feedback.connect(bob).appendResponse(1n, "ipfs://second", ethers.ZeroHash);
      expect((await feedback.getFeedback(1n)).responses).to.equal(2n);
    });

    it("follows the subject to its new owner: the model's owner after a transfer, not the old one", async function () {
      const { feedback, models, payer, paid, alice, carol } = await loadFixture(withFeedback);
      await feedback.connect(payer).giveFeedback(Kind.Model, paid, input());
      await models.connect(alice).transferFrom(alice.address, carol.address, 1n);
      await expect(feedback.connect(alice).appendResponse(2n, RESPONSE_URI, RESPONSE_HASH))
        .to.be.revertedWithCustomError(feedback, "NotSubjectOwner")
        .withArgs(2n, alice.address, carol.address);
      await feedback.connect(carol).appendResponse(2n, RESPONSE_URI, RESPONSE_HASH);
      expect((await feedback.getFeedback(2n)).responses).to.equal(1n);
    });

    it("refuses anyone but the subject's owner: the giver, a stranger, the model's owner on an agent", async function () {
      const ctx = await loadFixture(withFeedback);
      const { feedback, payer, stranger, alice, bob } = ctx;
      for (const who of [payer, stranger, alice]) {
        await refused(ctx, () =>
          expect(feedback.connect(who).appendResponse(1n, RESPONSE_URI, RESPONSE_HASH))
            .to.be.revertedWithCustomError(feedback, "NotSubjectOwner")
            .withArgs(1n, who.address, bob.address),
        );
      }
    });

    it("refuses an empty or oversized response URI, and an unknown feedback", async function () {
      const ctx = await loadFixture(withFeedback);
      const { feedback, bob } = ctx;
      const max = await feedback.MAX_URI_LENGTH();
      await refused(ctx, () =>
        expect(feedback.connect(bob).appendResponse(1n, "", RESPONSE_HASH)).to.be.revertedWithCustomError(
          feedback,
          "EmptyResponseURI",
        ),
      );
      await refused(ctx, () =>
        expect(feedback.connect(bob).appendResponse(1n, "u".repeat(Number(max) + 1), RESPONSE_HASH))
          .to.be.revertedWithCustomError(feedback, "URITooLong")
          .withArgs(max + 1n, max),
      );
      await refused(ctx, () =>
        expect(feedback.connect(bob).appendResponse(7n, RESPONSE_URI, RESPONSE_HASH))
          .to.be.revertedWithCustomError(feedback, "UnknownFeedback")
          .withArgs(7n),
      );
    });
  });
});
