// The payout job killed at every phase of every step (between sending a transaction and recording it too), then
// run again: the chain and the state directory end exactly as after one clean run, with nothing posted or claimed
// twice, no epoch lost and no claim missed. Against a separate node (anvil), reverted to a snapshot per crash.
import { expect } from "chai";
import { cp, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { runPayout, type PayoutOptions } from "../../src/payout/run";
import type { StepName, StepPhase } from "../../src/payout/journal";
import type { PayoutOutcome } from "../../src/payout/status";
import { buildWorld, passChallengeWindow, payInference, type World } from "./world";
import { readRoot } from "../../src/read/roots";

/** The error the crash hook throws: the run stops there, as if killed, leaving its journal as it was. */
class Killed extends Error {}

type Point = { step: StepName; phase: StepPhase; epoch: number };

/** One run of the clean sequence: what happens on the chain before it, and the state it starts from. */
interface Stage {
  name: string;
  snapshot: string;
  stateDir: string;
  /** The inference logs as they were (a later stage's server appends to them; files are not reverted). */
  logsDir: string;
  points: Point[];
  outcome: PayoutOutcome;
  chain: string;
  files: Record<string, string>;
}

describe("The payout job killed at any step", function () {
  let world: World;
  let base: string;
  const stages: Stage[] = [];

  /** Everything the job changes on the chain, times left out (a replay mines at other seconds). */
  async function chainState(): Promise<string> {
    const { rewards, token } = world.suite;
    const count = Number(await rewards.epochCount());
    const epochs = [];
    for (let e = 1; e <= count; e++) {
      const { root, totalAllocated, dataHash, dataURI, revoked } = await readRoot(rewards, e);
      epochs.push({ root, totalAllocated, dataHash, dataURI, revoked });
    }
    const posted = (await rewards.queryFilter(rewards.filters.RootPosted(), 0)).map((e) => [
      e.blockNumber,
      ...e.args.slice(0, 5), // all but claimableAt, a time
    ]);
    const accepted = (await rewards.queryFilter(rewards.filters.RootAccepted(), 0)).map((e) => [
      e.blockNumber,
      ...e.args,
    ]);
    const claims = (await rewards.queryFilter(rewards.filters.Claimed(), 0)).map((e) => [e.blockNumber, ...e.args]);
    const accounts = world.contributors.map((c) => c.address);
    return JSON.stringify(
      {
        count,
        accepted: await rewards.acceptedEpoch(),
        pending: await rewards.pendingEpoch(),
        epochs,
        posted,
        acceptedEvents: accepted,
        claims,
        claimed: await Promise.all(accounts.map((a) => rewards.claimed(a))),
        balances: await Promise.all(accounts.map((a) => token.balanceOf(a))),
        totalClaimed: await rewards.totalClaimed(),
        attributorTransactions: await world.attributor.getNonce(),
      },
      (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value),
    );
  }

  /**
   * The journal with each transaction hash replaced by what that transaction is on the chain (block, sender, nonce,
   * call): a replay signs at other gas prices, so the same transaction gets another hash.
   */
  async function journalOnChain(text: string): Promise<string> {
    const replaced: Record<string, string> = {};
    for (const hash of new Set(text.match(/0x[0-9a-f]{64}/g) ?? [])) {
      const tx = await world.provider.getTransaction(hash);
      if (tx) replaced[hash] = `tx(block ${tx.blockNumber}, ${tx.from} #${tx.nonce} to ${tx.to}: ${tx.data})`;
    }
    return text.replace(/0x[0-9a-f]{64}/g, (hash) => replaced[hash] ?? hash);
  }

  /** Every file of the state directory, by relative path, with its contents. */
  async function stateFiles(dir: string): Promise<Record<string, string>> {
    const files: Record<string, string> = {};
    for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const file = path.join(entry.parentPath, entry.name);
      const text = await readFile(file, "utf8");
      files[path.relative(dir, file)] = entry.name === "journal.json" ? await journalOnChain(text) : text;
    }
    return files;
  }

  const options = (stateDir: string, logsDir: string, onStep?: PayoutOptions["onStep"]): PayoutOptions => ({
    stateDir,
    logsDir,
    store: world.store,
    batchSize: 2,
    onStep,
  });

  /** Copies a stage's starting state into a fresh directory, for one replay. */
  async function freshState(stage: Stage): Promise<string> {
    const dir = await mkdtemp(path.join(base, "replay-"));
    await cp(stage.stateDir, dir, { recursive: true });
    return dir;
  }

  /** Runs one clean stage from the current chain and the previous stage's state, recording its points. */
  async function cleanStage(name: string, stateFrom: string): Promise<string> {
    const snapshot = (await world.provider.send("evm_snapshot", [])) as string;
    const stateDir = await mkdtemp(path.join(base, `${name}-`));
    await cp(stateFrom, stateDir, { recursive: true });
    const startDir = await mkdtemp(path.join(base, `${name}-start-`));
    await cp(stateFrom, startDir, { recursive: true });
    const logsDir = await mkdtemp(path.join(base, `${name}-logs-`));
    await cp(world.logsDir, logsDir, { recursive: true });
    const points: Point[] = [];
    const status = await runPayout(
      world.suite,
      world.attributor,
      options(stateDir, logsDir, (step, phase, epoch) => void points.push({ step, phase, epoch })),
    );
    stages.push({
      name,
      snapshot,
      stateDir: startDir,
      logsDir,
      points,
      outcome: status.outcome,
      chain: await chainState(),
      files: await stateFiles(stateDir),
    });
    return stateDir;
  }

  before(async function () {
    world = await buildWorld();
    base = await mkdtemp(path.join(world.tmp, "crash-"));
    // The clean sequence: settle and post epoch 1; after its window, accept and claim (two batches); a second
    // paid inference settles and posts epoch 2, after the first epoch's totals.
    let state = await cleanStage("post-1", await mkdtemp(path.join(base, "empty-")));
    await passChallengeWindow(world);
    state = await cleanStage("claim-1", state);
    await payInference(world, "server-b", "2");
    await cleanStage("post-2", state);
  });

  after(async function () {
    world?.provider.destroy();
    await world?.anvil.stop();
    if (world) await rm(world.tmp, { recursive: true, force: true });
  });

  it("goes through every step with every phase in the clean run", function () {
    const seen = new Set(stages.flatMap((s) => s.points.map((p) => `${p.step}:${p.phase}`)));
    for (const step of ["post", "accept", "claim"]) {
      for (const phase of ["intent", "sent", "recorded", "mined", "done"])
        expect(seen, step).to.include(`${step}:${phase}`);
    }
    expect([...seen]).to.include.members(["settle:intent", "settle:done", "verify:done"]);
    expect(stages.map((s) => s.outcome)).to.deep.equal(["waiting", "done", "waiting"]);
    expect(stages[1].points.filter((p) => p.step === "claim" && p.phase === "sent")).to.have.length(2);
  });

  it("ends as the clean run did wherever it was killed, once run again", async function () {
    let replays = 0;
    // Latest stage first: reverting to a snapshot may drop the snapshots taken after it.
    for (const stage of [...stages].reverse()) {
      for (const [at, point] of stage.points.entries()) {
        const where = `${stage.name}, killed at ${point.step} ${point.phase} of epoch ${point.epoch} (#${at})`;
        await world.provider.send("evm_revert", [stage.snapshot]);
        stage.snapshot = (await world.provider.send("evm_snapshot", [])) as string;
        const stateDir = await freshState(stage);
        let calls = 0;
        const kill = () => {
          if (calls++ === at) throw new Killed(where);
        };
        await expect(
          runPayout(world.suite, world.attributor, options(stateDir, stage.logsDir, kill)),
          where,
        ).to.be.rejectedWith(Killed);
        const rerun = await runPayout(world.suite, world.attributor, options(stateDir, stage.logsDir));
        // Killed after its last journal write, the run had done everything: the rerun has nothing left to do.
        const last = at === stage.points.length - 1 && stage.outcome === "done";
        expect(rerun.outcome, where).to.equal(last ? "nothing-to-do" : stage.outcome);
        expect(await chainState(), where).to.equal(stage.chain);
        const files = await stateFiles(stateDir);
        expect(Object.keys(files).sort(), where).to.deep.equal(Object.keys(stage.files).sort());
        for (const [file, text] of Object.entries(stage.files)) expect(files[file], `${where}: ${file}`).to.equal(text);
        replays++;
      }
    }
    expect(replays).to.equal(stages.reduce((n, s) => n + s.points.length, 0));
  });
});
