// Sends a step's transaction at most once across crashes: the intent (sender and nonce) is journaled before it is
// sent, the hash right after, the outcome once mined; a rerun that finds an intent asks the chain what happened.
import type { Provider, Signer } from "ethers";
import { asRefusal } from "../cli/errors";
import type { StepName, StepPhase, TxStep } from "./journal";

/** Called at every phase of every step, once the phase is journaled: the crash test throws from it. */
export type StepHook = (step: StepName, phase: StepPhase, epoch: number) => void | Promise<void>;

/** What sending needs: who signs, where, and how to journal. */
export interface SendContext {
  signer: Signer & { address: string };
  provider: Provider;
  /** Writes the journal (atomically). */
  save(): Promise<void>;
  hook: StepHook;
  /** How long to wait for a transaction an earlier run sent that is still in the node's pool. */
  pendingTimeoutMs: number;
}

/** The transaction that made a step's effect, as the chain's events show it. */
export interface Effect {
  hash: string;
  block: number;
}

/** One step's transaction. */
export interface TxAction {
  step: StepName;
  epoch: number;
  /** Whether the chain already shows what the transaction does (whoever sent it), and by which transaction. */
  effect(): Promise<Effect | undefined>;
  /** The call to send. */
  request(): Promise<{ to: string; data: string }>;
}

/** A transaction an earlier run sent is still pending past the timeout: the job stops and the next run resumes. */
export class PendingTransactionError extends Error {
  override name = "PendingTransactionError";
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the node knows what became of the sender's transaction `nonce`: "mined" once a transaction with that
 * nonce is in a block (ours, or one that replaced it), "unsent" when the node never had it (or dropped it).
 */
async function nonceOutcome(ctx: SendContext, from: string, nonce: number): Promise<"mined" | "unsent"> {
  const deadline = Date.now() + ctx.pendingTimeoutMs;
  for (;;) {
    if ((await ctx.provider.getTransactionCount(from, "latest")) > nonce) return "mined";
    if ((await ctx.provider.getTransactionCount(from, "pending")) <= nonce) return "unsent";
    if (Date.now() >= deadline) {
      throw new PendingTransactionError(
        `transaction ${nonce} of ${from}, sent by an earlier run, is still pending after ` +
          `${ctx.pendingTimeoutMs / 1000} s; the next run picks it up once it is mined`,
      );
    }
    await sleep(1_000);
  }
}

/** Runs the call without sending it: a contract's refusal becomes the error naming it, before anything is sent. */
export async function simulate(signer: Signer, action: TxAction): Promise<void> {
  try {
    await signer.call(await action.request());
  } catch (error) {
    throw asRefusal(error);
  }
}

/**
 * Sends `action`'s transaction unless the chain shows its effect already, journaling into `record`. A record with an
 * intent comes from a run that stopped: its transaction is waited for if still pending, then the chain decides.
 * Returns what this call did: "sent" the transaction, "found" its effect on the chain (sent by an earlier run or by
 * someone else) and recorded it, or nothing ("none") for a record already done.
 */
export async function sendOnce(ctx: SendContext, record: TxStep, action: TxAction): Promise<"sent" | "found" | "none"> {
  if (record.done) return "none";
  if (record.from !== undefined && record.nonce !== undefined) await nonceOutcome(ctx, record.from, record.nonce);
  const found = await action.effect();
  if (found) {
    Object.assign(record, { hash: found.hash, block: found.block, done: true });
    await ctx.save();
    await ctx.hook(action.step, "done", action.epoch);
    return "found";
  }
  await simulate(ctx.signer, action);
  const request = await action.request();
  const from = ctx.signer.address;
  const nonce = await ctx.provider.getTransactionCount(from, "pending");
  Object.assign(record, { from, nonce, hash: undefined, block: undefined, done: false });
  await ctx.save();
  await ctx.hook(action.step, "intent", action.epoch);

  const response = await ctx.signer.sendTransaction({ ...request, nonce });
  await ctx.hook(action.step, "sent", action.epoch);
  record.hash = response.hash;
  await ctx.save();
  await ctx.hook(action.step, "recorded", action.epoch);

  const receipt = await response.wait();
  if (!receipt || receipt.status !== 1) throw new Error(`transaction ${response.hash} of ${action.step} reverted`);
  await ctx.hook(action.step, "mined", action.epoch);
  Object.assign(record, { block: receipt.blockNumber, done: true });
  await ctx.save();
  await ctx.hook(action.step, "done", action.epoch);
  return "sent";
}
