// Fixtures and checks shared by the AgentStakes tests: the rewards suite on mocks with an agent-stakes contract, a
// payer who paid inferences through agent 1, and a snapshot of everything a refused call must leave untouched.
import { expect } from "chai";
import { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import type { AddressLike, Signer } from "ethers";
import { AgentStakes__factory } from "../../typechain-types";
import type { AgentStakes, AttributionRewards, OpenToken } from "../../typechain-types";
import { AGENT, MODEL, deployRewards } from "./rewards";
import { ledger } from "./rewardsLedger";
import { plain } from "./snapshot";

export const AGENT_STAKE = ethers.parseEther("5000");
export const COMPLAINT_BOND = ethers.parseEther("100");
export const EVIDENCE_HASH = ethers.id("the output and what the agent promised");
export const EVIDENCE_URI = "ipfs://bafy-complaint";
/** The inferences the payer paid through agent 1 on model 1 in the fixture. */
export const PAID = [1, 2, 3].map((i) => ethers.id(`paid inference ${i}`));
const FUNDS = ethers.parseEther("1000000");

/** AgentStakes on `rewards`, named by it, with `admin` as its admin and `resolver` as its resolver. */
export async function deployAgentStakesContract(
  deployer: Signer,
  token: AddressLike,
  rewards: AttributionRewards,
  roles: { admin: Signer; resolver: Signer },
): Promise<AgentStakes> {
  const stakes = await new AgentStakes__factory(deployer).deploy(
    token,
    rewards,
    await roles.admin.getAddress(),
    await roles.resolver.getAddress(),
  );
  await rewards.connect(roles.admin).setAgentStakes(stakes);
  return stakes;
}

/**
 * The rewards suite on mocks with AgentStakes at its defaults (minimum zero): agent 1's owner staked AGENT_STAKE,
 * the payer paid PAID through agent 1 and approved the stakes contract; a buyer (of the agent, later) holds OPEN.
 */
export async function deployAgentStakes() {
  const ctx = await deployRewards();
  const signers = await ethers.getSigners();
  const [resolver, buyer] = signers.slice(12, 14);
  const { deployer, admin, token, rewards, agentOwner, payer } = ctx;
  const stakes = await deployAgentStakesContract(deployer, token, rewards, { admin, resolver });
  for (const id of PAID) await rewards.connect(payer).payInference(id, MODEL, AGENT, ethers.MaxUint256);
  for (const who of [agentOwner, buyer]) await token.transfer(who.address, FUNDS);
  for (const who of [agentOwner, buyer, payer]) await token.connect(who).approve(stakes, ethers.MaxUint256);
  await stakes.connect(agentOwner).stake(AGENT, AGENT_STAKE);
  return { ...ctx, stakes, resolver, buyer };
}

/** The suite with the payer's complaint about PAID[0] open (complaint 1). */
export async function deployWithComplaint() {
  const ctx = await deployAgentStakes();
  await ctx.stakes.connect(ctx.payer).complain(AGENT, MODEL, PAID[0], COMPLAINT_BOND, EVIDENCE_HASH, EVIDENCE_URI);
  return { ...ctx, complaintId: 1n };
}

/** Waits until the complaint's resolution period is over. */
export async function passComplaintDeadline(stakes: AgentStakes, complaintId: bigint): Promise<void> {
  await time.increaseTo((await stakes.getComplaint(complaintId)).deadline);
}

/**
 * Everything a refused call must leave untouched: the stakes contract's balance, totals and parameters, every
 * complaint, the stakes of `agentIds`, what is owed to `accounts`, their balances, and the rewards' ledger.
 */
export async function agentStakeState(
  stakes: AgentStakes,
  rewards: AttributionRewards,
  token: OpenToken,
  accounts: AddressLike[],
  agentIds: bigint[] = [AGENT],
) {
  const addresses = await Promise.all(accounts.map((a) => ethers.resolveAddress(a)));
  const count = await stakes.complaintCount();
  const all = [];
  for (let id = 1n; id <= count; id++) all.push(plain(await stakes.getComplaint(id)));
  return {
    balance: await token.balanceOf(stakes),
    totalStaked: await stakes.totalStaked(),
    totalBonded: await stakes.totalBonded(),
    totalOwed: await stakes.totalOwed(),
    complaints: all,
    stakes: await Promise.all(agentIds.map(async (id) => plain(await stakes.stakeOf(id)))),
    open: await Promise.all(agentIds.map((id) => stakes.openComplaintsAgainst(id))),
    owed: await Promise.all(addresses.map((a) => stakes.owed(a))),
    parameters: [
      await stakes.minStake(),
      await stakes.complaintBond(),
      await stakes.resolutionPeriod(),
      await stakes.slashBps(),
    ],
    rewards: await ledger(rewards, token, accounts),
  };
}

/** What deployAgentStakes returns, and every fixture built on it starts from. */
export type AgentStakesContext = Awaited<ReturnType<typeof deployAgentStakes>>;

/** The context's signers whose stakes, debts and balances a refusal's snapshot covers. */
export type Party = "agentOwner" | "payer" | "buyer" | "treasury";

/** Reads agentStakeState of the context's contracts for `parties`: the `readState` a refusal is checked with. */
export function stateOf(ctx: AgentStakesContext, parties: readonly Party[]) {
  return () =>
    agentStakeState(
      ctx.stakes,
      ctx.rewards,
      ctx.token,
      parties.map((party) => ctx[party]),
    );
}

/** The money invariant: the contract holds exactly the stakes, the open bonds and what it owes. */
export async function expectAgentStakesHold(stakes: AgentStakes, token: OpenToken): Promise<void> {
  const held = (await stakes.totalStaked()) + (await stakes.totalBonded()) + (await stakes.totalOwed());
  expect(await token.balanceOf(stakes)).to.equal(held);
}
