// Turns the registry a user names (an address, or the deployed suite's) into a checked, typed contract, once.
import { Interface, type InterfaceAbi } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { AgentRegistry, ModelRegistry } from "../../typechain-types";
import { optional, parseAddress, parseDeploymentId } from "../cli/args";
import { CommandError, argumentError } from "../cli/errors";

type Kind = "ModelRegistry" | "AgentRegistry";
type RegistryOf<K extends Kind> = K extends "ModelRegistry" ? ModelRegistry : AgentRegistry;

/** The ERC-165 id of an interface: the XOR of its function selectors. */
export function interfaceId(iface: Interface): string {
  let id = 0;
  iface.forEachFunction((fragment) => {
    id ^= Number.parseInt(fragment.selector.slice(2), 16);
  });
  return "0x" + (id >>> 0).toString(16).padStart(8, "0");
}

/** The registry at `text` (an address given as `--registry`), after checking that it declares the interface. */
export async function registryAt<K extends Kind>(
  hre: HardhatRuntimeEnvironment,
  kind: K,
  text: string,
): Promise<RegistryOf<K>> {
  const address = parseAddress(text, "registry");
  const network = hre.network.name;
  if ((await hre.ethers.provider.getCode(address)) === "0x") {
    throw argumentError("registry", `no contract at ${address} on network "${network}"`);
  }
  const { abi } = await hre.artifacts.readArtifact(`I${kind}`);
  const contract = (await hre.ethers.getContractAt(kind, address)) as unknown as RegistryOf<K>;
  const declares = await contract.supportsInterface(interfaceId(new Interface(abi as InterfaceAbi))).catch(() => false);
  if (!declares) {
    const article = kind === "AgentRegistry" ? "an" : "a";
    throw argumentError("registry", `the contract at ${address} on "${network}" is not ${article} ${kind}`);
  }
  return contract;
}

/** The ModelRegistry at `address`, checked. */
export function modelRegistryAt(hre: HardhatRuntimeEnvironment, address: string): Promise<ModelRegistry> {
  return registryAt(hre, "ModelRegistry", address);
}

/** The AgentRegistry at `address`, checked. */
export function agentRegistryAt(hre: HardhatRuntimeEnvironment, address: string): Promise<AgentRegistry> {
  return registryAt(hre, "AgentRegistry", address);
}

/** `--registry` when given (checked), else the registry of the suite `npx hardhat deploy` deployed on this network. */
export async function resolveRegistry<K extends Kind>(
  hre: HardhatRuntimeEnvironment,
  kind: K,
  args: { registry?: string; deploymentId?: string },
): Promise<RegistryOf<K>> {
  if (args.registry !== undefined) return registryAt(hre, kind, args.registry);
  const { loadDeployedSuite } = await import("../ops/suite");
  const deploymentId = optional(args.deploymentId, "deploymentId", parseDeploymentId);
  try {
    const suite = await loadDeployedSuite(hre, deploymentId);
    return (kind === "ModelRegistry" ? suite.models : suite.agents) as RegistryOf<K>;
  } catch (error) {
    throw new CommandError(`give --registry, or ${(error as Error).message}`);
  }
}
