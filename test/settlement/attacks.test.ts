// Settlement against the attacks of issue #10: declared sizes, chosen outputs, one bad entry, floods, and an
// attributor who drops receipts or picks parameters. Each test shows the attacker gains nothing over an honest run.
import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { deploySuite } from "../../src/chain/deploy";
import { inferenceId } from "../../src/factory/inference";
import { contributeBytes, createDatanet } from "../../src/ops/data";
import { inferAndPay, trainAndRegister } from "../../src/ops/factory";
import { settleNextEpoch, verifyEpoch } from "../../src/ops/settlement";
import { signServedBatch, signServedOutput } from "../../src/settlement/provenOutputs";
import { readSettlement, writeSettlement, type SettlementFile } from "../../src/settlement/files";
import type { InferenceLogEntry, ServedBatchProof } from "../../src/settlement/inferenceLog";
import { computeEpoch } from "../../src/settlement/settle";
import { canonicalJson, type JsonValue } from "../../src/util/canonicalJson";
import { ContentStore } from "../../src/store/ContentStore";
import { readSubmission } from "../../src/read/submissions";

const STAKE = ethers.parseEther("1");
const HONEST = [
  "function transfer(address to, uint256 value) public returns (bool) { _transfer(msg.sender, to, value); }",
  "function approve(address spender, uint256 value) public returns (bool) { _approve(msg.sender, spender, value); }",
];
let tmp: string;

/** One published datanet: alice's two honest files, and mallory's 37 bytes declared as 2^64 − 1. */
async function world() {
  const [deployer, alice, mallory, curator, builder, payer, servingKey] = await ethers.getSigners();
  const suite = await deploySuite(hre);
  const { token, datanet, models, rewards } = suite;
  const store = new ContentStore(path.join(tmp, `store-${Date.now()}`));
  for (const account of [alice, mallory, payer]) await token.transfer(account.address, ethers.parseEther("1000"));
  await token.connect(payer).approve(rewards, ethers.MaxUint256);
  await createDatanet(datanet, deployer, "ipfs://datanet", STAKE);
  await datanet.setCurator(1n, curator.address, true);
  for (const text of HONEST) {
    const { contributionId } = await contributeBytes(datanet, token, store, alice, 1n, Buffer.from(text));
    await datanet.connect(curator).approve(contributionId, 10_000);
  }
  const small = Buffer.from("contract Tiny { uint256 public x; }  ");
  const { hash } = await store.put(small);
  await token.connect(mallory).approve(datanet, ethers.MaxUint256);
  await datanet.connect(mallory).contribute(1n, hash, 2n ** 64n - 1n, "");
  const inflatedId = await datanet.contributionCount();
  await datanet.connect(curator).approve(inflatedId, 10_000);
  await datanet.publishVersion(1n);

  const trained = await trainAndRegister({ datanet, models }, store, builder, {
    datanetId: 1n,
    version: 1,
    feePerInference: ethers.parseEther("1"),
    modelsDir: path.join(tmp, "models"),
  });
  const chainId = Number((await ethers.provider.getNetwork()).chainId);
  return {
    suite,
    store,
    alice,
    mallory,
    payer,
    builder,
    servingKey,
    deployer,
    modelId: trained.modelId,
    inflatedId,
    chainId,
    settle: async (log: InferenceLogEntry[], previous: SettlementFile | null = null, epoch = 1) =>
      computeEpoch(suite, store, { epoch, previous, toBlock: await ethers.provider.getBlockNumber(), log }),
  };
}

/** A model whose weights settlement cannot rerun, on the fixture's datanet, serving under the fixture's serving key. */
async function hostedModel({ suite, builder, servingKey }: Awaited<ReturnType<typeof world>>) {
  const registration = { metadataURI: "ipfs://hosted", weightsHash: ethers.id("hosted weights"), supersedes: 0 };
  const lineage = [{ datanetId: 1n, version: 1, weightBps: 10_000 }];
  await suite.models.connect(builder).registerModel({ ...registration, feePerInference: 1_000n, lineage });
  const hosted = await suite.models.modelCount();
  await suite.models.connect(builder).setServingKey(hosted, servingKey.address);
  return { hosted, rewards: await suite.rewards.getAddress() };
}

/** Pays for an inference whose output is `output` (chosen by the payer, not generated) and returns its log entry. */
async function payChosen(
  fixture: Awaited<ReturnType<typeof world>>,
  modelId: bigint,
  output: string,
  seed: string,
): Promise<InferenceLogEntry> {
  const request = { modelId, agentId: 0n, prompt: "function", seed };
  const id = inferenceId(request, output);
  await fixture.suite.rewards.connect(fixture.payer).payInference(id, modelId, 0n, ethers.parseEther("10"));
  return { inferenceId: id, modelId: modelId.toString(), agentId: "0", prompt: "function", seed, output };
}

describe("settlement attacks", function () {
  before(async function () {
    tmp = await mkdtemp(path.join(os.tmpdir(), "settle-attacks-"));
  });
  after(async function () {
    await rm(tmp, { recursive: true, force: true });
  });

  describe("a declared size", function () {
    it("pays a contribution declared larger than its stored bytes nothing, lists it, and pays the honest all", async function () {
      const fixture = await loadFixture(world);
      const { alice, mallory, modelId, inflatedId } = fixture;
      for (let i = 0; i < 3; i++) await payChosen(fixture, modelId, `unlogged ${i}`, `s${i}`);
      const { file, gained } = await fixture.settle([]);
      expect(gained.get(mallory.address) ?? 0n).to.equal(0n);
      expect(gained.get(alice.address)).to.equal(BigInt(file.totalAllocated));
      expect(BigInt(file.totalAllocated)).to.equal(await fixture.suite.rewards.totalDataPoolFunded());
      expect(file.excluded).to.deep.equal([
        {
          contributionId: inflatedId.toString(),
          datanetId: "1",
          version: 1,
          reason: "size-mismatch",
          declaredBytes: (2n ** 64n - 1n).toString(),
          storedBytes: "37",
        },
      ]);
    });
  });

  describe("a chosen output", function () {
    it("settles a logged copy of a chosen contribution as unlogged, so it steers nothing", async function () {
      const fixture = await loadFixture(world);
      const { alice, modelId } = fixture;
      const steered = await payChosen(fixture, modelId, HONEST[1], "steer");
      const chosen = await fixture.settle([steered]);
      expect(chosen.file.rejected).to.deep.equal([
        { inferenceId: steered.inferenceId.toLowerCase(), reason: "not-reproduced" },
      ]);
      expect(chosen.file.inferences).to.deep.equal([]);
      expect(chosen.file.allocations).to.deep.equal([]);
      // What the remainder rule gives without any log: the same, to the wei.
      const unlogged = await fixture.settle([]);
      expect(chosen.gained).to.deep.equal(unlogged.gained);
      expect(chosen.gained.get(alice.address)).to.equal(BigInt(chosen.file.totalAllocated));
    });

    it("attributes an output the registered weights reproduce from its prompt and seed", async function () {
      const fixture = await loadFixture(world);
      const { suite, payer, modelId } = fixture;
      await suite.token.connect(payer).approve(suite.rewards, 0n);
      const inferred = await inferAndPay(suite, payer, {
        modelId,
        prompt: "function transfer(address to,",
        seed: "honest",
        modelsDir: path.join(tmp, "models"),
      });
      const { price: _price, transactions: _sent, ...entry } = inferred;
      const { file } = await fixture.settle([entry]);
      expect(file.rejected).to.deep.equal([]);
      expect(file.inferences).to.deep.equal([{ ...entry, proof: "regenerated" }]);
    });

    it("attributes a model it cannot rerun only when its serving key signed the output", async function () {
      const fixture = await loadFixture(world);
      const { servingKey, mallory, chainId } = fixture;
      const { hosted, rewards } = await hostedModel(fixture);
      const signed = await payChosen(fixture, hosted, "served output one", "a");
      signed.signature = await signServedOutput(servingKey, chainId, rewards, signed.inferenceId, signed.output);
      const forged = await payChosen(fixture, hosted, HONEST[0], "b");
      forged.signature = await signServedOutput(mallory, chainId, rewards, forged.inferenceId, forged.output);
      const bare = await payChosen(fixture, hosted, HONEST[1], "c");
      const { file } = await fixture.settle([signed, forged, bare]);
      expect(file.inferences.map((e) => [e.inferenceId, e.proof])).to.deep.equal([[signed.inferenceId, "signed"]]);
      expect(new Map(file.rejected.map((r) => [r.inferenceId, r.reason]))).to.deep.equal(
        new Map([
          [forged.inferenceId.toLowerCase(), "bad-signature"],
          [bare.inferenceId.toLowerCase(), "unproven"],
        ]),
      );
    });

    it("settles an entry with a malformed batch as bad-signature, and everyone else as before", async function () {
      const fixture = await loadFixture(world);
      const { servingKey, chainId } = fixture;
      const { hosted, rewards } = await hostedModel(fixture);
      const good = await payChosen(fixture, hosted, "served output one", "a");
      [good.batch] = await signServedBatch(servingKey, chainId, rewards, [good]);
      const malformed = await payChosen(fixture, hosted, HONEST[0], "b");
      malformed.batch = { root: "0x12", signature: "not a signature", proof: ["zz"] } as unknown as ServedBatchProof;
      const { file } = await fixture.settle([good, malformed]);
      expect(file.inferences.map((e) => [e.inferenceId, e.proof])).to.deep.equal([[good.inferenceId, "signed"]]);
      expect(file.rejected).to.deep.equal([
        { inferenceId: malformed.inferenceId.toLowerCase(), reason: "bad-signature" },
      ]);
    });

    it("attributes outputs its serving key signed once as a batch, each by its own proof, and no other output", async function () {
      const fixture = await loadFixture(world);
      const { servingKey, mallory, chainId } = fixture;
      const { hosted, rewards } = await hostedModel(fixture);
      const served = [
        await payChosen(fixture, hosted, "served output one", "a"),
        await payChosen(fixture, hosted, "served output two", "b"),
        await payChosen(fixture, hosted, "served output three", "c"),
      ];
      const proofs = await signServedBatch(servingKey, chainId, rewards, served);
      served.forEach((entry, i) => (entry.batch = proofs[i]));
      // A payer's chosen output, paid for, with the proof of another output of the batch.
      const chosen = await payChosen(fixture, hosted, HONEST[0], "d");
      chosen.batch = proofs[0];
      // A batch that another key signed.
      const forged = await payChosen(fixture, hosted, HONEST[1], "e");
      [forged.batch] = await signServedBatch(mallory, chainId, rewards, [forged]);
      // The third served entry is left out of the log: the other two are proven without it.
      const { file } = await fixture.settle([served[0], served[1], chosen, forged]);
      expect(file.inferences.map((e) => [e.inferenceId, e.proof])).to.have.deep.members([
        [served[0].inferenceId, "signed"],
        [served[1].inferenceId, "signed"],
      ]);
      expect(new Map(file.rejected.map((r) => [r.inferenceId, r.reason]))).to.deep.equal(
        new Map([
          [chosen.inferenceId.toLowerCase(), "bad-signature"],
          [forged.inferenceId.toLowerCase(), "bad-signature"],
        ]),
      );
    });
  });

  describe("one bad entry or one missing file", function () {
    it("settles everyone else, lists the unavailable data, and a verifier holding it recomputes the same root", async function () {
      const fixture = await loadFixture(world);
      const { suite, store, deployer, modelId, alice } = fixture;
      const bad = await payChosen(fixture, modelId, "paid", "bad");
      bad.output += " altered";
      await payChosen(fixture, modelId, "unlogged", "u");
      const { contentHash } = await readSubmission(suite.datanet, 1n);
      const file = store.pathOf(contentHash);
      const original = await readFile(file);
      await rm(file);
      const settled = await settleNextEpoch(suite, store, deployer, { log: [bad], baseDir: tmp });
      await writeFile(file, original);
      expect(settled.file.rejected).to.deep.equal([
        { inferenceId: bad.inferenceId.toLowerCase(), reason: "output-hash" },
      ]);
      expect(settled.file.excluded.map((e) => [e.contributionId, e.reason])).to.deep.equal([
        ["1", "unavailable"],
        [fixture.inflatedId.toString(), "size-mismatch"],
      ]);
      expect(settled.gained.get(alice.address)).to.equal(BigInt(settled.file.totalAllocated));
      const report = await verifyEpoch(suite, store, 1);
      expect(report.problems).to.deep.equal([]);
      expect(report.ok).to.equal(true);
      expect(report.findings.map((f) => [f.kind, f.contributionIds])).to.deep.equal([["data-available", ["1"]]]);
    });

    it("withholds a version none of whose data is available and pays it in the next epoch", async function () {
      const fixture = await loadFixture(world);
      const { suite, store, modelId, alice } = fixture;
      await payChosen(fixture, modelId, "first", "1");
      const first = await fixture.settle([]);
      const fundedFirst = await suite.rewards.totalDataPoolFunded();
      await payChosen(fixture, modelId, "second", "2");
      const files = await Promise.all(
        [1n, 2n].map(async (id) => store.pathOf((await readSubmission(suite.datanet, id)).contentHash)),
      );
      const originals = await Promise.all(files.map((f) => readFile(f)));
      let second;
      try {
        await Promise.all(files.map((f) => rm(f)));
        second = await fixture.settle([], first.file, 2);
      } finally {
        await Promise.all(files.map((f, i) => writeFile(f, originals[i])));
      }
      const withheld = (await suite.rewards.totalDataPoolFunded()) - fundedFirst;
      expect(second.file.withheld).to.deep.equal([{ datanetId: "1", version: 1, amount: withheld.toString() }]);
      expect(second.file.totalAllocated).to.equal(first.file.totalAllocated);
      expect(second.gained.get(alice.address) ?? 0n).to.equal(0n);
      await payChosen(fixture, modelId, "third", "3");
      const third = await fixture.settle([], second.file, 3);
      expect(third.file.withheld).to.deep.equal([]);
      expect(BigInt(third.file.totalAllocated)).to.equal(await suite.rewards.totalDataPoolFunded());
    });
  });

  describe("a flood of one-wei payments", function () {
    it("aggregates 150 unlogged receipts into one row per lineage entry, spread once", async function () {
      const fixture = await loadFixture(world);
      const { suite, builder, payer, modelId } = fixture;
      await suite.models.connect(builder).setFee(modelId, 2n);
      for (let i = 0; i < 150; i++) {
        await suite.rewards.connect(payer).payInference(ethers.id(`spam ${i}`), modelId, 0n, 2n);
      }
      const { file } = await fixture.settle([]);
      const funded = await suite.rewards.totalDataPoolFunded();
      expect(file.allocations).to.deep.equal([]);
      expect(file.unlogged).to.deep.equal([
        { modelId: modelId.toString(), receipts: 150, datanetId: "1", version: 1, amount: funded.toString() },
      ]);
      expect(file.remainders).to.deep.equal([{ datanetId: "1", version: 1, amount: funded.toString(), rule: "bytes" }]);
      expect(canonicalJson(file as unknown as JsonValue).length).to.be.below(4_000);
    });
  });

  describe("the attributor", function () {
    it("cannot pick engine parameters: verify reports them even when the root recomputes", async function () {
      const fixture = await loadFixture(world);
      const { suite, store, deployer, modelId } = fixture;
      await payChosen(fixture, modelId, "unlogged", "p");
      const settled = await settleNextEpoch(suite, store, deployer, { log: [], baseDir: tmp, dryRun: true });
      const picked = { ...settled.file, engine: { minSpanTokens: 1_000_000, maxOccurrences: 0 } };
      const { uri, dataHash } = await writeSettlement(store, picked);
      await suite.rewards.postRoot(picked.root, picked.totalAllocated, dataHash, uri);
      const report = await verifyEpoch(suite, store, 1);
      expect(report.ok).to.equal(false);
      expect(report.problems.map((p) => p.kind)).to.deep.equal(["engine-parameters"]);
    });

    it("cannot post a data hash other than the manifest its URI names: verify reports the data hash", async function () {
      const fixture = await loadFixture(world);
      const { suite, store, deployer, modelId } = fixture;
      await payChosen(fixture, modelId, "unlogged", "p");
      const settled = await settleNextEpoch(suite, store, deployer, { log: [], baseDir: tmp, dryRun: true });
      await suite.rewards.postRoot(
        settled.file.root,
        settled.file.totalAllocated,
        ethers.id("another"),
        settled.files.settlement,
      );
      const report = await verifyEpoch(suite, store, 1);
      expect(report.ok).to.equal(false);
      expect(report.problems.map((p) => p.kind)).to.deep.equal(["data-hash"]);
      expect(report.recomputedRoot).to.equal(settled.file.root);
    });

    it("cannot drop receipts by adding to a revoked epoch: verify reports the range and the missing receipts", async function () {
      const fixture = await loadFixture(world);
      const { suite, store, modelId, alice } = fixture;
      await payChosen(fixture, modelId, "first", "1");
      // Epoch 1 is posted with its file emptied of entitlements, and revoked; its receipt must go to epoch 2.
      const first = await fixture.settle([]);
      const emptied = { ...first.file, cumulative: [] };
      const { uri: firstUri, dataHash: firstHash } = await writeSettlement(store, emptied);
      await suite.rewards.postRoot(first.file.root, first.file.totalAllocated, firstHash, firstUri);
      await suite.rewards.revokeRoot();
      await payChosen(fixture, modelId, "second", "2");
      // The attributor adds epoch 2 to the revoked epoch 1, so epoch 1's receipt is never paid.
      const dropped = await fixture.settle([], emptied, 2);
      const { uri, dataHash } = await writeSettlement(store, dropped.file);
      await suite.rewards.postRoot(dropped.file.root, dropped.file.totalAllocated, dataHash, uri);
      const report = await verifyEpoch(suite, store, 2);
      expect(report.ok).to.equal(false);
      expect(report.problems.map((p) => p.kind)).to.include.members([
        "previous-epoch",
        "block-range",
        "missing-receipts",
        "root",
        "total",
        "leaves",
      ]);
      const funded = await suite.rewards.totalDataPoolFunded();
      expect(report.leaves).to.deep.equal([
        { account: alice.address, expected: funded.toString(), posted: dropped.file.cumulative[0].amount },
      ]);
    });

    it("reports every differing leaf with its expected and posted amounts", async function () {
      const fixture = await loadFixture(world);
      const { suite, store, deployer, modelId, alice, mallory } = fixture;
      await payChosen(fixture, modelId, "unlogged", "p");
      const settled = await settleNextEpoch(suite, store, deployer, { log: [], baseDir: tmp, dryRun: true });
      const honest = settled.file.cumulative[0].amount;
      const cumulative = [
        { account: alice.address, amount: "1" },
        { account: mallory.address, amount: (BigInt(honest) - 1n).toString() },
      ];
      const skewed = { ...settled.file, cumulative };
      const { uri, dataHash } = await writeSettlement(store, skewed);
      await suite.rewards.postRoot(settled.file.root, settled.file.totalAllocated, dataHash, uri);
      const report = await verifyEpoch(suite, store, 1);
      expect(report.problems.map((p) => p.kind)).to.deep.equal(["leaves"]);
      expect(new Set(report.leaves.map((l) => JSON.stringify(l)))).to.deep.equal(
        new Set([
          JSON.stringify({ account: alice.address, expected: honest, posted: "1" }),
          JSON.stringify({ account: mallory.address, expected: "0", posted: cumulative[1].amount }),
        ]),
      );
      expect((await readSettlement(store, uri)).cumulative).to.deep.equal(cumulative);
    });
  });
});
