// Gas benchmark of the suite's hot paths on the embedded chain: transfers, contributions, payments, roots and claims.
import { writeFile, mkdir } from "node:fs/promises";
import path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { ContractTransactionResponse, Signer } from "ethers";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { ProgressBars } from "../cli/progress";
import { deploySuite, type Suite } from "../chain/deploy";
import { createDatanet, publishVersion, setCurator } from "../ops/data";
import { payInference, registerAgent, registerModel } from "../ops/factory";
import { mined, type OpResult } from "../ops/result";
import { benchPayBatch } from "./vouchers";

/** Claim trees, by leaf count; the ones above `maxLeaves` are skipped. */
export const CLAIM_TREE_SIZES = [10, 1_000, 100_000, 1_000_000] as const;
/** The two datanet sizes the payment is measured against: a payment must cost the same for both. */
export const DEFAULT_CONTRIBUTORS: readonly [number, number] = [10, 10_000];

const BATCH_ITEMS = 50;
const MODEL_FEE = 10n ** 18n; // 1 OPEN; half goes to the data pool, far more than any tree below allocates
const AGENT_FEE = 10n ** 17n;
const STAKE = 1n; // the smallest stake a datanet may ask
const APPROVALS_PER_BLOCK = 100; // 100 × the explicit gas limit below stays under the 30M block gas limit
const APPROVE_GAS_LIMIT = 200_000n;

export interface BenchOptions {
  /** The largest claim tree to build (10, 1e3, 1e5 or 1e6 leaves); default 1e6. */
  maxLeaves?: number;
  /** Approved contributions in the small and the large datanet whose models are paid for; default 10 and 10,000. */
  contributors?: readonly [number, number];
  /** Show progress bars on stderr for the long phases. */
  progress?: boolean;
}

export interface BenchMeta {
  network: string;
  solc: string;
  optimizerRuns: number | null;
  date: string;
  /** Wall-clock seconds each section took. */
  seconds: Record<string, number>;
}

/** Gas by measurement name, and how it was measured. */
export interface BenchReport {
  gas: Record<string, number>;
  meta: BenchMeta;
}

/** "1e1" for 10, "1e4" for 10,000; other numbers as they are. */
export function sizeLabel(n: number): string {
  const exponent = Math.log10(n);
  return Number.isInteger(exponent) && exponent >= 1 ? `1e${exponent}` : String(n);
}

/** The keys a run with `options` writes, in order. */
export function expectedKeys(options: BenchOptions = {}): string[] {
  const maxLeaves = options.maxLeaves ?? 1_000_000;
  const [small, large] = options.contributors ?? DEFAULT_CONTRIBUTORS;
  return [
    "token.transfer",
    "token.transfer.ozBaseline",
    "datanet.contribute",
    "datanet.contribute.first",
    `datanet.contributeBatch${BATCH_ITEMS}.perItem`,
    "datanet.commit",
    "datanet.reveal",
    `datanet.commitBatch${BATCH_ITEMS}.perItem`,
    `datanet.revealBatch${BATCH_ITEMS}.perItem`,
    "rewards.pay",
    "rewards.payViaAgent",
    "rewards.postRoot.first",
    "rewards.postRoot",
    "rewards.acceptRoot",
    ...CLAIM_TREE_SIZES.filter((n) => n <= maxLeaves).map((n) => `rewards.claim.${sizeLabel(n)}`),
    "rewards.claim.returning",
    `rewards.pay.contributors${sizeLabel(small)}`,
    `rewards.pay.contributors${sizeLabel(large)}`,
    "rewards.payBatch.perInference",
  ];
}

/** Deploys a fresh suite on `hre`'s network and measures every transaction of the report. */
export async function runGasBench(hre: HardhatRuntimeEnvironment, options: BenchOptions = {}): Promise<BenchReport> {
  const maxLeaves = options.maxLeaves ?? 1_000_000;
  const [small, large] = options.contributors ?? DEFAULT_CONTRIBUTORS;
  const progress = options.progress ?? false;
  const gas: Record<string, number> = {};
  const seconds: Record<string, number> = {};
  const timed = async <T>(section: string, run: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await run();
    } finally {
      seconds[section] = Math.round((performance.now() - start) / 10) / 100;
    }
  };

  const suite = await timed("deploy", () => deploySuite(hre));
  const { token, datanet, agents, rewards } = suite;
  const [deployer] = await hre.ethers.getSigners();
  await token.approve(await datanet.getAddress(), hre.ethers.MaxUint256);
  await token.approve(await rewards.getAddress(), hre.ethers.MaxUint256);

  await timed("token", async () => {
    const [to, ozTo] = randomAddresses(2, 7);
    gas["token.transfer"] = await gasOfTx(token.transfer(to, MODEL_FEE));
    // OpenZeppelin's ERC20Permit in the same run, so that OPEN's overhead is a ratio anyone can check.
    const oz = await (await hre.ethers.getContractFactory("OzPermitToken", deployer)).deploy(MODEL_FEE * 10n);
    gas["token.transfer.ozBaseline"] = await gasOfTx(
      oz.transfer(ozTo, MODEL_FEE) as Promise<ContractTransactionResponse>,
    );
  });

  await timed("datanet", async () => {
    const id = await curatedDatanet(suite, deployer);
    // The datanet already holds a stake (the deployer's), as a live one does; a second account then contributes
    // its first and a later contribution.
    await (await datanet.contribute(id, contentHash(hre, "warm-up", 0), 1_000, "")).wait();
    const contributor = await fundedContributor(hre, suite);
    const asContributor = datanet.connect(contributor);
    gas["datanet.contribute.first"] = await gasOfTx(
      asContributor.contribute(id, contentHash(hre, "single", 0), 1_000, ""),
    );
    gas["datanet.contribute"] = await gasOfTx(asContributor.contribute(id, contentHash(hre, "single", 1), 1_000, ""));
    const batch = await gasOfTx(asContributor.contributeBatch(id, inputs(hre, "batch", 0, BATCH_ITEMS)));
    gas[`datanet.contributeBatch${BATCH_ITEMS}.perItem`] = Math.round(batch / BATCH_ITEMS);
    // The two-step path: commitments first, their reveals in a later block (each transaction mines its own).
    const deployerAddress = await deployer.getAddress();
    const revealed = async (prefix: string, count: number) => {
      const items = inputs(hre, prefix, 0, count).map((input, i) => ({ ...input, salt: contentHash(hre, "salt", i) }));
      const commitments = await Promise.all(
        items.map((i) => datanet.commitmentFor(id, i.contentHash, deployerAddress, i.salt)),
      );
      return { items, commitments };
    };
    const one = await revealed("commit", 1);
    gas["datanet.commit"] = await gasOfTx(datanet.commit(one.commitments));
    gas["datanet.reveal"] = await gasOfTx(datanet.reveal(id, one.items));
    const many = await revealed("commit-batch", BATCH_ITEMS);
    const committed = await gasOfTx(datanet.commit(many.commitments));
    gas[`datanet.commitBatch${BATCH_ITEMS}.perItem`] = Math.round(committed / BATCH_ITEMS);
    const revealedMany = await gasOfTx(datanet.reveal(id, many.items));
    gas[`datanet.revealBatch${BATCH_ITEMS}.perItem`] = Math.round(revealedMany / BATCH_ITEMS);
  });

  const modelIds = await timed("contributors", async () => {
    const ids: bigint[] = [];
    for (const count of [small, large]) ids.push(await modelOnDatanet(hre, suite, deployer, count, progress));
    return ids;
  });

  await timed("payments", async () => {
    // Each payment is measured after a first one on the same model, so both see the same warm storage.
    const { agentId } = await registerAgent(agents, deployer, "bench://agent", [modelIds[0]], AGENT_FEE);
    for (const [i, count] of [small, large].entries()) {
      await pay(rewards, deployer, modelIds[i], 0n);
      gas[`rewards.pay.contributors${sizeLabel(count)}`] = gasOf(await pay(rewards, deployer, modelIds[i], 0n));
    }
    gas["rewards.pay"] = gas[`rewards.pay.contributors${sizeLabel(small)}`];
    await pay(rewards, deployer, modelIds[0], agentId);
    gas["rewards.payViaAgent"] = gasOf(await pay(rewards, deployer, modelIds[0], agentId));
  });

  gas["rewards.payBatch.perInference"] = await timed("vouchers", () => benchPayBatch(hre, suite, modelIds[0]));

  // Each tree is posted, accepted once its window has passed, and claimed from; the first post and every later one
  // are measured apart (a later root rewrites the words the first one wrote).
  const posts: number[] = [];
  const accepts: number[] = [];
  const settle = async (tree: StandardMerkleTree<[string, bigint]>, total: bigint, label: string) => {
    while ((await rewards.totalDataPoolFunded()) < total) await pay(rewards, deployer, modelIds[0], 0n);
    posts.push(await gasOfTx(rewards.postRoot(tree.root, total, hre.ethers.id(`tree-${label}`), `bench://${label}`)));
    await hre.network.provider.send("evm_increaseTime", [Number(await rewards.challengeWindow()) + 1]);
    await hre.network.provider.send("evm_mine");
    accepts.push(await gasOfTx(rewards.acceptRoot())); // so that the claim pays for the claim alone
    return (leaf: number) => rewards.claim(...tree.at(leaf)!, tree.getProof(leaf));
  };
  const sizes = CLAIM_TREE_SIZES.filter((n) => n <= maxLeaves);
  for (const size of sizes) {
    await timed(`claim.${sizeLabel(size)}`, async () => {
      const claimLeaf = await settle(buildTree(size, progress), BigInt(size), String(size)); // 1 wei a leaf
      // A first claim against the tree, so that the measured one, like every claim but the very first, finds
      // the contract's running totals already non-zero; it pays a fresh account, as most claims do.
      await (await claimLeaf(0)).wait();
      gas[`rewards.claim.${sizeLabel(size)}`] = await gasOfTx(claimLeaf(Math.floor(size / 2)));
    });
  }
  // A returning account: the same accounts as the largest tree up to 1e5 leaves, each entitled to more than the
  // last root allocated them all, and the account measured there claims again.
  await timed("claim.returning", async () => {
    const size = Math.max(...sizes.filter((n) => n <= 100_000));
    const each = BigInt(Math.floor(sizes[sizes.length - 1] / size) + 1);
    const claimLeaf = await settle(buildTree(size, progress, each), each * BigInt(size), `${size}-returning`);
    gas["rewards.claim.returning"] = await gasOfTx(claimLeaf(Math.floor(size / 2)));
  });
  [gas["rewards.postRoot.first"], gas["rewards.postRoot"]] = posts;
  gas["rewards.acceptRoot"] = accepts[1];

  const solidity = hre.config.solidity.compilers[0];
  const ordered = Object.fromEntries(expectedKeys({ maxLeaves, contributors: [small, large] }).map((k) => [k, gas[k]]));
  return {
    gas: ordered,
    meta: {
      network: hre.network.name,
      solc: solidity.version,
      optimizerRuns: solidity.settings?.optimizer?.enabled ? (solidity.settings.optimizer.runs ?? 200) : null,
      date: new Date().toISOString(),
      seconds,
    },
  };
}

/** The report as written to disk: the gas keys at the top level, then `meta`. */
export function reportJson(report: BenchReport): string {
  return JSON.stringify({ ...report.gas, meta: report.meta }, null, 2) + "\n";
}

export async function writeReport(file: string, report: BenchReport): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, reportJson(report));
}

/** The measurements as an aligned two-column table. */
export function formatTable(report: BenchReport): string {
  const rows = Object.entries(report.gas).map(([key, value]) => [key, value.toLocaleString("en-US")]);
  const width = Math.max("measurement".length, ...rows.map(([key]) => key.length));
  const gasWidth = Math.max("gas".length, ...rows.map(([, value]) => value.length));
  const line = (a: string, b: string) => `${a.padEnd(width)}  ${b.padStart(gasWidth)}`;
  return [
    line("measurement", "gas"),
    line("-".repeat(width), "-".repeat(gasWidth)),
    ...rows.map(([k, v]) => line(k, v)),
  ]
    .concat("")
    .join("\n");
}

/**
 * A StandardMerkleTree of `size` leaves `[address, each]` (1 wei unless told). Addresses come from a seeded xorshift as lowercase hex,
 * which the library accepts; checksumming a million addresses with ethers would cost more than the tree itself.
 */
export function buildTree(size: number, progress = false, each = 1n): StandardMerkleTree<[string, bigint]> {
  const bar = progress ? newBar(`tree ${sizeLabel(size)}`, 2) : undefined;
  const values = randomAddresses(size, size).map((account) => [account, each] as [string, bigint]);
  bar?.tick();
  // The library builds the tree in one synchronous call, so the bar can only mark its end.
  const tree = StandardMerkleTree.of(values, ["address", "uint256"]);
  bar?.tick();
  bar?.done();
  return tree;
}

/** `count` pseudo-random lowercase addresses from `seed`, reproducibly. */
export function randomAddresses(count: number, seed: number): string[] {
  let state = (seed ^ 0x9e3779b9) >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state.toString(16).padStart(8, "0");
  };
  return Array.from({ length: count }, () => `0x${next()}${next()}${next()}${next()}${next()}`);
}

/** The gas of an operation that sent one transaction. */
function gasOf({ transactions: [receipt] }: OpResult): number {
  return Number(receipt.gasUsed);
}

/** The gas of a transaction the benchmark sends itself, where no operation wraps it (or the bench needs it raw). */
async function gasOfTx(tx: Promise<ContractTransactionResponse>): Promise<number> {
  return Number((await mined(tx)).gasUsed);
}

/** A bar on stderr; piped to a file or CI log, it prints a line every 10 s instead of redrawing. */
function newBar(label: string, total: number): ProgressBars {
  const bars = new ProgressBars({ whenPiped: "log" });
  bars.phase(label, total);
  return bars;
}

function contentHash(hre: HardhatRuntimeEnvironment, prefix: string, i: number): string {
  return hre.ethers.id(`${prefix}-${i}`);
}

function inputs(hre: HardhatRuntimeEnvironment, prefix: string, from: number, count: number) {
  return Array.from({ length: count }, (_, i) => ({
    contentHash: contentHash(hre, prefix, from + i),
    sizeBytes: 1_000n,
    pointerURI: "",
  }));
}

/** The second account, holding OPEN for its stakes and having approved the Datanet to pull them. */
async function fundedContributor(hre: HardhatRuntimeEnvironment, { token, datanet }: Suite): Promise<Signer> {
  const [, contributor] = await hre.ethers.getSigners();
  await (await token.transfer(contributor.address, MODEL_FEE)).wait();
  await (await token.connect(contributor).approve(await datanet.getAddress(), hre.ethers.MaxUint256)).wait();
  return contributor;
}

/** A datanet owned and curated by `owner`. */
async function curatedDatanet({ datanet }: Suite, owner: Signer): Promise<bigint> {
  const { datanetId } = await createDatanet(datanet, owner, "bench://datanet", STAKE);
  await setCurator(datanet, owner, datanetId, await owner.getAddress());
  return datanetId;
}

/**
 * A datanet with `count` approved contributions (batches of 100, approvals mined 100 to a block), its first version
 * published, and a model trained on it alone; returns the model id.
 */
async function modelOnDatanet(
  hre: HardhatRuntimeEnvironment,
  suite: Suite,
  owner: Signer,
  count: number,
  progress: boolean,
): Promise<bigint> {
  const { datanet, models } = suite;
  const id = await curatedDatanet(suite, owner);
  const bar = progress && count > 100 ? newBar(`datanet of ${count.toLocaleString("en-US")}`, 2 * count) : undefined;
  const maxBatch = Number(await datanet.MAX_BATCH());
  const firstId = (await datanet.contributionCount()) + 1n;
  for (let done = 0; done < count; done += maxBatch) {
    const n = Math.min(maxBatch, count - done);
    await (await datanet.contributeBatch(id, inputs(hre, `datanet-${id}`, done, n))).wait();
    bar?.tick(n);
  }
  const [signer] = await hre.ethers.getSigners();
  const provider = hre.network.provider;
  await provider.send("evm_setAutomine", [false]);
  try {
    let nonce = await signer.getNonce("pending");
    for (let done = 0; done < count; done += APPROVALS_PER_BLOCK) {
      const n = Math.min(APPROVALS_PER_BLOCK, count - done);
      const sent = [];
      for (let i = 0; i < n; i++) {
        const contributionId = firstId + BigInt(done + i);
        sent.push(datanet.approve(contributionId, 8_000, { nonce: nonce++, gasLimit: APPROVE_GAS_LIMIT }));
      }
      const txs = await Promise.all(sent);
      await provider.send("evm_mine");
      const receipts = await Promise.all(txs.map((tx) => tx.wait()));
      if (receipts.some((r) => r?.status !== 1)) throw new Error(`an approval on datanet ${id} failed`);
      bar?.tick(n);
    }
  } finally {
    await provider.send("evm_setAutomine", [true]);
    bar?.done();
  }
  const approved = (await datanet.getDatanet(id)).approvedCount;
  if (approved !== BigInt(count)) throw new Error(`datanet ${id} has ${approved} approved contributions, not ${count}`);
  const { version } = await publishVersion(datanet, owner, id);
  const { modelId } = await registerModel(models, owner, {
    metadataURI: `bench://model-${count}`,
    weightsHash: hre.ethers.id(`weights-${count}`),
    feePerInference: MODEL_FEE,
    supersedes: 0n,
    lineage: [{ datanetId: id, version, weightBps: 10_000 }],
  });
  return modelId;
}

let inferences = 0;
/** A payment under a fresh inference id, from the allowance the payer gave at the start. */
function pay(rewards: Suite["rewards"], payer: Signer, modelId: bigint, agentId: bigint): Promise<OpResult> {
  const inferenceId = `0x${(++inferences).toString(16).padStart(64, "0")}`;
  return payInference(rewards, payer, { inferenceId, modelId, agentId, maxPrice: MODEL_FEE + AGENT_FEE });
}
