// Governance operations as OpResults: delegating OPEN's votes, and each step of a proposal's life (src/gov/proposals)
// with the receipts of what it sent, so that a caller can book their gas.
import { ContractTransactionReceipt, type Signer } from "ethers";
import type { OpenToken } from "../../typechain-types";
import type { ProposalCalls } from "../gov/actions";
import type { Support } from "../gov/args";
import type { Governance } from "../gov/deployment";
import { execute, propose, queue, vote } from "../gov/proposals";
import { mined, type OpResult } from "./result";

/** Delegates the signer's votes to `delegatee` (itself by default): OPEN counts in a vote only once delegated. */
export async function delegateVotes(token: OpenToken, signer: Signer, delegatee?: string): Promise<OpResult> {
  const to = delegatee ?? (await signer.getAddress());
  return { transactions: [await mined(token.connect(signer).delegate(to))] };
}

/** Proposes `calls` with `description`; returns the proposal's id. */
export async function proposeCalls(
  gov: Governance,
  signer: Signer,
  calls: ProposalCalls,
  description: string,
): Promise<OpResult & { id: bigint }> {
  const sent = await propose(gov, signer, calls, description);
  return { id: sent.id, transactions: [await receiptOf(gov, sent.txHash)] };
}

/** Casts the signer's vote on proposal `id`; returns the weight counted. */
export async function castVote(
  gov: Governance,
  signer: Signer,
  id: bigint,
  support: Support,
  reason = "",
): Promise<OpResult & { weight: bigint }> {
  const cast = await vote(gov, signer, id, support, reason);
  return { weight: cast.weight, transactions: [await receiptOf(gov, cast.txHash)] };
}

/** Queues succeeded proposal `id` in the timelock; returns when it may be executed. */
export async function queueProposal(gov: Governance, signer: Signer, id: bigint): Promise<OpResult & { eta: Date }> {
  const queued = await queue(gov, signer, id);
  return { eta: queued.eta, transactions: [await receiptOf(gov, queued.txHash)] };
}

/** Executes queued proposal `id` once its timelock delay has passed. */
export async function executeProposal(gov: Governance, signer: Signer, id: bigint): Promise<OpResult> {
  const done = await execute(gov, signer, id);
  return { transactions: [await receiptOf(gov, done.txHash)] };
}

/** The receipt of a transaction src/gov sent and waited for, with its logs parsed by the Governor's interface. */
async function receiptOf(gov: Governance, txHash: string): Promise<ContractTransactionReceipt> {
  const provider = gov.governor.runner!.provider!;
  const receipt = await provider.getTransactionReceipt(txHash);
  if (!receipt) throw new Error(`transaction ${txHash} was not mined`);
  return new ContractTransactionReceipt(gov.governor.interface, provider, receipt);
}
