// Settles an epoch: reads paid inferences from the chain, attributes each output over its model's lineage, and
// builds the cumulative Merkle tree plus the published file anyone can recompute it from.
import { getAddress } from "ethers";
import type { AttributionRewards, Datanet, ModelRegistry } from "../../typechain-types";
import { AttributionIndex, type AttributeOptions } from "../attribution/engine";
import { inferenceId, type InferenceRequest } from "../factory/inference";
import type { ContentStore } from "../store/ContentStore";
import { allocateVersion, splitByLineage, type CorpusContribution } from "./allocate";
import { compareAddresses, type LineageEntry } from "../chain/types";
import { buildEntitlementTree, proofEntries, type Hex } from "./tree";
import { PROOFS_FORMAT, SETTLEMENT_FORMAT, settlementHash, type ProofsFile, type SettlementFile } from "./files";
import type { InferenceLogEntry } from "./inferenceLog";

const PAGE = 500n;

/** A paid-inference receipt as read from an InferencePaid event. */
export interface Receipt {
  inferenceId: Hex;
  modelId: bigint;
  agentId: bigint;
  dataPoolAmount: bigint;
  blockNumber: number;
  logIndex: number;
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
  /** keccak-256 of the file's manifest: the `dataHash` posted with the root. */
  dataHash: Hex;
  proofs: ProofsFile;
  /** What each account gained in this epoch. */
  gained: Map<string, bigint>;
  receipts: Receipt[];
}

/** Checks that every log entry's output hashes to its inference id; a mismatch names the entry. */
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
    byId.set(entry.inferenceId.toLowerCase(), entry);
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
  if (!receipts.some((receipt) => receipt.dataPoolAmount > 0n)) {
    throw new Error(
      `no paid inference funded a data pool in blocks ${fromBlock}..${input.toBlock}: epoch ${input.epoch} would add nothing`,
    );
  }
  const logged = checkInferenceLog(input.log);

  const lineages = new Map<bigint, LineageEntry[]>();
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
    const entry = logged.get(receipt.inferenceId.toLowerCase());
    if (entry) {
      if (BigInt(entry.modelId) !== receipt.modelId || BigInt(entry.agentId) !== receipt.agentId) {
        throw new Error(
          `inference ${receipt.inferenceId}: the log says model ${entry.modelId} / agent ${entry.agentId}, ` +
            `the chain says model ${receipt.modelId} / agent ${receipt.agentId}`,
        );
      }
      inferences.push(entry);
    }
    if (receipt.dataPoolAmount === 0n) continue;
    if (!lineages.has(receipt.modelId)) {
      const lineage = await models.lineageOf(receipt.modelId, { blockTag: input.toBlock });
      lineages.set(
        receipt.modelId,
        lineage.map((e) => ({ datanetId: e.datanetId, version: Number(e.version), weightBps: Number(e.weightBps) })),
      );
    }
    const lineage = lineages.get(receipt.modelId)!;
    const parts = splitByLineage(receipt.dataPoolAmount, lineage);
    for (let i = 0; i < lineage.length; i++) {
      const { datanetId, version } = lineage[i];
      const corpus = await corpusOf(datanetId, version);
      const attribution = entry ? corpus.index.attribute(entry.output) : undefined;
      const allocation = allocateVersion(parts[i], corpus.contributions, attribution);
      const owner = new Map(corpus.contributions.map((c) => [c.contributionId.toString(), c.contributor]));
      for (const [contributionId, amount] of allocation.byContribution) {
        const account = owner.get(contributionId)!;
        gained.set(account, (gained.get(account) ?? 0n) + amount);
      }
      allocations.push({
        inferenceId: receipt.inferenceId,
        datanetId: datanetId.toString(),
        version,
        amount: parts[i].toString(),
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
  return { file, dataHash: await settlementHash(file), proofs, gained, receipts };
}
