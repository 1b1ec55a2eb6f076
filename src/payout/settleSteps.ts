// The payout job's first steps for an epoch: settle it (the ops settlement, which publishes its files into the
// content store), post its root (journaled, at most once), and verify what was posted from public inputs.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { checkAttributor, settleNextEpoch, verifyEpoch } from "../ops/settlement";
import { formatReport } from "../settlement/verifyReport";
import type { EpochRecord, SettleStep } from "./journal";
import { act, eventsFrom, firstEvent, save, type Job } from "./job";
import { readLogDirectory } from "./logs";
import { sendOnce, simulate, type TxAction } from "./send";
import { readRoot } from "../read/roots";

/** An epoch posted by the job does not verify: nothing more is done for it until a guardian revokes it. */
export class EpochMismatchError extends Error {
  override name = "EpochMismatchError";
}

/** Another attributor posted the epoch number this settlement was computed for: it is never posted. */
class Superseded extends Error {}

/** Where settleNextEpoch writes the proofs files: the state directory (a dry run's go to a folder of their own). */
const proofsBase = (job: Job) => path.join(job.stateDir, job.dryRun ? "dry-run" : "", "settlements");

/**
 * Settles epoch `record.epoch` up to `toBlock` from the log directory, through settleNextEpoch without its posting
 * (the job posts, journaled), and records the result. The intent (`toBlock`) is journaled first; a failure drops
 * it, since settling sends nothing, so that the next run starts afresh.
 */
export async function settle(job: Job, record: EpochRecord, toBlock: number): Promise<void> {
  // A dry run only computes: anyone may rehearse one.
  if (!job.dryRun) await checkAttributor(job.contracts.rewards, await job.send.signer.getAddress());
  record.settle = { toBlock, done: false };
  await save(job);
  await job.send.hook("settle", "intent", record.epoch);
  let done: SettleStep;
  try {
    const logs = await readLogDirectory(job.logsDir);
    const settled = await settleNextEpoch(job.contracts, job.store, job.send.signer, {
      log: logs.entries,
      toBlock,
      baseDir: proofsBase(job),
      dryRun: true,
    });
    if (settled.epoch !== record.epoch) {
      throw new Error(`epoch ${record.epoch} was posted while it was being settled; the next run settles anew`);
    }
    done = {
      toBlock,
      done: true,
      root: settled.file.root,
      totalAllocated: settled.file.totalAllocated,
      dataHash: settled.dataHash,
      uri: settled.files.settlement,
      receipts: settled.receipts.length,
      logs: logs.files,
      proofs: path.relative(job.stateDir, settled.files.proofs),
    };
  } catch (error) {
    delete record.settle;
    await save(job);
    throw error;
  }
  record.settle = done;
  await save(job);
  await job.send.hook("settle", "done", record.epoch);
  const detail = `settled ${done.receipts} paid inferences up to block ${toBlock}: total ${done.totalAllocated} wei, published at ${done.uri}`;
  act(job, { step: "settle", epoch: record.epoch, detail: job.dryRun ? `would have ${detail}` : detail });
}

/** The postRoot of a settled epoch: done once the chain holds this root as that epoch. */
function postAction(job: Job, record: EpochRecord): TxAction {
  const { rewards } = job.contracts;
  const s = record.settle!;
  return {
    step: "post",
    epoch: record.epoch,
    effect: async () => {
      if (Number(await rewards.epochCount()) < record.epoch) return undefined;
      const posted = await readRoot(rewards, record.epoch);
      if (posted.root !== s.root || posted.dataHash !== s.dataHash) throw new Superseded();
      return firstEvent(rewards, rewards.filters.RootPosted(record.epoch), eventsFrom(record));
    },
    request: async () => ({
      to: await rewards.getAddress(),
      data: rewards.interface.encodeFunctionData("postRoot", [s.root!, s.totalAllocated!, s.dataHash!, s.uri!]),
    }),
  };
}

/**
 * Posts a settled epoch's root, unless the chain already holds it. When another attributor posted that epoch
 * number first, the settlement is marked superseded and never posted (the next settlement starts from theirs).
 */
export async function post(job: Job, record: EpochRecord): Promise<void> {
  record.post ??= { done: false };
  const action = postAction(job, record);
  try {
    if (job.dryRun) {
      if (!(await action.effect())) await simulate(job.send.signer, action);
      act(job, { step: "post", epoch: record.epoch, detail: `would post root ${record.settle!.root}` });
      return;
    }
    const did = await sendOnce(job.send, record.post, action);
    const detail = did === "sent" ? `posted root ${record.settle!.root}` : `found root ${record.settle!.root} posted`;
    act(job, { step: "post", epoch: record.epoch, detail, transaction: record.post.hash });
  } catch (error) {
    if (!(error instanceof Superseded)) throw error;
    record.superseded = true;
    delete record.post;
    await save(job);
    act(job, { step: "post", epoch: record.epoch, detail: "another attributor posted this epoch first; not posted" });
  }
}

/**
 * Verifies a posted epoch from public inputs (verifyEpoch) and writes the report into the state directory. A
 * mismatch stops the job: it neither accepts nor claims against a root it cannot recompute.
 */
export async function verify(job: Job, record: EpochRecord): Promise<void> {
  const report = await verifyEpoch(job.contracts, job.store, record.epoch);
  const name = `verify-${record.epoch}.json`;
  if (!job.dryRun) {
    await writeFile(path.join(job.stateDir, name), JSON.stringify(report, null, 2) + "\n");
    record.verify = { ok: report.ok, problems: report.problems.length, report: name };
    await save(job);
    await job.send.hook("verify", "done", record.epoch);
  }
  if (!report.ok) {
    throw new EpochMismatchError(
      `${formatReport(report)}\nepoch ${record.epoch} does not verify: the job stops here; a guardian revokes it ` +
        `with \`npx hardhat rewards:revoke --epoch ${record.epoch}\` while it is pending`,
    );
  }
  act(job, { step: "verify", epoch: record.epoch, detail: "the posted root matches its recomputation" });
}
