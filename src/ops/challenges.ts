// Root challenges and attributor stakes on a deployed suite: what `rewards:challenge`, `attributor:stake` and
// `attributor:unstake` send. Each approves RootChallenges first when its allowance is short, and returns an OpResult.
import type { OpenToken, RootChallenges } from "../../typechain-types";
import type { AddressLike, Signer } from "ethers";
import { emittedEvent } from "../chain/events";
import { STORE_URI_PREFIX } from "../settlement/files";
import { contentHash, type ContentStore } from "../store/ContentStore";
import { mined, type OpResult } from "./result";

/** A challenge opened: its id, what it locked and until when governance may resolve it. */
export interface Challenged extends OpResult {
  challengeId: bigint;
  epoch: bigint;
  bond: bigint;
  evidenceHash: string;
  evidenceURI: string;
  deadline: bigint;
}

/** A stake change: what moved, and the sender's stake after it. */
export interface StakeChanged extends OpResult {
  attributor: string;
  amount: bigint;
  active: bigint;
  unstaking: bigint;
  /** When the amount waiting to be unstaked may be taken back (0 if none waits). */
  unlockAt: bigint;
}

/** The URI of evidence kept in the content store: it names the bytes by their keccak-256, like a settlement's. */
export const evidenceUri = (hash: string): string => `${STORE_URI_PREFIX}${hash.toLowerCase()}`;

/**
 * Challenges the pending root `epoch` with `evidence` (typically the JSON report of `attribution:verify --json`):
 * the evidence hash is its keccak-256; without `uri` the file goes into `store` and the URI names it there. The bond
 * defaults to the contract's `challengeBond`.
 */
export async function challengeRoot(
  challenges: RootChallenges,
  token: OpenToken,
  signer: Signer,
  request: { epoch: bigint; evidence: Uint8Array; uri?: string; bond?: bigint; store: ContentStore },
): Promise<Challenged> {
  const evidenceHash = contentHash(request.evidence);
  let evidenceURI = request.uri;
  if (evidenceURI === undefined) evidenceURI = evidenceUri((await request.store.put(request.evidence)).hash);
  const bond = request.bond ?? (await challenges.challengeBond());
  const transactions = await approveIfShort(challenges, token, signer, bond);
  const receipt = await mined(challenges.connect(signer).challengeRoot(request.epoch, bond, evidenceHash, evidenceURI));
  transactions.push(receipt);
  const opened = emittedEvent(challenges, receipt, "ChallengeOpened");
  return {
    transactions,
    challengeId: opened.args.challengeId as bigint,
    epoch: request.epoch,
    bond,
    evidenceHash,
    evidenceURI,
    deadline: opened.args.deadline as bigint,
  };
}

/** Locks `amount` OPEN as the signer's attributor stake. */
export async function stake(
  challenges: RootChallenges,
  token: OpenToken,
  signer: Signer,
  amount: bigint,
): Promise<StakeChanged> {
  const transactions = await approveIfShort(challenges, token, signer, amount);
  transactions.push(await mined(challenges.connect(signer).stake(amount)));
  return stakeChanged(challenges, signer, amount, transactions);
}

/** Asks for `amount` of the signer's active stake back; it may be taken after `unstakeDelay`. */
export async function requestUnstake(
  challenges: RootChallenges,
  signer: Signer,
  amount: bigint,
): Promise<StakeChanged> {
  const receipt = await mined(challenges.connect(signer).requestUnstake(amount));
  return stakeChanged(challenges, signer, amount, [receipt]);
}

/** Takes back everything the signer requested, once its delay has passed. */
export async function completeUnstake(challenges: RootChallenges, signer: Signer): Promise<StakeChanged> {
  const receipt = await mined(challenges.connect(signer).completeUnstake());
  const amount = emittedEvent(challenges, receipt, "Unstaked").args.amount as bigint;
  return stakeChanged(challenges, signer, amount, [receipt]);
}

async function stakeChanged(
  challenges: RootChallenges,
  signer: Signer,
  amount: bigint,
  transactions: OpResult["transactions"],
): Promise<StakeChanged> {
  const attributor = await signer.getAddress();
  const { active, unstaking, unlockAt } = await challenges.stakeOf(attributor);
  return { transactions, attributor, amount, active, unstaking, unlockAt };
}

/** Approves `spender` for `amount` when the signer's allowance is below it; returns the receipts sent. */
export async function approveIfShort(spender: AddressLike, token: OpenToken, signer: Signer, amount: bigint) {
  const owner = await signer.getAddress();
  if ((await token.allowance(owner, spender)) >= amount) return [];
  return [await mined(token.connect(signer).approve(spender, amount))];
}

/** Withdraws everything RootChallenges owes the signer (returned bonds, rewards, forfeits) to `to`, itself by default. */
export async function withdrawOwed(
  challenges: RootChallenges,
  signer: Signer,
  to?: string,
): Promise<OpResult & { amount: bigint }> {
  const receipt = await mined(challenges.connect(signer).withdraw(to ?? (await signer.getAddress())));
  return { amount: emittedEvent(challenges, receipt, "Withdrawn").args.amount as bigint, transactions: [receipt] };
}
