// Deploys the suite through the Ignition module and returns typed handles to every contract.
import { isAddress } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type {
  AgentRegistry,
  AgentStakes,
  AttributionRewards,
  Datanet,
  ModelRegistry,
  OpenLedgerGovernor,
  OpenLedgerTimelock,
  FeedbackRegistry,
  OpenToken,
  RootChallenges,
} from "../../typechain-types";
import OpenLedgerModule from "../../ignition/modules/OpenLedger";
import OpenLedgerHandoverModule from "../../ignition/modules/OpenLedgerHandover";
import { DEVELOPMENT_MIN_ATTRIBUTOR_STAKE, type CHALLENGE_DEFAULTS, type GOVERNANCE_DEFAULTS } from "../gov/parameters";

/** Networks where the deployer keeps the economic admin roles beside the timelock unless told otherwise. */
export const DEVELOPMENT_NETWORKS: readonly string[] = ["hardhat", "localhost"];

/** The module parameters that are addresses (the others are numbers). */
const ADDRESS_PARAMETERS = ["treasury", "admin", "attributor", "guardian"] as const;

export interface DeployOptions {
  /** Receives the whole OPEN supply and the protocol's fees; defaults to the first account. */
  treasury?: string;
  /** Holds the economic admin roles beside the timelock unless they are handed over; defaults to the first account. */
  admin?: string;
  /** May post reward roots (ATTRIBUTOR_ROLE); defaults to the first account. */
  attributor?: string;
  /** May revoke pending roots and pause (GUARDIAN_ROLE); defaults to the first account. */
  guardian?: string;
  /** Ignition deployment id (a folder under ignition/deployments on a persistent network). */
  deploymentId?: string;
  /** A JSON parameter file, as `ignition deploy --parameters` takes; explicit options override it. */
  parametersFile?: string;
  /**
   * Keep the deployer (and `admin`) as economic admin beside the timelock, so that scripts and tests can change
   * shares or the challenge window directly. Defaults to true on DEVELOPMENT_NETWORKS, false elsewhere (then the
   * OpenLedgerHandover module leaves the timelock alone with every economic role).
   */
  keepDeployerAdmin?: boolean;
  /** The challenge window at deployment, in seconds; defaults to the contract's DEFAULT_CHALLENGE_WINDOW. */
  challengeWindow?: number;
  /** Governance settings (seconds, wei of OPEN votes, percent); each defaults to GOVERNANCE_DEFAULTS. */
  governance?: Partial<Record<keyof typeof GOVERNANCE_DEFAULTS, number | bigint>>;
  /**
   * RootChallenges settings (wei of OPEN, seconds, basis points); each defaults to CHALLENGE_DEFAULTS, except that
   * on DEVELOPMENT_NETWORKS `minAttributorStake` defaults to DEVELOPMENT_MIN_ATTRIBUTOR_STAKE (zero).
   */
  challenges?: Partial<Record<keyof typeof CHALLENGE_DEFAULTS, number | bigint>>;
  /** Deploy beyond a local chain although the attributor is also the guardian or the admin. */
  acceptSharedKeys?: boolean;
}

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
  if (DEVELOPMENT_NETWORKS.includes(network) || acceptSharedKeys) return;
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
  challenges: RootChallenges;
  agentStakes: AgentStakes;
  feedback: FeedbackRegistry;
}

/** The suite with the Governor over OPEN's votes and the timelock that holds the economic roles. */
export interface GovernedSuite extends Suite {
  governor: OpenLedgerGovernor;
  timelock: OpenLedgerTimelock;
}

/** The addresses of a deployed suite, by contract, for printing and for JSON. */
export type SuiteAddresses = Record<keyof Suite, string>;

/** Deploys (or, on a persistent network, resumes) the OpenLedger module and returns the contracts. */
export async function deploySuite(hre: HardhatRuntimeEnvironment, options: DeployOptions = {}): Promise<GovernedSuite> {
  const fromFile = options.parametersFile ? await readParameters(options.parametersFile) : {};
  const own: Record<string, ModuleParameter> = { ...(fromFile.OpenLedger ?? {}) };
  for (const name of ADDRESS_PARAMETERS) if (options[name]) own[name] = options[name];
  if (options.challengeWindow !== undefined) own.challengeWindow = options.challengeWindow;
  Object.assign(own, options.governance ?? {}, options.challenges ?? {});
  const development = DEVELOPMENT_NETWORKS.includes(hre.network.name);
  // So that local scripts and tests post roots without staking first; a real network gets the contract's default.
  if (development && own.minAttributorStake === undefined) own.minAttributorStake = DEVELOPMENT_MIN_ATTRIBUTOR_STAKE;
  for (const name of ADDRESS_PARAMETERS) {
    const fromOption = options[name] !== undefined;
    checkAddressParameter(name, own[name], fromOption ? undefined : options.parametersFile);
  }
  // The module's default for every role is the first account.
  const [deployer] = await hre.ethers.getSigners();
  const roleOf = (name: string) => String(own[name] ?? deployer.address);
  checkSeparateKeys(
    hre.network.name,
    { admin: roleOf("admin"), attributor: roleOf("attributor"), guardian: roleOf("guardian") },
    options.acceptSharedKeys,
  );
  const keep = options.keepDeployerAdmin ?? development;
  const parameters: Record<string, Record<string, ModuleParameter>> = { ...fromFile, OpenLedger: own };
  // The handover revokes the roles of the same `admin` the suite's module granted them to.
  if (own.admin !== undefined) parameters.OpenLedgerHandover = { ...fromFile.OpenLedgerHandover, admin: own.admin };
  const deployed = await hre.ignition
    .deploy(keep ? OpenLedgerModule : OpenLedgerHandoverModule, {
      parameters,
      deploymentId: options.deploymentId,
      displayUi: false,
    })
    .catch(async (error: Error) => {
      throw changedParameters(
        error,
        options.deploymentId ?? `chain-${(await hre.ethers.provider.getNetwork()).chainId}`,
      );
    });
  return {
    token: deployed.token as unknown as OpenToken,
    datanet: deployed.datanet as unknown as Datanet,
    models: deployed.models as unknown as ModelRegistry,
    agents: deployed.agents as unknown as AgentRegistry,
    rewards: deployed.rewards as unknown as AttributionRewards,
    challenges: deployed.challenges as unknown as RootChallenges,
    agentStakes: deployed.agentStakes as unknown as AgentStakes,
    feedback: deployed.feedback as unknown as FeedbackRegistry,
    governor: deployed.governor as unknown as OpenLedgerGovernor,
    timelock: deployed.timelock as unknown as OpenLedgerTimelock,
  };
}

/**
 * Refuses a role that is not an address, saying where it came from; a mixed-case address whose case is not its
 * EIP-55 checksum is a typo somewhere in its digits, and is named as such rather than as "not an address".
 */
function checkAddressParameter(name: string, value: ModuleParameter | undefined, file: string | undefined): void {
  if (value === undefined || isAddress(value)) return;
  const where = file === undefined ? "" : ` in ${file}`;
  const reason = /^0x[0-9a-fA-F]{40}$/.test(String(value))
    ? "its mixed case is not its checksum, so a digit or a letter's case is mistyped; check the address, or " +
      "write it in lower case to skip the checksum"
    : "an address is 0x and 40 hex digits";
  throw new Error(`parameter ${name}${where} is not an address: ${value} (${reason})`);
}

/**
 * Ignition refuses to continue a recorded deployment with other parameters ("Argument at index 0 has been changed");
 * say which deployment and what to do instead, keeping Ignition's first line of detail.
 */
function changedParameters(error: Error, deploymentId: string): Error {
  if (!/reconciliation failed|has been changed/i.test(error.message)) return error;
  const detail =
    error.message
      .split("\n")
      .find((line) => /has been changed/.test(line))
      ?.trim() ?? error.message;
  return new Error(
    `deployment "${deploymentId}" was made with other parameters (${detail}): deploy under a new --deployment-id, ` +
      `or delete ignition/deployments/${deploymentId} to start over on this chain`,
  );
}

/** The address of each contract in `suite`. */
export async function suiteAddresses(suite: Suite): Promise<SuiteAddresses> {
  const entries = await Promise.all(
    Object.entries(suite).map(async ([name, contract]) => [name, await contract.getAddress()] as const),
  );
  return Object.fromEntries(entries) as SuiteAddresses;
}

/** A value in an Ignition parameter file. */
type ModuleParameter = string | number | bigint | boolean;

async function readParameters(file: string): Promise<Record<string, Record<string, ModuleParameter>>> {
  const { readFile } = await import("node:fs/promises");
  try {
    // As Ignition's own CLI reads them: "123n" is a bigint (an amount in wei does not fit a JSON number).
    return JSON.parse(await readFile(file, "utf8"), (_key, value: unknown) =>
      typeof value === "string" && /^\d+n$/.test(value) ? BigInt(value.slice(0, -1)) : value,
    );
  } catch (error) {
    throw new Error(`cannot read Ignition parameters from ${file}: ${(error as Error).message}`);
  }
}
