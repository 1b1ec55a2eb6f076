// The whole loop on the embedded chain: contribute real files, curate, publish, train, infer, settle, verify, claim.
import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { deploySuite } from "../../src/chain/deploy";
import { emittedEvent } from "../../src/chain/events";
import { contributeBytes } from "../../src/ops/data";
import { inferAndPay, trainAndRegister } from "../../src/ops/factory";
import { readInferenceLog } from "../../src/settlement/inferenceLog";
import { claimWithProofs, settleNextEpoch, verifyEpoch } from "../../src/ops/settlement";
import { readManifest, readProofsFile, type ProofsFile } from "../../src/settlement/files";
import { ContentStore } from "../../src/store/ContentStore";
import { readSubmission } from "../../src/read/submissions";
import { readRoot } from "../../src/read/roots";

const OZ = path.join(hre.config.paths.root, "node_modules", "@openzeppelin", "contracts", "token", "ERC20");
const STAKE = ethers.parseEther("10");
const MODEL_FEE = ethers.parseEther("1");
const AGENT_FEE = ethers.parseEther("0.5");

/** Each contributor's files (relative to OZ), with the quality the curator gives each; null: rejected. */
const CONTRIBUTIONS: [string, number | null][][] = [
  [
    ["ERC20.sol", 9_000],
    ["IERC20.sol", 10_000],
  ],
  [
    ["extensions/ERC20Burnable.sol", 8_000],
    ["extensions/ERC20Capped.sol", 7_000],
  ],
  [
    ["extensions/ERC20Pausable.sol", 6_000],
    ["extensions/ERC20Permit.sol", 9_500],
  ],
  [
    ["extensions/IERC20Metadata.sol", 5_000],
    ["extensions/IERC20Permit.sol", null],
  ],
];

/** Prompts cut from the corpus, so that the model's continuations are attributable. */
const PROMPTS = [
  "function transferFrom(address from,",
  "function burn(uint256 value)",
  "function _update(address from, address to, uint256 value)",
  "interface IERC20Metadata is IERC20 {",
  "function cap() public view virtual returns",
  "function permit(",
];

let tmp: string;

async function world() {
  const [deployer, alice, bob, carol, dave, curator, modelOwner, agentOwner, user1, user2] = await ethers.getSigners();
  const contributors = [alice, bob, carol, dave];
  const dirs = {
    store: path.join(tmp, "store"),
    models: path.join(tmp, "models"),
    settlements: path.join(tmp, "settlements"),
  };
  const store = new ContentStore(dirs.store);
  const suite = await deploySuite(hre);
  const { token, datanet, models, agents, rewards } = suite;

  for (const account of [...contributors, user1, user2]) {
    await token.transfer(account.address, ethers.parseEther("1000"));
  }
  await datanet.createDatanet("ipfs://openzeppelin-erc20", STAKE, deployer.address, 3600n);
  const datanetId = await datanet.datanetCount();
  await datanet.setCurator(datanetId, curator.address, true);

  const contributionIds: bigint[] = [];
  const texts: string[] = [];
  for (const [i, files] of CONTRIBUTIONS.entries()) {
    for (const [file, quality] of files) {
      const bytes = await readFile(path.join(OZ, file));
      const { contributionId } = await contributeBytes(datanet, token, store, contributors[i], datanetId, bytes);
      contributionIds.push(contributionId);
      if (quality === null) {
        await datanet.connect(curator).reject(contributionId);
      } else {
        await datanet.connect(curator).approve(contributionId, quality);
        texts.push(bytes.toString("utf8"));
      }
    }
  }
  await datanet.publishVersion(datanetId);

  const trained = await trainAndRegister({ datanet, models }, store, modelOwner, {
    datanetId,
    version: 1,
    feePerInference: MODEL_FEE,
    modelsDir: dirs.models,
  });
  const agentId = await agents
    .connect(agentOwner)
    .registerAgent.staticCall("ipfs://agent", [trained.modelId], AGENT_FEE);
  await agents.connect(agentOwner).registerAgent("ipfs://agent", [trained.modelId], AGENT_FEE);
  await rewards.setChallengeWindow(await rewards.MIN_CHALLENGE_WINDOW());

  /** Pays one inference per prompt, alternating users and direct/agent calls, logging to `log`. */
  const infer = async (log: string, prompts: readonly string[], seedPrefix: string) => {
    for (const [i, prompt] of prompts.entries()) {
      await inferAndPay({ models, rewards, token }, i % 2 === 0 ? user1 : user2, {
        modelId: trained.modelId,
        agentId: i % 3 === 0 ? agentId : undefined,
        prompt,
        seed: `${seedPrefix}-${i}`,
        modelsDir: dirs.models,
        logFile: log,
      });
    }
  };
  const settle = async (log: string) =>
    settleNextEpoch({ datanet, models, rewards }, store, deployer, {
      log: await readInferenceLog(log),
      baseDir: dirs.settlements,
    });

  return {
    suite,
    store,
    dirs,
    deployer,
    contributors,
    contributionIds,
    texts,
    trained,
    agentId,
    infer,
    settle,
  };
}

const cumulativeOf = (proofs: ProofsFile, account: string) =>
  BigInt(proofs.claims.find((c) => c.account.toLowerCase() === account.toLowerCase())?.cumulativeAmount ?? "0");

describe("Attribution loop, end to end", function () {
  before(async function () {
    tmp = await mkdtemp(path.join(os.tmpdir(), "openledger-e2e-"));
  });

  after(async function () {
    await rm(tmp, { recursive: true, force: true });
  });

  it("trains on the approved files only and registers the model with their lineage", async function () {
    const { suite, trained, texts } = await loadFixture(world);
    expect(trained.documents).to.equal(texts.length).and.equal(7);
    const lineage = await suite.models.lineageOf(trained.modelId);
    expect(lineage.map((e) => [e.datanetId, Number(e.version), Number(e.weightBps)])).to.deep.equal([[1n, 1, 10_000]]);
    // The registration is the operation's one transaction; the id comes from its event.
    expect(trained.transactions).to.have.length(1);
    const registered = emittedEvent(suite.models, trained.transactions[0], "ModelRegistered");
    expect(registered.args.modelId).to.equal(trained.modelId);
  });

  it("settles two epochs, verifies both, and pays each contributor exactly its cumulative amount, then the difference", async function () {
    const { suite, contributors, infer, settle, store, dirs } = await loadFixture(world);
    const { token, rewards, datanet, models } = suite;
    const accounts = contributors.map((c) => c.address);
    const log = path.join(dirs.settlements, "..", "loop.jsonl");

    await infer(log, PROMPTS, "one");
    const first = await settle(log);
    expect(first.epoch).to.equal(1);
    expect(first.receipts).to.have.length(PROMPTS.length);
    // The operation's own transaction is the root's posting, and its receipt says so.
    expect(first.transactions).to.have.length(1);
    expect(emittedEvent(rewards, first.transactions[0], "RootPosted").args.root).to.equal(first.file.root);
    expect(first.file.inferences).to.have.length(PROMPTS.length);
    expect(first.dataHash).to.equal((await readRoot(rewards, 1)).dataHash);
    expect(BigInt(first.file.totalAllocated)).to.equal(await rewards.totalDataPoolFunded());
    // The Factory model's regenerated outputs are credited by exact influence: every token it generates was
    // counted in its training data, so each is credited in full times its contributor's quality (5,000 at least).
    expect(first.file.allocations.map((a) => a.method)).to.deep.equal(PROMPTS.map(() => "influence"));
    for (const a of first.file.allocations) {
      expect(BigInt(a.attributed) * 2n, `attributed of ${a.inferenceId}`).to.be.at.least(BigInt(a.amount));
    }
    const verified = await verifyEpoch({ datanet, models, rewards }, store, 1);
    expect(verified.problems).to.deep.equal([]);
    expect(verified.ok).to.equal(true);

    await time.increase(await rewards.MIN_CHALLENGE_WINDOW());
    const proofs1 = await readProofsFile(first.files.proofs);
    const sum1 = proofs1.claims.reduce((s, c) => s + BigInt(c.cumulativeAmount), 0n);
    expect(sum1).to.equal(await rewards.totalDataPoolFunded());
    const before1 = await Promise.all(accounts.map((a) => token.balanceOf(a)));
    const claims1 = await claimWithProofs(rewards, contributors[0], proofs1);
    expect(claims1.transactions).to.have.length(1); // every account of the file in one claimMany
    const again = await claimWithProofs(rewards, contributors[0], proofs1);
    expect(again).to.deep.equal({ outcomes: [], transactions: [] });
    for (const [i, account] of accounts.entries()) {
      const cumulative = cumulativeOf(proofs1, account);
      expect(cumulative, `contributor ${i} earns something`).to.be.greaterThan(0n);
      expect((await token.balanceOf(account)) - before1[i]).to.equal(cumulative);
    }
    expect(await token.balanceOf(await rewards.getAddress())).to.equal(await rewards.totalOwed());

    await infer(log, PROMPTS.slice(0, 3), "two");
    const second = await settle(log);
    expect(second.epoch).to.equal(2);
    expect(second.file.previousEpoch).to.equal(1);
    expect(second.receipts).to.have.length(3);
    expect((await verifyEpoch({ datanet, models, rewards }, store, 2)).ok).to.equal(true);
    await time.increase(await rewards.MIN_CHALLENGE_WINDOW());

    const proofs2 = await readProofsFile(second.files.proofs);
    const sum2 = proofs2.claims.reduce((s, c) => s + BigInt(c.cumulativeAmount), 0n);
    expect(sum2).to.equal(await rewards.totalDataPoolFunded());
    expect(sum2).to.be.greaterThan(sum1);
    const before2 = await Promise.all(accounts.map((a) => token.balanceOf(a)));
    const { outcomes } = await claimWithProofs(rewards, contributors[1], proofs2);
    for (const [i, account] of accounts.entries()) {
      const difference = cumulativeOf(proofs2, account) - cumulativeOf(proofs1, account);
      expect(difference).to.be.at.least(0n);
      expect((await token.balanceOf(account)) - before2[i]).to.equal(difference);
      expect(await rewards.claimed(account)).to.equal(cumulativeOf(proofs2, account));
    }
    expect(outcomes.reduce((s, o) => s + o.paid, 0n)).to.equal(sum2 - sum1);
    expect(await token.balanceOf(await rewards.getAddress())).to.equal(await rewards.totalOwed());
  });

  it("refuses to settle an epoch that would add nothing, and posts no root", async function () {
    const { suite, infer, settle, dirs } = await loadFixture(world);
    const log = path.join(dirs.settlements, "..", "empty.jsonl");
    await infer(log, PROMPTS.slice(0, 1), "empty");
    await settle(log);
    await expect(settle(log)).to.be.rejectedWith("epoch 2 would add nothing");
    expect(await suite.rewards.epochCount()).to.equal(1n);
  });

  it("settles a log entry whose output was changed as unlogged, naming it, and settles everyone else", async function () {
    const { infer, settle, dirs } = await loadFixture(world);
    const log = path.join(dirs.settlements, "..", "tampered.jsonl");
    await infer(log, PROMPTS.slice(0, 2), "tamper");
    const entries = (await readFile(log, "utf8")).trim().split("\n");
    const second = JSON.parse(entries[1]);
    second.output += " and more";
    entries[1] = JSON.stringify(second);
    await writeFile(log, entries.join("\n") + "\n");
    const settled = await settle(log);
    expect(settled.file.rejected).to.deep.equal([
      { inferenceId: second.inferenceId.toLowerCase(), payer: second.payer, reason: "output-hash" },
    ]);
    expect(settled.file.inferences.map((e) => e.inferenceId)).to.deep.equal([JSON.parse(entries[0]).inferenceId]);
    expect(settled.file.unlogged.map((row) => row.receipts)).to.deep.equal([1]);
  });

  it("settles without a contribution whose stored data was altered, listing it as unavailable", async function () {
    const { suite, store, infer, settle, dirs, contributionIds } = await loadFixture(world);
    const log = path.join(dirs.settlements, "..", "store.jsonl");
    await infer(log, PROMPTS.slice(0, 1), "store");
    const { contentHash } = await readSubmission(suite.datanet, contributionIds[0]);
    const file = store.pathOf(contentHash);
    const original = await readFile(file);
    await writeFile(file, Buffer.concat([original, Buffer.from("// altered\n")]));
    try {
      const settled = await settle(log);
      expect(settled.file.excluded).to.deep.equal([
        { contributionId: contributionIds[0].toString(), datanetId: "1", version: 1, reason: "unavailable" },
      ]);
      expect(BigInt(settled.file.totalAllocated)).to.equal(await suite.rewards.totalDataPoolFunded());
    } finally {
      await writeFile(file, original);
    }
  });

  it("reports a mismatch when verifying from a copy of the store whose published outputs were altered", async function () {
    const { suite, store, infer, settle, dirs } = await loadFixture(world);
    const { datanet, models, rewards } = suite;
    const log = path.join(dirs.settlements, "..", "verify.jsonl");
    await infer(log, PROMPTS.slice(0, 2), "verify");
    const settled = await settle(log);
    const copy = path.join(tmp, "altered-store");
    await cp(store.dir, copy, { recursive: true });
    const manifest = await readManifest(store, settled.files.settlement);
    const chunk = new ContentStore(copy).pathOf(manifest.parts.inferences![0].hash);
    const altered = (await readFile(chunk, "utf8")).replace(/"output":"/, '"output":"extra ');
    await writeFile(chunk, altered);
    const verification = await verifyEpoch({ datanet, models, rewards }, store, 1, new ContentStore(copy));
    expect(verification.ok).to.equal(false);
    expect(verification.problems.map((p) => p.kind)).to.include("unreadable");
    expect(verification.problems.map((p) => p.message).join("\n")).to.include(
      "inferences chunk 1 of epoch 1 failed its integrity check",
    );
    expect((await verifyEpoch({ datanet, models, rewards }, store, 1)).ok).to.equal(true);
  });
});
