// Fixtures shared by the AttributionRewards tests, which are split by operation: the suite funded by payments,
// with an accepted root, and on a token that calls back; the price of one inference and a root's data.
import { ethers } from "hardhat";
import {
  AttributionRewards__factory,
  ReentrantReceiver__factory,
  ReentrantToken__factory,
} from "../../typechain-types";
import {
  AGENT,
  AGENT_FEE,
  Entitlements,
  MODEL,
  MODEL_FEE,
  PAYER_FUNDS,
  deployRewards,
  deployRewardsContract,
  inferenceId,
  postAndAccept,
} from "../helpers/rewards";

export const PRICE = MODEL_FEE + AGENT_FEE;
export const DATA_HASH = ethers.id("attribution data of epoch");
export const DATA_URI = "ipfs://bafy-epoch";

/** The suite after payments that fund the data pool with 60 OPEN: five through the agent, one without. */
export async function deployFunded() {
  const ctx = await deployRewards();
  const { rewards, payer } = ctx;
  for (let i = 0; i < 10; i++) await rewards.connect(payer).payInference(inferenceId(), MODEL, AGENT, PRICE);
  return ctx;
}

/** A funded suite with an accepted root giving alice 10, bob 20 and carol 5 OPEN. */
export async function deployWithAcceptedRoot() {
  const ctx = await deployFunded();
  const { alice, bob, carol, rewards, attributor } = ctx;
  const tree = new Entitlements([
    [alice.address, ethers.parseEther("10")],
    [bob.address, ethers.parseEther("20")],
    [carol.address, ethers.parseEther("5")],
  ]);
  const epoch = await postAndAccept(rewards, attributor, tree);
  return { ...ctx, tree, epoch };
}

/** The suite on a malicious token that calls back during transfers, with a model owned by a reentering receiver. */
export async function deployOnReentrantToken() {
  const ctx = await deployRewards();
  const { deployer, models, agents, admin, treasury, attributor, guardian, payer } = ctx;
  const token = await new ReentrantToken__factory(deployer).deploy();
  const rewards = await deployRewardsContract(deployer, token, models, agents, {
    admin,
    treasury,
    attributor,
    guardian,
  });
  const receiver = await new ReentrantReceiver__factory(deployer).deploy(rewards);
  await models.setOwner(MODEL, await receiver.getAddress());
  await token.mint(payer.address, PAYER_FUNDS);
  await token.connect(payer).approve(rewards, ethers.MaxUint256);
  return { ...ctx, token, rewards, receiver };
}

/** The reentrant-token suite after one payment, with an accepted root giving alice 100 and bob 200 wei. */
export async function deployOnReentrantTokenWithRoot() {
  const ctx = await deployOnReentrantToken();
  const { rewards, payer, attributor, alice, bob } = ctx;
  await rewards.connect(payer).payInference(inferenceId(), MODEL, AGENT, PRICE);
  const tree = new Entitlements([
    [alice.address, 100n],
    [bob.address, 200n],
  ]);
  await postAndAccept(rewards, attributor, tree);
  return { ...ctx, tree };
}

/** The name of the custom error encoded in `data`, as AttributionRewards' ABI knows it. */
export function errorName(data: string): string | undefined {
  return AttributionRewards__factory.createInterface().parseError(data)?.name;
}
