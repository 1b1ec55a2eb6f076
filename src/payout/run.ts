// One run of the payout job: takes the lock, resumes what an earlier run left half done, then settles, posts,
// verifies, accepts and claims as far as the chain allows, and reports one status with its exit code.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Signer } from "ethers";
import { isoDate } from "../read/json";
import { readManifest } from "../settlement/files";
import { ChainSettlementSource } from "../settlement/source";
import type { ContentStore } from "../store/ContentStore";
import { accept, claim, claimsDone } from "./claimSteps";
import { epochRecord, loadJournal, saveJournal, unpostedSettlement, type EpochRecord } from "./journal";
import { act, save, type Job, type PayoutContracts } from "./job";
import { acquireLock, LockHeldError } from "./lock";
import type { StepHook } from "./send";
import { post, settle, verify } from "./settleSteps";
import { EXIT_CODES, STATUS_FORMAT, failedStatus, type PayoutOutcome, type PayoutStatus } from "./status";
import { readRoot } from "../read/roots";

/** How long a run waits for a transaction an earlier run left in the node's pool before it stops (two minutes). */
export const PENDING_TIMEOUT_MS = 120_000;

export interface PayoutOptions {
  stateDir: string;
  logsDir: string;
  store: ContentStore;
  /** Compute everything, send nothing, journal nothing. */
  dryRun?: boolean;
  /** Accounts per claim batch; default and most the contract's MAX_BATCH_CLAIMS. */
  batchSize?: number;
  /** Settle only receipts at least this many blocks below the head (default 0). */
  confirmations?: number;
  /** Called at every phase of every step once it is journaled (the crash test throws from it). */
  onStep?: StepHook;
  /** How long to wait for a transaction an earlier run left pending (default PENDING_TIMEOUT_MS). */
  pendingTimeoutMs?: number;
}

/**
 * Runs the job once against `contracts`, signing as `signer` (the attributor: it posts roots; anyone may accept and
 * claim). Another run holding the lock gives the "locked" status; any failure is thrown, the journal left so that
 * the next run resumes exactly where this one stopped.
 */
export async function runPayout(
  contracts: PayoutContracts,
  signer: Signer & { address: string },
  options: PayoutOptions,
): Promise<PayoutStatus> {
  const stateDir = path.resolve(options.stateDir);
  const dryRun = options.dryRun ?? false;
  await mkdir(stateDir, { recursive: true });
  let lock;
  if (!dryRun) {
    try {
      lock = await acquireLock(stateDir);
    } catch (error) {
      if (error instanceof LockHeldError) return failedStatus("locked", error.message, { stateDir, dryRun });
      throw error;
    }
  }
  try {
    const job = await openJob(contracts, signer, { ...options, stateDir, dryRun });
    const outcome = await advance(job);
    const status = await statusOf(job, outcome);
    return lock?.tookOver ? { ...status, tookOverLock: lock.tookOver } : status;
  } finally {
    await lock?.release();
  }
}

async function openJob(
  contracts: PayoutContracts,
  signer: Signer & { address: string },
  options: PayoutOptions & { stateDir: string; dryRun: boolean },
): Promise<Job> {
  const { rewards } = contracts;
  const provider = signer.provider!;
  const { chainId } = await provider.getNetwork();
  const journal = await loadJournal(options.stateDir, chainId, await rewards.getAddress());
  const maxBatch = Number(await rewards.MAX_BATCH_CLAIMS());
  const batchSize = Math.min(options.batchSize ?? maxBatch, maxBatch);
  return {
    contracts,
    store: options.store,
    provider,
    journal,
    stateDir: options.stateDir,
    logsDir: options.logsDir,
    dryRun: options.dryRun,
    batchSize,
    confirmations: options.confirmations ?? 0,
    actions: [],
    send: {
      signer,
      provider,
      save: options.dryRun ? async () => undefined : () => saveJournal(options.stateDir, journal),
      hook: options.onStep ?? (() => undefined),
      pendingTimeoutMs: options.pendingTimeoutMs ?? PENDING_TIMEOUT_MS,
    },
  };
}

/** Takes every step the chain allows now and says where that leaves the job. */
async function advance(job: Job): Promise<PayoutOutcome> {
  const { rewards } = job.contracts;
  const open = unpostedSettlement(job.journal);
  if (open) {
    act(job, {
      step: "resume",
      epoch: open.epoch,
      detail: "an earlier run settled this epoch and did not see it posted",
    });
    if (!open.settle!.done) await settle(job, open, open.settle!.toBlock);
    await post(job, open);
  }
  const count = Number(await rewards.epochCount());
  if (count > 0) await checkNewest(job, epochRecord(job.journal, count));
  if ((await rewards.pendingEpoch()) !== 0n) return "waiting";

  const accepted = Number(await rewards.acceptedEpoch());
  if (accepted > 0) {
    const record = epochRecord(job.journal, accepted);
    if (!record.verify?.ok) await verify(job, record);
    if (!record.accept?.done) await accept(job, record);
    if (!claimsDone(record)) await claim(job, record);
  }
  const toBlock = (await job.provider.getBlockNumber()) - job.confirmations;
  if (!(await somethingNew(job, count, toBlock))) return job.actions.length > 0 ? "done" : "nothing-to-do";
  const next = epochRecord(job.journal, count + 1);
  await settle(job, next, toBlock);
  await post(job, next);
  if (next.superseded) return "waiting";
  if (!job.dryRun) await verify(job, next);
  return "waiting";
}

/** The newest posted epoch: noted as revoked if a guardian revoked it, else verified (once) while pending. */
async function checkNewest(job: Job, record: EpochRecord): Promise<void> {
  const posted = await readRoot(job.contracts.rewards, record.epoch);
  if (posted.revoked) {
    if (record.revoked) return;
    record.revoked = true;
    await save(job);
    act(job, {
      step: "verify",
      epoch: record.epoch,
      detail: "revoked by a guardian: the next epoch settles its receipts",
    });
    return;
  }
  if (!record.verify?.ok && (await job.contracts.rewards.pendingEpoch()) === BigInt(record.epoch)) {
    await verify(job, record);
  }
}

/**
 * Whether a paid inference funded a data pool after the newest unrevoked epoch's settlement ended, up to `toBlock`:
 * what a new epoch would settle.
 */
async function somethingNew(job: Job, count: number, toBlock: number): Promise<boolean> {
  const { rewards } = job.contracts;
  let fromBlock = 0;
  for (let epoch = count; epoch >= 1; epoch--) {
    const posted = await readRoot(rewards, epoch);
    if (posted.revoked) continue;
    // The manifest's header holds the block range: no need to read the settlement's chunks every run.
    fromBlock = (await readManifest(job.store, posted.dataURI)).header.toBlock + 1;
    break;
  }
  if (toBlock < fromBlock) return false;
  const receipts = await new ChainSettlementSource(job.contracts).receipts(fromBlock, toBlock);
  return receipts.some((r) => r.dataPoolAmount + r.baseDataPoolAmount > 0n);
}

async function statusOf(job: Job, outcome: PayoutOutcome): Promise<PayoutStatus> {
  const { rewards } = job.contracts;
  const [count, accepted, pending] = await Promise.all([
    rewards.epochCount(),
    rewards.acceptedEpoch(),
    rewards.pendingEpoch(),
  ]);
  const claimableAt = pending === 0n ? null : isoDate((await rewards.pendingRoot()).claimableAt);
  return {
    format: STATUS_FORMAT,
    outcome,
    exitCode: EXIT_CODES[outcome],
    dryRun: job.dryRun,
    chainId: job.journal.chainId,
    rewards: job.journal.rewards,
    stateDir: job.stateDir,
    epochCount: Number(count),
    acceptedEpoch: Number(accepted),
    pendingEpoch: Number(pending),
    claimableAt,
    actions: job.actions,
  };
}
