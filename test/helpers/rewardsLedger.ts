// What a refused AttributionRewards call must leave untouched (compared with expectUnchanged), and the solvency check.
import { expect } from "chai";
import { ethers } from "hardhat";
import type { AddressLike } from "ethers";
import type { AttributionRewards } from "../../typechain-types";
import { plain } from "./snapshot";

/** Any ERC-20 the tests hold: OPEN or the malicious token. */
export interface BalanceReader {
  balanceOf(account: AddressLike): Promise<bigint>;
}

/**
 * Everything a refused call must leave untouched: token balances, accruals, claims, voucher credit, the contract's
 * totals, the
 * accepted and pending roots and epochs, shares, treasury, challenge window and pause. Compare two reads
 * with `expectUnchanged` (test/helpers/snapshot).
 */
export async function ledger(rewards: AttributionRewards, token: BalanceReader, accounts: AddressLike[]) {
  const addresses = await Promise.all(accounts.map((a) => ethers.resolveAddress(a)));
  return {
    contractBalance: await token.balanceOf(rewards),
    balances: await Promise.all(addresses.map((a) => token.balanceOf(a))),
    accrued: await Promise.all(addresses.map((a) => rewards.accrued(a))),
    claimed: await Promise.all(addresses.map((a) => rewards.claimed(a))),
    credit: await Promise.all(addresses.map((a) => rewards.creditOf(a))),
    creditWithdrawals: await Promise.all(addresses.map(async (a) => plain(await rewards.creditWithdrawalOf(a)))),
    totalCredit: await rewards.totalCredit(),
    totalAccrued: await rewards.totalAccrued(),
    totalDataPoolFunded: await rewards.totalDataPoolFunded(),
    totalClaimed: await rewards.totalClaimed(),
    epochCount: await rewards.epochCount(),
    acceptedRoot: plain(await rewards.acceptedRoot()),
    pendingRoot: plain(await rewards.pendingRoot()),
    acceptedEpoch: await rewards.acceptedEpoch(),
    pendingEpoch: await rewards.pendingEpoch(),
    shares: plain(await rewards.shares()),
    protocolTreasury: await rewards.protocolTreasury(),
    challengeWindow: await rewards.challengeWindow(),
    paused: await rewards.paused(),
  };
}

/** The solvency invariant: the contract holds exactly what it owes. */
export async function expectSolvent(rewards: AttributionRewards, token: BalanceReader): Promise<void> {
  const owed =
    (await rewards.totalAccrued()) +
    (await rewards.totalDataPoolFunded()) -
    (await rewards.totalClaimed()) +
    (await rewards.totalCredit());
  expect(await rewards.totalOwed()).to.equal(owed);
  expect(await token.balanceOf(rewards)).to.equal(owed);
}
