// Settlement operations: settle the next epoch and post its root, verify a posted root, claim with a proofs file.
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Signer } from "ethers";
import type { AttributionRewards } from "../../typechain-types";
import { DEFAULT_MAX_OCCURRENCES, DEFAULT_MIN_SPAN_TOKENS, type AttributeOptions } from "../attribution/engine";
import type { ContentStore } from "../store/ContentStore";
import {
  computeEpoch,
  settlementHash,
  settlementJson,
  type InferenceLogEntry,
  type SettlementContracts,
  type SettlementFile,
  type SettlementResult,
} from "../settlement/settle";
import type { ProofsFile } from "../settlement/tree";
import { mined, type OpResult } from "./result";

export const DEFAULT_SETTLEMENTS_DIR = path.join("data", "settlements");

export const DEFAULT_ENGINE: Required<AttributeOptions> = {
  minSpanTokens: DEFAULT_MIN_SPAN_TOKENS,
  maxOccurrences: DEFAULT_MAX_OCCURRENCES,
};

/** Where an epoch's files live: one folder per chain and rewards contract. */
export async function settlementsDir(rewards: AttributionRewards, base = DEFAULT_SETTLEMENTS_DIR): Promise<string> {
  const { chainId } = await rewards.runner!.provider!.getNetwork();
  return path.join(base, `${chainId}-${(await rewards.getAddress()).toLowerCase()}`);
}

export const epochFile = (dir: string, epoch: number) => path.join(dir, `epoch-${epoch}.json`);
export const proofsFile = (dir: string, epoch: number) => path.join(dir, `proofs-${epoch}.json`);

export async function readSettlementFile(file: string): Promise<SettlementFile> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as SettlementFile;
  } catch (error) {
    throw new Error(`cannot read settlement file ${file}: ${(error as Error).message}`);
  }
}

/** The newest earlier epoch whose root was not revoked: the cumulative totals the next epoch adds to. */
async function previousSettlement(rewards: AttributionRewards, dir: string, before: number) {
  for (let epoch = before - 1; epoch >= 1; epoch--) {
    const onChain = await rewards.getEpoch(epoch);
    if (onChain.revoked) continue;
    const file = epochFile(dir, epoch);
    if (!existsSync(file)) throw new Error(`epoch ${epoch} is on-chain but its settlement file ${file} is missing`);
    const settled = await readSettlementFile(file);
    if (settled.root !== onChain.root) throw new Error(`${file} does not hold epoch ${epoch}'s posted root`);
    return settled;
  }
  return null;
}

export interface SettleOptions {
  log: readonly InferenceLogEntry[];
  engine?: Required<AttributeOptions>;
  baseDir?: string;
  /** Settle up to this block; default the latest. */
  toBlock?: number;
  /** Compute and write the files without posting the root. */
  dryRun?: boolean;
}

/** `receipts` are the payments settled; `transactions` holds the root's posting (none for a dry run). */
export interface Settled extends SettlementResult, OpResult {
  epoch: number;
  files: { settlement: string; proofs: string };
}

/**
 * Settles the next epoch (the contract's epoch count + 1): receipts since the last unrevoked epoch, attributed,
 * added to its cumulative totals; writes the settlement and proofs files; posts the root with the settlement's hash.
 */
export async function settleNextEpoch(
  contracts: SettlementContracts,
  store: ContentStore,
  attributor: Signer,
  options: SettleOptions,
): Promise<Settled> {
  const { rewards } = contracts;
  const epoch = Number(await rewards.epochCount()) + 1;
  const dir = await settlementsDir(rewards, options.baseDir);
  const previous = await previousSettlement(rewards, dir, epoch);
  const toBlock = options.toBlock ?? (await rewards.runner!.provider!.getBlockNumber());
  const result = await computeEpoch(contracts, store, {
    epoch,
    previous,
    toBlock,
    log: options.log,
    engine: options.engine ?? DEFAULT_ENGINE,
  });
  await mkdir(dir, { recursive: true });
  const files = { settlement: epochFile(dir, epoch), proofs: proofsFile(dir, epoch) };
  await writeFile(files.settlement, settlementJson(result.file));
  await writeFile(files.proofs, JSON.stringify(result.proofs, null, 2));
  const transactions = options.dryRun
    ? []
    : [
        await mined(
          rewards
            .connect(attributor)
            .postRoot(result.file.root, result.file.totalAllocated, result.dataHash, files.settlement),
        ),
      ];
  return { ...result, epoch, files, transactions };
}

export interface Verification {
  epoch: number;
  ok: boolean;
  postedRoot: string;
  recomputedRoot: string;
  postedDataHash: string;
  fileHash: string;
  problems: string[];
}

/**
 * Recomputes epoch `epoch` from public inputs (the chain, the content store and the outputs published in the
 * settlement file at the posted URI, or `file`) and compares it with what was posted.
 */
export async function verifyEpoch(
  contracts: SettlementContracts,
  store: ContentStore,
  epoch: number,
  file?: string,
): Promise<Verification> {
  const { rewards } = contracts;
  if (epoch < 1 || epoch > Number(await rewards.epochCount())) throw new Error(`epoch ${epoch} was never posted`);
  const posted = await rewards.getEpoch(epoch);
  const published = await readSettlementFile(file ?? posted.dataURI);
  const problems: string[] = [];
  const fileHash = settlementHash(published);
  if (fileHash !== posted.dataHash)
    problems.push(`the file hashes to ${fileHash}, the posted data hash is ${posted.dataHash}`);
  let previous: SettlementFile | null = null;
  if (published.previousEpoch > 0) {
    const prior = await rewards.getEpoch(published.previousEpoch);
    previous = await readSettlementFile(prior.dataURI);
    if (previous.root !== prior.root) problems.push(`epoch ${published.previousEpoch}'s file does not hold its root`);
  }
  // An altered file can hold outputs that no longer hash to their inference ids: that is a mismatch to report,
  // not a reason to stop verifying.
  let recomputedRoot = "";
  try {
    const recomputed = await computeEpoch(contracts, store, {
      epoch,
      previous,
      toBlock: published.toBlock,
      log: published.inferences,
      engine: published.engine,
    });
    recomputedRoot = recomputed.file.root;
    if (recomputed.file.root !== posted.root) {
      problems.push(`recomputed root ${recomputed.file.root} differs from the posted ${posted.root}`);
    }
    if (recomputed.file.totalAllocated !== posted.totalAllocated.toString()) {
      problems.push(
        `recomputed total ${recomputed.file.totalAllocated} differs from the posted ${posted.totalAllocated}`,
      );
    }
  } catch (error) {
    problems.push(`the epoch cannot be recomputed from the file: ${(error as Error).message}`);
  }
  return {
    epoch,
    ok: problems.length === 0,
    postedRoot: posted.root,
    recomputedRoot,
    postedDataHash: posted.dataHash,
    fileHash,
    problems,
  };
}

export interface ClaimOutcome {
  account: string;
  /** What this batch paid the account: 0 when it was skipped. */
  paid: bigint;
  /** The contract skipped the entry: someone claimed it between the read and the batch (a front-run or a race). */
  skipped: boolean;
}

/**
 * Claims with a proofs file for `accounts` (all in the file when omitted), skipping those with nothing new,
 * in batches of the contract's MAX_BATCH_CLAIMS. Anyone may send the claims: OPEN goes to each account. An entry
 * claimed by someone else in the meantime is skipped by the contract (ClaimSkipped) and reported as skipped.
 */
export async function claimWithProofs(
  rewards: AttributionRewards,
  sender: Signer,
  proofs: ProofsFile,
  accounts?: readonly string[],
): Promise<OpResult & { outcomes: ClaimOutcome[] }> {
  const wanted = accounts?.map((a) => a.toLowerCase());
  const entries = proofs.claims.filter((c) => !wanted || wanted.includes(c.account.toLowerCase()));
  if (wanted) {
    for (const account of wanted) {
      if (!entries.some((e) => e.account.toLowerCase() === account)) {
        throw new Error(`account ${account} is not in the proofs file of epoch ${proofs.epoch}`);
      }
    }
  }
  const accepted = await rewards.acceptedEpoch();
  const pending = await rewards.pendingEpoch();
  if (BigInt(proofs.epoch) !== accepted) {
    throw new Error(
      `the proofs are for epoch ${proofs.epoch}, but claims use epoch ${accepted}` +
        (pending === BigInt(proofs.epoch) ? " (yours is still in its challenge window)" : ""),
    );
  }
  const due: { account: string; cumulativeAmount: bigint; proof: string[]; paid: bigint }[] = [];
  for (const entry of entries) {
    const claimed = await rewards.claimed(entry.account);
    const cumulative = BigInt(entry.cumulativeAmount);
    if (cumulative > claimed) due.push({ ...entry, cumulativeAmount: cumulative, paid: cumulative - claimed });
  }
  const batch = Number(await rewards.MAX_BATCH_CLAIMS());
  const transactions = [];
  const skipped = new Set<string>();
  for (let i = 0; i < due.length; i += batch) {
    const chunk = due.slice(i, i + batch);
    const leaves = chunk.map(({ account, cumulativeAmount, proof }) => ({ account, cumulativeAmount, proof }));
    const receipt = await mined(rewards.connect(sender).claimMany(leaves));
    for (const log of receipt.logs) {
      const parsed = rewards.interface.parseLog(log);
      if (parsed?.name === "ClaimSkipped") skipped.add((parsed.args.account as string).toLowerCase());
    }
    transactions.push(receipt);
  }
  const outcomes = due.map(({ account, paid }) => {
    const wasSkipped = skipped.has(account.toLowerCase());
    return { account, paid: wasSkipped ? 0n : paid, skipped: wasSkipped };
  });
  return { outcomes, transactions };
}

/** Withdraws everything `owner` accrued (a model or agent owner, the treasury) to `to`, the owner by default. */
export async function withdrawAccrued(rewards: AttributionRewards, owner: Signer, to?: string): Promise<OpResult> {
  const recipient = to ?? (await owner.getAddress());
  return { transactions: [await mined(rewards.connect(owner).withdraw(recipient))] };
}
