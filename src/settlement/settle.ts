// Settles an epoch: reads paid inferences from the chain, attributes each output over its model's lineage, and
// builds the cumulative Merkle tree plus the published file anyone can recompute it from.
import { getAddress, keccak256, toUtf8Bytes } from "ethers";
import { AttributionIndex, type AttributeOptions } from "../attribution/engine";
import { inferenceId, type InferenceRequest } from "../factory/inference";
import type { ContentStore } from "../store/ContentStore";
import { allocateVersion, splitPools, type CorpusContribution } from "./allocate";
import { compareAddresses, type LineageEntry } from "../chain/types";
import { buildEntitlementTree, proofEntries, type Hex } from "./tree";
import { PROOFS_FORMAT, SETTLEMENT_FORMAT, settlementHash, type ProofsFile, type SettlementFile } from "./files";
import type { InferenceLogEntry } from "./inferenceLog";
import { canonicalJson } from "../util/canonicalJson";
import {
  settlementSource,
  type Receipt,
  type SettlementContracts,
  type SettlementSource,
  type VersionContribution,
} from "./source";

export type { SettlementContracts } from "./source";

export interface SettleInput {
  epoch: number;
  previous: SettlementFile | null;
  toBlock: number;
  log: readonly InferenceLogEntry[];
  engine: Required<AttributeOptions>;
}

export interface SettlementResult {
  file: SettlementFile;
  /** keccak-256 of the file's manifest: the `dataHash` posted with the root. */
  dataHash: Hex;
  proofs: ProofsFile;
  /** What each account gained in this epoch. */
  gained: Map<string, bigint>;
  receipts: Receipt[];
}

/** The key a receipt and a log entry naming its payer share; `payer` undefined for an entry that names none. */
export function receiptKey(inferenceId: string, modelId: bigint, agentId: bigint, payer?: string): string {
  return [payer === undefined ? "*" : getAddress(payer), modelId, agentId, inferenceId.toLowerCase()].join(":");
}

/** The log entry of a receipt: the one naming its payer, model, agent and id, else one naming no payer. */
export function logEntryOf(
  logged: ReadonlyMap<string, InferenceLogEntry>,
  receipt: Receipt,
): InferenceLogEntry | undefined {
  const { inferenceId: id, modelId, agentId, payer } = receipt;
  return logged.get(receiptKey(id, modelId, agentId, payer)) ?? logged.get(receiptKey(id, modelId, agentId));
}

/**
 * Checks that every log entry's output hashes to its inference id; a mismatch names the entry. Entries are keyed
 * by `receiptKey`; the model and agent are part of the id's preimage, so a key matches only its own receipts.
 */
export function checkInferenceLog(log: readonly InferenceLogEntry[]): Map<string, InferenceLogEntry> {
  const byId = new Map<string, InferenceLogEntry>();
  log.forEach((entry, line) => {
    const request: InferenceRequest = {
      modelId: BigInt(entry.modelId),
      agentId: BigInt(entry.agentId),
      prompt: entry.prompt,
      seed: entry.seed,
    };
    const expected = inferenceId(request, entry.output);
    if (expected.toLowerCase() !== entry.inferenceId.toLowerCase()) {
      throw new Error(
        `inference log entry ${line + 1} (${entry.inferenceId}): its request and output hash to ${expected}, ` +
          "not to its inference id — the logged output is not the one that was paid for",
      );
    }
    byId.set(receiptKey(entry.inferenceId, request.modelId, request.agentId, entry.payer), entry);
  });
  return byId;
}

interface VersionCorpus {
  contributions: CorpusContribution[];
  index: AttributionIndex;
}

/**
 * Built indexes, across epochs: a version never changes, so its index is keyed by what it is built from (each
 * contribution's id, content hash, quality and its contributor's reputation, in order, and the engine), not by
 * where it came from. Only the index is reused: every epoch still reads and hash-checks the version's data, so
 * data that became unavailable is seen. Bounded, oldest dropped first: an index holds its whole corpus.
 */
const INDEX_CACHE = new Map<string, AttributionIndex>();
export const INDEX_CACHE_SIZE = 8;

type CorpusText = { id: string; text: string; qualityBps: number; approved: number; rejected: number };

/** The index of `texts`, built once per distinct version content. */
function indexOf(
  texts: readonly CorpusText[],
  records: readonly VersionContribution[],
  engine: Required<AttributeOptions>,
) {
  const key = keccak256(
    toUtf8Bytes(
      canonicalJson({
        engine,
        records: records.map((r) => [r.contributionId.toString(), r.contentHash, r.qualityBps, r.approved, r.rejected]),
      }),
    ),
  );
  let index = INDEX_CACHE.get(key);
  if (!index) {
    index = AttributionIndex.build(texts, engine);
    INDEX_CACHE.set(key, index);
    if (INDEX_CACHE.size > INDEX_CACHE_SIZE) INDEX_CACHE.delete(INDEX_CACHE.keys().next().value!);
  }
  return index;
}

/** Loads a published datanet version as of `blockTag`: its approved contributions, their data (hash-checked) and index. */
export async function loadVersionCorpus(
  source: SettlementSource,
  store: ContentStore,
  datanetId: bigint,
  version: number,
  blockTag: number,
  engine: Required<AttributeOptions>,
): Promise<VersionCorpus> {
  const records = await source.versionContributions(datanetId, version, blockTag);
  const contributions: CorpusContribution[] = [];
  const texts: CorpusText[] = [];
  for (const record of records) {
    const { contributionId: id, contributor, sizeBytes, qualityBps, approved, rejected } = record;
    const bytes = await store.get(record.contentHash, `contribution ${id} of datanet ${datanetId}`);
    contributions.push({ contributionId: id, contributor: getAddress(contributor), sizeBytes, qualityBps });
    texts.push({ id: id.toString(), text: Buffer.from(bytes).toString("utf8"), qualityBps, approved, rejected });
  }
  return { contributions, index: indexOf(texts, records, engine) };
}

/**
 * Computes an epoch. Receipts come from the chain in (previous.toBlock, toBlock]; chain state is read at
 * `toBlock`, so recomputing later gives the same result. A receipt whose output is not in the log is settled with
 * its whole amount unattributed (spread by the remainder rule), never dropped.
 */
export async function computeEpoch(
  from: SettlementSource | SettlementContracts,
  store: ContentStore,
  input: SettleInput,
): Promise<SettlementResult> {
  const source = settlementSource(from);
  const fromBlock = input.previous ? input.previous.toBlock + 1 : 0;
  const receipts = await source.receipts(fromBlock, input.toBlock);
  if (!receipts.some((receipt) => receipt.dataPoolAmount + receipt.baseDataPoolAmount > 0n)) {
    throw new Error(
      `no paid inference funded a data pool in blocks ${fromBlock}..${input.toBlock}: epoch ${input.epoch} would add nothing`,
    );
  }
  const logged = checkInferenceLog(input.log);

  const lineages = new Map<bigint, Promise<LineageEntry[]>>();
  const lineageAt = (modelId: bigint) => {
    if (!lineages.has(modelId)) lineages.set(modelId, source.lineageOf(modelId, input.toBlock));
    return lineages.get(modelId)!;
  };
  const seen = new Set<InferenceLogEntry>();
  const corpora = new Map<string, Promise<VersionCorpus>>();
  const corpusOf = (datanetId: bigint, version: number) => {
    const key = `${datanetId}:${version}`;
    if (!corpora.has(key)) {
      corpora.set(key, loadVersionCorpus(source, store, datanetId, version, input.toBlock, input.engine));
    }
    return corpora.get(key)!;
  };

  const gained = new Map<string, bigint>();
  const allocations: SettlementFile["allocations"] = [];
  const inferences: InferenceLogEntry[] = [];
  for (const receipt of receipts) {
    // A log entry matches a receipt only by its key (payer, model, agent, id): the model and agent are hashed
    // into the id, and an entry naming a payer matches that payer's receipts only.
    const entry = logEntryOf(logged, receipt);
    if (entry && !seen.has(entry)) {
      seen.add(entry);
      inferences.push(entry);
    }
    if (receipt.dataPoolAmount + receipt.baseDataPoolAmount === 0n) continue;
    const lineage = await lineageAt(receipt.modelId);
    let baseLineage: LineageEntry[] = [];
    if (receipt.baseDataPoolAmount > 0n) {
      baseLineage = await lineageAt(await source.baseModelOf(receipt.modelId, input.toBlock));
    }
    for (const part of splitPools(receipt, lineage, baseLineage)) {
      const { datanetId, version } = part;
      const corpus = await corpusOf(datanetId, version);
      const attribution = entry ? corpus.index.attribute(entry.output) : undefined;
      const allocation = allocateVersion(part.amount, corpus.contributions, attribution);
      const owner = new Map(corpus.contributions.map((c) => [c.contributionId.toString(), c.contributor]));
      for (const [contributionId, amount] of allocation.byContribution) {
        const account = owner.get(contributionId)!;
        gained.set(account, (gained.get(account) ?? 0n) + amount);
      }
      allocations.push({
        inferenceId: receipt.inferenceId,
        datanetId: datanetId.toString(),
        version,
        amount: part.amount.toString(),
        attributed: allocation.attributed.toString(),
      });
    }
  }

  const cumulative = new Map<string, bigint>();
  for (const { account, amount } of input.previous?.cumulative ?? []) cumulative.set(account, BigInt(amount));
  for (const [account, amount] of gained) cumulative.set(account, (cumulative.get(account) ?? 0n) + amount);
  const { root, totalAllocated, tree } = buildEntitlementTree(cumulative);

  const file: SettlementFile = {
    format: SETTLEMENT_FORMAT,
    chainId: await source.chainId(),
    rewards: await source.rewardsAddress(),
    epoch: input.epoch,
    previousEpoch: input.previous?.epoch ?? 0,
    previousRoot: input.previous?.root ?? null,
    fromBlock,
    toBlock: input.toBlock,
    engine: input.engine,
    inferences,
    allocations,
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
  return { file, dataHash: await settlementHash(file), proofs, gained, receipts };
}

/** A model's lineage as of `blockTag`, in the shared shape. */
