// Settlement operations: settle the next epoch and post its root, verify a posted root, claim with a proofs file.
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Signer } from "ethers";
import type { AttributionRewards } from "../../typechain-types";
import type { ContentStore } from "../store/ContentStore";
import {
  computeEpoch,
  readReceipts,
  settlementHash,
  settlementJson,
  type InferenceLogEntry,
  type SettlementContracts,
  type SettlementFile,
  type SettlementResult,
} from "../settlement/settle";
import type { ProofsFile } from "../settlement/tree";
import {
  VERIFICATION_FORMAT,
  checkCompleteness,
  checkParameters,
  checkRange,
  compareLeaves,
  type VerificationProblem,
  type VerificationReport,
} from "../settlement/verifyReport";
import { mined, type OpResult } from "./result";

export const DEFAULT_SETTLEMENTS_DIR = path.join("data", "settlements");

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

/**
 * Recomputes epoch `epoch` from public inputs (the chain, the content store and the outputs published in the
 * settlement file at the posted URI, or `file`) and reports every way it differs from what was posted: the file's
 * hash, its format and engine parameters, the epoch it adds to and its block range, receipts it leaves out, the
 * root, the total, and every leaf that differs (src/settlement/verifyReport.ts, docs/settlement.md).
 */
export async function verifyEpoch(
  contracts: SettlementContracts,
  store: ContentStore,
  epoch: number,
  file?: string,
): Promise<VerificationReport> {
  const { rewards } = contracts;
  if (epoch < 1 || epoch > Number(await rewards.epochCount())) throw new Error(`epoch ${epoch} was never posted`);
  const posted = await rewards.getEpoch(epoch);
  const published = await readSettlementFile(file ?? posted.dataURI);
  const report: VerificationReport = {
    format: VERIFICATION_FORMAT,
    epoch,
    ok: false,
    postedRoot: posted.root,
    recomputedRoot: "",
    postedDataHash: posted.dataHash,
    fileHash: settlementHash(published),
    problems: [],
    findings: [],
    leaves: [],
  };
  const problem = (kind: VerificationProblem["kind"], message: string) => report.problems.push({ kind, message });
  if (report.fileHash !== posted.dataHash) {
    problem("data-hash", `the file hashes to ${report.fileHash}, the posted data hash is ${posted.dataHash}`);
  }
  if (published.root !== posted.root) problem("file-root", `the file holds root ${published.root}, not the posted one`);
  report.problems.push(...checkParameters(published));
  const previous = await expectedPrevious(rewards, epoch);
  if (previous.problem) problem("previous-epoch", previous.problem);
  report.problems.push(...checkRange(published, previous.file));
  const fromBlock = previous.file ? previous.file.toBlock + 1 : 0;
  const receipts = await readReceipts(rewards, fromBlock, published.toBlock);
  report.problems.push(...checkCompleteness(published, receipts));
  try {
    const recomputed = await computeEpoch(contracts, store, {
      epoch,
      previous: previous.file,
      toBlock: published.toBlock,
      log: (published.inferences ?? []).map(({ proof: _proof, ...entry }) => entry),
      unavailable: new Set(
        (published.excluded ?? []).filter((e) => e.reason === "unavailable").map((e) => e.contributionId),
      ),
    });
    report.recomputedRoot = recomputed.file.root;
    if (recomputed.file.root !== posted.root) {
      problem("root", `recomputed root ${recomputed.file.root} differs from the posted ${posted.root}`);
    }
    if (recomputed.file.totalAllocated !== posted.totalAllocated.toString()) {
      problem(
        "total",
        `recomputed total ${recomputed.file.totalAllocated} differs from the posted ${posted.totalAllocated}`,
      );
    }
    report.leaves = compareLeaves(recomputed.file.cumulative, published.cumulative ?? []);
    if (report.leaves.length > 0) problem("leaves", `${report.leaves.length} accounts' amounts differ`);
    if (recomputed.heldAnyway.length > 0) {
      report.findings.push({
        kind: "data-available",
        message: `${recomputed.heldAnyway.length} contributions settled as unavailable are in this verifier's store`,
        contributionIds: recomputed.heldAnyway,
      });
    }
  } catch (error) {
    problem("recompute-failed", `the epoch cannot be recomputed from public inputs: ${(error as Error).message}`);
  }
  report.ok = report.problems.length === 0;
  return report;
}

/** The newest earlier unrevoked epoch's file (null for none), checked against its posted root and data hash. */
async function expectedPrevious(
  rewards: AttributionRewards,
  epoch: number,
): Promise<{ file: SettlementFile | null; problem?: string }> {
  for (let e = epoch - 1; e >= 1; e--) {
    const prior = await rewards.getEpoch(e);
    if (prior.revoked) continue;
    const file = await readSettlementFile(prior.dataURI);
    if (file.root !== prior.root || settlementHash(file) !== prior.dataHash) {
      return { file, problem: `epoch ${e}'s file at ${prior.dataURI} does not hold its posted root and data hash` };
    }
    return { file };
  }
  return { file: null };
}

export interface ClaimOutcome {
  account: string;
  paid: bigint;
}

/**
 * Claims with a proofs file for `accounts` (all in the file when omitted), skipping those with nothing new,
 * in batches of the contract's MAX_BATCH_CLAIMS. Anyone may send the claims: OPEN goes to each account.
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
  for (let i = 0; i < due.length; i += batch) {
    const chunk = due.slice(i, i + batch);
    const leaves = chunk.map(({ account, cumulativeAmount, proof }) => ({ account, cumulativeAmount, proof }));
    transactions.push(await mined(rewards.connect(sender).claimMany(leaves)));
  }
  return { outcomes: due.map(({ account, paid }) => ({ account, paid })), transactions };
}

/** Withdraws everything `owner` accrued (a model or agent owner, the treasury) to `to`, the owner by default. */
export async function withdrawAccrued(rewards: AttributionRewards, owner: Signer, to?: string): Promise<OpResult> {
  const recipient = to ?? (await owner.getAddress());
  return { transactions: [await mined(rewards.connect(owner).withdraw(recipient))] };
}
