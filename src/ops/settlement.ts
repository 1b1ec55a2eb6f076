// Settlement operations: settle the next epoch and post its root, verify a posted root, claim with a proofs file.
import type { Signer } from "ethers";
import type { AttributionRewards } from "../../typechain-types";
import type { ContentReader, ContentStore } from "../store/ContentStore";
import { computeEpoch, type SettlementContracts, type SettlementResult } from "../settlement/settle";
import {
  parseSettlementUri,
  proofsPath,
  readSettlement,
  settlementsDir,
  writeProofsFile,
  writeSettlement,
  type ProofsFile,
  type SettlementFile,
} from "../settlement/files";
import type { InferenceLogEntry } from "../settlement/inferenceLog";
import { ChainSettlementSource } from "../settlement/source";
import {
  VERIFICATION_FORMAT,
  checkCompleteness,
  checkParameters,
  checkRange,
  compareLeaves,
  type VerificationProblem,
  type VerificationReport,
} from "../settlement/verifyReport";
import { argumentError } from "../cli/errors";
import { mined, type OpResult } from "./result";
import { readRoot, type PostedRoot } from "../read/roots";

/** The folder of this rewards contract's proofs files under `base`. */
export async function proofsDir(rewards: AttributionRewards, base?: string): Promise<string> {
  const { chainId } = await rewards.runner!.provider!.getNetwork();
  return settlementsDir(chainId, await rewards.getAddress(), base);
}

/**
 * Throws, naming `--from`, unless `account` holds ATTRIBUTOR_ROLE: settling takes a while, and only the post would
 * otherwise tell, by a role hash, that this account may not post the root.
 */
export async function checkAttributor(rewards: AttributionRewards, account: string): Promise<void> {
  if (await rewards.hasRole(await rewards.ATTRIBUTOR_ROLE(), account)) return;
  throw argumentError(
    "from",
    `${account} does not hold ATTRIBUTOR_ROLE, which posts roots: sign as the attributor the deployment named ` +
      "(deploy --attributor, or the parameter file's attributor)",
  );
}

/** The published settlement of a posted epoch, read by its URI and checked against its posted root. */
async function postedSettlement(rewards: AttributionRewards, reader: ContentReader, epoch: number) {
  const onChain = await readRoot(rewards, epoch);
  const settled = await readSettlement(reader, onChain.dataURI).catch((error: Error) => {
    throw new Error(
      `epoch ${epoch} is on-chain, but its settlement at ${onChain.dataURI} cannot be read: ${error.message}`,
    );
  });
  if (settled.root !== onChain.root) throw new Error(`${onChain.dataURI} does not hold epoch ${epoch}'s posted root`);
  return settled;
}

/** The newest earlier epoch whose root was not revoked: the cumulative totals the next epoch adds to. */
async function previousSettlement(rewards: AttributionRewards, reader: ContentReader, before: number) {
  for (let epoch = before - 1; epoch >= 1; epoch--) {
    if ((await readRoot(rewards, epoch)).revoked) continue;
    return postedSettlement(rewards, reader, epoch);
  }
  return null;
}

export interface SettleOptions {
  log: readonly InferenceLogEntry[];
  /** Where the proofs files go (the settlement itself goes into the store). */
  baseDir?: string;
  /** Settle up to this block; default the latest. */
  toBlock?: number;
  /** Compute and write the files without posting the root. */
  dryRun?: boolean;
}

/** `receipts` are the payments settled; `transactions` holds the root's posting (none for a dry run). */
export interface Settled extends SettlementResult, OpResult {
  epoch: number;
  /** The posted URI of the settlement, where its manifest lives in the store, and the proofs file. */
  files: { settlement: string; manifest: string; proofs: string };
}

/**
 * Settles the next epoch (the contract's epoch count + 1): receipts since the last unrevoked epoch, attributed,
 * added to its cumulative totals; writes the settlement into the store and the proofs file; posts the root with the
 * settlement's manifest hash and content URI.
 */
export async function settleNextEpoch(
  contracts: SettlementContracts,
  store: ContentStore,
  attributor: Signer,
  options: SettleOptions,
): Promise<Settled> {
  const { rewards } = contracts;
  const epoch = Number(await rewards.epochCount()) + 1;
  const previous = await previousSettlement(rewards, store, epoch);
  // The latest block asked of the node, not ethers' cached block number, which lags a just-mined payment.
  const toBlock = options.toBlock ?? (await rewards.runner!.provider!.getBlock("latest"))!.number;
  const result = await computeEpoch(contracts, store, {
    epoch,
    previous,
    toBlock,
    log: options.log,
  });
  const published = await writeSettlement(store, result.file);
  if (published.dataHash !== result.dataHash) {
    throw new Error(`the settlement written hashes to ${published.dataHash}, not to its computed ${result.dataHash}`);
  }
  const files = {
    settlement: published.uri,
    manifest: published.path,
    proofs: proofsPath(await proofsDir(rewards, options.baseDir), epoch),
  };
  await writeProofsFile(files.proofs, result.proofs);
  const transactions = options.dryRun
    ? []
    : [
        await mined(
          rewards
            .connect(attributor)
            .postRoot(result.file.root, result.file.totalAllocated, result.dataHash, published.uri),
        ),
      ];
  return { ...result, epoch, files, transactions };
}

/**
 * Reads what an epoch published, by its posted URI, from `reader`, every chunk hash-checked: the manifest's hash
 * (the URI's) must be the posted data hash. What cannot be read is a problem to report, not an exception.
 */
async function readPublished(
  reader: ContentReader,
  posted: PostedRoot,
  report: VerificationReport,
  problem: (kind: VerificationProblem["kind"], message: string) => void,
): Promise<SettlementFile | undefined> {
  try {
    report.fileHash = parseSettlementUri(posted.dataURI);
  } catch (error) {
    problem("data-hash", `the posted data URI is not content-addressed: ${(error as Error).message}`);
    return undefined;
  }
  if (report.fileHash !== posted.dataHash.toLowerCase()) {
    problem(
      "data-hash",
      `the posted URI names manifest ${report.fileHash}, the posted data hash is ${posted.dataHash}`,
    );
  }
  try {
    return await readSettlement(reader, posted.dataURI);
  } catch (error) {
    problem("unreadable", `the published settlement cannot be read: ${(error as Error).message}`);
    return undefined;
  }
}

/**
 * Recomputes epoch `epoch` from public inputs (the chain, the content store holding the datanets' data, and the
 * settlement published at the posted URI, read from `reader`: the store by default, or any copy of it on disk or
 * over HTTP) and reports every way it differs from what was posted: the URI and data hash, the format and engine
 * parameters, the epoch it adds to and its block range, receipts it leaves out, the root, the total, and every
 * leaf that differs (src/settlement/verifyReport.ts, docs/settlement.md).
 */
export async function verifyEpoch(
  contracts: SettlementContracts,
  store: ContentStore,
  epoch: number,
  reader: ContentReader = store,
): Promise<VerificationReport> {
  const { rewards } = contracts;
  if (epoch < 1 || epoch > Number(await rewards.epochCount())) throw new Error(`epoch ${epoch} was never posted`);
  const posted = await readRoot(rewards, epoch);
  const report: VerificationReport = {
    format: VERIFICATION_FORMAT,
    epoch,
    ok: false,
    postedRoot: posted.root,
    recomputedRoot: "",
    postedDataHash: posted.dataHash,
    fileHash: "",
    problems: [],
    findings: [],
    leaves: [],
  };
  const problem = (kind: VerificationProblem["kind"], message: string) => report.problems.push({ kind, message });
  const published = await readPublished(reader, posted, report, problem);
  if (!published) return report;
  if (published.root !== posted.root) problem("file-root", `the file holds root ${published.root}, not the posted one`);
  report.problems.push(...checkParameters(published));
  const previous = await expectedPrevious(rewards, reader, epoch);
  if (previous.problem) problem("previous-epoch", previous.problem);
  report.problems.push(...checkRange(published, previous.file));
  const fromBlock = previous.file ? previous.file.toBlock + 1 : 0;
  const source = new ChainSettlementSource(contracts);
  report.problems.push(...checkCompleteness(published, await source.receipts(fromBlock, published.toBlock)));
  await compareRecomputed(source, store, published, previous.file, posted, report);
  report.ok = report.problems.length === 0;
  return report;
}

/**
 * Recomputes the epoch from public inputs, with the published outputs and the published unavailable set, and adds
 * what differs from the posted root, total and leaves to `report`. A failure to recompute is a problem, not a throw.
 */
async function compareRecomputed(
  source: ChainSettlementSource,
  store: ContentStore,
  published: SettlementFile,
  previous: SettlementFile | null,
  posted: PostedRoot,
  report: VerificationReport,
): Promise<void> {
  const problem = (kind: VerificationProblem["kind"], message: string) => report.problems.push({ kind, message });
  try {
    const recomputed = await computeEpoch(source, store, {
      epoch: report.epoch,
      previous,
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
}

/** The newest earlier unrevoked epoch's file (null for none), checked against its posted root and data hash. */
async function expectedPrevious(
  rewards: AttributionRewards,
  reader: ContentReader,
  epoch: number,
): Promise<{ file: SettlementFile | null; problem?: string }> {
  for (let e = epoch - 1; e >= 1; e--) {
    const prior = await readRoot(rewards, e);
    if (prior.revoked) continue;
    let file: SettlementFile;
    try {
      file = await readSettlement(reader, prior.dataURI);
    } catch (error) {
      return { file: null, problem: `epoch ${e}'s settlement cannot be read: ${(error as Error).message}` };
    }
    if (file.root !== prior.root || parseSettlementUri(prior.dataURI) !== prior.dataHash.toLowerCase()) {
      return {
        file,
        problem: `epoch ${e}'s settlement at ${prior.dataURI} does not hold its posted root and data hash`,
      };
    }
    return { file };
  }
  return { file: null };
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
