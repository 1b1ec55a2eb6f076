// Settles an epoch: reads paid inferences from the chain, attributes each proven output over its model's lineage,
// spreads each version's unattributed part once, and builds the cumulative Merkle tree plus the published file
// anyone can recompute it from.
import { getAddress, keccak256, toUtf8Bytes } from "ethers";
import type { AttributionRewards, Datanet, ModelRegistry } from "../../typechain-types";
import { DEFAULT_ATTRIBUTE_OPTIONS, type AttributeOptions } from "../attribution/engine";
import { canonicalJson, type JsonValue } from "../util/canonicalJson";
import type { ContentStore } from "../store/ContentStore";
import type { Exclusion } from "./availability";
import { EpochTally } from "./tally";
import { proveOutputs, type ProofKind, type Rejection } from "./provenOutputs";
import { compareAddresses } from "../chain/types";
import { buildEntitlementTree, proofEntries, PROOFS_FORMAT, type Hex, type ProofsFile } from "./tree";

export type { Hex } from "./tree";

export const SETTLEMENT_FORMAT = "openledger-settlement/2";

/**
 * The engine parameters of settlement format 2, fixed: an attributor cannot pick parameters that attribute
 * nothing. Changing the engine's defaults changes what format 2 computes, so it goes with a new format.
 */
export const ENGINE_PARAMETERS: Required<AttributeOptions> = Object.freeze({ ...DEFAULT_ATTRIBUTE_OPTIONS });

/** One line of the inference log that `model:infer` appends to (JSON Lines). */
export interface InferenceLogEntry {
  inferenceId: Hex;
  modelId: string;
  agentId: string;
  prompt: string;
  seed: string;
  output: string;
  /** For a model settlement cannot rerun: its serving key's EIP-712 signature of the output (provenOutputs.ts). */
  signature?: string;
}

/** A paid-inference receipt as read from an InferencePaid event. */
export interface Receipt {
  inferenceId: Hex;
  modelId: bigint;
  agentId: bigint;
  dataPoolAmount: bigint;
  blockNumber: number;
  logIndex: number;
}

/** A version's amount held back because none of its contributions was available: added to its next epoch. */
export interface Withheld {
  datanetId: string;
  version: number;
  amount: string;
}

/** The published data behind one root: with the chain and the store, enough to recompute it (docs/settlement.md). */
export interface SettlementFile {
  format: typeof SETTLEMENT_FORMAT;
  chainId: number;
  rewards: string;
  epoch: number;
  /** The epoch whose cumulative totals this one adds to (0 for none): the newest earlier unrevoked one. */
  previousEpoch: number;
  previousRoot: Hex | null;
  fromBlock: number;
  toBlock: number;
  engine: Required<AttributeOptions>;
  /** The proven logged requests and outputs of the receipts in [fromBlock, toBlock], with how each was proven. */
  inferences: (InferenceLogEntry & { proof: ProofKind })[];
  /** Logged entries settled as unlogged, with the reason. */
  rejected: Rejection[];
  /** Per proven inference and lineage entry: how much went to the version, how much the engine attributed. */
  allocations: { inferenceId: Hex; datanetId: string; version: number; amount: string; attributed: string }[];
  /** Receipts without a proven output, aggregated per model and lineage entry: one row however many receipts. */
  unlogged: { modelId: string; receipts: number; datanetId: string; version: number; amount: string }[];
  /** Per version: the unattributed amount of the epoch, spread once by the remainder rule. */
  remainders: { datanetId: string; version: number; amount: string }[];
  /** Contributions that took no part this epoch, with the reason. */
  excluded: Exclusion[];
  /** Amounts of versions with no available contribution, carried to the next epoch. */
  withheld: Withheld[];
  /** Cumulative entitlement per account after this epoch. */
  cumulative: { account: string; amount: string }[];
  root: Hex;
  totalAllocated: string;
}

export interface SettlementContracts {
  datanet: Datanet;
  models: ModelRegistry;
  rewards: AttributionRewards;
}

export interface SettleInput {
  epoch: number;
  previous: SettlementFile | null;
  toBlock: number;
  log: readonly InferenceLogEntry[];
  /** Contribution ids to settle as unavailable whatever the store holds: a verifier passes the file's set. */
  unavailable?: ReadonlySet<string>;
}

export interface SettlementResult {
  file: SettlementFile;
  /** keccak-256 of the file's canonical JSON: the `dataHash` posted with the root. */
  dataHash: Hex;
  proofs: ProofsFile;
  /** What each account gained in this epoch. */
  gained: Map<string, bigint>;
  receipts: Receipt[];
  /** Contributions excluded as unavailable only because `input.unavailable` said so, whose data the store holds. */
  heldAnyway: string[];
}

/** Blocks per log query: public endpoints cap the range one eth_getLogs may span. */
export const LOG_QUERY_BLOCKS = 5_000;

/** Reads the InferencePaid receipts in [fromBlock, toBlock], in chain order, a bounded block range per query. */
export async function readReceipts(
  rewards: AttributionRewards,
  fromBlock: number,
  toBlock: number,
): Promise<Receipt[]> {
  const receipts: Receipt[] = [];
  for (let start = fromBlock; start <= toBlock; start += LOG_QUERY_BLOCKS) {
    const end = Math.min(start + LOG_QUERY_BLOCKS - 1, toBlock);
    const events = await rewards.queryFilter(rewards.filters.InferencePaid(), start, end);
    for (const event of events) {
      receipts.push({
        inferenceId: event.args.inferenceId as Hex,
        modelId: event.args.modelId,
        agentId: event.args.agentId,
        dataPoolAmount: event.args.split.dataPoolAmount,
        blockNumber: event.blockNumber,
        logIndex: event.index,
      });
    }
  }
  return receipts.sort((a, b) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex);
}

/**
 * Computes an epoch. Receipts come from the chain in (previous.toBlock, toBlock]; chain state is read at
 * `toBlock`, so recomputing later gives the same result. Only outputs proven to be the model's are attributed
 * (provenOutputs.ts); every other receipt is settled unlogged, aggregated per model. Each version's unattributed
 * amounts are summed and spread once; a bad log line or missing data never stops the epoch.
 */
export async function computeEpoch(
  contracts: SettlementContracts,
  store: ContentStore,
  input: SettleInput,
): Promise<SettlementResult> {
  const { models, rewards } = contracts;
  const fromBlock = input.previous ? input.previous.toBlock + 1 : 0;
  const receipts = await readReceipts(rewards, fromBlock, input.toBlock);
  const carried = input.previous?.withheld ?? [];
  if (!receipts.some((receipt) => receipt.dataPoolAmount > 0n) && carried.length === 0) {
    throw new Error(
      `no paid inference funded a data pool in blocks ${fromBlock}..${input.toBlock}: epoch ${input.epoch} would add nothing`,
    );
  }
  const chainId = Number((await rewards.runner!.provider!.getNetwork()).chainId);
  const rewardsAddress = getAddress(await rewards.getAddress());
  const context = { models, store, blockTag: input.toBlock, chainId, rewards: rewardsAddress };
  const proven = await proveOutputs(input.log, receipts, context);
  const tally = new EpochTally(contracts, store, input.toBlock, ENGINE_PARAMETERS, input.unavailable ?? new Set());

  const { inferences, allocations, unlogged } = await settleReceipts(receipts, proven, tally);
  for (const w of carried) {
    tally.addUnattributed({ datanetId: BigInt(w.datanetId), version: w.version, amount: BigInt(w.amount) });
  }
  const { remainders, withheld } = await tally.spread();
  const { excluded, heldAnyway } = await tally.exclusions();

  const cumulative = new Map<string, bigint>();
  for (const { account, amount } of input.previous?.cumulative ?? []) cumulative.set(account, BigInt(amount));
  for (const [account, amount] of tally.gained) cumulative.set(account, (cumulative.get(account) ?? 0n) + amount);
  if (![...cumulative.values()].some((amount) => amount > 0n)) {
    throw new Error(
      `epoch ${input.epoch} would allocate nothing: no contribution of the versions paid for is available ` +
        `(${withheld.length} versions withheld); its receipts are settled by the next epoch posted`,
    );
  }
  const { root, totalAllocated, tree } = buildEntitlementTree(cumulative);

  const file: SettlementFile = {
    format: SETTLEMENT_FORMAT,
    chainId,
    rewards: rewardsAddress,
    epoch: input.epoch,
    previousEpoch: input.previous?.epoch ?? 0,
    previousRoot: input.previous?.root ?? null,
    fromBlock,
    toBlock: input.toBlock,
    engine: { ...ENGINE_PARAMETERS },
    inferences,
    rejected: proven.rejected,
    allocations,
    unlogged,
    remainders,
    excluded,
    withheld,
    cumulative: [...cumulative.entries()]
      .filter(([, amount]) => amount > 0n)
      .map(([account, amount]) => ({ account, amount: amount.toString() }))
      .sort((a, b) => compareAddresses(a.account, b.account)),
    root,
    totalAllocated: totalAllocated.toString(),
  };
  const proofs: ProofsFile = {
    format: PROOFS_FORMAT,
    chainId: file.chainId,
    rewards: file.rewards,
    epoch: file.epoch,
    root,
    totalAllocated: file.totalAllocated,
    claims: proofEntries(tree),
  };
  return { file, dataHash: settlementHash(file), proofs, gained: tally.gained, receipts, heldAnyway };
}

/**
 * Adds each receipt to the tally: a proven output's part of every lineage entry is attributed, one allocation row
 * each; the receipts without one are summed per model and split once, one unlogged row per lineage entry.
 */
async function settleReceipts(
  receipts: readonly Receipt[],
  proven: Awaited<ReturnType<typeof proveOutputs>>,
  tally: EpochTally,
): Promise<Pick<SettlementFile, "inferences" | "allocations" | "unlogged">> {
  const inferences: SettlementFile["inferences"] = [];
  const allocations: SettlementFile["allocations"] = [];
  const unlogged = new Map<bigint, { receipts: number; amount: bigint }>();
  for (const receipt of receipts) {
    const accepted = proven.accepted.get(receipt.inferenceId.toLowerCase());
    if (!accepted) {
      const row = unlogged.get(receipt.modelId) ?? { receipts: 0, amount: 0n };
      unlogged.set(receipt.modelId, { receipts: row.receipts + 1, amount: row.amount + receipt.dataPoolAmount });
      continue;
    }
    inferences.push({ ...accepted.entry, proof: accepted.proof });
    for (const part of await tally.split(receipt.modelId, receipt.dataPoolAmount)) {
      const attributed = await tally.attribute(part, accepted.entry.output);
      allocations.push({
        inferenceId: receipt.inferenceId,
        datanetId: part.datanetId.toString(),
        version: part.version,
        amount: part.amount.toString(),
        attributed: attributed.toString(),
      });
    }
  }
  const unloggedRows: SettlementFile["unlogged"] = [];
  for (const [modelId, row] of [...unlogged.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    for (const part of await tally.split(modelId, row.amount)) {
      tally.addUnattributed(part);
      unloggedRows.push({
        modelId: modelId.toString(),
        receipts: row.receipts,
        datanetId: part.datanetId.toString(),
        version: part.version,
        amount: part.amount.toString(),
      });
    }
  }
  return { inferences, allocations, unlogged: unloggedRows };
}

/** The canonical text of a settlement file: what is written to disk and hashed. */
export function settlementJson(file: SettlementFile): string {
  return canonicalJson(file as unknown as JsonValue);
}

/** keccak-256 of the canonical JSON: the `dataHash` posted on-chain with the root. */
export function settlementHash(file: SettlementFile): Hex {
  return keccak256(toUtf8Bytes(settlementJson(file))) as Hex;
}
