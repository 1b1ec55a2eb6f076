// The payout tests' world on a separate node (anvil): the suite deployed with separate admin, attributor and
// guardian keys, a datanet of three contributors' approved data, a trained model, and paid inferences logged by two
// inference servers into one log directory.
import hre, { ethers } from "hardhat";
import { mkdir, mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { JsonRpcProvider, JsonRpcSigner } from "ethers";
import { startAnvil, type AnvilNode } from "../../src/chain/anvil";
import { isCoverageRun } from "../../src/chain/config";
import { contributeBytes, createDatanet, publishVersion, reviewContribution, setCurator } from "../../src/ops/data";
import { inferAndPay, trainAndRegister } from "../../src/ops/factory";
import { ContentStore } from "../../src/store/ContentStore";
import {
  AgentRegistry__factory,
  AttributionRewards__factory,
  Datanet__factory,
  ModelRegistry__factory,
  OpenToken__factory,
  type AgentRegistry,
  type AttributionRewards,
  type Datanet,
  type ModelRegistry,
  type OpenToken,
} from "../../typechain-types";

const TEXTS = [
  "function transfer(address to, uint256 amount) external returns (bool) { balances[to] += amount; }",
  "function approve(address spender, uint256 amount) external returns (bool) { allowed[spender] = amount; }",
  "function transferFrom(address from, address to, uint256 amount) external returns (bool) { return true; }",
];

export interface World {
  anvil: AnvilNode;
  provider: JsonRpcProvider;
  suite: {
    token: OpenToken;
    datanet: Datanet;
    models: ModelRegistry;
    agents: AgentRegistry;
    rewards: AttributionRewards;
  };
  admin: JsonRpcSigner;
  attributor: JsonRpcSigner;
  guardian: JsonRpcSigner;
  payer: JsonRpcSigner;
  contributors: JsonRpcSigner[];
  modelId: bigint;
  tmp: string;
  store: ContentStore;
  logsDir: string;
  modelsDir: string;
}

/** Deploys the suite contract by contract (faster than Ignition), each role its own account. */
async function deploy(admin: JsonRpcSigner, attributor: JsonRpcSigner, guardian: JsonRpcSigner) {
  const token = await new OpenToken__factory(admin).deploy(admin.address);
  const datanet = await new Datanet__factory(admin).deploy(await token.getAddress(), admin.address);
  const models = await new ModelRegistry__factory(admin).deploy(await datanet.getAddress());
  const agents = await new AgentRegistry__factory(admin).deploy(await models.getAddress());
  const rewards = await new AttributionRewards__factory(admin).deploy(
    await token.getAddress(),
    await models.getAddress(),
    await agents.getAddress(),
    admin.address,
    admin.address,
    attributor.address,
    guardian.address,
  );
  await rewards.waitForDeployment();
  return { token, datanet, models, agents, rewards };
}

/** Starts anvil and builds the world; the first inference is paid and logged by server A. */
export async function buildWorld(): Promise<World> {
  // Coverage instruments the contracts past the code size limit a real chain keeps.
  const anvil = await startAnvil({ disableCodeSizeLimit: isCoverageRun(hre) });
  const provider = new ethers.JsonRpcProvider(anvil.url, undefined, { cacheTimeout: -1 });
  const [admin, attributor, guardian, payer, ...contributors] = await Promise.all(
    [0, 1, 2, 3, 4, 5, 6].map((i) => provider.getSigner(i)),
  );
  const suite = await deploy(admin, attributor, guardian);
  await (await suite.rewards.setChallengeWindow(await suite.rewards.MIN_CHALLENGE_WINDOW())).wait();
  for (const account of [payer, ...contributors]) {
    await (await suite.token.transfer(account.address, ethers.parseEther("1000"))).wait();
  }
  const tmp = await mkdtemp(path.join(os.tmpdir(), "openledger-payout-"));
  const store = new ContentStore(path.join(tmp, "store"));
  const logsDir = path.join(tmp, "logs");
  const modelsDir = path.join(tmp, "models");
  await mkdir(logsDir, { recursive: true });

  const { datanetId } = await createDatanet(suite.datanet, admin, "ipfs://payout", ethers.parseEther("1"));
  await setCurator(suite.datanet, admin, datanetId, admin.address, true);
  for (const [i, text] of TEXTS.entries()) {
    const contributor = contributors[i];
    const bytes = Buffer.from(text);
    const { contributionId } = await contributeBytes(suite.datanet, suite.token, store, contributor, datanetId, bytes);
    await reviewContribution(suite.datanet, admin, contributionId, { approve: true, qualityBps: 8_000 });
  }
  const { version } = await publishVersion(suite.datanet, admin, datanetId);
  const { modelId } = await trainAndRegister(suite, store, admin, {
    datanetId,
    version,
    feePerInference: ethers.parseEther("2"),
    modelsDir,
  });
  const world = { anvil, provider, suite, admin, attributor, guardian, payer, contributors, modelId };
  const full = { ...world, tmp, store, logsDir, modelsDir };
  await payInference(full, "server-a", "1");
  return full;
}

/** The payer pays for one inference, logged by inference server `server` into the log directory. */
export async function payInference(world: World, server: string, seed: string): Promise<void> {
  await inferAndPay(world.suite, world.payer, {
    modelId: world.modelId,
    prompt: "function transfer(",
    seed,
    modelsDir: world.modelsDir,
    logFile: path.join(world.logsDir, `${server}.jsonl`),
  });
}

/** Moves the chain's clock past the challenge window of the pending root. */
export async function passChallengeWindow(world: World): Promise<void> {
  await world.provider.send("evm_increaseTime", [Number(await world.suite.rewards.challengeWindow()) + 1]);
  await world.provider.send("evm_mine", []);
}
