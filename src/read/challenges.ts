// The reader of RootChallenges: every challenge with its status and dates, the parameters, and an attributor's stake.
import type { RootChallenges } from "../../typechain-types";
import { isoDate } from "./json";

/** IRootChallenges.ChallengeStatus, by index. */
export const CHALLENGE_STATUSES = ["None", "Open", "Upheld", "Dismissed", "Expired"] as const;
export type ChallengeStatusName = (typeof CHALLENGE_STATUSES)[number];

/** A challenge as `rewards:challenges` prints it, dates as ISO strings. */
export interface ChallengeView {
  id: bigint;
  epoch: bigint;
  status: ChallengeStatusName;
  challenger: string;
  attributor: string;
  bond: bigint;
  evidenceHash: string;
  evidenceURI: string;
  openedAt: string | null;
  /** Governance may resolve it before this date; anyone may expire it from then. */
  deadline: string | null;
}

/** What `rewards:challenges` prints: the parameters and the challenges, oldest first. */
export interface ChallengesStatus {
  challengeBond: bigint;
  resolutionPeriodSeconds: bigint;
  slashBps: bigint;
  minStake: bigint;
  totalStaked: bigint;
  totalBonded: bigint;
  totalOwed: bigint;
  challenges: ChallengeView[];
}

/** An attributor's stake, as `attributor:stake` and `attributor:unstake` print it. */
export interface StakeView {
  attributor: string;
  active: bigint;
  unstaking: bigint;
  unlockAt: string | null;
  minStake: bigint;
  /** Whether the active stake is enough to post a root now. */
  canPost: boolean;
  /** What RootChallenges owes the account (returned bonds, rewards, forfeits), to take with `rewards:challenge-withdraw`. */
  owed: bigint;
}

/** Challenge `id` as recorded. */
export async function readChallenge(challenges: RootChallenges, id: bigint): Promise<ChallengeView> {
  const c = await challenges.getChallenge(id);
  return {
    id,
    epoch: c.epoch,
    status: CHALLENGE_STATUSES[Number(c.status)],
    challenger: c.challenger,
    attributor: c.attributor,
    bond: c.bond,
    evidenceHash: c.evidenceHash,
    evidenceURI: c.evidenceURI,
    openedAt: isoDate(c.openedAt),
    deadline: isoDate(c.deadline),
  };
}

/** The parameters and every challenge, or only those of `epoch`. */
export async function readChallenges(challenges: RootChallenges, epoch?: bigint): Promise<ChallengesStatus> {
  const [challengeBond, period, slashBps, minStake, totalStaked, totalBonded, totalOwed, count] = await Promise.all([
    challenges.challengeBond(),
    challenges.resolutionPeriod(),
    challenges.slashBps(),
    challenges.minStake(),
    challenges.totalStaked(),
    challenges.totalBonded(),
    challenges.totalOwed(),
    challenges.challengeCount(),
  ]);
  const all: ChallengeView[] = [];
  for (let id = 1n; id <= count; id++) all.push(await readChallenge(challenges, id));
  return {
    challengeBond,
    resolutionPeriodSeconds: period,
    slashBps,
    minStake,
    totalStaked,
    totalBonded,
    totalOwed,
    challenges: epoch === undefined ? all : all.filter((c) => c.epoch === epoch),
  };
}

/** `attributor`'s stake and whether it may post. */
export async function readStake(challenges: RootChallenges, attributor: string): Promise<StakeView> {
  const [s, minStake, owed] = await Promise.all([
    challenges.stakeOf(attributor),
    challenges.minStake(),
    challenges.owed(attributor),
  ]);
  return {
    attributor,
    active: s.active,
    unstaking: s.unstaking,
    unlockAt: isoDate(s.unlockAt),
    minStake,
    canPost: s.active >= minStake,
    owed,
  };
}
