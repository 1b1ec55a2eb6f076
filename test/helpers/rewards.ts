// Fixtures shared by the AttributionRewards tests: deployment on registry mocks, its ids, fees and shares, and Merkle
// trees of cumulative entitlements. The split a payment must make is in ./split, the ledger a refusal leaves as it
// was and the solvency check in ./rewardsLedger.
import { ethers } from "hardhat";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import type { AddressLike, Signer } from "ethers";
import {
  AgentRegistryMock__factory,
  AttributionRewards__factory,
  ModelRegistryMock__factory,
  OpenToken__factory,
} from "../../typechain-types";
import type { AttributionRewards } from "../../typechain-types";

export const BPS = 10_000n;
export const MODEL_FEE = ethers.parseEther("10");
export const AGENT_FEE = ethers.parseEther("2");
export const PAYER_FUNDS = ethers.parseEther("1000000");

/** Model 1 is trained on two datanet versions; model 2 on nothing. Agent 1 uses model 1 only. */
export const MODEL = 1n;
export const BARE_MODEL = 2n;
export const AGENT = 1n;
export const NO_AGENT = 0n;
export const LINEAGE = [
  { datanetId: 1n, version: 1, weightBps: 6_000 },
  { datanetId: 2n, version: 3, weightBps: 4_000 },
];

export const DEFAULT_SHARES = { protocolBps: 500n, agentOwnerBps: 1_500n, modelOwnerBps: 3_000n, dataPoolBps: 5_000n };

/** AttributionRewards on the given token and registries, with its roles. */
export async function deployRewardsContract(
  deployer: Signer,
  token: AddressLike,
  models: AddressLike,
  agents: AddressLike,
  roles: { admin: Signer; treasury: Signer; attributor: Signer; guardian: Signer },
) {
  return new AttributionRewards__factory(deployer).deploy(
    token,
    models,
    agents,
    await roles.admin.getAddress(),
    await roles.treasury.getAddress(),
    await roles.attributor.getAddress(),
    await roles.guardian.getAddress(),
  );
}

/** The full suite on mocks: OPEN, both registries, AttributionRewards, and a funded payer who approved it. */
export async function deployRewards() {
  const signers = await ethers.getSigners();
  const [deployer, admin, treasury, attributor, guardian, modelOwner, agentOwner, payer, alice, bob, carol, stranger] =
    signers;
  const token = await new OpenToken__factory(deployer).deploy(deployer.address);
  const models = await new ModelRegistryMock__factory(deployer).deploy();
  const agents = await new AgentRegistryMock__factory(deployer).deploy();
  const rewards = await deployRewardsContract(deployer, token, models, agents, {
    admin,
    treasury,
    attributor,
    guardian,
  });

  await models.setModel(MODEL, modelOwner.address, MODEL_FEE, true);
  await models.setLineage(MODEL, LINEAGE);
  await models.setModel(BARE_MODEL, modelOwner.address, MODEL_FEE, true);
  await agents.setAgent(AGENT, agentOwner.address, AGENT_FEE, true);
  await agents.setUsesModel(AGENT, MODEL, true);

  await token.transfer(payer.address, PAYER_FUNDS);
  await token.connect(payer).approve(rewards, ethers.MaxUint256);

  return {
    token,
    models,
    agents,
    rewards,
    deployer,
    admin,
    treasury,
    attributor,
    guardian,
    modelOwner,
    agentOwner,
    payer,
    alice,
    bob,
    carol,
    stranger,
  };
}

/** A tree of cumulative entitlements, built as the attribution engine builds it. */
export class Entitlements {
  readonly tree: StandardMerkleTree<[string, bigint]>;
  readonly total: bigint;
  private readonly index = new Map<string, number>();

  constructor(entries: ReadonlyArray<readonly [string, bigint]>) {
    const values = entries.map(([account, amount]) => [ethers.getAddress(account), amount] as [string, bigint]);
    this.tree = StandardMerkleTree.of(values, ["address", "uint256"]);
    this.total = values.reduce((sum, [, amount]) => sum + amount, 0n);
    values.forEach(([account], i) => this.index.set(account, i));
  }

  get root(): string {
    return this.tree.root;
  }

  has(account: string): boolean {
    return this.index.has(ethers.getAddress(account));
  }

  amountOf(account: string): bigint {
    return this.tree.at(this.indexOf(account))![1];
  }

  proofOf(account: string): string[] {
    return this.tree.getProof(this.indexOf(account));
  }

  /** The arguments of `claim` for `account`. */
  claimOf(account: string): [string, bigint, string[]] {
    const address = ethers.getAddress(account);
    return [address, this.amountOf(address), this.proofOf(address)];
  }

  private indexOf(account: string): number {
    const i = this.index.get(ethers.getAddress(account));
    if (i === undefined) throw new Error(`${account} is not in the tree`);
    return i;
  }
}

/** Posts `tree` as the attributor and waits out the challenge window; returns the epoch. */
export async function postAndAccept(rewards: AttributionRewards, attributor: Signer, tree: Entitlements) {
  await rewards.connect(attributor).postRoot(tree.root, tree.total, ethers.id("data"), "ipfs://data");
  await time.increase(await rewards.challengeWindow());
  return rewards.epochCount();
}

/** A fresh random inference id. */
export function inferenceId(): string {
  return ethers.hexlify(ethers.randomBytes(32));
}
