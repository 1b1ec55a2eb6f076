// A batch of random valid and invalid vouchers books exactly what the same valid payments made one by one would:
// two contracts on the same token and registries, one paid by batch from credit, the other by payInference.
import { expect } from "chai";
import fc from "fast-check";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { ContractTransactionReceipt, Signer } from "ethers";
import type { AttributionRewards } from "../../typechain-types";
import { signVoucher, type SignedVoucher, type SkipReason, SKIP_REASONS } from "../../src/ops/vouchers";
import {
  AGENT,
  BARE_MODEL,
  LINEAGE,
  MODEL,
  NO_AGENT,
  PAYER_FUNDS,
  deployRewards,
  deployRewardsContract,
} from "../helpers/rewards";
import { expectSolvent } from "../helpers/rewardsLedger";
import { plain } from "../helpers/snapshot";

/** (model, agent) pairs a voucher may name; the last one is refused by a single payment (agent 1 lacks model 2). */
const PAIRS = [
  [MODEL, AGENT],
  [MODEL, NO_AGENT],
  [BARE_MODEL, NO_AGENT],
  [BARE_MODEL, AGENT],
] as const;
const KINDS = [
  "valid",
  "valid",
  "valid",
  "valid",
  "expired",
  "otherChain",
  "otherSigner",
  "malformed",
  "priceAboveMaximum",
  "zeroId",
  "replay",
  "sameInference",
] as const;

async function deployTwins() {
  const ctx = await deployRewards();
  const { deployer, token, models, agents, admin, treasury, attributor, guardian, payer, alice } = ctx;
  const direct = await deployRewardsContract(deployer, token, models, agents, {
    admin,
    treasury,
    attributor,
    guardian,
  });
  await token.connect(payer).transfer(alice.address, PAYER_FUNDS / 2n);
  for (const who of [payer, alice]) {
    await token.connect(who).approve(ctx.rewards, ethers.MaxUint256);
    await token.connect(who).approve(direct, ethers.MaxUint256);
  }
  return { ...ctx, batched: ctx.rewards, direct, payers: [payer, alice] };
}

const entry = fc.record({
  by: fc.integer({ min: 0, max: 1 }),
  pair: fc.integer({ min: 0, max: PAIRS.length - 1 }),
  kind: fc.constantFrom(...KINDS),
  earlier: fc.nat(),
});

/** What a voucher was made to be, carried with it so that a replayed copy is judged like the original. */
interface Made {
  signed: SignedVoucher;
  signer: Signer;
  expired: boolean;
  zeroId: boolean;
  malformed: boolean;
  wrongSigner: boolean;
}

describe("AttributionRewards: vouchers (property)", function () {
  it("books a batch of random valid and invalid vouchers exactly as the valid payments made one by one", async function () {
    await fc.assert(
      fc.asyncProperty(
        fc.array(entry, { minLength: 1, maxLength: 10 }),
        fc.tuple(fc.bigInt({ min: 1n, max: 10n ** 19n }), fc.bigInt({ min: 1n, max: 10n ** 18n })),
        fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.bigInt({ min: 0n, max: 10n ** 20n })),
        async (entries, [modelFee, agentFee], credits) => {
          const world = await loadFixture(deployTwins);
          const { batched, direct, models, agents, payers, treasury, modelOwner, agentOwner, stranger } = world;
          await models.setFee(MODEL, modelFee);
          await models.setFee(BARE_MODEL, modelFee + 1n);
          await agents.setFee(AGENT, agentFee);
          for (const [i, who] of payers.entries()) {
            if (credits[i] > 0n) await batched.connect(who).depositCredit(credits[i]);
          }
          const now = BigInt(await time.latest()) + 10n;
          const made = await makeVouchers(batched, payers, entries, now);

          // The model: each voucher judged in order against what the earlier ones left.
          const credit = new Map(payers.map((p, i) => [p.address, credits[i]]));
          const nonces = new Set<string>();
          const paidKeys = new Set<string>();
          const expectedReasons: SkipReason[] = [];
          const expectedPaid: Made[] = [];
          for (const m of made) {
            const v = m.signed.voucher;
            const key = `${v.payer}/${v.modelId}/${v.agentId}/${v.inferenceId}`;
            const price = priceOf(v.modelId, v.agentId, modelFee, agentFee);
            let reason: SkipReason | undefined;
            if (m.expired) reason = "Expired";
            else if (m.zeroId) reason = "ZeroInferenceId";
            else if (m.malformed) reason = "MalformedSignature";
            else if (m.wrongSigner) reason = "SignerNotPayer";
            else if (nonces.has(`${v.payer}/${v.nonce}`)) reason = "NonceUsed";
            else if (paidKeys.has(key)) reason = "AlreadyPaid";
            else if (price === undefined) reason = "NotPayable";
            else if (price > v.maxPrice) reason = "PriceAboveMaximum";
            else if (price > credit.get(v.payer)!) reason = "InsufficientCredit";
            if (reason !== undefined) {
              expectedReasons.push(reason);
              continue;
            }
            nonces.add(`${v.payer}/${v.nonce}`);
            paidKeys.add(key);
            credit.set(v.payer, credit.get(v.payer)! - price!);
            expectedPaid.push(m);
          }

          await time.setNextBlockTimestamp(now);
          const batchReceipt = await (await batched.connect(stranger).payBatch(made.map((m) => m.signed))).wait();
          const directReceipts: ContractTransactionReceipt[] = [];
          for (const { signed, signer } of expectedPaid) {
            const v = signed.voucher;
            const tx = await direct.connect(signer).payInference(v.inferenceId, v.modelId, v.agentId, v.maxPrice);
            directReceipts.push((await tx.wait())!);
          }

          expect(
            events(batched, [batchReceipt!], "VoucherSkipped").map((e) => SKIP_REASONS[Number(e[3])]),
          ).to.deep.equal(expectedReasons);
          expect(events(batched, [batchReceipt!], "InferencePaid")).to.deep.equal(
            events(direct, directReceipts, "InferencePaid"),
          );
          const parties = [treasury, modelOwner, agentOwner];
          expect(await books(batched, parties)).to.deep.equal(await books(direct, parties));
          for (const [i, who] of payers.entries()) {
            const spentFromCredit = credits[i] - (await batched.creditOf(who));
            expect(spentFromCredit).to.equal(credits[i] - credit.get(who.address)!);
            expect(await world.token.balanceOf(who)).to.equal(PAYER_FUNDS / 2n - credits[i] - spentFromCredit);
          }
          for (const m of made) {
            const v = m.signed.voucher;
            const args = [v.payer, v.modelId, v.agentId, v.inferenceId] as const;
            expect(await batched.isInferencePaid(...args)).to.equal(await direct.isInferencePaid(...args));
          }
          await expectSolvent(batched, world.token);
          await expectSolvent(direct, world.token);
        },
      ),
      { numRuns: 25 },
    );
  });
});

/** The price of a pair as the registries set it, or undefined when a single payment would refuse the pair. */
function priceOf(modelId: bigint, agentId: bigint, modelFee: bigint, agentFee: bigint): bigint | undefined {
  if (modelId === BARE_MODEL && agentId === AGENT) return undefined;
  const model = modelId === MODEL ? modelFee : modelFee + 1n;
  return agentId === AGENT ? model + agentFee : model;
}

/** Signs each entry's voucher as its kind says; a replay copies an earlier voucher, and `sameInference` re-signs
 * one under a new nonce. */
async function makeVouchers(
  rewards: AttributionRewards,
  payers: Signer[],
  entries: { by: number; pair: number; kind: (typeof KINDS)[number]; earlier: number }[],
  now: bigint,
): Promise<Made[]> {
  const made: Made[] = [];
  let nonce = 0n;
  for (const [i, e] of entries.entries()) {
    const previous = made.length > 0 ? made[e.earlier % made.length] : undefined;
    if (e.kind === "replay" && previous) {
      made.push(previous);
      continue;
    }
    const signer = e.kind === "sameInference" && previous ? previous.signer : payers[e.by];
    const [modelId, agentId] = PAIRS[e.pair];
    const base =
      e.kind === "sameInference" && previous
        ? { ...previous.signed.voucher }
        : {
            payer: await signer.getAddress(),
            inferenceId: e.kind === "zeroId" ? ethers.ZeroHash : ethers.id(`inference ${i}`),
            modelId,
            agentId,
            maxPrice: ethers.MaxUint256,
            deadline: e.kind === "expired" ? now - 1n : now + 3_600n,
            nonce: 0n,
          };
    const voucher = { ...base, nonce: ++nonce };
    if (e.kind === "priceAboveMaximum") voucher.maxPrice = 0n;
    const domain = e.kind === "otherChain" ? { chainId: 5n } : {};
    const by = e.kind === "otherSigner" ? payers[1 - e.by] : signer;
    let { signature } = await signVoucher(rewards, by, voucher, domain);
    if (e.kind === "malformed") signature = signature.slice(0, 100);
    made.push({
      signed: { voucher, signature },
      signer,
      expired: voucher.deadline < now,
      zeroId: voucher.inferenceId === ethers.ZeroHash,
      malformed: e.kind === "malformed",
      wrongSigner: e.kind === "otherChain" || (e.kind === "otherSigner" && (await by.getAddress()) !== voucher.payer),
    });
  }
  return made;
}

/** The args of every `name` event of `rewards` in the receipts, in order, as plain arrays. */
function events(rewards: AttributionRewards, receipts: ContractTransactionReceipt[], name: string): unknown[][] {
  return receipts.flatMap((r) =>
    r.logs
      .map((log) => rewards.interface.parseLog(log))
      .filter((parsed) => parsed?.name === name)
      .map((parsed) => plain(parsed!.args) as unknown[]),
  );
}

/** Every accrual, total and pool a payment moves. */
async function books(rewards: AttributionRewards, parties: Signer[]) {
  return {
    accrued: await Promise.all(parties.map((p) => rewards.accrued(p))),
    totalAccrued: await rewards.totalAccrued(),
    totalDataPoolFunded: await rewards.totalDataPoolFunded(),
    pools: await Promise.all(LINEAGE.map((e) => rewards.poolFunded(e.datanetId, e.version))),
  };
}
