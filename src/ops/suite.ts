// Finds a suite deployed by `npx hardhat deploy` (Ignition's deployed_addresses.json) and attaches typed handles.
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type {
  AgentRegistry,
  AgentStakes,
  AttributionRewards,
  Datanet,
  FeedbackRegistry,
  ModelRegistry,
  OpenToken,
  RootChallenges,
} from "../../typechain-types";
import type { Suite } from "../chain/deploy";

/** Ignition's future id of each contract of the OpenLedger module. */
const FUTURES: Record<keyof Suite, string> = {
  token: "OpenLedger#OpenToken",
  datanet: "OpenLedger#Datanet",
  models: "OpenLedger#ModelRegistry",
  agents: "OpenLedger#AgentRegistry",
  rewards: "OpenLedger#AttributionRewards",
  challenges: "OpenLedger#RootChallenges",
  agentStakes: "OpenLedger#AgentStakes",
  feedback: "OpenLedger#FeedbackRegistry",
};

/** The folder Ignition wrote the deployment to: `ignition/deployments/<id>`, by default `chain-<chainId>`. */
export async function deploymentDir(hre: HardhatRuntimeEnvironment, deploymentId?: string): Promise<string> {
  const id = deploymentId ?? `chain-${(await hre.ethers.provider.getNetwork()).chainId}`;
  return path.join(hre.config.paths.ignition, "deployments", id);
}

/**
 * The deployed suite's contracts, connected to the network's provider; a clear error when it was never deployed, or
 * when the record is stale (a development node restarted since: the addresses it names hold no code).
 */
export async function loadDeployedSuite(hre: HardhatRuntimeEnvironment, deploymentId?: string): Promise<Suite> {
  const dir = await deploymentDir(hre, deploymentId);
  const file = path.join(dir, "deployed_addresses.json");
  let addresses: Record<string, string>;
  try {
    addresses = JSON.parse(await readFile(file, "utf8")) as Record<string, string>;
  } catch {
    throw new Error(
      `no deployment at ${file}: deploy first with \`npx hardhat deploy --network <name>\`` +
        (deploymentId ? ` --deployment-id ${deploymentId}` : "") +
        "; the embedded hardhat network does not persist between commands",
    );
  }
  const at = (key: keyof Suite) => {
    const address = addresses[FUTURES[key]];
    if (!address) throw new Error(`${file} has no address for ${FUTURES[key]}`);
    return address;
  };
  const keys = Object.keys(FUTURES) as (keyof Suite)[];
  await assertCodeAt(
    hre,
    dir,
    keys.map((key): [string, string] => [FUTURES[key], at(key)]),
  );
  const { ethers } = hre;
  return {
    token: (await ethers.getContractAt("OpenToken", at("token"))) as unknown as OpenToken,
    datanet: (await ethers.getContractAt("Datanet", at("datanet"))) as unknown as Datanet,
    models: (await ethers.getContractAt("ModelRegistry", at("models"))) as unknown as ModelRegistry,
    agents: (await ethers.getContractAt("AgentRegistry", at("agents"))) as unknown as AgentRegistry,
    rewards: (await ethers.getContractAt("AttributionRewards", at("rewards"))) as unknown as AttributionRewards,
    challenges: (await ethers.getContractAt("RootChallenges", at("challenges"))) as unknown as RootChallenges,
    agentStakes: (await ethers.getContractAt("AgentStakes", at("agentStakes"))) as unknown as AgentStakes,
    feedback: (await ethers.getContractAt("FeedbackRegistry", at("feedback"))) as unknown as FeedbackRegistry,
  };
}

/** Refuses a deployment record whose addresses hold no code on this chain, saying what to do about it. */
async function assertCodeAt(hre: HardhatRuntimeEnvironment, dir: string, contracts: [string, string][]) {
  for (const [future, address] of contracts) {
    if ((await hre.ethers.provider.getCode(address)) !== "0x") continue;
    const { chainId } = await hre.ethers.provider.getNetwork();
    throw new Error(
      `the deployment record ${dir} is stale: ${future} at ${address} has no code on chain ${chainId} ` +
        `(network "${hre.network.name}"; a development node forgets its state when it restarts). ` +
        `Delete ${dir} and redeploy with \`npx hardhat deploy --network ${hre.network.name}\`, ` +
        "or pass --deployment-id for a deployment that exists on this chain",
    );
  }
}
