// The simulation: deploys the suite and runs a whole reward economy through it, then audits every OPEN.
import { mkdir, mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Wallet, keccak256, parseEther, toUtf8Bytes, type ContractTransactionResponse, type Signer } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { approvedIndex, novelty } from "../attribution/novelty";
import { deploySuite, type Suite } from "../chain/deploy";
import { contributeBytes } from "../ops/data";
import { inferAndPay, trainAndRegister } from "../ops/factory";
import { claimWithProofs, settleNextEpoch } from "../ops/settlement";
import type { ContributorKind } from "../report/types";
import type { InferenceLogEntry } from "../settlement/settle";
import type { ProofsFile } from "../settlement/tree";
import { ContentStore } from "../store/ContentStore";
import { junkText, lightlyEdit, openZeppelinSources, seededRandom, shuffle, type SourceFile } from "./corpus";

export const SCENARIOS = ["honest", "spam", "copycat", "sybil", "griefing"] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface SimOptions {
  contributors: number;
  datanets: number;
  models: number;
  agents: number;
  inferences: number;
  epochs: number;
  seed: string;
  scenario: Scenario;
  filesPerContributor: number;
  /**
   * Sybil scenario only: submit the party's files whole, from one account. The simulation runs this once more
   * after a sybil run, on a fresh deployment, to measure what the party would have earned as one account.
   */
  sybilAsOneAccount?: boolean;
  /** Where the run keeps its content store, model weights and settlement files; default a fresh temp folder. */
  workDir?: string;
}

/** Hooks the caller uses to show progress; the simulation prints nothing itself. */
export interface Progress {
  phase(name: string, total: number): void;
  tick(): void;
  done(): void;
}

export interface Actor {
  label: string;
  kind: ContributorKind | "curator" | "builder" | "user" | "attacker";
  signer: Signer;
  address: string;
}

export interface ContributionRecord {
  contributionId: bigint;
  datanetId: bigint;
  contributor: Actor;
  kind: ContributorKind;
  /** For a copycat: the label of the author copied; for a sybil: the party. */
  imitates?: string;
  /** The source file the text came from: the curator's quality score depends on it, not on who sent it. */
  source: string;
  outcome: "approved" | "rejected" | "pending" | "withdrawn";
  reason?: string;
  text: string;
}

export interface GriefingResult {
  attempt: string;
  refused: boolean;
  error: string;
}

export interface SimState {
  options: SimOptions;
  hre: HardhatRuntimeEnvironment;
  suite: Suite;
  deployer: Signer;
  actors: Actor[];
  contributions: ContributionRecord[];
  log: InferenceLogEntry[];
  proofs: ProofsFile[];
  epochs: {
    epoch: number;
    inferences: number;
    protocol: bigint;
    agentOwners: bigint;
    modelOwners: bigint;
    dataPool: bigint;
  }[];
  gas: Map<string, bigint[]>;
  griefing: GriefingResult[];
  store: ContentStore;
  workDir: string;
}

const STAKE = parseEther("10");
const ETH_FOR_GAS = parseEther("10");

/** Sends a transaction and records its gas under `operation`. */
async function record(state: SimState, operation: string, tx: Promise<ContractTransactionResponse>) {
  const receipt = (await (await tx).wait())!;
  addGas(state, operation, receipt.gasUsed);
  return receipt;
}

/** Records gas spent by a helper that sent the transaction itself. */
function addGas(state: SimState, operation: string, gas: bigint) {
  const list = state.gas.get(operation) ?? [];
  list.push(gas);
  state.gas.set(operation, list);
}

async function makeActor(state: SimState, label: string, kind: Actor["kind"], open: bigint): Promise<Actor> {
  const key = keccak256(toUtf8Bytes(`openledger-sim:${state.options.seed}:${label}`));
  const signer = new Wallet(key, state.hre.ethers.provider);
  const address = await signer.getAddress();
  await (await state.deployer.sendTransaction({ to: address, value: ETH_FOR_GAS })).wait();
  if (open > 0n) await (await state.suite.token.connect(state.deployer).transfer(address, open)).wait();
  const actor: Actor = { label, kind, signer, address };
  state.actors.push(actor);
  return actor;
}

/** The curator's checks, run on every pending contribution: is it source code, and is it new to the datanet? */
function review(text: string, approvedTexts: readonly string[]): { approve: boolean; reason: string } {
  if (!/\b(contract|library|interface|function)\b/.test(text) || !/pragma solidity/.test(text)) {
    return { approve: false, reason: "not Solidity source" };
  }
  if (approvedTexts.length > 0) {
    const report = novelty(approvedIndex(approvedTexts.map((text, i) => ({ id: String(i), text }))), text);
    if (report.isCopy)
      return { approve: false, reason: `copy: ${(report.coverage * 100).toFixed(0)}% already approved` };
  }
  return { approve: true, reason: "" };
}

export async function runSimulation(
  hre: HardhatRuntimeEnvironment,
  options: SimOptions,
  progress: Progress,
): Promise<SimState> {
  // Separate streams, so that what one scenario adds does not shift what the others draw.
  const corpusRandom = seededRandom(`${options.seed}:corpus`);
  const attackRandom = seededRandom(`${options.seed}:attack`);
  const promptRandom = seededRandom(`${options.seed}:prompts`);
  const [deployer] = await hre.ethers.getSigners();
  const workDir = options.workDir
    ? await mkdir(options.workDir, { recursive: true }).then(() => mkdtemp(path.join(options.workDir!, "run-")))
    : await mkdtemp(path.join(os.tmpdir(), "openledger-sim-"));
  // Fail before spending anything on a chain whose clock cannot be moved (a public testnet).
  await advanceClock(hre, 0);
  const suite = await deploySuite(hre, { deploymentId: `simulation-${Date.now()}` });
  const state: SimState = {
    options,
    hre,
    suite,
    deployer,
    actors: [],
    contributions: [],
    log: [],
    proofs: [],
    epochs: [],
    gas: new Map(),
    griefing: [],
    store: new ContentStore(path.join(workDir, "store")),
    workDir,
  };
  const { token, datanet, models, agents, rewards } = suite;
  await (await rewards.setChallengeWindow(await rewards.MIN_CHALLENGE_WINDOW())).wait();

  // --- datanets, curators and contributors ---------------------------------------------------------------------
  const sources = openZeppelinSources();
  const groups = new Map<string, SourceFile[]>();
  for (const file of sources) {
    const area = file.name.split(path.sep)[0];
    groups.set(area, [...(groups.get(area) ?? []), file]);
  }
  const areas = [...groups.keys()]
    .sort((a, b) => groups.get(b)!.length - groups.get(a)!.length)
    .slice(0, options.datanets);
  const curator = await makeActor(state, "curator", "curator", 0n);
  const datanetIds: bigint[] = [];
  for (const area of areas) {
    await record(
      state,
      "datanet.create",
      datanet.connect(curator.signer).createDatanet(`openledger:datanet:${area}`, STAKE, curator.address),
    );
    const id = await datanet.datanetCount();
    await (await datanet.connect(curator.signer).setCurator(id, curator.address, true)).wait();
    datanetIds.push(id);
  }

  progress.phase("contribute", options.contributors * options.filesPerContributor);
  const pools = areas.map((area) => shuffle(groups.get(area)!, corpusRandom));
  const honest: Actor[] = [];
  const pending: ContributionRecord[] = [];
  const submit = async (
    actor: Actor,
    d: number,
    text: string,
    kind: ContributorKind,
    source: string,
    imitates?: string,
  ) => {
    const { contributionId, receipt } = await contributeBytes(
      datanet,
      token,
      state.store,
      actor.signer,
      datanetIds[d],
      Buffer.from(text, "utf8"),
    );
    addGas(state, "datanet.contribute", receipt.gasUsed);
    const rec: ContributionRecord = {
      contributionId,
      datanetId: datanetIds[d],
      source,
      contributor: actor,
      kind,
      imitates,
      outcome: "approved",
      text,
    };
    pending.push(rec);
    return rec;
  };
  for (let c = 0; c < options.contributors; c++) {
    const actor = await makeActor(state, `c${c + 1}`, "honest", STAKE * 20n);
    honest.push(actor);
    for (let f = 0; f < options.filesPerContributor; f++) {
      const d = (c + f) % datanetIds.length;
      const file = pools[d].pop();
      if (file) await submit(actor, d, file.text, "honest", file.name);
      progress.tick();
    }
  }
  progress.done();

  // --- attackers -------------------------------------------------------------------------------------------------
  if (options.scenario === "spam") {
    const spammer = await makeActor(state, "spammer", "spam", STAKE * 20n);
    for (let i = 0; i < 3; i++)
      await submit(spammer, i % datanetIds.length, junkText(attackRandom), "spam", `junk-${i}`);
    // A duplicate of a pending contribution is refused on-chain and costs the spammer nothing but gas.
    const victim = pending[0];
    try {
      await datanet.connect(spammer.signer).contribute(victim.datanetId, keccak256(toUtf8Bytes(victim.text)), 10n, "");
      state.griefing.push({ attempt: "duplicate content hash", refused: false, error: "" });
    } catch (error) {
      const name = errorName(error);
      state.griefing.push({
        attempt: "duplicate content hash",
        refused: name.startsWith("DuplicateContent("),
        error: name,
      });
    }
  }
  if (options.scenario === "copycat") {
    // Each copycat copies a different honest author's first file.
    const originals = honest.slice(0, 2).map((author) => pending.find((r) => r.contributor === author)!);
    for (const [i, original] of originals.entries()) {
      const cat = await makeActor(state, `copycat${i + 1}`, "copycat", STAKE * 20n);
      const d = datanetIds.indexOf(original.datanetId);
      await submit(
        cat,
        d,
        lightlyEdit(original.text, attackRandom),
        "copycat",
        original.source,
        original.contributor.label,
      );
    }
  }
  if (options.scenario === "sybil") {
    // One party splits each of its files in two and submits the halves from separate accounts; the counterfactual
    // run (sybilAsOneAccount) submits the same files whole from one account.
    const party = options.sybilAsOneAccount ? await makeActor(state, "sybil1", "sybil", STAKE * 5n) : undefined;
    for (let f = 0; f < 2; f++) {
      const file = pools[f % pools.length].pop();
      if (!file) break;
      if (party) {
        await submit(party, f % datanetIds.length, file.text, "sybil", file.name, "sybil-party");
        continue;
      }
      const lines = file.text.split("\n");
      const half = Math.floor(lines.length / 2);
      for (const [k, part] of [lines.slice(0, half), lines.slice(half)].entries()) {
        const account = await makeActor(state, `sybil${f * 2 + k + 1}`, "sybil", STAKE * 5n);
        await submit(account, f % datanetIds.length, part.join("\n"), "sybil", file.name, "sybil-party");
      }
    }
  }

  // --- curation and versions --------------------------------------------------------------------------------------
  progress.phase("review", pending.length);
  const approvedTexts = new Map<bigint, string[]>();
  for (const rec of pending) {
    const texts = approvedTexts.get(rec.datanetId) ?? [];
    const verdict = review(rec.text, texts);
    if (verdict.approve) {
      const quality = qualityOf(options.seed, rec.source);
      await record(state, "datanet.approve", datanet.connect(curator.signer).approve(rec.contributionId, quality));
      texts.push(rec.text);
      approvedTexts.set(rec.datanetId, texts);
    } else {
      await record(state, "datanet.reject", datanet.connect(curator.signer).reject(rec.contributionId));
      rec.outcome = "rejected";
      rec.reason = verdict.reason;
    }
    state.contributions.push(rec);
    progress.tick();
  }
  progress.done();
  const versions: { datanetId: bigint; version: number }[] = [];
  for (const id of datanetIds) {
    if (!approvedTexts.get(id)?.length) continue;
    await record(state, "datanet.publishVersion", datanet.connect(curator.signer).publishVersion(id));
    versions.push({ datanetId: id, version: Number((await datanet.getDatanet(id)).versionCount) });
  }
  if (versions.length === 0) throw new Error("no contribution was approved: nothing to train on");

  // Late submissions: one withdrawn by its contributor (stake returned), one still pending when the run ends (stake
  // held), so the audit has a stake to find.
  for (const [i, outcome] of (["withdrawn", "pending"] as const).entries()) {
    const author = honest[i % honest.length];
    const file = pools[i % pools.length].pop();
    if (!file) continue;
    const rec = await submit(author, i % datanetIds.length, file.text, "honest", file.name);
    pending.pop();
    rec.outcome = outcome;
    if (outcome === "withdrawn") {
      await record(state, "datanet.withdraw", datanet.connect(author.signer).withdraw(rec.contributionId));
    }
    state.contributions.push(rec);
  }

  // --- models, adapters and agents --------------------------------------------------------------------------------
  progress.phase("train", options.models);
  const modelsDir = path.join(workDir, "models");
  const modelIds: bigint[] = [];
  const builders: Actor[] = [];
  for (let m = 0; m < options.models; m++) {
    const builder = await makeActor(state, `builder${m + 1}`, "builder", 0n);
    builders.push(builder);
    const { datanetId, version } = versions[m % versions.length];
    const base = m >= versions.length ? modelIds[m % versions.length] : undefined;
    const fee = parseEther(String(1 + (m % 3)));
    const trained = await trainAndRegister({ datanet, models }, state.store, builder.signer, {
      datanetId,
      version,
      feePerInference: fee,
      modelsDir,
      baseModelId: base,
    });
    modelIds.push(trained.modelId);
    progress.tick();
  }
  progress.done();
  const agentIds: bigint[] = [];
  for (let a = 0; a < options.agents; a++) {
    const owner = await makeActor(state, `agent-owner${a + 1}`, "builder", 0n);
    builders.push(owner);
    const uses = [modelIds[a % modelIds.length]];
    await record(
      state,
      "agents.register",
      agents.connect(owner.signer).registerAgent(`openledger:agent:${a + 1}`, uses, parseEther("0.5")),
    );
    agentIds.push(await agents.agentCount());
  }

  // --- epochs: inferences, settlement, challenge window, claims ----------------------------------------------------
  const users = [
    await makeActor(state, "user1", "user", parseEther("100000")),
    await makeActor(state, "user2", "user", parseEther("100000")),
  ];
  const attributor = deployer;
  const perEpoch = Math.ceil(options.inferences / options.epochs);
  let done = 0;
  for (let e = 1; e <= options.epochs; e++) {
    const count = Math.min(perEpoch, options.inferences - done);
    const before = await rewardsTotals(state);
    progress.phase(`epoch ${e}: inferences`, count);
    for (let i = 0; i < count; i++, done++) {
      const viaAgent = i % 2 === 1 && agentIds.length > 0;
      const agentId = viaAgent ? agentIds[i % agentIds.length] : 0n;
      const modelId = viaAgent ? (await agents.modelsOf(agentId))[0] : modelIds[i % modelIds.length];
      const sample = sources[Math.floor(promptRandom() * sources.length)].text.split(/\s+/).filter(Boolean);
      const start = Math.floor(promptRandom() * Math.max(sample.length - 8, 1));
      const inferred = await inferAndPay({ models, rewards, token }, users[i % users.length].signer, {
        modelId,
        agentId,
        prompt: sample.slice(start, start + 6).join(" "),
        seed: `${options.seed}:${done}`,
        maxTokens: 60,
        modelsDir,
      });
      addGas(state, viaAgent ? "rewards.payViaAgent" : "rewards.pay", inferred.gasUsed);
      state.log.push(inferred);
      progress.tick();
    }
    progress.done();
    const after = await rewardsTotals(state);

    const settled = await settleNextEpoch({ datanet, models, rewards }, state.store, attributor, {
      log: state.log,
      baseDir: path.join(workDir, "settlements"),
    });
    if (settled.postGas) addGas(state, "rewards.postRoot", settled.postGas);
    state.proofs.push(settled.proofs);
    await advanceClock(hre, Number(await rewards.challengeWindow()) + 1);

    if (options.scenario === "griefing" && e === 1) await grief(state, settled.proofs, users[0]);
    const claims = await claimWithProofs(rewards, users[1].signer, settled.proofs);
    for (const gas of claims.gasUsed) addGas(state, "rewards.claimMany", gas);

    state.epochs.push({
      epoch: settled.epoch,
      inferences: count,
      protocol: after.protocol - before.protocol,
      agentOwners: after.agentOwners - before.agentOwners,
      modelOwners: after.modelOwners - before.modelOwners,
      dataPool: after.dataPool - before.dataPool,
    });
  }

  // --- owners withdraw -----------------------------------------------------------------------------------------------
  for (const actor of [
    ...builders,
    { label: "treasury", kind: "user" as const, signer: deployer, address: await deployer.getAddress() },
  ]) {
    if ((await rewards.accrued(actor.address)) > 0n) {
      await record(state, "rewards.withdraw", rewards.connect(actor.signer).withdraw(actor.address));
    }
  }
  return state;
}

/** Moves the chain's clock past a challenge window: only a local node (Hardhat, anvil) can do that. */
async function advanceClock(hre: HardhatRuntimeEnvironment, seconds: number) {
  try {
    await hre.network.provider.send("evm_increaseTime", [seconds]);
    if (seconds > 0) await hre.network.provider.send("evm_mine", []);
  } catch (error) {
    throw new Error(
      `network "${hre.network.name}" cannot advance time (evm_increaseTime): the simulation waits out ` +
        `challenge windows, so it runs on a local chain (the embedded one, npx hardhat node or anvil); ` +
        `${(error as Error).message}`,
    );
  }
}

/** Running totals by role, read from the receipts so far. */
async function rewardsTotals(state: SimState) {
  const { rewards } = state.suite;
  const events = await rewards.queryFilter(rewards.filters.InferencePaid());
  const totals = { protocol: 0n, agentOwners: 0n, modelOwners: 0n, dataPool: 0n };
  for (const event of events) {
    const split = event.args.split;
    totals.protocol += split.protocolAmount;
    totals.agentOwners += split.agentOwnerAmount;
    totals.modelOwners += split.modelOwnerAmount;
    totals.dataPool += split.dataPoolAmount;
  }
  return totals;
}

/** Griefing attempts: each must be refused with the expected custom error and move nothing. */
async function grief(state: SimState, proofs: ProofsFile, attacker: Actor) {
  const { datanet, rewards } = state.suite;
  // Each attempt, the custom error it must be refused with, and the call.
  const attempts: [string, string, () => Promise<unknown>][] = [
    [
      "oversized batch (101 contributions)",
      "BadBatchLength",
      () =>
        datanet.connect(attacker.signer).contributeBatch(
          1n,
          Array.from({ length: 101 }, (_, i) => ({
            contentHash: keccak256(toUtf8Bytes(`grief-${i}`)),
            sizeBytes: 1n,
            pointerURI: "",
          })),
        ),
    ],
    [
      "reused inference id",
      "InferenceAlreadyPaid",
      () =>
        rewards
          .connect(attacker.signer)
          .payInference(state.log[0].inferenceId, BigInt(state.log[0].modelId), 0n, parseEther("1000")),
    ],
    [
      "claim with a bad proof",
      "InvalidProof",
      () => rewards.connect(attacker.signer).claim(attacker.address, parseEther("1"), proofs.claims[0].proof),
    ],
    [
      "claim above the leaf amount",
      "InvalidProof",
      () =>
        rewards
          .connect(attacker.signer)
          .claim(proofs.claims[0].account, BigInt(proofs.claims[0].cumulativeAmount) + 1n, proofs.claims[0].proof),
    ],
  ];
  const held = async () =>
    Promise.all([datanet, rewards].map(async (c) => state.suite.token.balanceOf(await c.getAddress())));
  for (const [attempt, expected, call] of attempts) {
    const before = await held();
    try {
      await (await (call() as Promise<ContractTransactionResponse>)).wait();
      state.griefing.push({ attempt, refused: false, error: "accepted" });
    } catch (error) {
      const after = await held();
      const name = errorName(error);
      const unchanged = after.every((balance, i) => balance === before[i]);
      state.griefing.push({ attempt, refused: unchanged && name.startsWith(`${expected}(`), error: name });
    }
  }
}

/** The curator's quality score for data from `source`: fixed per source file and seed, whoever submits it. */
function qualityOf(seed: string, source: string): number {
  return 6_000 + Number(BigInt(keccak256(toUtf8Bytes(`${seed}:quality:${source}`))) % 4_001n);
}

/** The custom error a refused call reverted with, e.g. `BadBatchLength(101, 100)`, else the message. */
function errorName(error: unknown): string {
  const e = error as { revert?: { name?: string; args?: unknown[] }; shortMessage?: string; message?: string };
  if (e.revert?.name) return `${e.revert.name}(${(e.revert.args ?? []).map(String).join(", ")})`;
  const message = e.message ?? String(error);
  return message.match(/custom error '([^']+)'/)?.[1] ?? e.shortMessage ?? message;
}
