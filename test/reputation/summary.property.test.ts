// FeedbackRegistry (property): after every random give and revoke, each on-chain summary equals the one recomputed
// from the registry's events alone, and refused steps change nothing.
import { expect } from "chai";
import { ethers } from "hardhat";
import fc from "fast-check";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { FeedbackRegistry } from "../../typechain-types";
import { FINANCE, Kind, STARRED, UPTIME, deployFeedback, pay, type Inference } from "./fixtures";

const TAGS = [ethers.ZeroHash, STARRED, UPTIME, FINANCE];
const tag = fc.constantFrom(...TAGS);
const give = fc.record({
  kind: fc.constant("give" as const),
  inference: fc.nat(),
  onModel: fc.boolean(),
  value: fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }),
  decimals: fc.integer({ min: 0, max: 18 }),
  tag1: tag,
  tag2: tag,
});
const revoke = fc.record({ kind: fc.constant("revoke" as const), feedback: fc.nat(), byGiver: fc.boolean() });
const action = fc.oneof({ weight: 3, arbitrary: give }, { weight: 2, arbitrary: revoke });
type Action = typeof action extends fc.Arbitrary<infer A> ? A : never;

/** Four payers with three paid inferences each: through agent 1 or 2, or of model 1 without an agent. */
async function deployWorld() {
  const ctx = await deployFeedback();
  const { rewards, token, stranger } = ctx;
  const payers = [ctx.payer, ctx.other, ctx.sybil, stranger];
  for (const who of [ctx.sybil, stranger]) {
    await token.transfer(who.address, ethers.parseEther("1000"));
    await token.connect(who).approve(rewards, ethers.MaxUint256);
  }
  const paid: { payer: (typeof payers)[number]; inference: Inference }[] = [];
  for (const payer of payers) {
    for (const [modelId, agentId] of [
      [1n, 1n],
      [2n, 2n],
      [1n, 0n],
    ]) {
      paid.push({ payer, inference: await pay(rewards, payer, modelId, agentId) });
    }
  }
  return { ...ctx, payers, paid };
}

type Sums = { count: bigint; totalWeight: bigint; weightedSum: bigint };

/** Every summary, recomputed from FeedbackGiven and FeedbackRevoked alone. */
async function fromEvents(feedback: FeedbackRegistry): Promise<Map<string, Sums>> {
  const given = await feedback.queryFilter(feedback.filters.FeedbackGiven());
  const revoked = new Set(
    (await feedback.queryFilter(feedback.filters.FeedbackRevoked())).map((e) => e.args.feedbackId),
  );
  const sums = new Map<string, Sums>();
  for (const { args } of given) {
    if (revoked.has(args.feedbackId)) continue;
    const { value, valueDecimals, tag1, tag2 } = args.feedback;
    const weighted = value * 10n ** (18n - valueDecimals) * args.weight;
    // Overall (tag zero), and under each tag it names, a repeated one once.
    for (const t of new Set([ethers.ZeroHash, tag1, tag2])) {
      const key = `${args.kind}:${args.subjectId}:${t}`;
      const s = sums.get(key) ?? { count: 0n, totalWeight: 0n, weightedSum: 0n };
      sums.set(key, {
        count: s.count + 1n,
        totalWeight: s.totalWeight + args.weight,
        weightedSum: s.weightedSum + weighted,
      });
    }
  }
  return sums;
}

describe("FeedbackRegistry (property)", function () {
  it("keeps every summary equal to the one recomputed from the events, after every step", async function () {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 10, maxLength: 25 }), async (actions: Action[]) => {
        const world = await loadFixture(deployWorld);
        const { feedback, paid, payers } = world;

        async function expectSummariesMatch() {
          const model = await fromEvents(feedback);
          for (const kind of [Kind.Agent, Kind.Model]) {
            for (const subject of [1n, 2n]) {
              for (const t of TAGS) {
                const s = await feedback.getSummary(kind, subject, t);
                const m = model.get(`${kind}:${subject}:${t}`) ?? { count: 0n, totalWeight: 0n, weightedSum: 0n };
                const mean = m.totalWeight === 0n ? 0n : m.weightedSum / m.totalWeight;
                expect([s.count, s.totalWeight, s.weightedSum, s.mean]).to.deep.equal([
                  m.count,
                  m.totalWeight,
                  m.weightedSum,
                  mean,
                ]);
              }
            }
          }
        }

        for (const a of actions) {
          const before = await feedback.feedbackCount();
          if (a.kind === "give") {
            const { payer, inference } = paid[a.inference % paid.length];
            const kind = a.onModel || inference.agentId === 0n ? Kind.Model : Kind.Agent;
            const fields = {
              value: a.value,
              valueDecimals: a.decimals,
              tag1: a.tag1,
              tag2: a.tag1 === ethers.ZeroHash ? ethers.ZeroHash : a.tag2,
              endpoint: "",
              feedbackURI: "",
              feedbackHash: ethers.ZeroHash,
            };
            const repeat = (await feedback.feedbackOf(kind, payer.address, inference)) !== 0n;
            const send = feedback.connect(payer).giveFeedback(kind, inference, fields);
            if (repeat) await expect(send).to.be.revertedWithCustomError(feedback, "FeedbackAlreadyGiven");
            else await send;
            expect(await feedback.feedbackCount()).to.equal(repeat ? before : before + 1n);
          } else if (before !== 0n) {
            const id = BigInt(a.feedback % Number(before)) + 1n;
            const f = await feedback.getFeedback(id);
            const caller = a.byGiver ? f.giver : payers.find((p) => p.address !== f.giver)!.address;
            const signer = payers.find((p) => p.address === caller)!;
            const send = feedback.connect(signer).revokeFeedback(id);
            if (!a.byGiver) await expect(send).to.be.revertedWithCustomError(feedback, "NotFeedbackGiver");
            else if (f.revoked) await expect(send).to.be.revertedWithCustomError(feedback, "FeedbackAlreadyRevoked");
            else await send;
          }
          await expectSummariesMatch();
        }
      }),
      { numRuns: 8 },
    );
  });
});
