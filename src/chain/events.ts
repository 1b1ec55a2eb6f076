// Finds an event a contract emitted in a transaction: how the client helpers read back the ids the chain assigned.
import type { ContractTransactionReceipt, Interface, LogDescription } from "ethers";

/** The first event named `name` that `contract` emitted in the transaction, or an error naming the transaction. */
export function emittedEvent(
  contract: { interface: Pick<Interface, "parseLog"> },
  receipt: ContractTransactionReceipt,
  name: string,
): LogDescription {
  for (const log of receipt.logs) {
    const parsed = contract.interface.parseLog(log);
    if (parsed?.name === name) return parsed;
  }
  throw new Error(`transaction ${receipt.hash} emitted no ${name}`);
}
