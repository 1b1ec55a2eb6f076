// Settles an epoch: reads paid inferences from the chain, attributes each output over its model's lineage, and
// builds the cumulative Merkle tree plus the published file anyone can recompute it from.
import { getAddress, keccak256, toUtf8Bytes } from "ethers";
import type { AttributionRewards, Datanet, ModelRegistry } from "../../typechain-types";
import { AttributionIndex, type AttributeOptions } from "../attribution/engine";
import { canonicalJson, type JsonValue } from "../util/canonicalJson";
import { inferenceId, type InferenceRequest } from "../factory/inference";
import type { ContentStore } from "../store/ContentStore";
import { allocateVersion, splitPools, type CorpusContribution } from "./allocate";
import { compareAddresses, type LineageEntry } from "../chain/types";
import { buildEntitlementTree, proofEntries, PROOFS_FORMAT, type Hex, type ProofsFile } from "./tree";

export const SETTLEMENT_FORMAT = "openledger-settlement/1";
const PAGE = 500n;

/** One line of the inference log that `model:infer` appends to (JSON Lines). */
export interface InferenceLogEntry {
  inferenceId: Hex;
  modelId: string;
  agentId: string;
  prompt: string;
  seed: string;
  output: string;
  /** Who paid (written by `model:infer`); a log entry without it matches the receipts of any payer. */
  payer?: string;
}

/**
 * A paid-inference receipt as read from an InferencePaid event. Receipts are keyed by (payer, model, agent,
 * inference id), as the contract keys payments: the same id paid by another payer is another receipt.
 */
export interface Receipt {
  inferenceId: Hex;
  payer: string;
  modelId: bigint;
  agentId: bigint;
  /** To the model's own lineage. */
  dataPoolAmount: bigint;
  /** To the base model's lineage (an adapter's royalty); 0 for a base model. */
  baseDataPoolAmount: bigint;
  blockNumber: number;
  logIndex: number;
}

/** The published data behind one root: with the chain and the store, enough to recompute it. */
export interface SettlementFile {
  format: typeof SETTLEMENT_FORMAT;
  chainId: number;
  rewards: string;
  epoch: number;
  /** The epoch whose cumulative totals this one adds to (0 for none). */
  previousEpoch: number;
  previousRoot: Hex | null;
  fromBlock: number;
  toBlock: number;
  engine: Required<AttributeOptions>;
  /** The logged requests and outputs of the receipts in [fromBlock, toBlock]. */
  inferences: InferenceLogEntry[];
  /** Per receipt and lineage entry: how much went to the version, how much the engine attributed. */
  allocations: { inferenceId: Hex; datanetId: string; version: number; amount: string; attributed: string }[];
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
  engine: Required<AttributeOptions>;
}

export interface SettlementResult {
  file: SettlementFile;
  /** keccak-256 of the file's canonical JSON: the `dataHash` posted with the root. */
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
        payer: getAddress(event.args.payer),
        modelId: event.args.modelId,
        agentId: event.args.agentId,
        dataPoolAmount: event.args.split.dataPoolAmount,
        baseDataPoolAmount: event.args.split.baseDataPoolAmount,
        blockNumber: event.blockNumber,
        logIndex: event.index,
      });
    }
  }
  return receipts.sort((a, b) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex);
}

interface VersionCorpus {
  contributions: CorpusContribution[];
  index: AttributionIndex;
}

/** Loads a published datanet version as of `blockTag`: its approved contributions, their data (hash-checked) and index. */
export async function loadVersionCorpus(
  datanet: Datanet,
  store: ContentStore,
  datanetId: bigint,
  version: number,
  blockTag: number,
  engine: Required<AttributeOptions>,
): Promise<VersionCorpus> {
  const ids: bigint[] = [];
  for (let offset = 0n; ; offset += PAGE) {
    const page = await datanet.versionContributions(datanetId, version, offset, PAGE, { blockTag });
    ids.push(...page);
    if (BigInt(page.length) < PAGE) break;
  }
  const contributions: CorpusContribution[] = [];
  const texts: { id: string; text: string; qualityBps: number; approved: number; rejected: number }[] = [];
  const reputations = new Map<string, [number, number]>();
  for (const id of ids) {
    const c = await datanet.getContribution(id, { blockTag });
    const contributor = getAddress(c.contributor);
    if (!reputations.has(contributor)) {
      const [approved, rejected] = await datanet.reputation(datanetId, contributor, { blockTag });
      reputations.set(contributor, [Number(approved), Number(rejected)]);
    }
    const [approved, rejected] = reputations.get(contributor)!;
    const bytes = await store.get(c.contentHash, `contribution ${id} of datanet ${datanetId}`);
    contributions.push({ contributionId: id, contributor, sizeBytes: c.sizeBytes, qualityBps: Number(c.qualityBps) });
    texts.push({
      id: id.toString(),
      text: Buffer.from(bytes).toString("utf8"),
      qualityBps: Number(c.qualityBps),
      approved,
      rejected,
    });
  }
  return { contributions, index: AttributionIndex.build(texts, engine) };
}

/**
 * Computes an epoch. Receipts come from the chain in (previous.toBlock, toBlock]; chain state is read at
 * `toBlock`, so recomputing later gives the same result. A receipt whose output is not in the log is settled with
 * its whole amount unattributed (spread by the remainder rule), never dropped.
 */
export async function computeEpoch(
  contracts: SettlementContracts,
  store: ContentStore,
  input: SettleInput,
): Promise<SettlementResult> {
  const { datanet, models, rewards } = contracts;
  const fromBlock = input.previous ? input.previous.toBlock + 1 : 0;
  const receipts = await readReceipts(rewards, fromBlock, input.toBlock);
  if (!receipts.some((receipt) => receipt.dataPoolAmount + receipt.baseDataPoolAmount > 0n)) {
    throw new Error(
      `no paid inference funded a data pool in blocks ${fromBlock}..${input.toBlock}: epoch ${input.epoch} would add nothing`,
    );
  }
  const logged = checkInferenceLog(input.log);

  const lineages = new Map<bigint, Promise<LineageEntry[]>>();
  const lineageAt = (modelId: bigint) => {
    if (!lineages.has(modelId)) lineages.set(modelId, readLineage(models, modelId, input.toBlock));
    return lineages.get(modelId)!;
  };
  const seen = new Set<InferenceLogEntry>();
  const corpora = new Map<string, Promise<VersionCorpus>>();
  const corpusOf = (datanetId: bigint, version: number) => {
    const key = `${datanetId}:${version}`;
    if (!corpora.has(key)) {
      corpora.set(key, loadVersionCorpus(datanet, store, datanetId, version, input.toBlock, input.engine));
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
      const { baseModelId } = await models.getModel(receipt.modelId, { blockTag: input.toBlock });
      baseLineage = await lineageAt(baseModelId);
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

  const { chainId } = await rewards.runner!.provider!.getNetwork();
  const file: SettlementFile = {
    format: SETTLEMENT_FORMAT,
    chainId: Number(chainId),
    rewards: getAddress(await rewards.getAddress()),
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
  return { file, dataHash: settlementHash(file), proofs, gained, receipts };
}

/** The canonical text of a settlement file: what is written to disk and hashed. */
export function settlementJson(file: SettlementFile): string {
  return canonicalJson(file as unknown as JsonValue);
}

/** keccak-256 of the canonical JSON: the `dataHash` posted on-chain with the root. */
export function settlementHash(file: SettlementFile): Hex {
  return keccak256(toUtf8Bytes(settlementJson(file))) as Hex;
}

/** A model's lineage as of `blockTag`, in the shared shape. */
async function readLineage(models: ModelRegistry, modelId: bigint, blockTag: number): Promise<LineageEntry[]> {
  const lineage = await models.lineageOf(modelId, { blockTag });
  return lineage.map((e) => ({ datanetId: e.datanetId, version: Number(e.version), weightBps: Number(e.weightBps) }));
}
