// Fixtures and checks shared by the RootChallenges tests: the rewards suite on mocks with a challenges contract,
// a staked attributor and a funded watcher, and a snapshot of everything a refused call must leave untouched.
import { expect } from "chai";
import { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import type { AddressLike, Signer } from "ethers";
import { RootChallenges__factory } from "../../typechain-types";
import type { AttributionRewards, OpenToken, RootChallenges } from "../../typechain-types";
import { Entitlements, deployRewards, inferenceId, AGENT } from "./rewards";
import { ledger } from "./rewardsLedger";
import { plain } from "./snapshot";
import { readRoot } from "../../src/read/roots";

export const MIN_STAKE = ethers.parseEther("100000");
export const BOND = ethers.parseEther("10000");
export const EVIDENCE_HASH = ethers.id("verify report of the epoch");
export const EVIDENCE_URI = "ipfs://bafy-verify-report";
const WATCHER_FUNDS = ethers.parseEther("1000000");

/** RootChallenges on `rewards`, named by it, with `admin` as its admin and `resolver` as its resolver. */
export async function deployChallengesContract(
  deployer: Signer,
  token: AddressLike,
  rewards: AttributionRewards,
  roles: { admin: Signer; resolver: Signer },
): Promise<RootChallenges> {
  const challenges = await new RootChallenges__factory(deployer).deploy(
    token,
    rewards,
    await roles.admin.getAddress(),
    await roles.resolver.getAddress(),
  );
  await rewards.connect(roles.admin).setRootChallenges(challenges);
  return challenges;
}

/**
 * The rewards suite on mocks, funded by payments, with RootChallenges at its defaults: the attributor staked the
 * minimum, and a watcher holds OPEN and approved the challenges contract. Nothing is posted yet.
 */
export async function deployChallenges() {
  const ctx = await deployRewards();
  const signers = await ethers.getSigners();
  const [resolver, watcher, griefer] = signers.slice(12, 15);
  const { deployer, admin, token, rewards, attributor, payer } = ctx;
  const challenges = await deployChallengesContract(deployer, token, rewards, { admin, resolver });
  for (let i = 0; i < 10; i++) await rewards.connect(payer).payInference(inferenceId(), 1n, AGENT, ethers.MaxUint256);
  for (const who of [attributor, watcher, griefer]) {
    await token.transfer(who.address, WATCHER_FUNDS);
    await token.connect(who).approve(challenges, ethers.MaxUint256);
  }
  await challenges.connect(attributor).stake(MIN_STAKE);
  return { ...ctx, challenges, resolver, watcher, griefer };
}

/** A root giving alice 10 and bob 20 OPEN. */
export function sampleTree(signers: { alice: Signer & { address: string }; bob: Signer & { address: string } }) {
  return new Entitlements([
    [signers.alice.address, ethers.parseEther("10")],
    [signers.bob.address, ethers.parseEther("20")],
  ]);
}

/** The suite with a pending root (epoch 1) posted by the staked attributor. */
export async function deployWithPendingRoot() {
  const ctx = await deployChallenges();
  const tree = sampleTree(ctx);
  await ctx.rewards.connect(ctx.attributor).postRoot(tree.root, tree.total, ethers.id("data"), "ipfs://data");
  const epoch = await ctx.rewards.epochCount();
  const claimableAt = (await readRoot(ctx.rewards, epoch)).claimableAt;
  return { ...ctx, tree, epoch, claimableAt };
}

/** The suite with the pending root challenged by the watcher (challenge 1). */
export async function deployWithChallenge() {
  const ctx = await deployWithPendingRoot();
  await ctx.challenges.connect(ctx.watcher).challengeRoot(ctx.epoch, BOND, EVIDENCE_HASH, EVIDENCE_URI);
  const challenge = await ctx.challenges.getChallenge(1n);
  return { ...ctx, challengeId: 1n, challenge };
}

/** Waits until the challenge's resolution period is over. */
export async function passDeadline(challenges: RootChallenges, challengeId: bigint): Promise<void> {
  await time.increaseTo((await challenges.getChallenge(challengeId)).deadline);
}

/**
 * Everything a refused call must leave untouched: the challenges contract's balance, totals, parameters, every
 * challenge, the stakes and what is owed to `accounts`, their balances, and the rewards' ledger (roots included).
 */
export async function challengeState(
  challenges: RootChallenges,
  rewards: AttributionRewards,
  token: OpenToken,
  accounts: AddressLike[],
) {
  const addresses = await Promise.all(accounts.map((a) => ethers.resolveAddress(a)));
  const count = await challenges.challengeCount();
  const all = [];
  for (let id = 1n; id <= count; id++) all.push(plain(await challenges.getChallenge(id)));
  const epochCount = await rewards.epochCount();
  const open = [];
  for (let epoch = 1n; epoch <= epochCount; epoch++) open.push(await challenges.openChallengeOf(epoch));
  return {
    balance: await token.balanceOf(challenges),
    totalStaked: await challenges.totalStaked(),
    totalBonded: await challenges.totalBonded(),
    totalOwed: await challenges.totalOwed(),
    challenges: all,
    open,
    stakes: await Promise.all(addresses.map(async (a) => plain(await challenges.stakeOf(a)))),
    owed: await Promise.all(addresses.map((a) => challenges.owed(a))),
    against: await Promise.all(addresses.map((a) => challenges.openChallengesAgainst(a))),
    parameters: [
      await challenges.minStake(),
      await challenges.challengeBond(),
      await challenges.resolutionPeriod(),
      await challenges.slashBps(),
    ],
    rewards: await ledger(rewards, token, accounts),
  };
}

/** What deployChallenges returns, and every fixture built on it starts from. */
export type ChallengesContext = Awaited<ReturnType<typeof deployChallenges>>;

/** The context's signers whose stakes, debts and balances a refusal's snapshot covers. */
export type Party = "attributor" | "watcher" | "griefer" | "treasury";

/** Reads challengeState of the context's contracts for `parties`: the `readState` a refusal is checked with. */
export function stateOf(ctx: ChallengesContext, parties: readonly Party[]) {
  return () =>
    challengeState(
      ctx.challenges,
      ctx.rewards,
      ctx.token,
      parties.map((party) => ctx[party]),
    );
}

/** The money invariant: the contract holds exactly the stakes, the open bonds and what it owes. */
export async function expectHoldsWhatItOwes(challenges: RootChallenges, token: OpenToken): Promise<void> {
  const held = (await challenges.totalStaked()) + (await challenges.totalBonded()) + (await challenges.totalOwed());
  expect(await token.balanceOf(challenges)).to.equal(held);
}
