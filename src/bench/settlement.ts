// Benchmark of settlement at scale: synthetic, hash-valid receipts and outputs fed through the real code path, plus
// the time to read receipts and a version from a real node.
import { Wallet, ZeroHash, getAddress, keccak256, toBeHex, toUtf8Bytes } from "ethers";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { deploySuite } from "../chain/deploy";
import type { LineageEntry } from "../chain/types";
import { inferenceId } from "../factory/inference";
import { spreadRemainder } from "../attribution/remainder";
import { attributeVersion, splitByLineage, spreadByBytes } from "../settlement/allocate";
import { readSettlement, writeSettlement } from "../settlement/files";
import type { InferenceLogEntry } from "../settlement/inferenceLog";
import { loadVersionCorpus } from "../settlement/availability";
import { logEntryOf, proveOutputs, signServedBatch } from "../settlement/provenOutputs";
import { ENGINE_PARAMETERS as ENGINE, computeEpoch } from "../settlement/settle";
import {
  ChainSettlementSource,
  type Receipt,
  type SettlementSource,
  type VersionContribution,
} from "../settlement/source";
import { buildEntitlementTree, proofEntries, type Hex } from "../settlement/tree";
import { ContentStore } from "../store/ContentStore";
import { mulberry32 } from "../util/random";

export interface SettlementBenchOptions {
  inferences: number;
  contributions: number;
  /** Paid inferences read back from the selected network (0: skip). */
  nodeInferences: number;
  seed?: number;
  onPhase?: (phase: string) => void;
}

/** Seconds per phase; `settle` is computeEpoch end to end, the others are its parts measured one by one. */
export interface SettlementBenchReport {
  inferences: number;
  contributionsPerVersion: number;
  versions: number;
  seconds: Record<"read" | "check" | "index" | "attribute" | "allocate" | "tree" | "write" | "verifyRead", number> & {
    settle: number;
    total: number;
  };
  /** Not measured here: this tree's settlement does not regenerate outputs (null). */
  regenerate: number | null;
  settlementBytes: number;
  chunks: number;
  peakRssMiB: number;
  node: { network: string; inferences: number; readReceiptsSeconds: number; readVersionSeconds: number } | null;
}

/** The synthetic model's serving key: its outputs are proven by its batch signatures, as a model without Factory weights. */
const SERVING_KEY = new Wallet(keccak256(toUtf8Bytes("openledger bench serving key")));
const CHAIN_ID = 31337;
const REWARDS = getAddress(toBeHex(0xbeefn, 20));
const WORDS = 2_000;
/** Outputs the serving key signs at once (`signServedBatch`). */
const SIGNED_BATCH = 1_024;
const LINEAGE: LineageEntry[] = [{ datanetId: 1n, version: 1, weightBps: 10_000 }];
/** The one payer of the synthetic receipts (any address: settlement only keys receipts by it). */
const PAYER = "0x00000000000000000000000000000000000000f1";

/** A synthetic epoch served as a SettlementSource: one datanet version, one model citing it, N receipts. */
class SyntheticSource implements SettlementSource {
  constructor(
    private readonly records: VersionContribution[],
    private readonly paid: Receipt[],
  ) {}
  chainId = async () => CHAIN_ID;
  rewardsAddress = async () => REWARDS;
  receipts = async (from: number, to: number) => this.paid.filter((r) => r.blockNumber >= from && r.blockNumber <= to);
  lineageOf = async () => LINEAGE;
  baseModelOf = async () => 0n;
  versionContributions = async () => this.records;
  weightsHashOf = async () => ZeroHash as Hex;
  servingKeyOf = async () => SERVING_KEY.address;
}

/** Words of a seeded vocabulary; contributions and outputs are made of them, so outputs copy spans. */
function wordsFrom(random: () => number, count: number): string[] {
  return Array.from({ length: count }, () => `w${Math.floor(random() * WORDS)}`);
}

async function syntheticEpoch(store: ContentStore, options: SettlementBenchOptions) {
  const random = mulberry32(options.seed ?? 1);
  const texts: string[][] = [];
  const records: VersionContribution[] = [];
  for (let i = 0; i < options.contributions; i++) {
    const words = wordsFrom(random, 60);
    texts.push(words);
    const { hash, size } = await store.put(Buffer.from(words.join(" ")));
    const contributor = getAddress(toBeHex(1000 + (i % Math.max(1, Math.floor(options.contributions / 3))), 20));
    const quality = { qualityBps: 5_000 + (i % 5_000), approved: 1, rejected: 0 };
    records.push({
      contributionId: BigInt(i + 1),
      contributor,
      contentHash: hash,
      sizeBytes: BigInt(size),
      ...quality,
    });
  }
  const log: InferenceLogEntry[] = [];
  const receipts: Receipt[] = [];
  for (let i = 0; i < options.inferences; i++) {
    const source = texts[Math.floor(random() * texts.length)];
    const start = Math.floor(random() * (source.length - 16));
    const output = [...source.slice(start, start + 16), ...wordsFrom(random, 8)].join(" ");
    const request = { modelId: 1n, agentId: 0n, prompt: `prompt ${i}`, seed: `${i}` };
    const id = inferenceId(request, output) as Hex;
    log.push({ inferenceId: id, modelId: "1", agentId: "0", prompt: request.prompt, seed: request.seed, output });
    receipts.push({
      inferenceId: id,
      payer: PAYER,
      modelId: 1n,
      agentId: 0n,
      dataPoolAmount: 1_000_003n + BigInt(i % 97),
      baseDataPoolAmount: 0n,
      blockNumber: 1 + Math.floor(i / 1_000),
      logIndex: i % 1_000,
    });
  }
  // The serving key signs its outputs a batch at a time, as a server would sign what it served in a period.
  for (let start = 0; start < log.length; start += SIGNED_BATCH) {
    const batch = log.slice(start, start + SIGNED_BATCH);
    const proofs = await signServedBatch(SERVING_KEY, CHAIN_ID, REWARDS, batch);
    batch.forEach((entry, i) => (entry.batch = proofs[i]));
  }
  return { source: new SyntheticSource(records, receipts), log, toBlock: receipts.at(-1)?.blockNumber ?? 1 };
}

async function timed<T>(
  seconds: Record<string, number>,
  phase: string,
  run: () => Promise<T> | T,
  onPhase?: (p: string) => void,
): Promise<T> {
  onPhase?.(phase);
  const start = process.hrtime.bigint();
  const result = await run();
  seconds[phase] = Number(process.hrtime.bigint() - start) / 1e9;
  return result;
}

/** Runs the synthetic epoch phase by phase, then end to end through computeEpoch, then writes and reads it back. */
export async function runSettlementBench(
  hre: HardhatRuntimeEnvironment | undefined,
  options: SettlementBenchOptions,
): Promise<SettlementBenchReport> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), "bench-settlement-"));
  const seconds: Record<string, number> = {};
  const on = options.onPhase;
  try {
    const store = new ContentStore(path.join(tmp, "store"));
    const { source, log, toBlock } = await syntheticEpoch(store, options);
    const receipts = await timed(seconds, "read", () => source.receipts(0, toBlock), on);
    const context = { source, store, blockTag: toBlock, chainId: CHAIN_ID, rewards: REWARDS };
    const { accepted } = await timed(seconds, "check", () => proveOutputs(log, receipts, context), on);
    const where = { datanetId: 1n, version: 1, blockTag: toBlock };
    const corpus = await timed(seconds, "index", () => loadVersionCorpus(source, store, where, ENGINE), on);
    const attributions = await timed(
      seconds,
      "attribute",
      () => receipts.map((r) => corpus.index.attribute(logEntryOf(accepted, r)!.entry.output)),
      on,
    );
    const gained = await timed(
      seconds,
      "allocate",
      () => {
        const owner = new Map(corpus.contributions.map((c) => [c.contributionId.toString(), c.contributor]));
        const totals = new Map<string, bigint>();
        const credit = (byContribution: Map<string, bigint>) => {
          for (const [id, amount] of byContribution)
            totals.set(owner.get(id)!, (totals.get(owner.get(id)!) ?? 0n) + amount);
        };
        // As settlement does: each receipt's attributed part, then the version's summed remainder spread once by
        // the credit measured over the epoch (by bytes if none was).
        let unattributed = 0n;
        const measured = new Map<string, bigint>();
        receipts.forEach((r, i) => {
          const [part] = splitByLineage(r.dataPoolAmount, LINEAGE);
          const allocation = attributeVersion(part, corpus.contributions, attributions[i]);
          credit(allocation.byContribution);
          for (const [id, amount] of allocation.byContribution) measured.set(id, (measured.get(id) ?? 0n) + amount);
          unattributed += allocation.unattributed;
        });
        credit(
          measured.size > 0
            ? spreadRemainder(unattributed, [...measured]).amounts
            : spreadByBytes(unattributed, corpus.contributions),
        );
        return totals;
      },
      on,
    );
    await timed(seconds, "tree", () => proofEntries(buildEntitlementTree(gained).tree), on);
    const result = await timed(
      seconds,
      "settle",
      () => computeEpoch(source, store, { epoch: 1, previous: null, toBlock, log }),
      on,
    );
    const published = await timed(seconds, "write", () => writeSettlement(store, result.file), on);
    await timed(seconds, "verifyRead", () => readSettlement(store, published.uri), on);
    const chunks = Object.values(published.manifest.parts).flat();
    return {
      inferences: options.inferences,
      contributionsPerVersion: options.contributions,
      versions: 1,
      seconds: {
        ...(seconds as SettlementBenchReport["seconds"]),
        total: Object.values(seconds).reduce((a, b) => a + b, 0),
      },
      regenerate: null,
      settlementBytes: chunks.reduce((sum, chunk) => sum + chunk.size, 0),
      chunks: chunks.length,
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
      node: hre && options.nodeInferences > 0 ? await readFromNode(hre, options.nodeInferences, on) : null,
    };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** Pays `n` inferences on the selected network, then times reading them and a version back through the chain source. */
async function readFromNode(hre: HardhatRuntimeEnvironment, n: number, onPhase?: (p: string) => void) {
  onPhase?.("node");
  const [deployer, payer] = await hre.ethers.getSigners();
  const suite = await deploySuite(hre);
  const { token, datanet, models, rewards } = suite;
  await (await token.transfer(payer.address, 10n ** 21n)).wait();
  await (await token.connect(payer).approve(rewards, hre.ethers.MaxUint256)).wait();
  await (await token.approve(datanet, hre.ethers.MaxUint256)).wait();
  await (await datanet.createDatanet("bench", 1n, deployer.address, await datanet.MIN_REVIEW_PERIOD())).wait();
  await (await datanet.setCurator(1n, deployer.address, true)).wait();
  for (let i = 0; i < 20; i++) {
    await (await datanet.contribute(1n, hre.ethers.id(`bench ${i}`), 100, "")).wait();
    await (await datanet.approve(BigInt(i + 1), 8_000)).wait();
  }
  await (await datanet.publishVersion(1n)).wait();
  const registration = {
    metadataURI: "bench",
    weightsHash: hre.ethers.id("bench"),
    supersedes: 0,
    feePerInference: 1_000n,
    lineage: LINEAGE,
  };
  await (await models.registerModel(registration)).wait();
  for (let i = 0; i < n; i++)
    await (await rewards.connect(payer).payInference(hre.ethers.id(`bench inference ${i}`), 1n, 0n, 1_000n)).wait();
  const block = (await hre.ethers.provider.getBlock("latest"))!.number;
  const source = new ChainSettlementSource(suite);
  const seconds: Record<string, number> = {};
  const read = await timed(seconds, "receipts", () => source.receipts(0, block));
  await timed(seconds, "version", () => source.versionContributions(1n, 1, block));
  if (read.length !== n) throw new Error(`read ${read.length} receipts back from ${hre.network.name}, paid ${n}`);
  return {
    network: hre.network.name,
    inferences: n,
    readReceiptsSeconds: seconds.receipts,
    readVersionSeconds: seconds.version,
  };
}

const PHASES = [
  "read",
  "check",
  "index",
  "attribute",
  "allocate",
  "tree",
  "settle",
  "write",
  "verifyRead",
  "total",
] as const;

/** The report as a table: one row per phase. */
export function formatSettlementTable(report: SettlementBenchReport): string {
  const rows = PHASES.map((phase) => `${phase.padEnd(12)} ${report.seconds[phase].toFixed(2).padStart(10)} s`);
  const lines = [
    `${report.inferences} inferences, ${report.contributionsPerVersion} contributions per version`,
    "phase        seconds",
    ...rows,
    `written      ${(report.settlementBytes / 2 ** 20).toFixed(1)} MiB in ${report.chunks} chunks`,
    `peak RSS     ${report.peakRssMiB} MiB`,
  ];
  if (report.node) {
    lines.push(
      `node (${report.node.network}): ${report.node.inferences} receipts read in ${report.node.readReceiptsSeconds.toFixed(2)} s, a version in ${report.node.readVersionSeconds.toFixed(2)} s`,
    );
  }
  return lines.join("\n") + "\n";
}

export async function writeSettlementReport(file: string, report: SettlementBenchReport): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(report, null, 2) + "\n");
}
