// computeEpoch's money rules on the embedded chain: what each account gains per epoch, to the wei, and the
// cumulative totals that carry from epoch to epoch (the sum of all gains so far, never decreasing).
import { expect } from "chai";
import fc from "fast-check";
import hre, { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { deploySuite } from "../../src/chain/deploy";
import { contributeBytes } from "../../src/ops/data";
import { payBatch, signVoucher } from "../../src/ops/vouchers";
import { computeEpoch } from "../../src/settlement/settle";
import type { SettlementFile } from "../../src/settlement/files";
import { ContentStore } from "../../src/store/ContentStore";

const SEED = 20261201;
const STAKE = ethers.parseEther("1");

let tmp: string;

/**
 * Two published datanets and two models, with sizes and qualities chosen so the remainder weights are small:
 * datanet A: alice 100 bytes and bob 300 bytes, both at quality 10,000 (weights 1 : 3);
 * datanet B: bob 200 bytes at 5,000 and carol 200 bytes at 10,000 (weights 1 : 2).
 * Model "both" cites A at 70% and B at 30%; model "onlyB" cites B alone. No output is logged, so every receipt is
 * settled unattributed: by those weights alone, which makes every wei computable by hand.
 */
async function world() {
  const [deployer, alice, bob, carol, curator, modelOwner, payer] = await ethers.getSigners();
  const suite = await deploySuite(hre);
  const { token, datanet, models, rewards } = suite;
  const store = new ContentStore(path.join(tmp, "store"));
  for (const account of [alice, bob, carol, payer]) await token.transfer(account.address, ethers.parseEther("100"));
  await token.connect(payer).approve(rewards, ethers.MaxUint256);

  const publish = async (files: [typeof alice, number, number][]) => {
    await datanet.createDatanet("ipfs://datanet", STAKE, deployer.address, 3600n);
    const datanetId = await datanet.datanetCount();
    await datanet.setCurator(datanetId, curator.address, true);
    for (const [contributor, size, quality] of files) {
      const bytes = Buffer.alloc(size, `${datanetId}:${contributor.address}`);
      const { contributionId } = await contributeBytes(datanet, token, store, contributor, datanetId, bytes);
      await datanet.connect(curator).approve(contributionId, quality);
    }
    await datanet.publishVersion(datanetId);
    return datanetId;
  };
  const a = await publish([
    [alice, 100, 10_000],
    [bob, 300, 10_000],
  ]);
  const b = await publish([
    [bob, 200, 5_000],
    [carol, 200, 10_000],
  ]);

  const register = async (lineage: { datanetId: bigint; version: number; weightBps: number }[]) => {
    const registration = { metadataURI: "ipfs://model", weightsHash: ethers.id(`${lineage.length}`), supersedes: 0 };
    const args = { ...registration, feePerInference: 1_000n, lineage };
    const modelId = await models.connect(modelOwner).registerModel.staticCall(args);
    await models.connect(modelOwner).registerModel(args);
    return modelId;
  };
  const both = await register([
    { datanetId: a, version: 1, weightBps: 7_000 },
    { datanetId: b, version: 1, weightBps: 3_000 },
  ]);
  const onlyB = await register([{ datanetId: b, version: 1, weightBps: 10_000 }]);

  let paid = 0;
  const pay = async (modelId: bigint, price: bigint) => {
    await models.connect(modelOwner).setFee(modelId, price);
    await rewards.connect(payer).payInference(ethers.id(`inference ${paid++}`), modelId, 0n, price);
  };
  const settle = async (epoch: number, previous: SettlementFile | null) =>
    computeEpoch({ datanet, models, rewards }, store, {
      epoch,
      previous,
      toBlock: await ethers.provider.getBlockNumber(),
      log: [],
    });
  const accounts = { alice: alice.address, bob: bob.address, carol: carol.address };
  return { rewards, models, modelOwner, payer, both, onlyB, pay, settle, accounts };
}

type Amounts = { alice: bigint; bob: bigint; carol: bigint };

describe("computeEpoch", function () {
  before(async function () {
    tmp = await mkdtemp(path.join(os.tmpdir(), "settle-test-"));
  });
  after(async function () {
    await rm(tmp, { recursive: true, force: true });
  });

  it("pays on the default shares, which the hand-computed rows below assume", async function () {
    const { rewards } = await loadFixture(world);
    expect([...(await rewards.shares())]).to.deep.equal([500n, 1_500n, 3_000n, 5_000n]);
  });

  it("gains and carries cumulative totals across three epochs exactly as computed by hand", async function () {
    const { rewards, both, onlyB, pay, settle, accounts } = await loadFixture(world);
    const epochs: { description: string; payments: [bigint, bigint][]; gained: Amounts; cumulative: Amounts }[] = [
      // A price of 1000 funds a pool of 1000 − 50 − 150 − 300 = 500: B gets ⌊500 · 0.3⌋ = 150, A the other 350.
      // No output is logged, so the epoch's unlogged receipts of a model are summed and split once: 1000 to the
      // pools, A 700 and B 300. A, 700 by 1 : 3 = 175 and 525; B, 300 by 1 : 2 = 100 and 200, all exact.
      {
        description: "two payments of 1000 on model both",
        payments: [
          [both, 1_000n],
          [both, 1_000n],
        ],
        gained: { alice: 175n, bob: 625n, carol: 200n },
        cumulative: { alice: 175n, bob: 625n, carol: 200n },
      },
      // A price of 7 funds 7 − ⌊0.35⌋ − ⌊1.05⌋ − ⌊2.1⌋ = 4: B gets ⌊4 · 0.3⌋ = 1, A the other 3.
      // A, 3 by 1 : 3 = 0.75 and 2.25: floors 0 and 2, the leftover to the larger remainder, alice's: 1 and 2.
      // B, 1 by 1 : 2 = 1/3 and 2/3: floors 0, the wei to the larger remainder, carol's.
      {
        description: "one payment of 7 on model both",
        payments: [[both, 7n]],
        gained: { alice: 1n, bob: 2n, carol: 1n },
        cumulative: { alice: 176n, bob: 627n, carol: 201n },
      },
      // B alone, 500 by 1 : 2 = 166.67 and 333.33: floors 499, the leftover to bob's larger remainder: 167 and 333.
      // Alice gains nothing and keeps her 176.
      {
        description: "one payment of 1000 on model onlyB",
        payments: [[onlyB, 1_000n]],
        gained: { alice: 0n, bob: 167n, carol: 333n },
        cumulative: { alice: 176n, bob: 794n, carol: 534n },
      },
    ];

    let previous: SettlementFile | null = null;
    for (const [i, { description, payments, gained, cumulative }] of epochs.entries()) {
      for (const [modelId, price] of payments) await pay(modelId, price);
      const result = await settle(i + 1, previous);
      const gainedNow = {
        alice: result.gained.get(accounts.alice) ?? 0n,
        bob: result.gained.get(accounts.bob) ?? 0n,
        carol: result.gained.get(accounts.carol) ?? 0n,
      };
      expect(gainedNow, `${description}: gained`).to.deep.equal(gained);
      const cumulativeNow = Object.fromEntries(result.file.cumulative.map((c) => [c.account, BigInt(c.amount)]));
      expect(cumulativeNow, `${description}: cumulative`).to.deep.equal({
        [accounts.alice]: cumulative.alice,
        [accounts.bob]: cumulative.bob,
        [accounts.carol]: cumulative.carol,
      });
      const total = cumulative.alice + cumulative.bob + cumulative.carol;
      expect(BigInt(result.file.totalAllocated), `${description}: total`).to.equal(total);
      expect(await rewards.totalDataPoolFunded(), `${description}: funded`).to.equal(total);
      previous = result.file;
    }
  });

  it("settles an epoch paid by vouchers in one batch exactly as the same payments made one by one", async function () {
    const payments: [string, bigint][] = [];
    const settleWith = async (payAll: (w: Awaited<ReturnType<typeof world>>) => Promise<void>) => {
      const w = await loadFixture(world);
      await w.models.connect(w.modelOwner).setFee(w.both, 1_000n);
      await w.models.connect(w.modelOwner).setFee(w.onlyB, 3_001n);
      payments.splice(0, payments.length, ["a", w.both], ["b", w.onlyB], ["c", w.both], ["d", w.onlyB]);
      await payAll(w);
      const result = await w.settle(1, null);
      return { gained: result.gained, cumulative: result.file.cumulative, total: result.file.totalAllocated };
    };
    const direct = await settleWith(async ({ rewards, payer }) => {
      for (const [id, modelId] of payments) {
        await rewards.connect(payer).payInference(ethers.id(id), modelId, 0n, 3_001n);
      }
    });
    const byVoucher = await settleWith(async ({ rewards, payer }) => {
      await rewards.connect(payer).depositCredit(10_000n);
      const deadline = BigInt((await ethers.provider.getBlock("latest"))!.timestamp) + 3_600n;
      const batch = [];
      for (const [i, [id, modelId]] of payments.entries()) {
        const voucher = {
          payer: payer.address,
          inferenceId: ethers.id(id),
          modelId,
          agentId: 0n,
          maxPrice: 3_001n,
          deadline,
          nonce: BigInt(i),
        };
        batch.push(await signVoucher(rewards, payer, voucher));
      }
      const { skipped } = await payBatch(rewards, payer, batch);
      expect(skipped).to.deep.equal([]);
    });
    expect(byVoucher).to.deep.equal(direct);
    expect(direct.gained.size).to.be.greaterThan(0);
  });

  it("keeps every account's cumulative amount the sum of its gains, never decreasing, and equal to what was funded", async function () {
    const paymentArb = fc.tuple(fc.boolean(), fc.bigInt({ min: 1n, max: 10n ** 19n }));
    const epochsArb = fc.array(fc.array(paymentArb, { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 3 });
    await fc.assert(
      fc.asyncProperty(epochsArb, async (epochs) => {
        const { rewards, both, onlyB, pay, settle } = await loadFixture(world);
        const sums = new Map<string, bigint>();
        let previous: SettlementFile | null = null;
        for (const [i, payments] of epochs.entries()) {
          for (const [onBoth, price] of payments) await pay(onBoth ? both : onlyB, price);
          const result = await settle(i + 1, previous);
          for (const [account, amount] of result.gained) {
            expect(amount > 0n).to.equal(true);
            sums.set(account, (sums.get(account) ?? 0n) + amount);
          }
          const cumulative = new Map(result.file.cumulative.map((c) => [c.account, BigInt(c.amount)]));
          expect(cumulative).to.deep.equal(sums);
          for (const { account, amount } of previous?.cumulative ?? []) {
            expect(cumulative.get(account)! >= BigInt(amount)).to.equal(true);
          }
          expect(BigInt(result.file.totalAllocated)).to.equal(await rewards.totalDataPoolFunded());
          previous = result.file;
        }
      }),
      { numRuns: 8, seed: SEED },
    );
  });
});
