// The payout job's last steps for an epoch: accept its root once the challenge window has passed, then claim for
// every account of its published settlement in batches (the contract's claimMany), each batch journaled.
import { getAddress } from "ethers";
import { readSettlement } from "../settlement/files";
import { buildEntitlementTree, proofEntries } from "../settlement/tree";
import type { ProofEntry } from "../settlement/files";
import type { ClaimBatch, EpochRecord } from "./journal";
import { act, eventsFrom, firstEvent, save, type Job } from "./job";
import { sendOnce, simulate, type TxAction } from "./send";
import { readRoot } from "../read/roots";

/** Makes an accepted epoch's acceptance a recorded fact (acceptRoot): done once RootAccepted names the epoch. */
export async function accept(job: Job, record: EpochRecord): Promise<void> {
  const { rewards } = job.contracts;
  record.accept ??= { done: false };
  const action: TxAction = {
    step: "accept",
    epoch: record.epoch,
    effect: () => firstEvent(rewards, rewards.filters.RootAccepted(record.epoch), eventsFrom(record)),
    request: async () => ({ to: await rewards.getAddress(), data: rewards.interface.encodeFunctionData("acceptRoot") }),
  };
  if (job.dryRun) {
    if (await action.effect()) return;
    await simulate(job.send.signer, action);
    act(job, { step: "accept", epoch: record.epoch, detail: "would accept the root" });
    return;
  }
  const sent = await sendOnce(job.send, record.accept, action);
  if (sent)
    act(job, { step: "accept", epoch: record.epoch, detail: "accepted the root", transaction: record.accept.hash });
}

/**
 * Every account's proof against the epoch's posted root, rebuilt from the settlement published at its URI: the
 * same for an epoch the job settled and for one another attributor posted.
 */
async function publishedProofs(job: Job, epoch: number): Promise<Map<string, ProofEntry>> {
  const posted = await readRoot(job.contracts.rewards, epoch);
  const file = await readSettlement(job.store, posted.dataURI);
  const { root, tree } = buildEntitlementTree(new Map(file.cumulative.map((c) => [c.account, BigInt(c.amount)])));
  if (root !== posted.root) throw new Error(`the settlement at ${posted.dataURI} does not hold epoch ${epoch}'s root`);
  return new Map(proofEntries(tree).map((entry) => [getAddress(entry.account), entry]));
}

/** The accounts of `proofs` still owed something, in account order. */
async function accountsDue(job: Job, proofs: Map<string, ProofEntry>): Promise<string[]> {
  const due: string[] = [];
  for (const [account, entry] of proofs) {
    if ((await job.contracts.rewards.claimed(account)) < BigInt(entry.cumulativeAmount)) due.push(account);
  }
  return due;
}

/** One batch's claimMany: done once every account in it has claimed its cumulative amount, whoever claimed it. */
function batchAction(job: Job, record: EpochRecord, batch: ClaimBatch, proofs: Map<string, ProofEntry>): TxAction {
  const { rewards } = job.contracts;
  const entries = batch.accounts.map((account) => proofs.get(account)!);
  return {
    step: "claim",
    epoch: record.epoch,
    effect: async () => {
      for (const entry of entries) {
        if ((await rewards.claimed(entry.account)) < BigInt(entry.cumulativeAmount)) return undefined;
      }
      // The claim of the batch's first account, against this epoch or (claimed later) any epoch.
      const first = batch.accounts[0];
      return (
        (await firstEvent(rewards, rewards.filters.Claimed(record.epoch, first), eventsFrom(record))) ??
        (await firstEvent(rewards, rewards.filters.Claimed(undefined, first), eventsFrom(record)))
      );
    },
    request: async () => ({
      to: await rewards.getAddress(),
      data: rewards.interface.encodeFunctionData("claimMany", [
        entries.map(({ account, cumulativeAmount, proof }) => ({ account, cumulativeAmount, proof })),
      ]),
    }),
  };
}

/**
 * Claims for every account the accepted epoch still owes, in batches of `job.batchSize`. The batches are planned
 * once and journaled, then each is sent at most once; a closing check confirms every account was paid in full.
 */
export async function claim(job: Job, record: EpochRecord): Promise<void> {
  const proofs = await publishedProofs(job, record.epoch);
  if (!record.claims) {
    const due = await accountsDue(job, proofs);
    const batches: ClaimBatch[] = [];
    for (let i = 0; i < due.length; i += job.batchSize) {
      batches.push({ accounts: due.slice(i, i + job.batchSize), tx: { done: false } });
    }
    record.claims = { batches };
    await save(job);
  }
  for (const [i, batch] of record.claims.batches.entries()) {
    const action = batchAction(job, record, batch, proofs);
    const where = `batch ${i + 1} of ${record.claims.batches.length}, ${batch.accounts.length} accounts`;
    if (job.dryRun) {
      if (await action.effect()) continue;
      await simulate(job.send.signer, action);
      act(job, { step: "claim", epoch: record.epoch, detail: `would claim ${where}` });
      continue;
    }
    const did = await sendOnce(job.send, batch.tx, action);
    const detail = did === "sent" ? `claimed ${where}` : `found ${where} already claimed`;
    if (did !== "none") act(job, { step: "claim", epoch: record.epoch, detail, transaction: batch.tx.hash });
  }
  if (job.dryRun) return;
  const unpaid = await accountsDue(job, proofs);
  if (unpaid.length > 0) {
    throw new Error(`after every batch of epoch ${record.epoch}, ${unpaid.length} accounts are still owed: ${unpaid}`);
  }
}

/** Whether every planned batch of the epoch's claims is done. */
export const claimsDone = (record: EpochRecord): boolean =>
  !!record.claims && record.claims.batches.every((batch) => batch.tx.done);
