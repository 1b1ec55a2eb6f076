// The reader of AttributionRewards: epochs, the pending root, the money ledger, and what an account can claim.
import { readdir } from "node:fs/promises";
import path from "node:path";
import type { AttributionRewards } from "../../typechain-types";
import type { ProofsFile } from "../settlement/files";
import { HELD, isoDate } from "./json";
import { readRoot } from "./roots";

/** A posted root, its dates as ISO strings. */
export interface EpochView {
  epoch: bigint;
  root: string;
  totalAllocated: bigint;
  postedAt: string | null;
  claimableAt: string | null;
  revoked: boolean;
  /** A challenge holds the root: it cannot be accepted until the challenge is resolved or expires. */
  held: boolean;
  dataURI: string;
}

/** What `rewards:status` prints. */
export interface RewardsStatus {
  epochCount: bigint;
  acceptedEpoch: bigint;
  /** The root waiting out its challenge window, if any, and when it becomes claimable. */
  pending: EpochView | null;
  challengeWindowSeconds: bigint;
  /** OPEN paid into data pools ever; allocated by the accepted root; claimed by contributors. */
  funded: bigint;
  allocated: bigint;
  claimed: bigint;
  /** OPEN accrued to treasury, model and agent owners and not yet withdrawn. */
  accrued: bigint;
  /** What the contract owes in all (accrued + funded - claimed): its balance equals this. */
  owed: bigint;
}

/** What `rewards:claimable` prints for one account. */
export interface Claimable {
  account: string;
  epoch: number;
  cumulativeAmount: bigint;
  claimed: bigint;
  /** What a claim with this file would pay now: 0 unless its epoch is the accepted one. */
  claimable: bigint;
  /** `accepted`, `pending` (with claimableAt), `revoked`, `superseded`, or `unknown` (the chain has no such root). */
  state: "accepted" | "pending" | "revoked" | "superseded" | "unknown";
  claimableAt: string | null;
}

/** Epoch `epoch` as posted. */
export async function readEpoch(rewards: AttributionRewards, epoch: bigint): Promise<EpochView> {
  const e = await readRoot(rewards, epoch);
  return {
    epoch,
    root: e.root,
    totalAllocated: e.totalAllocated,
    postedAt: isoDate(e.postedAt),
    claimableAt: isoDate(e.claimableAt),
    revoked: e.revoked,
    held: e.claimableAt === HELD,
    dataURI: e.dataURI,
  };
}

/** The rewards contract's epochs and ledger. */
export async function readRewardsStatus(rewards: AttributionRewards): Promise<RewardsStatus> {
  const [epochCount, acceptedEpoch, pendingEpoch, window, funded, claimed, accrued, owed] = await Promise.all([
    rewards.epochCount(),
    rewards.acceptedEpoch(),
    rewards.pendingEpoch(),
    rewards.challengeWindow(),
    rewards.totalDataPoolFunded(),
    rewards.totalClaimed(),
    rewards.totalAccrued(),
    rewards.totalOwed(),
  ]);
  const { totalAllocated: allocated } = await rewards.acceptedRoot();
  return {
    epochCount,
    acceptedEpoch,
    pending: pendingEpoch === 0n ? null : await readEpoch(rewards, pendingEpoch),
    challengeWindowSeconds: window,
    funded,
    allocated,
    claimed,
    accrued,
    owed,
  };
}

/** What `account` could claim now with `proofs`, or undefined when the file has no entry for it. */
export async function readClaimable(
  rewards: AttributionRewards,
  proofs: ProofsFile,
  account: string,
): Promise<Claimable | undefined> {
  const entry = proofs.claims.find((c) => c.account.toLowerCase() === account.toLowerCase());
  if (!entry) return undefined;
  const epoch = BigInt(proofs.epoch);
  const [claimed, acceptedEpoch, epochCount] = await Promise.all([
    rewards.claimed(entry.account),
    rewards.acceptedEpoch(),
    rewards.epochCount(),
  ]);
  const cumulativeAmount = BigInt(entry.cumulativeAmount);
  const posted = epoch >= 1n && epoch <= epochCount ? await readRoot(rewards, epoch) : undefined;
  const state: Claimable["state"] =
    !posted || posted.root !== proofs.root
      ? "unknown"
      : posted.revoked
        ? "revoked"
        : epoch === acceptedEpoch
          ? "accepted"
          : epoch > acceptedEpoch
            ? "pending"
            : "superseded";
  const claimable = state === "accepted" && cumulativeAmount > claimed ? cumulativeAmount - claimed : 0n;
  return {
    account: entry.account,
    epoch: proofs.epoch,
    cumulativeAmount,
    claimed,
    claimable,
    state,
    claimableAt: posted ? isoDate(posted.claimableAt) : null,
  };
}

/** The proofs file of the highest epoch in `dir` (`proofs-<epoch>.json`), or undefined when there is none. */
export async function latestProofsFile(dir: string): Promise<string | undefined> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const epochs = names
    .map((name) => /^proofs-(\d+)\.json$/.exec(name)?.[1])
    .filter((epoch): epoch is string => epoch !== undefined)
    .map(Number)
    .sort((a, b) => b - a);
  return epochs.length === 0 ? undefined : path.join(dir, `proofs-${epochs[0]}.json`);
}
