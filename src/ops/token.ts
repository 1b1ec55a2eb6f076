// OPEN balances and transfers: what `token:balance` and `token:transfer` do.
import type { OpenToken } from "../../typechain-types";
import { formatEther, type Signer } from "ethers";
import { mined, type OpResult } from "./result";

/** An account's OPEN (wei) and the supply it is a share of. */
export interface Balance {
  account: string;
  balance: bigint;
  totalSupply: bigint;
}

/** What a transfer moved, and the sender's balance after it. */
export interface Transferred extends OpResult {
  from: string;
  to: string;
  amount: bigint;
  balanceAfter: bigint;
}

/** The OPEN `account` holds. */
export async function readBalance(token: OpenToken, account: string): Promise<Balance> {
  const [balance, totalSupply] = await Promise.all([token.balanceOf(account), token.totalSupply()]);
  return { account, balance, totalSupply };
}

/**
 * Sends `amount` OPEN from `sender` to `to`. A balance too small is refused before anything is sent, naming both
 * amounts (the token would refuse it too, but only after the user paid for a failed estimate on some nodes).
 */
export async function transferOpen(token: OpenToken, sender: Signer, to: string, amount: bigint): Promise<Transferred> {
  const from = await sender.getAddress();
  const held = await token.balanceOf(from);
  if (held < amount) throw new InsufficientOpen(from, held, amount);
  const receipt = await mined(token.connect(sender).transfer(to, amount));
  return { transactions: [receipt], from, to, amount, balanceAfter: await token.balanceOf(from) };
}

/** The sender holds less OPEN than it asked to send. */
export class InsufficientOpen extends Error {
  override name = "InsufficientOpen";
  constructor(
    readonly account: string,
    readonly balance: bigint,
    readonly amount: bigint,
  ) {
    super(`${account} holds ${formatEther(balance)} OPEN, less than the ${formatEther(amount)} OPEN to send`);
  }
}
