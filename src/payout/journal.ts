// The payout job's journal: what each step of each epoch intended and did, kept in the state directory and
// rewritten atomically after every change, so that a run killed at any point leaves a journal the next run trusts.
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { getAddress } from "ethers";

/** The journal file's format; a journal of another format is refused rather than guessed at. */
export const JOURNAL_FORMAT = "openledger-payout-journal/1";
/** The journal's file name inside the state directory. */
export const JOURNAL_FILE = "journal.json";

/** The steps of an epoch, in the order the job takes them. */
export const STEPS = ["settle", "post", "verify", "accept", "claim"] as const;
export type StepName = (typeof STEPS)[number];

/**
 * Where a step is: `intent` is recorded before it acts; a transaction is then `sent`, its hash `recorded`, it is
 * `mined`, and the outcome is recorded (`done`). A step without a transaction goes from `intent` to `done`.
 */
export type StepPhase = "intent" | "sent" | "recorded" | "mined" | "done";

/**
 * One transaction of a step. Written with `from` and `nonce` before it is sent (the intent), `hash` right after,
 * `block` and `done` once mined. A step whose effect the chain already shows is `done` with the transaction that
 * made it (`hash`), found from the chain's events.
 */
export interface TxStep {
  from?: string;
  nonce?: number;
  hash?: string;
  block?: number;
  done: boolean;
}

/** The settlement of an epoch: computed at `toBlock`, published into the content store under `uri`. */
export interface SettleStep {
  toBlock: number;
  done: boolean;
  root?: string;
  totalAllocated?: string;
  dataHash?: string;
  uri?: string;
  /** Paid inferences settled, and the inference log entries read from each file of the log directory. */
  receipts?: number;
  logs?: { file: string; entries: number }[];
  /** The proofs file, relative to the state directory (what `rewards:claim --proofs` takes). */
  proofs?: string;
}

/** One batch of claims: the accounts it pays, and its transaction. */
export interface ClaimBatch {
  accounts: string[];
  tx: TxStep;
}

/** Everything the job did for one epoch. */
export interface EpochRecord {
  epoch: number;
  /** Absent for an epoch the job did not settle itself (posted by someone else): it still verifies and claims. */
  settle?: SettleStep;
  post?: TxStep;
  /** The verification of the posted root; `report` is the report file, relative to the state directory. */
  verify?: { ok: boolean; problems: number; report: string };
  accept?: TxStep;
  claims?: { batches: ClaimBatch[] };
  /** A guardian revoked the root: its receipts go to the next epoch. */
  revoked?: boolean;
  /** Another attributor posted this epoch number first: this settlement was never posted. */
  superseded?: boolean;
}

export interface Journal {
  format: typeof JOURNAL_FORMAT;
  chainId: string;
  rewards: string;
  epochs: EpochRecord[];
}

/** A state directory that cannot be used: another format, or the journal of another chain or contract. */
export class JournalError extends Error {
  override name = "JournalError";
}

/** The journal's path in `stateDir`. */
export const journalPath = (stateDir: string) => path.join(stateDir, JOURNAL_FILE);

/**
 * The journal in `stateDir`, or an empty one bound to `chainId` and `rewards` when there is none. A journal of
 * another chain or rewards contract is refused: its steps say nothing about this one.
 */
export async function loadJournal(stateDir: string, chainId: bigint, rewards: string): Promise<Journal> {
  const file = journalPath(stateDir);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return { format: JOURNAL_FORMAT, chainId: chainId.toString(), rewards: getAddress(rewards), epochs: [] };
  }
  let journal: Journal;
  try {
    journal = JSON.parse(text) as Journal;
  } catch {
    throw new JournalError(`${file} is not JSON; it was not written by the payout job`);
  }
  if (journal.format !== JOURNAL_FORMAT) {
    throw new JournalError(`${file} has format ${JSON.stringify(journal.format)}, not ${JOURNAL_FORMAT}`);
  }
  if (journal.chainId !== chainId.toString() || getAddress(journal.rewards) !== getAddress(rewards)) {
    throw new JournalError(
      `${file} is the journal of rewards ${journal.rewards} on chain ${journal.chainId}, not of ${getAddress(rewards)} ` +
        `on chain ${chainId}: give each deployment its own --state directory`,
    );
  }
  return journal;
}

/**
 * Writes the journal: to a temporary file first, then renamed over the old one, so that a crash mid-write leaves
 * the previous journal whole rather than half a new one.
 */
export async function saveJournal(stateDir: string, journal: Journal): Promise<void> {
  await mkdir(stateDir, { recursive: true });
  const file = journalPath(stateDir);
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(journal, null, 2) + "\n");
  await rename(temporary, file);
}

/** The record of `epoch`, created (in epoch order) when there is none. */
export function epochRecord(journal: Journal, epoch: number): EpochRecord {
  let record = journal.epochs.find((e) => e.epoch === epoch && !e.superseded);
  if (!record) {
    record = { epoch };
    journal.epochs.push(record);
    journal.epochs.sort((a, b) => a.epoch - b.epoch);
  }
  return record;
}

/** The epoch the job settled and has not yet seen through to a posted (or superseded) root, if any. */
export function unpostedSettlement(journal: Journal): EpochRecord | undefined {
  return journal.epochs.find((e) => e.settle && !e.superseded && !e.revoked && !e.post?.done);
}
