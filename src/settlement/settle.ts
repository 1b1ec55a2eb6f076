// Settles an epoch: reads paid inferences from the chain, attributes each proven output over its model's lineage,
// spreads each version's unattributed part once, and builds the cumulative Merkle tree plus the published file
// anyone can recompute it from.
import { DEFAULT_ENGINE, type AttributeOptions } from "../attribution/engine";
import type { ContentStore } from "../store/ContentStore";
import { compareAddresses } from "../chain/types";
import { buildEntitlementTree, proofEntries, type Hex } from "./tree";
import { PROOFS_FORMAT, SETTLEMENT_FORMAT, settlementHash, type ProofsFile, type SettlementFile } from "./files";
import type { InferenceLogEntry } from "./inferenceLog";
import { EpochTally, type DataPools } from "./tally";
import { logEntryOf, proveOutputs, type ProvenEntry } from "./provenOutputs";
import { settlementSource, type Receipt, type SettlementContracts, type SettlementSource } from "./source";

export type { Hex } from "./tree";
export type { SettlementContracts } from "./source";

/**
 * The engine parameters of settlement format 3, fixed: an attributor cannot pick parameters that attribute
 * nothing. Changing the engine's defaults changes what format 3 computes, so it goes with a new format.
 */
export const ENGINE_PARAMETERS: Required<AttributeOptions> = Object.freeze({ ...DEFAULT_ENGINE });

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
  /** keccak-256 of the file's manifest: the `dataHash` posted with the root. */
  dataHash: Hex;
  proofs: ProofsFile;
  /** What each account gained in this epoch. */
  gained: Map<string, bigint>;
  receipts: Receipt[];
  /** Contributions excluded as unavailable only because `input.unavailable` said so, whose data the store holds. */
  heldAnyway: string[];
}

/**
 * Computes an epoch. Receipts come from the chain in (previous.toBlock, toBlock]; chain state is read at
 * `toBlock`, so recomputing later gives the same result. Only outputs proven to be the model's are attributed
 * (provenOutputs.ts); every other receipt is settled unlogged, aggregated per model. Each version's unattributed
 * amounts are summed and spread once; a bad log line or missing data never stops the epoch.
 */
export async function computeEpoch(
  from: SettlementSource | SettlementContracts,
  store: ContentStore,
  input: SettleInput,
): Promise<SettlementResult> {
  const source = settlementSource(from);
  const fromBlock = input.previous ? input.previous.toBlock + 1 : 0;
  const receipts = await source.receipts(fromBlock, input.toBlock);
  const carried = input.previous?.withheld ?? [];
  if (!receipts.some((r) => r.dataPoolAmount + r.baseDataPoolAmount > 0n) && carried.length === 0) {
    throw new Error(
      `no paid inference funded a data pool in blocks ${fromBlock}..${input.toBlock}: epoch ${input.epoch} would add nothing`,
    );
  }
  const chainId = await source.chainId();
  const rewardsAddress = await source.rewardsAddress();
  const context = { source, store, blockTag: input.toBlock, chainId, rewards: rewardsAddress };
  const proven = await proveOutputs(input.log, receipts, context);
  const tally = new EpochTally(source, store, input.toBlock, ENGINE_PARAMETERS, input.unavailable ?? new Set());

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
  return { file, dataHash: await settlementHash(file), proofs, gained: tally.gained, receipts, heldAnyway };
}

/**
 * Adds each receipt to the tally: a proven output's part of every version its pools reach is attributed, one
 * allocation row each; the receipts without one are summed per model and split once, one unlogged row per version.
 * A log entry naming no payer proves the output of every receipt of its id, model and agent; it is listed once.
 */
async function settleReceipts(
  receipts: readonly Receipt[],
  proven: Awaited<ReturnType<typeof proveOutputs>>,
  tally: EpochTally,
): Promise<Pick<SettlementFile, "inferences" | "allocations" | "unlogged">> {
  const inferences: SettlementFile["inferences"] = [];
  const listed = new Set<ProvenEntry>();
  const allocations: SettlementFile["allocations"] = [];
  const unlogged = new Map<bigint, { receipts: number } & DataPools>();
  for (const receipt of receipts) {
    const accepted = logEntryOf(proven.accepted, receipt);
    if (!accepted) {
      const row = unlogged.get(receipt.modelId) ?? { receipts: 0, dataPoolAmount: 0n, baseDataPoolAmount: 0n };
      unlogged.set(receipt.modelId, {
        receipts: row.receipts + 1,
        dataPoolAmount: row.dataPoolAmount + receipt.dataPoolAmount,
        baseDataPoolAmount: row.baseDataPoolAmount + receipt.baseDataPoolAmount,
      });
      continue;
    }
    if (!listed.has(accepted)) {
      listed.add(accepted);
      inferences.push({ ...accepted.entry, proof: accepted.proof });
    }
    for (const part of await tally.split(receipt.modelId, receipt)) {
      const { method, attributed } = await tally.attribute(part, accepted);
      allocations.push({
        inferenceId: receipt.inferenceId,
        datanetId: part.datanetId.toString(),
        version: part.version,
        amount: part.amount.toString(),
        attributed: attributed.toString(),
        method,
      });
    }
  }
  const unloggedRows: SettlementFile["unlogged"] = [];
  for (const [modelId, row] of [...unlogged.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    for (const part of await tally.split(modelId, row)) {
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
