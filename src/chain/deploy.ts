// Deploys the suite through the Ignition module and returns typed handles to every contract.
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { AgentRegistry, AttributionRewards, Datanet, ModelRegistry, OpenToken } from "../../typechain-types";
import OpenLedgerModule from "../../ignition/modules/OpenLedger";

export interface DeployOptions {
  /** Receives the whole OPEN supply and the protocol's fees; defaults to the first account. */
  treasury?: string;
  /** Holds the admin roles of every contract; defaults to the first account. */
  admin?: string;
  /** May post reward roots (ATTRIBUTOR_ROLE); defaults to the first account. */
  attributor?: string;
  /** May revoke pending roots and pause (GUARDIAN_ROLE); defaults to the first account. */
  guardian?: string;
  /** Ignition deployment id (a folder under ignition/deployments on a persistent network). */
  deploymentId?: string;
  /** A JSON parameter file, as `ignition deploy --parameters` takes; explicit options override it. */
  parametersFile?: string;
  /** Deploy beyond a local chain although the attributor is also the guardian or the admin. */
  acceptSharedKeys?: boolean;
}

/** The networks where one key for every role is fine: the embedded chain and a local node. */
export const LOCAL_NETWORKS: readonly string[] = ["hardhat", "localhost"];

/**
 * Refuses, on any network but a local one, an attributor that is also the guardian or the admin, unless the
 * operator accepts it: the guardian's challenge window only protects anything if the key that posts a root is not
 * the key that may revoke it (or grant itself the role to).
 */
export function checkSeparateKeys(
  network: string,
  roles: { admin: string; attributor: string; guardian: string },
  acceptSharedKeys = false,
): void {
  if (LOCAL_NETWORKS.includes(network) || acceptSharedKeys) return;
  const attributor = roles.attributor.toLowerCase();
  const shared = (["guardian", "admin"] as const).filter((role) => roles[role].toLowerCase() === attributor);
  if (shared.length === 0) return;
  throw new Error(
    `on network "${network}" the attributor ${roles.attributor} is also the ${shared.join(" and the ")}: ` +
      "the challenge window protects nothing when one key posts roots and may revoke them; use separate " +
      "accounts (--attributor, --guardian, --admin or the parameter file), or pass --accept-shared-keys to accept it",
  );
}

export interface Suite {
  token: OpenToken;
  datanet: Datanet;
  models: ModelRegistry;
  agents: AgentRegistry;
  rewards: AttributionRewards;
}

/** The addresses of a deployed suite, by contract, for printing and for JSON. */
export type SuiteAddresses = Record<keyof Suite, string>;

/** Deploys (or, on a persistent network, resumes) the OpenLedger module and returns the contracts. */
export async function deploySuite(hre: HardhatRuntimeEnvironment, options: DeployOptions = {}): Promise<Suite> {
  const fromFile = options.parametersFile ? await readParameters(options.parametersFile) : {};
  const own: Record<string, string> = { ...(fromFile.OpenLedger ?? {}) };
  if (options.treasury) own.treasury = options.treasury;
  if (options.admin) own.admin = options.admin;
  if (options.attributor) own.attributor = options.attributor;
  if (options.guardian) own.guardian = options.guardian;
  for (const [name, value] of Object.entries(own)) {
    if (!hre.ethers.isAddress(value)) throw new Error(`parameter ${name} is not an address: ${value}`);
  }
  // The module's default for every role is the first account.
  const [deployer] = await hre.ethers.getSigners();
  const roleOf = (name: string) => own[name] ?? deployer.address;
  checkSeparateKeys(
    hre.network.name,
    { admin: roleOf("admin"), attributor: roleOf("attributor"), guardian: roleOf("guardian") },
    options.acceptSharedKeys,
  );
  const deployed = await hre.ignition.deploy(OpenLedgerModule, {
    parameters: { ...fromFile, OpenLedger: own },
    deploymentId: options.deploymentId,
    displayUi: false,
  });
  return {
    token: deployed.token as unknown as OpenToken,
    datanet: deployed.datanet as unknown as Datanet,
    models: deployed.models as unknown as ModelRegistry,
    agents: deployed.agents as unknown as AgentRegistry,
    rewards: deployed.rewards as unknown as AttributionRewards,
  };
}

/** The address of each contract in `suite`. */
export async function suiteAddresses(suite: Suite): Promise<SuiteAddresses> {
  const entries = await Promise.all(
    Object.entries(suite).map(async ([name, contract]) => [name, await contract.getAddress()] as const),
  );
  return Object.fromEntries(entries) as SuiteAddresses;
}

async function readParameters(file: string): Promise<Record<string, Record<string, string>>> {
  const { readFile } = await import("node:fs/promises");
  try {
    return JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new Error(`cannot read Ignition parameters from ${file}: ${(error as Error).message}`);
  }
}
