// Races transactions as a public mempool orders them: automine off, every transaction sent, then one block mined,
// where the higher priority fee goes first.
import { network } from "hardhat";
import type { ContractTransactionReceipt, ContractTransactionResponse } from "ethers";

const GWEI = 10n ** 9n;

/** Overrides for a racing transaction: a fixed gas limit (no estimate against the pending block) and a tip. */
export function tip(priorityGwei: bigint) {
  return {
    gasLimit: 3_000_000n,
    maxPriorityFeePerGas: priorityGwei * GWEI,
    maxFeePerGas: (priorityGwei + 100n) * GWEI,
  };
}

/** What became of a raced transaction: its receipt if it succeeded, else null; and its position in the block. */
export interface Raced {
  receipt: ContractTransactionReceipt | null;
  index: number;
}

/** Sends every transaction with automine off, mines one block, and reports each one's fate in sending order. */
export async function race(sends: (() => Promise<ContractTransactionResponse>)[]): Promise<Raced[]> {
  await network.provider.send("evm_setAutomine", [false]);
  const sent: ContractTransactionResponse[] = [];
  try {
    for (const send of sends) sent.push(await send());
    await network.provider.send("evm_mine", []);
  } finally {
    await network.provider.send("evm_setAutomine", [true]);
  }
  return Promise.all(
    sent.map(async (tx) => {
      const receipt = await tx.provider.getTransactionReceipt(tx.hash);
      return {
        receipt: receipt?.status === 1 ? ((await tx.wait()) as ContractTransactionReceipt) : null,
        index: receipt!.index,
      };
    }),
  );
}
