// AgentStakes: the gas of staking, complaining, resolving and unstaking, held to the budgets docs/gas.md states.
import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { ContractTransactionResponse } from "ethers";
import { isCoverageRun } from "../../src/chain/config";
import { expectGasTable } from "../helpers/gasTable";
import { AGENT, MODEL, inferenceId } from "../helpers/rewards";
import {
  COMPLAINT_BOND,
  EVIDENCE_HASH,
  EVIDENCE_URI,
  PAID,
  deployAgentStakes,
  passComplaintDeadline,
} from "../helpers/agentStakes";

const gasOf = async (tx: Promise<ContractTransactionResponse>) => (await (await tx).wait())!.gasUsed;

/** The operations docs/gas.md budgets, measured here in the order of its table. */
async function measure(): Promise<Record<string, bigint>> {
  const { stakes, agentOwner, payer, resolver, treasury } = await loadFixture(deployAgentStakes);
  const complain = (id: string) =>
    stakes.connect(payer).complain(AGENT, MODEL, id, COMPLAINT_BOND, EVIDENCE_HASH, EVIDENCE_URI);
  const gas: Record<string, bigint> = {};
  gas["agentStakes.stake"] = await gasOf(stakes.connect(agentOwner).stake(AGENT, ethers.parseEther("1")));
  gas["agentStakes.complain"] = await gasOf(complain(PAID[0]));
  gas["agentStakes.resolveComplaint.upheld"] = await gasOf(stakes.connect(resolver).resolveComplaint(1n, true));
  await complain(PAID[1]);
  gas["agentStakes.resolveComplaint.dismissed"] = await gasOf(stakes.connect(resolver).resolveComplaint(2n, false));
  await complain(PAID[2]);
  await passComplaintDeadline(stakes, 3n);
  gas["agentStakes.expireComplaint"] = await gasOf(stakes.expireComplaint(3n));
  gas["agentStakes.withdraw"] = await gasOf(stakes.connect(treasury).withdraw(treasury.address));
  gas["agentStakes.requestUnstake"] = await gasOf(stakes.connect(agentOwner).requestUnstake(AGENT, 1n));
  await time.increase(await stakes.unstakeDelay());
  gas["agentStakes.completeUnstake"] = await gasOf(stakes.connect(agentOwner).completeUnstake(AGENT));
  return gas;
}

describe("AgentStakes: gas", function () {
  it("stays within every budget docs/gas.md states for agent stakes and complaints", async function () {
    await expectGasTable("Agent stakes and complaints", await measure());
  });

  it("adds little to a payment through an agent for the stake check", async function () {
    const plain = await loadFixture(deployAgentStakes);
    await plain.rewards.connect(plain.admin).setAgentStakes(ethers.ZeroAddress);
    const pay = (ctx: typeof plain) =>
      gasOf(ctx.rewards.connect(ctx.payer).payInference(inferenceId(), MODEL, AGENT, ethers.MaxUint256));
    const without = await pay(plain);
    const checked = await pay(await loadFixture(deployAgentStakes));
    if (!isCoverageRun(hre)) expect(checked - without).to.be.lessThan(10_000n);
  });
});
