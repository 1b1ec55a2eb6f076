// The one result shape of an operation: the receipts of the transactions it sent, extended by its own fields.
import type { ContractTransactionReceipt, ContractTransactionResponse, Interface } from "ethers";
import { emittedEvent } from "../chain/events";

/**
 * What every operation returns: the receipts of the transactions it sent, in the order sent (none for a dry run or
 * when there was nothing to do). Named `transactions` because a settlement's own `receipts` are the payments it
 * settles, not transactions it sent.
 */
export interface OpResult {
  transactions: ContractTransactionReceipt[];
}

/** Waits for a sent transaction and returns its receipt: ethers gives none only for a transaction never mined. */
export async function mined(tx: Promise<ContractTransactionResponse>): Promise<ContractTransactionReceipt> {
  const response = await tx;
  const receipt = await response.wait();
  if (!receipt) throw new Error(`transaction ${response.hash} was not mined`);
  return receipt;
}

/** The gas of every transaction of a result, in the order sent. */
export function gasOf(result: OpResult): bigint[] {
  return result.transactions.map((receipt) => receipt.gasUsed);
}

/**
 * Waits for a transaction that creates something and returns its receipt with the id the chain assigned, read from
 * the `event` it emitted under `field`: ids come from events, not from counters read beforehand.
 */
export async function minedId<K extends string>(
  contract: { interface: Pick<Interface, "parseLog"> },
  tx: Promise<ContractTransactionResponse>,
  event: string,
  field: K,
): Promise<OpResult & Record<K, bigint>> {
  const receipt = await mined(tx);
  const id = emittedEvent(contract, receipt, event).args[field] as bigint;
  return { [field]: id, transactions: [receipt] } as OpResult & Record<K, bigint>;
}
