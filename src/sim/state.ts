// What a simulation run holds as it goes: its options, its actors, what they did, and the gas it spent.
import { Wallet, keccak256, parseEther, toUtf8Bytes, type Signer } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { GovernedSuite } from "../chain/deploy";
import type { OpResult } from "../ops/result";
import type { ContributorKind, ProposalSummary } from "../report/types";
import type { InferenceLogEntry } from "../settlement/inferenceLog";
import type { ProofsFile } from "../settlement/files";
import type { ContentStore } from "../store/ContentStore";
import type { SourceFile } from "./corpus";
import type { Scenario } from "./scenarios/scenario";

/** The stake each datanet asks, and the gas money every actor starts with. */
export const STAKE = parseEther("10");
const ETH_FOR_GAS = parseEther("10");

export interface SimOptions {
  contributors: number;
  datanets: number;
  models: number;
  agents: number;
  inferences: number;
  epochs: number;
  seed: string;
  /** A name in the scenario table (src/sim/scenarios). */
  scenario: string;
  filesPerContributor: number;
  /**
   * This run is the scenario's counterfactual: the run its outcomes are measured against (for sybil, the party's
   * files whole from one account), on a fresh deployment with the same seed and everything else equal.
   */
  counterfactual?: boolean;
  /** Where the run keeps its content store, model weights and settlement files; default a fresh temp folder. */
  workDir?: string;
  /**
   * How users pay: each inference with a permit (default), or from deposited credit by a signed voucher (a batch of
   * one). Both book the same split, so the earnings are the same to the wei.
   */
  pay?: PayMethod;
}

/** The ways a simulated user pays for an inference. */
export const PAY_METHODS = ["permit", "voucher"] as const;
export type PayMethod = (typeof PAY_METHODS)[number];

/** Hooks the caller uses to show progress; the simulation prints nothing itself. */
export interface Progress {
  phase(name: string, total: number): void;
  tick(): void;
  done(): void;
}

export interface Actor {
  label: string;
  /** A contributor's kind ("honest", or what a scenario adds), or the role of anyone else. */
  kind: ContributorKind | "curator" | "builder" | "user" | "attributor" | "watcher";
  signer: Signer;
  address: string;
}

/** The roles that are not contributors; every other kind of actor is one. */
const NOT_CONTRIBUTORS: readonly string[] = ["curator", "builder", "user", "attributor", "watcher"];

export const isContributor = (actor: Actor): boolean => !NOT_CONTRIBUTORS.includes(actor.kind);

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

/** A call an attacker made that the suite must refuse, and how it was refused. */
export interface AttemptResult {
  attempt: string;
  refused: boolean;
  error: string;
}

export interface EpochRecord {
  epoch: number;
  inferences: number;
  protocol: bigint;
  agentOwners: bigint;
  modelOwners: bigint;
  dataPool: bigint;
}

/** Separate random streams, so that what one scenario draws does not shift what the others draw. */
export interface RandomStreams {
  corpus: () => number;
  attack: () => number;
  prompts: () => number;
}

export interface SimState {
  options: SimOptions;
  /** The module of `options.scenario`: its hooks, checks and outcomes. */
  scenario: Scenario;
  hre: HardhatRuntimeEnvironment;
  suite: GovernedSuite;
  deployer: Signer;
  /** Who posts the epochs' roots: the deployer, unless a scenario brings an attributor of its own. */
  attributor: Signer;
  random: RandomStreams;
  workDir: string;
  modelsDir: string;
  store: ContentStore;
  /** Every Solidity source of the corpus: prompts are drawn from all of them. */
  sources: SourceFile[];
  /** Per datanet, in the order of `datanetIds`: the files not yet submitted, drawn from the end. */
  pools: SourceFile[][];
  actors: Actor[];
  curator?: Actor;
  honest: Actor[];
  builders: Actor[];
  users: Actor[];
  datanetIds: bigint[];
  /** Submitted and not yet reviewed. */
  pending: ContributionRecord[];
  /** Reviewed, withdrawn, or left pending at the end, in that order. */
  contributions: ContributionRecord[];
  versions: { datanetId: bigint; version: number }[];
  modelIds: bigint[];
  agentIds: bigint[];
  log: InferenceLogEntry[];
  proofs: ProofsFile[];
  epochs: EpochRecord[];
  /** Gas by operation name: see `book`. */
  gas: Map<string, bigint[]>;
  attempts: AttemptResult[];
  /** The governance proposals the run passed (src/sim/governance.ts). */
  proposals: ProposalSummary[];
}

/**
 * The gas ledger: books the gas of every transaction of `result` under `operation`. A result that sent nothing
 * books nothing, so that every operation in the ledger has at least one transaction to average.
 */
export function book<R extends OpResult>(state: SimState, operation: string, result: R): R {
  if (result.transactions.length === 0) return result;
  const list = state.gas.get(operation) ?? [];
  list.push(...result.transactions.map((receipt) => receipt.gasUsed));
  state.gas.set(operation, list);
  return result;
}

/** A new actor with a key derived from the seed and its label, gas money, and `open` OPEN from the deployer. */
export async function makeActor(state: SimState, label: string, kind: Actor["kind"], open: bigint): Promise<Actor> {
  const key = keccak256(toUtf8Bytes(`openledger-sim:${state.options.seed}:${label}`));
  const signer = new Wallet(key, state.hre.ethers.provider);
  const address = await signer.getAddress();
  await (await state.deployer.sendTransaction({ to: address, value: ETH_FOR_GAS })).wait();
  if (open > 0n) await (await state.suite.token.connect(state.deployer).transfer(address, open)).wait();
  const actor: Actor = { label, kind, signer, address };
  state.actors.push(actor);
  return actor;
}
