// The payout job on a separate node (anvil): what each run does and the outcome it reports, from a first paid
// inference to every contributor paid, through a second epoch, a revoked root, a dry run, a held lock, an epoch
// another attributor posted first and a root that does not verify.
import { expect } from "chai";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import path from "node:path";
import { runPayout, type PayoutOptions } from "../../src/payout/run";
import { journalPath, type Journal } from "../../src/payout/journal";
import { LOCK_FILE } from "../../src/payout/lock";
import { ethers } from "hardhat";
import { settleNextEpoch } from "../../src/ops/settlement";
import { PendingTransactionError } from "../../src/payout/send";
import { EpochMismatchError } from "../../src/payout/settleSteps";
import { readSettlement } from "../../src/settlement/files";
import { buildWorld, passChallengeWindow, payInference, type World } from "./world";
import { readRoot } from "../../src/read/roots";

describe("The payout job", function () {
  let world: World;
  let options: PayoutOptions;
  const run = (extra: Partial<PayoutOptions> = {}) =>
    runPayout(world.suite, world.attributor, { ...options, ...extra });
  const journal = async () => JSON.parse(await readFile(journalPath(options.stateDir), "utf8")) as Journal;

  before(async function () {
    world = await buildWorld();
    options = { stateDir: await mkdtemp(path.join(world.tmp, "state-")), logsDir: world.logsDir, store: world.store };
  });

  after(async function () {
    world?.provider.destroy();
    await world?.anvil.stop();
    if (world) await rm(world.tmp, { recursive: true, force: true });
  });

  it("refuses to settle as an account without ATTRIBUTOR_ROLE, before any settling, and sends and journals nothing", async function () {
    const stateDir = await mkdtemp(path.join(world.tmp, "not-attributor-"));
    const nonce = await world.payer.getNonce();
    await expect(runPayout(world.suite, world.payer, { ...options, stateDir })).to.be.rejectedWith(
      `--from: ${world.payer.address} does not hold ATTRIBUTOR_ROLE, which posts roots`,
    );
    expect(await world.payer.getNonce()).to.equal(nonce);
    expect(await readdir(stateDir), "no journal, no proofs, no lock").to.deep.equal([]);
    expect(await world.suite.rewards.epochCount()).to.equal(0n);
  });

  it("settles the new paid inference, publishes it, posts its root, verifies it and waits for the window", async function () {
    const status = await run();
    expect([status.outcome, status.exitCode]).to.deep.equal(["waiting", 3]);
    expect(status.actions.map((a) => `${a.step} ${a.epoch}`)).to.deep.equal(["settle 1", "post 1", "verify 1"]);
    const posted = await readRoot(world.suite.rewards, 1);
    expect(status).to.include({ epochCount: 1, pendingEpoch: 1, acceptedEpoch: 0 });
    expect(status.claimableAt).to.equal(new Date(Number(posted.claimableAt) * 1000).toISOString());
    expect((await readSettlement(world.store, posted.dataURI)).root, "published in the store").to.equal(posted.root);
    const [record] = (await journal()).epochs;
    expect(record.settle).to.include({ done: true, root: posted.root, uri: posted.dataURI, receipts: 1 });
    expect(record.settle!.logs).to.deep.equal([{ file: "server-a.jsonl", entries: 1 }]);
    expect(record.post).to.include({ done: true, from: world.attributor.address });
    expect(record.verify).to.deep.equal({ ok: true, problems: 0, report: "verify-1.json" });
    expect(await readdir(options.stateDir)).not.to.include(LOCK_FILE);
  });

  it("does nothing while the root waits out its challenge window, and says until when", async function () {
    const nonce = await world.attributor.getNonce();
    const status = await run();
    expect([status.outcome, status.exitCode, status.actions]).to.deep.equal(["waiting", 3, []]);
    expect(await world.attributor.getNonce()).to.equal(nonce);
  });

  it("after the window, accepts the root and claims for every account in batches, paying each in full", async function () {
    await passChallengeWindow(world);
    const status = await run({ batchSize: 2 });
    expect([status.outcome, status.exitCode]).to.deep.equal(["done", 0]);
    const { rewards } = world.suite;
    const settled = await readSettlement(world.store, (await readRoot(rewards, 1)).dataURI);
    expect(settled.cumulative.length, "three contributors share the version").to.equal(3);
    for (const { account, amount } of settled.cumulative)
      expect(await rewards.claimed(account)).to.equal(BigInt(amount));
    const batches = (await journal()).epochs[0].claims!.batches;
    expect(batches.map((b) => b.accounts.length)).to.deep.equal([2, 1]);
    expect(status.actions.map((a) => a.step)).to.deep.equal(["accept", "claim", "claim"]);
  });

  it("has nothing to do once everything is paid", async function () {
    const status = await run();
    expect([status.outcome, status.exitCode, status.actions]).to.deep.equal(["nothing-to-do", 2, []]);
  });

  it("settles a second epoch from logs of two servers, adding to the first epoch's totals", async function () {
    await payInference(world, "server-b", "2");
    const status = await run();
    expect(status.outcome).to.equal("waiting");
    const record = (await journal()).epochs[1];
    expect(record.epoch).to.equal(2);
    expect(record.settle!.logs).to.deep.equal([
      { file: "server-a.jsonl", entries: 1 },
      { file: "server-b.jsonl", entries: 1 },
    ]);
    const second = await readSettlement(world.store, (await readRoot(world.suite.rewards, 2)).dataURI);
    expect([second.previousEpoch, second.inferences.length, second.allocations.length > 0]).to.deep.equal([1, 1, true]);
  });

  it("computes everything in a dry run, and sends and journals nothing", async function () {
    await passChallengeWindow(world);
    const before = await readFile(journalPath(options.stateDir), "utf8");
    const nonce = await world.attributor.getNonce();
    const status = await run({ dryRun: true });
    expect([status.dryRun, status.outcome]).to.deep.equal([true, "done"]);
    expect(status.actions.map((a) => a.detail)).to.deep.equal([
      "would accept the root",
      "would claim batch 1 of 1, 3 accounts",
    ]);
    expect(await world.attributor.getNonce()).to.equal(nonce);
    expect(await readFile(journalPath(options.stateDir), "utf8")).to.equal(before);
  });

  it("reports another run's lock, and takes over a lock whose process is gone, saying so", async function () {
    const lock = path.join(options.stateDir, LOCK_FILE);
    await writeFile(lock, JSON.stringify({ pid: process.pid, host: hostname(), startedAt: "x" }));
    const locked = await run();
    expect([locked.outcome, locked.exitCode]).to.deep.equal(["locked", 4]);
    expect(locked.error).to.include(`pid ${process.pid}`);

    // Above Linux's largest pid (2^22): no process has it.
    const dead = { pid: 2 ** 22 + 1, host: hostname(), startedAt: "2026-01-01T00:00:00.000Z" };
    await writeFile(lock, JSON.stringify(dead));
    const status = await run();
    expect(status.tookOverLock).to.deep.equal(dead);
    expect(status.outcome).to.equal("done");
    expect(await readdir(options.stateDir)).not.to.include(LOCK_FILE);
  });

  it("sees a root a guardian revoked, and settles its receipts again in the next epoch", async function () {
    await payInference(world, "server-a", "3");
    expect((await run()).outcome).to.equal("waiting");
    await (await world.suite.rewards.connect(world.guardian).revokeRoot()).wait();
    const status = await run();
    expect(status.actions.map((a) => `${a.step} ${a.epoch}`)).to.deep.equal([
      "verify 3",
      "settle 4",
      "post 4",
      "verify 4",
    ]);
    const fourth = await readSettlement(world.store, (await readRoot(world.suite.rewards, 4)).dataURI);
    expect(fourth.previousEpoch, "the revoked epoch is skipped").to.equal(2);
    expect((await journal()).epochs.find((e) => e.epoch === 3)!.revoked).to.equal(true);
  });

  it("never posts a settlement whose epoch another attributor posted first, and verifies theirs instead", async function () {
    await passChallengeWindow(world);
    expect((await run()).outcome).to.equal("done");
    await payInference(world, "server-b", "4");
    const killed = run({
      onStep: (step, phase) => {
        if (step === "settle" && phase === "done") throw new Error("killed between settling and posting");
      },
    });
    await expect(killed).to.be.rejectedWith("killed between settling and posting");
    // Someone else settles epoch 5 first, from no log at all: another root for the same epoch number.
    await settleNextEpoch(world.suite, world.store, world.attributor, { log: [], baseDir: world.tmp });
    const nonce = await world.attributor.getNonce();
    const status = await run();
    expect(status.actions.map((a) => `${a.step} ${a.epoch}: ${a.detail}`)).to.deep.equal([
      "resume 5: an earlier run settled this epoch and did not see it posted",
      "post 5: another attributor posted this epoch first; not posted",
      "verify 5: the posted root matches its recomputation",
    ]);
    expect([status.outcome, status.epochCount]).to.deep.equal(["waiting", 5]);
    expect(await world.attributor.getNonce(), "nothing sent").to.equal(nonce);
    const records = (await journal()).epochs.filter((e) => e.epoch === 5);
    expect(records.map((e) => !!e.superseded)).to.deep.equal([true, false]);
  });

  it("waits for a root it sent that is still in the node's pool, then finds it posted instead of sending it again", async function () {
    await passChallengeWindow(world);
    expect((await run()).outcome).to.equal("done");
    await payInference(world, "server-b", "6");
    expect((await run({ confirmations: 1_000 })).outcome, "too recent to settle").to.equal("nothing-to-do");
    const nonce = await world.attributor.getNonce();
    await world.provider.send("evm_setAutomine", [false]);
    try {
      const killed = run({
        onStep: (step, phase) => {
          if (step === "post" && phase === "sent") throw new Error("killed before recording the hash");
        },
      });
      await expect(killed).to.be.rejectedWith("killed before recording the hash");
      await expect(run({ pendingTimeoutMs: 1_500 })).to.be.rejectedWith(PendingTransactionError, "still pending");
      await world.provider.send("evm_mine", []);
    } finally {
      await world.provider.send("evm_setAutomine", [true]);
    }
    const status = await run();
    expect(status.actions.map((a) => `${a.step}: ${a.detail.replace(/0x[0-9a-f]{64}/, "ROOT")}`)).to.deep.equal([
      "resume: an earlier run settled this epoch and did not see it posted",
      "post: found root ROOT posted",
      "verify: the posted root matches its recomputation",
    ]);
    expect(await world.attributor.getNonce(), "the root was sent once").to.equal(nonce + 1);
  });

  it("stops at a posted root that does not verify, and neither accepts nor claims against it", async function () {
    await passChallengeWindow(world);
    expect((await run()).outcome).to.equal("done");
    await payInference(world, "server-a", "5");
    const { rewards } = world.suite;
    // A root the attributor's key posted that no settlement backs, allocating what the last one did.
    const bogus = ethers.id("not the settlement");
    const epoch = Number(await rewards.epochCount()) + 1;
    const total = (await readRoot(rewards, epoch - 1)).totalAllocated;
    const uri = `openledger-store:keccak256:${bogus}`;
    await (await rewards.connect(world.attributor).postRoot(bogus, total, bogus, uri)).wait();
    await expect(run()).to.be.rejectedWith(EpochMismatchError, `epoch ${epoch} does not verify`);
    await passChallengeWindow(world);
    const nonce = await world.attributor.getNonce();
    await expect(run()).to.be.rejectedWith(EpochMismatchError, `rewards:revoke --epoch ${epoch}`);
    expect(await world.attributor.getNonce(), "nothing sent").to.equal(nonce);
    expect(await rewards.queryFilter(rewards.filters.RootAccepted(epoch))).to.deep.equal([]);
    const record = (await journal()).epochs.find((e) => e.epoch === epoch)!;
    expect(record.verify).to.deep.include({ ok: false, report: `verify-${epoch}.json` });
  });
});
