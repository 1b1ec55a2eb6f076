// Shared fixtures of the governance tests: a suite handed over to the timelock, holders with delegated votes, and
// the steps of one proposal (propose, vote, queue, execute) as plain contract calls.
import { time } from "@nomicfoundation/hardhat-network-helpers";
import hre, { ethers } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { deploySuite, type GovernedSuite } from "../../src/chain/deploy";

/** The states of OpenZeppelin's IGovernor.ProposalState, by name. */
export const State = {
  Pending: 0n,
  Active: 1n,
  Canceled: 2n,
  Defeated: 3n,
  Succeeded: 4n,
  Queued: 5n,
  Expired: 6n,
  Executed: 7n,
} as const;

/** GovernorCountingSimple's vote types. */
export const Vote = { Against: 0, For: 1, Abstain: 2 } as const;

/** One proposal's calls, as the Governor takes them. */
export interface Proposal {
  targets: string[];
  values: bigint[];
  calldatas: string[];
  description: string;
}

export interface Governed {
  suite: GovernedSuite;
  /** Holds the whole supply but the small holder's, delegated to itself: enough to pass anything alone. */
  whale: HardhatEthersSigner;
  /** Holds and delegates less than the proposal threshold. */
  small: HardhatEthersSigner;
  /** Holds and delegates enough to propose, far from the quorum. */
  proposer: HardhatEthersSigner;
}

/** The suite after the handover, with OPEN spread so that each holder's votes are checkpointed before any proposal. */
export async function governed(): Promise<Governed> {
  const [whale, small, proposer] = await ethers.getSigners();
  const suite = await deploySuite(hre, { keepDeployerAdmin: false });
  const threshold = await suite.governor.proposalThreshold();
  await suite.token.transfer(small.address, threshold - 1n);
  await suite.token.transfer(proposer.address, threshold);
  for (const holder of [whale, small, proposer]) await suite.token.connect(holder).delegate(holder.address);
  await time.increase(1);
  return { suite, whale, small, proposer };
}

/** A proposal of one call to AttributionRewards.setShares. */
export async function setSharesProposal(
  suite: GovernedSuite,
  shares: { protocolBps: number; agentOwnerBps: number; modelOwnerBps: number; dataPoolBps: number },
  description = "Set the shares",
): Promise<Proposal> {
  return {
    targets: [await suite.rewards.getAddress()],
    values: [0n],
    calldatas: [suite.rewards.interface.encodeFunctionData("setShares", [shares])],
    description,
  };
}

/** The proposal's id, as the Governor computes it. */
export async function proposalId(suite: GovernedSuite, p: Proposal): Promise<bigint> {
  return suite.governor.hashProposal(p.targets, p.values, p.calldatas, ethers.id(p.description));
}

/** Proposes as `signer` and waits until voting is open; returns the id. */
export async function proposeAndOpen(suite: GovernedSuite, signer: HardhatEthersSigner, p: Proposal): Promise<bigint> {
  await suite.governor.connect(signer).propose(p.targets, p.values, p.calldatas, p.description);
  await time.increase((await suite.governor.votingDelay()) + 1n);
  return proposalId(suite, p);
}

/** Proposes, votes For with `voter`, waits out the period and queues; returns the id. */
export async function passAndQueue(suite: GovernedSuite, voter: HardhatEthersSigner, p: Proposal): Promise<bigint> {
  const id = await proposeAndOpen(suite, voter, p);
  await suite.governor.connect(voter).castVote(id, Vote.For);
  await time.increase(await suite.governor.votingPeriod());
  await suite.governor.queue(p.targets, p.values, p.calldatas, ethers.id(p.description));
  return id;
}

/** Waits out the timelock delay of a queued proposal. */
export async function waitOutTimelock(suite: GovernedSuite): Promise<void> {
  await time.increase(await suite.timelock.getMinDelay());
}
