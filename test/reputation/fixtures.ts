// Fixtures shared by the FeedbackRegistry tests: real registries and AttributionRewards on OPEN, two models and two
// agents owned by others, payers who paid for inferences, and a snapshot of everything a refused call must not move.
import { ethers } from "hardhat";
import type { Signer } from "ethers";
import { FeedbackRegistry__factory, OpenToken__factory } from "../../typechain-types";
import type { AttributionRewards, FeedbackRegistry, IFeedbackRegistry } from "../../typechain-types";
import { deployRewardsContract } from "../helpers/rewards";
import { deployRegistries, registration } from "../helpers/registry";

export const Kind = { Agent: 0n, Model: 1n } as const;
export const AGENT_FEE = ethers.parseEther("0.25");
export const STARRED = ethers.encodeBytes32String("starred");
export const UPTIME = ethers.encodeBytes32String("uptime");
export const FINANCE = ethers.encodeBytes32String("finance");

export type Input = IFeedbackRegistry.FeedbackInputStruct;
export type Inference = { modelId: bigint; agentId: bigint; inferenceId: string };

/** A feedback of `value` with no decimals, tagged `starred`, with `overrides` applied. */
export function input(value: bigint = 80n, overrides: Partial<Input> = {}): Input {
  return {
    value,
    valueDecimals: 0,
    tag1: STARRED,
    tag2: ethers.ZeroHash,
    endpoint: "https://agent.example/api",
    feedbackURI: "ipfs://bafy-feedback",
    feedbackHash: ethers.id("feedback file"),
    ...overrides,
  };
}

/**
 * Pays one inference of `modelId` through `agentId` (0 for none) as `payer`, and returns it. Its id is derived from
 * the payer's nonce, so that a run's calldata (and gas) is the same every time.
 */
export async function pay(rewards: AttributionRewards, payer: Signer, modelId: bigint, agentId: bigint) {
  const id = ethers.solidityPackedKeccak256(
    ["address", "uint256", "uint256", "uint256"],
    [await payer.getAddress(), modelId, agentId, await payer.getNonce()],
  );
  const inference: Inference = { modelId, agentId, inferenceId: id };
  await rewards.connect(payer).payInference(inference.inferenceId, modelId, agentId, ethers.MaxUint256);
  return inference;
}

/**
 * Alice owns model 1, bob agent 1 on it, carol model 2 and agent 2 on it. Payer paid one inference of model 1
 * through agent 1 (`paid`) and one of model 1 without an agent (`bare`); other paid one through agent 2.
 */
export async function deployFeedback() {
  const registries = await deployRegistries();
  const { models, agents, deployer, alice, bob, carol } = registries;
  const [, , , , payer, other, sybil, stranger] = await ethers.getSigners();
  const token = await new OpenToken__factory(deployer).deploy(deployer.address);
  const roles = { admin: deployer, treasury: deployer, attributor: deployer, guardian: deployer };
  const rewards = await deployRewardsContract(deployer, token, models, agents, roles);
  const feedback = await new FeedbackRegistry__factory(deployer).deploy(rewards);
  await models.connect(alice).registerModel(registration());
  await agents.connect(bob).registerAgent("ipfs://agent-1", [1n], AGENT_FEE);
  await models.connect(carol).registerModel(registration({ weightsHash: ethers.id("model 2") }));
  await agents.connect(carol).registerAgent("ipfs://agent-2", [2n], AGENT_FEE);
  for (const who of [payer, other, alice, bob]) {
    await token.transfer(who.address, ethers.parseEther("1000"));
    await token.connect(who).approve(rewards, ethers.MaxUint256);
  }
  const paid = await pay(rewards, payer, 1n, 1n);
  const bare = await pay(rewards, payer, 1n, 0n);
  const elsewhere = await pay(rewards, other, 2n, 2n);
  return { ...registries, token, rewards, feedback, payer, other, sybil, stranger, paid, bare, elsewhere };
}

/** As deployFeedback, with the payer's feedback 1 on agent 1 (value 80, starred). */
export async function withFeedback() {
  const ctx = await deployFeedback();
  await ctx.feedback.connect(ctx.payer).giveFeedback(Kind.Agent, ctx.paid, input());
  return { ...ctx, feedbackId: 1n };
}

/** Every feedback and every summary of the subjects and tags the tests use, to show a refusal changed nothing. */
export async function feedbackState(feedback: FeedbackRegistry) {
  const count = await feedback.feedbackCount();
  const records = [];
  for (let id = 1n; id <= count + 1n; id++) records.push(await feedback.getFeedback(id));
  const summaries = [];
  for (const kind of [Kind.Agent, Kind.Model]) {
    for (const subject of [1n, 2n]) {
      for (const tag of [ethers.ZeroHash, STARRED, UPTIME, FINANCE]) {
        summaries.push(await feedback.getSummary(kind, subject, tag));
      }
    }
  }
  return { count, records, summaries };
}
