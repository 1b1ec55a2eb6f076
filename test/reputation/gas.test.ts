// FeedbackRegistry: the gas of giving, revoking and responding, held to the budgets docs/reputation.md states.
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { ContractTransactionResponse } from "ethers";
import { expectGasTable } from "../helpers/gasTable";
import { FINANCE, Kind, deployFeedback, input, pay } from "./fixtures";

const gasOf = async (tx: Promise<ContractTransactionResponse>) => (await (await tx).wait())!.gasUsed;

/** The operations docs/reputation.md budgets, measured in a fresh registry (first writes of each summary). */
async function measure(): Promise<Record<string, bigint>> {
  const { feedback, rewards, payer, paid, bare, bob } = await loadFixture(deployFeedback);
  const gas: Record<string, bigint> = {};
  gas["feedback.giveFeedback.oneTag"] = await gasOf(feedback.connect(payer).giveFeedback(Kind.Agent, paid, input()));
  gas["feedback.giveFeedback.twoTags"] = await gasOf(
    feedback.connect(payer).giveFeedback(Kind.Model, bare, input(70n, { tag2: FINANCE })),
  );
  const again = await pay(rewards, payer, 1n, 1n);
  gas["feedback.giveFeedback.again"] = await gasOf(feedback.connect(payer).giveFeedback(Kind.Agent, again, input()));
  gas["feedback.revokeFeedback"] = await gasOf(feedback.connect(payer).revokeFeedback(1n));
  gas["feedback.appendResponse"] = await gasOf(
    feedback.connect(bob).appendResponse(1n, "ipfs://bafy-response", ethers.id("response")),
  );
  return gas;
}

describe("FeedbackRegistry: gas", function () {
  it("stays within every budget docs/reputation.md states, within 2% of its figure", async function () {
    await expectGasTable("Gas", await measure(), "reputation.md");
  });
});
